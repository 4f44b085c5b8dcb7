package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/notify"
	"hubdir/content/notify/smtptest"
	"hubdir/handlers"
	"hubdir/handlers/servicetest"
)

// apiPost posts a JSON body to the service at base.
func apiPost(t *testing.T, base, path, token string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func interestBody(i int, lang string) map[string]any {
	return map[string]any{
		"company": map[string]any{"name": fmt.Sprintf("Firm %d", i), "country": "TR"}, "contact_name": "Contact",
		"email": fmt.Sprintf("firm%d@example.org", i), "consent": true, "lang": lang,
		"answers": map[string]any{"offer": strings.Repeat("offer ", 5), "fit": strings.Repeat("fit ", 6), "proposal": strings.Repeat("plan ", 5)},
	}
}

// openNeedOf returns an open sample need of hub.
func openNeedOf(t *testing.T, e *servicetest.Env, hub string) *content.Need {
	t.Helper()
	for _, n := range e.Catalog.Needs(catalogOpen()).Items {
		if n.Hub == hub {
			return n
		}
	}
	t.Fatalf("no open need of %s", hub)
	return nil
}

// startSender runs a sender of the service's outbox to srv until the test
// ends.
func startSender(t *testing.T, mail *notify.Service, srv *smtptest.Server, owner string) {
	t.Helper()
	cfg, _ := notify.ParseSMTPURL(srv.URL())
	m, err := notify.NewSMTP(cfg, "Hub <hub@park.example>")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &notify.Sender{Outbox: mail.Outbox, Mailer: m, Owner: owner, Links: mail.Links, Poll: 50 * time.Millisecond, Backoff: 100 * time.Millisecond}
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// TestMailFlow: an interest registered through the API makes a receipt in
// the firm's language and a message to the hub's editor; a status change
// tells the firm; erasure erases the messages.
func TestMailFlow(t *testing.T) {
	e := newMailEnv(t, servicetest.Options{})
	tok := servicetest.Token(t, e.Store, "tr@park.example", content.RoleEditor, "TR")
	n := openNeedOf(t, e.Env, "TR")
	st, out := apiPost(t, e.URL, "/api/v1/needs/"+n.Ref+"/interests", "", interestBody(1, "tr"))
	if st != http.StatusCreated {
		t.Fatalf("register: %d %v", st, out)
	}
	ref := out["ref"].(string)
	mails := waitMails(t, e, 2)
	byTo := map[string]*smtptest.Mail{}
	for _, m := range mails {
		byTo[m.To[0]] = m
	}
	receipt, staff := byTo["firm1@example.org"], byTo["tr@park.example"]
	if receipt == nil || staff == nil {
		t.Fatalf("mails to %v", mails)
	}
	if receipt.Header.Get("Content-Language") != "tr" || !strings.Contains(receipt.Subject, ref) || !strings.Contains(receipt.Parts["text/plain"], "/tr/my/open?t=") {
		t.Errorf("receipt: %s %q", receipt.Header.Get("Content-Language"), receipt.Subject)
	}
	if !strings.Contains(staff.Parts["text/plain"], "/staff/inbox/"+ref) {
		t.Errorf("staff message:\n%s", staff.Parts["text/plain"])
	}
	st, out = apiPost(t, e.URL, "/api/v1/interests/"+ref+"/status", tok, map[string]any{"version": 1, "status": "declined", "decline_reason": "not-a-fit"})
	if st != http.StatusOK {
		t.Fatalf("status: %d %v", st, out)
	}
	mails = waitMails(t, e, 3)
	status := mails[2]
	if status.To[0] != "firm1@example.org" || !strings.Contains(status.Parts["text/plain"], servicetest.T(t, "tr", "decline.not-a-fit")) {
		t.Fatalf("status mail to %v:\n%s", status.To, status.Parts["text/plain"])
	}
	// Erasure through the workspace (the staff inbox's erase form calls it).
	i, _ := e.Store.Interest(context.Background(), ref)
	eraser, err := e.Store.Staff(context.Background(), "tr@park.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.Workspace().EraseInterest(context.Background(), eraser, content.ChannelWeb, ref, i.Version); err != nil {
		t.Fatal(err)
	}
	// The notifier blanks the messages when it reads the erasure's event
	// from the event log.
	deadline := time.Now().Add(20 * time.Second)
	for {
		var kept []string
		msgs, _ := e.mail.Outbox.Messages(context.Background(), "", nil, 0)
		for _, m := range msgs {
			if m.Ref == ref && (m.Text != "" || m.To != content.ErasedMarker) {
				kept = append(kept, m.Kind)
			}
		}
		if len(kept) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("messages %v kept their content after erasure", kept)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitMails waits for n mails, sending with the env's sender.
func waitMails(t *testing.T, e *mailEnv, n int) []*smtptest.Mail {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		e.send(t)
		if m := e.smtp.Mails(); len(m) >= n || time.Now().After(deadline) {
			if len(m) < n {
				t.Fatalf("%d mails, want %d", len(m), n)
			}
			return m
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestTwoInstancesBurst: two instances on one store, 200 interests sent to
// both at once, each instance with its own sender (and, once the store
// keeps an event log, its own notifier): every message is delivered
// exactly once.
func TestTwoInstancesBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("two instances, 200 interests, 400 messages")
	}
	// As `hubdir serve`: each instance also runs the workspace's relay
	// retries (Sync), which relay an event whose relay after the write
	// timed out on the loaded machine; and the notifier's look-back
	// (Settle) is long enough for a write committed late.
	a := servicetest.Start(t, servicetest.Options{Sync: 500 * time.Millisecond})
	a.Listen(t)
	b := servicetest.Start(t, servicetest.Options{Store: mongotestSame(t, a), NoSample: true, Sync: 500 * time.Millisecond})
	b.Listen(t)
	srv := smtptest.Start(t)
	for i, e := range []*servicetest.Env{a, b} {
		startSender(t, e.Server.Mail(), srv, fmt.Sprintf("instance-%d", i))
		stop, err := e.Service.StartMail(handlers.MailOptions{Poll: 100 * time.Millisecond, Settle: 30 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(stop)
	}
	n := openNeedOf(t, a, "TR")
	const total = 200
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < total; i += 8 {
				base := []string{a.URL, b.URL}[i%2]
				if st, out := apiPost(t, base, "/api/v1/needs/"+n.Ref+"/interests", "", interestBody(i, "en")); st != http.StatusCreated {
					t.Errorf("register %d: %d %v", i, st, out)
				}
			}
		}()
	}
	wg.Wait()
	want := total // a receipt per interest (no staff member: the machine is shared and slow)
	srv.WaitFor(want, 300*time.Second)
	time.Sleep(time.Second)
	assertOnceMails(t, srv.Mails(), want)
	if t.Failed() {
		msgs, _ := a.Server.Mail().Outbox.Messages(context.Background(), "", nil, 1000)
		states := map[string]int{}
		for _, m := range msgs {
			states[m.State]++
		}
		pending, _ := a.Store.PendingEvents(context.Background())
		t.Logf("outbox: %d messages, by state %v; %d documents with events not relayed", len(msgs), states, pending)
	}
}

// assertOnceMails checks that mails are want distinct messages, each once.
func assertOnceMails(t *testing.T, mails []*smtptest.Mail, want int) {
	t.Helper()
	seen := map[string]int{}
	for _, m := range mails {
		seen[m.Header.Get("Message-Id")]++
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("%s delivered %d times", id, c)
		}
	}
	if len(seen) != want {
		t.Errorf("%d distinct messages, want %d", len(seen), want)
	}
}

// mongotestSame opens a second store on the database of e's, as a second
// instance would.
func mongotestSame(t *testing.T, e *servicetest.Env) *mongo.Store {
	return mongotest.OpenSame(t, e.Store, mongo.Config{Zone: e.Zone})
}
