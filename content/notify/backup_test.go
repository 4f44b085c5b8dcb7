package notify_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/notify"
	"hubdir/content/notify/smtptest"
	"hubdir/content/sample"
	"hubdir/i18n"
)

// TestBackupRestoreMail: a backup taken while one receipt was sent, one
// was made but not sent, and one interest's event was not yet turned into
// a message, restored into an empty store: the restored service sends the
// second and makes and sends the third, and never the first again — each
// firm gets its receipt exactly once.
func TestBackupRestoreMail(t *testing.T) {
	ctx := context.Background()
	zone := time.FixedZone("IRST", 3*3600+1800)
	src := mongotest.Open(t, mongo.Config{Zone: zone})
	if err := sample.Load(ctx, src, time.Now(), zone); err != nil {
		t.Fatal(err)
	}
	if _, err := src.RecoverEvents(ctx); err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	srv := smtptest.Start(t)
	notifier := func(st *mongo.Store) *notify.Notifier {
		return &notify.Notifier{
			Events: st, Source: st, Outbox: st, State: st, Subs: st, Tokens: st,
			Compose: &notify.Composer{Bundle: bundle, PublicURL: "https://hub.example", Zone: zone},
			Settle:  time.Millisecond, DefaultLang: "en",
		}
	}
	sender := func(st *mongo.Store) *notify.Sender {
		s := newSender(st, newMailer(t, srv), "s")
		s.Links = &notify.Links{Store: st}
		return s
	}
	snap, err := src.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var need string
	for _, n := range snap.Needs {
		if n.OpenOn(content.Today(time.Now(), zone)) {
			need = n.Ref
			break
		}
	}
	register := func(k int) {
		t.Helper()
		in := &content.InterestInput{
			Company: content.InterestCompany{Name: fmt.Sprintf("Firm %d", k), Country: "IR"}, ContactName: "Contact",
			Email: fmt.Sprintf("firm%d@example.org", k), Consent: true, Lang: "fa",
			Answers: content.Answers{Offer: "we build industrial sensors", Fit: "ten years of similar work", Proposal: "a pilot, then a licence"},
		}
		i, _, err := src.CreateInterest(ctx, need, in)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.RelayEvents(ctx, content.KindInterest, i.Ref); err != nil {
			t.Fatal(err)
		}
	}
	poll := func(n *notify.Notifier) {
		t.Helper()
		for range 2 { // the second pass moves the cursor past the first's events
			if _, err := n.Poll(ctx); err != nil {
				t.Fatal(err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	n := notifier(src)
	register(1)
	poll(n)
	if _, err := sender(src).Pass(ctx); err != nil {
		t.Fatal(err)
	}
	register(2)
	poll(n)     // the receipt of firm 2 is made, not sent
	register(3) // the event of firm 3 is not read yet
	if len(srv.Mails()) != 1 {
		t.Fatalf("before the backup: %d mails, want 1", len(srv.Mails()))
	}
	if cursor, _, _ := src.Mark(ctx, "events"); cursor == 0 {
		t.Fatal("the notifier's cursor did not move")
	}
	var backup bytes.Buffer
	if err := src.Export(ctx, &backup); err != nil {
		t.Fatal(err)
	}

	dst := mongotest.Open(t, mongo.Config{Zone: zone})
	if _, err := dst.Import(ctx, &backup); err != nil {
		t.Fatal(err)
	}
	poll(notifier(dst))
	if _, err := sender(dst).Pass(ctx); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range srv.Mails() {
		got[m.To[0]]++
	}
	for k := 1; k <= 3; k++ {
		if c := got[fmt.Sprintf("firm%d@example.org", k)]; c != 1 {
			t.Errorf("firm %d got %d receipts, want 1 (all: %v)", k, c, got)
		}
	}
	if len(srv.Mails()) != 3 {
		t.Errorf("%d mails in all, want 3", len(srv.Mails()))
	}
	// Nothing more is due, and a second restored notifier pass makes
	// nothing new.
	poll(notifier(dst))
	if due, _ := dst.Due(ctx, time.Now().Add(time.Hour), 10); len(due) != 0 {
		t.Errorf("still due after the restore: %v", due)
	}
}
