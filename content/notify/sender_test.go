package notify_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/notify"
	"hubdir/content/notify/smtptest"
)

func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

// newMailer returns a go-mail mailer for the test server.
func newMailer(t *testing.T, srv *smtptest.Server) *notify.SMTP {
	t.Helper()
	cfg, err := notify.ParseSMTPURL(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Timeout = 5 * time.Second
	m, err := notify.NewSMTP(cfg, "Hubdir <hub@hubdir.example>")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func newSender(st notify.Outbox, m notify.Mailer, owner string) *notify.Sender {
	return &notify.Sender{Outbox: st, Mailer: m, Owner: owner, Poll: 50 * time.Millisecond,
		Backoff: 100 * time.Millisecond, MaxBackoff: time.Second, Lease: 20 * time.Second}
}

// testMessage returns a pending message to addr, due now.
func testMessage(i int, addr string) *notify.Message {
	now := time.Now()
	return &notify.Message{
		ID: notify.MessageID(fmt.Sprintf("ev-%d", i), notify.KindReceipt, addr), Kind: notify.KindReceipt,
		Event: fmt.Sprintf("ev-%d", i), To: addr, ToName: "شرکت نمونه", Lang: "fa",
		Subject: fmt.Sprintf("دریافت شد: EOI-26-%05d", i), Text: "متن ساده\nسطر دوم",
		HTML: `<html lang="fa" dir="rtl"><body><p>سلام</p></body></html>`,
		Ref:  fmt.Sprintf("EOI-26-%05d", i), Hub: "TR", CreatedAt: now, NextAt: now, GiveUpAt: now.Add(time.Hour),
	}
}

func TestDeliverOverSMTP(t *testing.T) {
	st := mongotest.Open(t)
	srv := smtptest.StartAuth(t, "hub", "s3cret")
	ctx := context.Background()
	m := testMessage(1, "firm@example.org")
	m.Unsubscribe = "https://hubdir.example/fa/alerts/unsubscribe?t=abc"
	created, err := st.Enqueue(ctx, m)
	if err != nil || !created {
		t.Fatalf("enqueue: %v %v", created, err)
	}
	again := testMessage(1, "firm@example.org")
	if created, err := st.Enqueue(ctx, again); err != nil || created {
		t.Fatalf("second enqueue of the same id: created=%v err=%v", created, err)
	}
	s := newSender(st, newMailer(t, srv), "a")
	if n, err := s.Pass(ctx); err != nil || n != 1 {
		t.Fatalf("pass: %d %v", n, err)
	}
	mails := srv.Mails()
	if len(mails) != 1 {
		t.Fatalf("got %d mails", len(mails))
	}
	got := mails[0]
	if got.Subject != m.Subject {
		t.Errorf("subject %q", got.Subject)
	}
	if !strings.Contains(got.Parts["text/plain"], "سطر دوم") || !strings.Contains(got.Parts["text/html"], `dir="rtl"`) {
		t.Errorf("parts %q", got.Parts)
	}
	if got.Header.Get("Message-Id") != "<"+m.ID+"@hubdir.example>" {
		t.Errorf("Message-ID %q", got.Header.Get("Message-Id"))
	}
	if got.Header.Get("Content-Language") != "fa" {
		t.Errorf("Content-Language %q", got.Header.Get("Content-Language"))
	}
	if got.Header.Get("List-Unsubscribe") != "<"+m.Unsubscribe+">" || got.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe %q / %q", got.Header.Get("List-Unsubscribe"), got.Header.Get("List-Unsubscribe-Post"))
	}
	if len(got.To) != 1 || got.To[0] != "firm@example.org" {
		t.Errorf("envelope to %v", got.To)
	}
	stored, err := st.Message(ctx, m.ID)
	if err != nil || stored.State != notify.StateSent || stored.Attempts != 1 || stored.SentAt.IsZero() {
		t.Fatalf("stored %+v %v", stored, err)
	}
	if n, _ := s.Pass(ctx); n != 0 {
		t.Fatalf("a sent message was attempted again")
	}
}

func TestHeaderInjection(t *testing.T) {
	st := mongotest.Open(t)
	srv := smtptest.Start(t)
	ctx := context.Background()
	ok := testMessage(1, "firm@example.org")
	ok.ToName = "Evil\r\nBcc: victim@example.org"
	ok.Subject = "Hi\r\nBcc: victim@example.org\nX-Injected: 1 =?utf-8?q?=0D=0ABcc:_v@example.org?="
	bad := testMessage(2, "firm@example.org\r\nBcc: victim@example.org")
	bad2 := testMessage(3, "a@example.org, victim@example.org")
	for _, m := range []*notify.Message{ok, bad, bad2} {
		if _, err := st.Enqueue(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	s := newSender(st, newMailer(t, srv), "a")
	if _, err := s.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	mails := srv.Mails()
	if len(mails) != 1 {
		t.Fatalf("got %d mails, want only the one with a valid address", len(mails))
	}
	got := mails[0]
	for _, h := range []string{"Bcc", "X-Injected"} {
		if v := got.Header.Get(h); v != "" {
			t.Errorf("injected header %s: %q", h, v)
		}
	}
	if len(got.To) != 1 || got.To[0] != "firm@example.org" {
		t.Errorf("envelope recipients %v", got.To)
	}
	if strings.Contains(got.Subject, "\n") || strings.Contains(got.Subject, "\r") {
		t.Errorf("subject kept a line break: %q", got.Subject)
	}
	for _, m := range []*notify.Message{bad, bad2} {
		stored, _ := st.Message(ctx, m.ID)
		if stored.State != notify.StateFailed || stored.LastError == "" {
			t.Errorf("%q: state %s error %q, want failed at once", m.To, stored.State, stored.LastError)
		}
	}
}

func TestRetryThenGiveUp(t *testing.T) {
	st := mongotest.Open(t)
	srv := smtptest.Start(t)
	srv.RejectRecipient("gone@example.org")
	ctx := context.Background()
	m := testMessage(1, "gone@example.org")
	m.GiveUpAt = time.Now().Add(500 * time.Millisecond)
	st.Enqueue(ctx, m)
	s := newSender(st, newMailer(t, srv), "a")
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.Pass(ctx)
		got, _ := st.Message(ctx, m.ID)
		if got.State == notify.StateFailed {
			if got.Attempts < 2 || !strings.Contains(got.LastError, "550") {
				t.Fatalf("failed after %d attempts with %q", got.Attempts, got.LastError)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never gave up: %+v", got)
		}
		time.Sleep(50 * time.Millisecond)
	}
	failed, err := st.Messages(ctx, notify.StateFailed, nil, 10)
	if err != nil || len(failed) != 1 {
		t.Fatalf("failed messages: %d %v", len(failed), err)
	}
}

// TestOutage: the SMTP server is down for 30 s while messages arrive;
// once it is back every message is delivered, none twice.
func TestOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("30 s outage")
	}
	st := mongotest.Open(t)
	srv := smtptest.Start(t)
	srv.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newSender(st, newMailer(t, srv), "a")
	s.MaxBackoff = 2 * time.Second
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	const n = 20
	for i := range n {
		if _, err := st.Enqueue(ctx, testMessage(i, fmt.Sprintf("firm%d@example.org", i))); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second)
	}
	time.Sleep(10 * time.Second) // 30 s down in all
	if len(srv.Mails()) != 0 {
		t.Fatal("mail delivered while the server was down")
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	srv.WaitFor(n, 30*time.Second)
	time.Sleep(time.Second) // would a duplicate follow?
	cancel()
	<-done
	assertOnce(t, srv.Mails(), n)
	msgs, _ := st.Messages(context.Background(), notify.StateSent, nil, 100)
	if len(msgs) != n {
		t.Fatalf("%d messages marked sent, want %d", len(msgs), n)
	}
}

// assertOnce checks that mails holds n distinct messages, each once.
func assertOnce(t *testing.T, mails []*smtptest.Mail, n int) {
	t.Helper()
	seen := map[string]int{}
	for _, m := range mails {
		seen[m.Header.Get("Message-Id")]++
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("message %s delivered %d times", id, c)
		}
	}
	if len(seen) != n {
		t.Errorf("%d distinct messages delivered, want %d", len(seen), n)
	}
}

// TestTwoSenders: two instances on one store, 200 messages enqueued by
// both at once: each is delivered exactly once.
func TestTwoSenders(t *testing.T) {
	a := mongotest.Open(t)
	b := mongotest.OpenSame(t, a)
	srv := smtptest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for i, st := range []*mongo.Store{a, b} {
		s := newSender(st, newMailer(t, srv), fmt.Sprintf("instance-%d", i))
		wg.Add(1)
		go func() { defer wg.Done(); s.Run(ctx) }()
	}
	const n = 200
	var enq sync.WaitGroup
	for _, st := range []*mongo.Store{a, b} { // both instances see every event
		enq.Add(1)
		go func() {
			defer enq.Done()
			for i := range n {
				if _, err := st.Enqueue(ctx, testMessage(i, fmt.Sprintf("firm%d@example.org", i))); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	enq.Wait()
	srv.WaitFor(n, 240*time.Second)
	time.Sleep(500 * time.Millisecond)
	cancel()
	wg.Wait()
	assertOnce(t, srv.Mails(), n)
}
