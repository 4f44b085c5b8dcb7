package mongo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/notify"
)

// mailStore returns sampleStore with a mail side: the interests' events
// relayed, messages in every state (one claimed, one retried, one sent,
// one failed, one erased), a confirmed and an unconfirmed subscription,
// link tokens (one used), a staff member's choice and the notifier's
// marks. It returns the store and its messages.
func mailStore(t *testing.T) (*mongo.Store, []*notify.Message) {
	t.Helper()
	ctx := context.Background()
	s, _ := sampleStore(t)
	if _, err := s.RecoverEvents(ctx); err != nil {
		t.Fatal(err)
	}
	ins, err := s.Interests(ctx, content.InterestFilter{Limit: 10})
	if err != nil || len(ins) < 2 {
		t.Fatalf("interests: %d %v", len(ins), err)
	}
	now := clock
	msg := func(k int, kind, to, ref string) *notify.Message {
		return &notify.Message{
			ID: notify.MessageID("cause-"+string(rune('a'+k)), kind, to), Kind: kind, Event: "cause-" + string(rune('a'+k)),
			To: to, ToName: "شرکت نمونه", Lang: "fa", Subject: "موضوع " + ref, Text: "متن\nسطر دوم", HTML: `<html lang="fa" dir="rtl"></html>`,
			Ref: ref, Hub: "TR", CreatedAt: now, NextAt: now, GiveUpAt: now.Add(48 * time.Hour),
			Link: &notify.LinkSpec{Purpose: notify.PurposeMy, Email: to, TTL: notify.MyLinkTTL},
		}
	}
	msgs := []*notify.Message{
		msg(0, notify.KindReceipt, "firm@example.ir", ins[0].Ref),   // stays pending
		msg(1, notify.KindStatus, "firm@example.ir", ins[0].Ref),    // sent
		msg(2, notify.KindReceipt, "other@example.com", ins[1].Ref), // failed
		msg(3, notify.KindStaffNew, "editor@park.ir", ins[1].Ref),   // retried: pending, later
		msg(4, notify.KindMyLink, "gone@example.org", ""),           // erased
	}
	for _, m := range msgs {
		if _, err := s.Enqueue(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	claim := func(m *notify.Message) notify.Claim {
		if _, err := s.Claim(ctx, m.ID, "test", now, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		return notify.Claim{ID: m.ID, Owner: "test", Until: now.Add(time.Minute)}
	}
	if err := s.Sent(ctx, claim(msgs[1]), now); err != nil {
		t.Fatal(err)
	}
	if err := s.Fail(ctx, claim(msgs[2]), "smtp send: 550 5.1.1 mailbox unavailable"); err != nil {
		t.Fatal(err)
	}
	if err := s.Retry(ctx, claim(msgs[3]), "smtp connect: connection refused", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseMessages(ctx, "", "gone@example.org"); err != nil {
		t.Fatal(err)
	}
	claim(msgs[0]) // a live claim: not in the backup; the message is pending there
	subs := []*notify.Subscription{
		{ID: "0123456789abcdef01234567", Email: "alerts@example.org", Lang: "zh", Frequency: notify.Daily,
			Filter: notify.AlertFilter{Hubs: []string{"CN"}, Sectors: []string{"agri-food"}}, CreatedAt: now},
		{ID: "89abcdef0123456789abcdef", Email: "later@example.org", Lang: "tr", Frequency: notify.Weekly, CreatedAt: now},
	}
	for _, sub := range subs {
		if err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ConfirmSubscription(ctx, subs[0].ID, now); err != nil {
		t.Fatal(err)
	}
	links := &notify.Links{Store: s, Now: func() time.Time { return now }}
	if _, err := links.Mint(ctx, notify.PurposeUnsub, "alerts@example.org", subs[0].ID, "zh", notify.UnsubscribeTTL); err != nil {
		t.Fatal(err)
	}
	used, err := links.Mint(ctx, notify.PurposeMy, "firm@example.ir", "", "fa", notify.MyLinkTTL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := links.Open(ctx, used, notify.PurposeMy); err != nil {
		t.Fatal(err)
	}
	if err := s.PutStaffPref(ctx, &notify.StaffPref{Email: "editor@park.ir", Mode: notify.ModeDaily, Lang: "tr"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMark(ctx, "events", 2, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMark(ctx, "digest.staff", 0, "2026-03-09"); err != nil {
		t.Fatal(err)
	}
	return s, msgs
}

// mailDocs returns the documents of a mail collection, by _id.
func mailDocs(t *testing.T, s *mongo.Store, coll string) []bson.Raw {
	t.Helper()
	var buf strings.Builder
	if err := s.Export(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	var out []bson.Raw
	for _, l := range strings.Split(buf.String(), "\n") {
		if !strings.HasPrefix(l, `{"collection":"`+coll+`"`) {
			continue
		}
		doc := l[strings.Index(l, `"doc":`)+6 : len(l)-1]
		var raw bson.Raw
		if err := bson.UnmarshalExtJSON([]byte(doc), true, &raw); err != nil {
			t.Fatal(err)
		}
		out = append(out, raw)
	}
	return out
}

// TestExportImportMail: a backup holds the mail side (events, outbox,
// subscriptions with their consent, link token hashes, staff choices,
// marks), and Import restores it exactly, rebuilds the senders' entries of
// the pending messages only, and raises the event counter past the log.
func TestExportImportMail(t *testing.T) {
	ctx := context.Background()
	src, msgs := mailStore(t)
	lines := export(t, src)
	dst := mongotest.Open(t, mongo.Config{Now: fixedNow})
	stats, err := dst.Import(ctx, join(lines))
	if err != nil {
		t.Fatal(err)
	}
	if stats.Messages != 5 || stats.Pending != 2 || stats.Subscriptions != 2 || stats.LinkTokens != 2 || stats.MailState != 3 || stats.Events < 2 {
		t.Errorf("stats %+v", stats)
	}
	if !strings.Contains(stats.String(), "5 messages (2 to send)") {
		t.Errorf("stats say %q", stats)
	}
	for _, coll := range []string{"outbox", "events", "subscriptions", "link_tokens", "notify_prefs", "notify_marks"} {
		a, b := mailDocs(t, src, coll), mailDocs(t, dst, coll)
		if len(a) == 0 || len(a) != len(b) {
			t.Errorf("%s: %d documents exported, %d restored", coll, len(a), len(b))
			continue
		}
		for i := range a {
			if string(a[i]) != string(b[i]) {
				t.Errorf("%s: %s restored as %s", coll, a[i], b[i])
			}
		}
	}
	// Due: the pending messages only (the claimed one too: its claim is
	// not in the backup), each at its next attempt.
	due, err := dst.Due(ctx, clock.Add(2*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(due)
	want := []string{msgs[0].ID, msgs[3].ID}
	slices.Sort(want)
	if !slices.Equal(due, want) {
		t.Errorf("due after import %v, want %v", due, want)
	}
	if now, _ := dst.Due(ctx, clock, 10); len(now) != 1 || now[0] != msgs[0].ID {
		t.Errorf("due now %v, want only %s (the other is retried in an hour)", now, msgs[0].ID)
	}
	if m, err := dst.Claim(ctx, msgs[0].ID, "restored", clock, clock.Add(time.Minute)); err != nil || m.State != notify.StatePending {
		t.Errorf("the message claimed when the backup was made cannot be claimed after the restore: %v", err)
	}
	// Consent and links survive: the confirmed subscription, the used link.
	sub, err := dst.Subscription(ctx, "0123456789abcdef01234567")
	if err != nil || !sub.Confirmed || sub.Since.IsZero() {
		t.Errorf("confirmed subscription restored as %+v, %v", sub, err)
	}
	// New events take Seqs after the restored log's.
	evs, _ := dst.EventsAfter(ctx, 0, 1000)
	last := evs[len(evs)-1].Seq
	need := ""
	for _, l := range lines {
		if strings.HasPrefix(l, `{"collection":"events"`) && strings.Contains(l, `"doc_kind":"interest"`) {
			need = l[strings.Index(l, `"need":"`)+8:]
			need = need[:strings.IndexByte(need, '"')]
		}
	}
	i, _, err := dst.CreateInterest(ctx, need, interestInput("after-restore@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	if err := dst.RelayEvents(ctx, content.KindInterest, i.Ref); err != nil {
		t.Fatal(err)
	}
	after, _ := dst.EventsAfter(ctx, last, 10)
	if len(after) != 1 || after[0].Ref != i.Ref {
		t.Fatalf("events after the restored log: %+v", after)
	}
}

// TestImportRefusesMail: a corrupt document of a mail collection is
// refused with its line, and nothing is written.
func TestImportRefusesMail(t *testing.T) {
	ctx := context.Background()
	src, _ := mailStore(t)
	lines := export(t, src)
	// find returns the first line of coll; of the outbox, the first
	// receipt (about an interest, not erased).
	find := func(coll string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, `{"collection":"`+coll+`"`) && (coll != "outbox" || strings.Contains(l, `"kind":"receipt"`)) {
				return i
			}
		}
		t.Fatalf("no %s in the export", coll)
		return 0
	}
	edit := func(coll string, f func(d bson.D) bson.D) []string {
		i := find(coll)
		out := slices.Clone(lines)
		out[i] = editDoc(t, lines[i], f)
		return out
	}
	cases := map[string][]string{
		"a recipient with a header":  edit("outbox", func(d bson.D) bson.D { return set(d, "to", "a@example.org\r\nBcc: all@example.org") }),
		"a second recipient":         edit("outbox", func(d bson.D) bson.D { return set(d, "to", "a@example.org, b@example.org") }),
		"an unknown message kind":    edit("outbox", func(d bson.D) bson.D { return set(d, "kind", "spam") }),
		"an unknown message state":   edit("outbox", func(d bson.D) bson.D { return set(d, "state", "queued") }),
		"a message id not a hash":    edit("outbox", func(d bson.D) bson.D { return set(d, "_id", "../../etc") }),
		"an unknown message field":   edit("outbox", func(d bson.D) bson.D { return set(d, "bcc", "all@example.org") }),
		"a message without text":     edit("outbox", func(d bson.D) bson.D { return set(d, "text", "") }),
		"a message of no interest":   edit("outbox", func(d bson.D) bson.D { return set(d, "ref", "EOI-26-99999") }),
		"an event id not its own":    edit("events", func(d bson.D) bson.D { return set(d, "_id", "need/TR-26-0001/1/listing.created") }),
		"a subscription's frequency": edit("subscriptions", func(d bson.D) bson.D { return set(d, "frequency", "hourly") }),
		"a subscription's address":   edit("subscriptions", func(d bson.D) bson.D { return set(d, "email", "not an address") }),
		"a subscription's filter":    edit("subscriptions", func(d bson.D) bson.D { return set(d, "filter", bson.D{{Key: "sectors", Value: bson.A{"spying"}}}) }),
		"a confirmed one of no date": edit("subscriptions", func(d bson.D) bson.D { return set(set(d, "confirmed", true), "since", time.Time{}) }),
		"a token not a hash":         edit("link_tokens", func(d bson.D) bson.D { return set(d, "_id", "plain-token") }),
		"a token's purpose":          edit("link_tokens", func(d bson.D) bson.D { return set(d, "purpose", "admin") }),
		"a staff choice's mode":      edit("notify_prefs", func(d bson.D) bson.D { return set(d, "mode", "hourly") }),
		"a mark's day":               edit("notify_marks", func(d bson.D) bson.D { return set(d, "day", "yesterday") }),
		"an event's type":            edit("events", func(d bson.D) bson.D { return set(d, "seq", "7") }),
	}
	// An event naming an interest not in the file (its id made to fit),
	// and two events with one Seq.
	ev := find("events")
	field := func(d bson.D, key string) any {
		for _, e := range d {
			if e.Key == key {
				return e.Value
			}
		}
		return nil
	}
	cases["an event of no document"] = edit("events", func(d bson.D) bson.D {
		id := content.EventID(field(d, "doc_kind").(string), "EOI-26-99999", field(d, "version").(int64), field(d, "kind").(string))
		return set(set(d, "ref", "EOI-26-99999"), "_id", id)
	})
	if !strings.HasPrefix(lines[ev+1], `{"collection":"events"`) {
		t.Fatal("the export has one event")
	}
	var seq any
	editDoc(t, lines[ev], func(d bson.D) bson.D { seq = field(d, "seq"); return d })
	twice := slices.Clone(lines)
	twice[ev+1] = editDoc(t, lines[ev+1], func(d bson.D) bson.D { return set(d, "seq", seq) })
	cases["two events with one seq"] = twice
	cases["an event's seq below 1"] = edit("events", func(d bson.D) bson.D { return set(d, "seq", int64(0)) })
	for name, file := range cases {
		t.Run(name, func(t *testing.T) {
			dst := mongotest.Open(t, mongo.Config{Now: fixedNow})
			_, err := dst.Import(ctx, join(file))
			if content.ErrorCode(err) != content.CodeInvalid || !strings.Contains(err.Error(), "line ") {
				t.Fatalf("import: %v, want invalid with a line number", err)
			}
			if hubs, _ := dst.Hubs(ctx); len(hubs) != 0 {
				t.Errorf("the refused import wrote %d hubs", len(hubs))
			}
			if msgs, _ := dst.Messages(ctx, "", nil, 10); len(msgs) != 0 {
				t.Errorf("the refused import wrote %d messages", len(msgs))
			}
			if subs, _ := dst.Subscriptions(ctx, ""); len(subs) != 0 {
				t.Errorf("the refused import wrote %d subscriptions", len(subs))
			}
		})
	}
	// A store whose outbox holds a message is not empty.
	busy := mongotest.Open(t, mongo.Config{Now: fixedNow})
	m := &notify.Message{ID: notify.MessageID("x", notify.KindMyLink, "a@example.org"), Kind: notify.KindMyLink, Event: "x",
		To: "a@example.org", Lang: "en", Subject: "s", Text: "t", CreatedAt: clock, NextAt: clock}
	if _, err := busy.Enqueue(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := busy.Import(ctx, join(lines)); content.ErrorCode(err) != content.CodeConflict {
		t.Errorf("import into a store with an outbox: %v, want conflict", err)
	}
}
