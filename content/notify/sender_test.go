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

// TestPermanentRefusalFailsAtOnce: a 5xx answer to RCPT TO (550 mailbox
// unavailable, 553 bad address) fails the message at its first attempt,
// with the server's answer as its last error, while the other messages of
// the same pass are delivered.
func TestPermanentRefusalFailsAtOnce(t *testing.T) {
	st := mongotest.Open(t)
	srv := smtptest.Start(t)
	srv.RejectRecipientWith("gone@example.org", 550, "mailbox unavailable")
	srv.RejectRecipientWith("bad@example.org", 553, "mailbox name not allowed")
	ctx := context.Background()
	gone, bad, good := testMessage(1, "gone@example.org"), testMessage(2, "bad@example.org"), testMessage(3, "ok@example.org")
	for _, m := range []*notify.Message{gone, bad, good} {
		m.GiveUpAt = time.Now().Add(48 * time.Hour)
		if _, err := st.Enqueue(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	s := newSender(st, newMailer(t, srv), "a")
	if n, err := s.Pass(ctx); err != nil || n != 3 {
		t.Fatalf("pass: %d attempted, %v", n, err)
	}
	for m, want := range map[*notify.Message]string{gone: "550", bad: "553"} {
		got, _ := st.Message(ctx, m.ID)
		if got.State != notify.StateFailed || got.Attempts != 1 || !strings.Contains(got.LastError, want) {
			t.Errorf("%s: state %s after %d attempts, error %q: want failed at once with %s", m.To, got.State, got.Attempts, got.LastError, want)
		}
	}
	if got, _ := st.Message(ctx, good.ID); got.State != notify.StateSent {
		t.Errorf("the good message is %s", got.State)
	}
	if mails := srv.Mails(); len(mails) != 1 || mails[0].To[0] != "ok@example.org" {
		t.Errorf("server received %d mails", len(mails))
	}
	if due, _ := st.Due(ctx, time.Now().Add(72*time.Hour), 10); len(due) != 0 {
		t.Errorf("failed messages still due: %v", due)
	}
	failed, err := st.Messages(ctx, notify.StateFailed, nil, 10)
	if err != nil || len(failed) != 2 {
		t.Fatalf("failed messages: %d %v", len(failed), err)
	}
}

// TestTemporaryRefusalRetries: a 4xx answer (451) is retried with backoff:
// delivered once the server accepts the address again, and given up only
// at the message's give-up time.
func TestTemporaryRefusalRetries(t *testing.T) {
	st := mongotest.Open(t)
	srv := smtptest.Start(t)
	srv.RejectRecipientWith("later@example.org", 451, "try again later")
	srv.RejectRecipientWith("never@example.org", 451, "try again later")
	ctx := context.Background()
	later, never := testMessage(1, "later@example.org"), testMessage(2, "never@example.org")
	later.GiveUpAt = time.Now().Add(time.Hour)
	never.GiveUpAt = time.Now().Add(time.Second)
	st.Enqueue(ctx, later)
	st.Enqueue(ctx, never)
	s := newSender(st, newMailer(t, srv), "a")
	s.Pass(ctx)
	got, _ := st.Message(ctx, later.ID)
	if got.State != notify.StatePending || got.Attempts != 1 || !strings.Contains(got.LastError, "451") {
		t.Fatalf("after a 451: state %s, %d attempts, error %q: want pending, retried", got.State, got.Attempts, got.LastError)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.Pass(ctx)
		g, _ := st.Message(ctx, never.ID)
		if g.State == notify.StateFailed {
			if g.Attempts < 2 || !strings.Contains(g.LastError, "451") {
				t.Fatalf("gave up after %d attempts with %q", g.Attempts, g.LastError)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never gave up: %+v", g)
		}
		time.Sleep(50 * time.Millisecond)
	}
	srv.RejectRecipientWith("later@example.org", 0, "")
	deadline = time.Now().Add(10 * time.Second)
	for {
		s.Pass(ctx)
		if g, _ := st.Message(ctx, later.ID); g.State == notify.StateSent {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("never delivered once the server accepted the address")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if mails := srv.Mails(); len(mails) != 1 {
		t.Errorf("server received %d mails, want 1", len(mails))
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
