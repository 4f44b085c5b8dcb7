package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/handlers/servicetest"
)

// openMyPage asks for a link to the page of email's interests, follows it
// from the mail received and returns the browser, signed in to the page.
func openMyPage(t *testing.T, e *mailEnv, email, lang string) *browserish {
	t.Helper()
	b := newBrowserish(t, e.URL)
	b.do("GET", "/"+lang+"/my", nil)
	if st, _, _ := b.post("/"+lang+"/my/link", url.Values{"email": {email}}); st != http.StatusSeeOther {
		t.Fatalf("link request: %d", st)
	}
	var tok string
	for _, m := range e.send(t) {
		if m.To[0] == email {
			tok = strings.TrimPrefix(linkIn(t, m.Parts["text/plain"]), "/"+lang+"/my/open?t=")
		}
	}
	if tok == "" {
		t.Fatal("no link mail")
	}
	if st, _, _ := b.post("/"+lang+"/my/open", url.Values{"t": {tok}}); st != http.StatusSeeOther {
		t.Fatalf("open: %d", st)
	}
	return b
}

// TestMyChangesThroughWorkspace: a firm's withdrawal and contact
// correction on its own page are workspace writes: one audit entry each,
// by the firm (its interest's reference, not its address), one event
// each in the event log, and staff see the change in the interest's
// detail. A page session whose token was altered by one character
// changes nothing.
func TestMyChangesThroughWorkspace(t *testing.T) {
	e := newMailEnv(t, servicetest.Options{})
	ctx := context.Background()
	mine := register(t, e.Env, "firm2@example.org", "tr")
	b := openMyPage(t, e, "firm2@example.org", "tr")
	u, _ := url.Parse(e.URL)

	// An altered session token: the post goes back to the page, nothing
	// is written.
	var session *http.Cookie
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "hubdir_my" {
			session = c
		}
	}
	if session == nil {
		t.Fatal("no page session")
	}
	forged := newBrowserish(t, e.URL)
	forged.do("GET", "/tr/my", nil)
	alt := []byte(session.Value)
	alt[5] ^= 1
	if alt[5] < '0' || alt[5] > 'z' {
		alt[5] = 'A'
	}
	forged.c.Jar.SetCookies(u, []*http.Cookie{{Name: "hubdir_my", Value: string(alt), Path: "/"}})
	if st, h, _ := forged.post("/tr/my/withdraw", url.Values{"ref": {mine.Ref}, "version": {"1"}, "confirm": {"yes"}}); st != http.StatusSeeOther || h.Get("Location") != "/tr/my" {
		t.Fatalf("withdraw with an altered session: %d %s", st, h.Get("Location"))
	}
	if got, _ := e.Store.Interest(ctx, mine.Ref); got.Status != content.InterestNew || got.Version != 1 {
		t.Fatalf("an altered session changed the interest: %s v%d", got.Status, got.Version)
	}
	if n, _ := e.Store.Audit(ctx, content.AuditFilter{ID: mine.Ref}); len(n) != 0 {
		t.Fatalf("an altered session left %d audit entries", len(n))
	}

	if st, h, _ := b.post("/tr/my/contact", url.Values{"ref": {mine.Ref}, "version": {"1"}, "contact_name": {"Ayşe Yılmaz"}, "phone": {"+90 212 555 0101"}}); st != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "done=contact") {
		t.Fatalf("contact: %d %s", st, h.Get("Location"))
	}
	if st, h, _ := b.post("/tr/my/withdraw", url.Values{"ref": {mine.Ref}, "version": {"2"}, "confirm": {"yes"}}); st != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "done=withdraw") {
		t.Fatalf("withdraw: %d %s", st, h.Get("Location"))
	}

	entries, err := e.Store.Audit(ctx, content.AuditFilter{ID: mine.Ref})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("audit entries of %s: %d, want 2: %+v", mine.Ref, len(entries), entries)
	}
	withdraw, contact := entries[0], entries[1]
	if withdraw.Action != content.AuditStatus || contact.Action != content.AuditUpdate {
		t.Errorf("actions %s, %s", withdraw.Action, contact.Action)
	}
	for _, x := range entries {
		if x.By != "firm:"+mine.Ref || x.Kind != content.KindInterest || x.Hub != mine.Hub || x.Via != content.ChannelPublic || strings.Contains(x.By, "@") {
			t.Errorf("entry %+v", x)
		}
	}
	if !containsAll(contact.Fields, "contact_name", "phone") {
		t.Errorf("contact fields %v", contact.Fields)
	}

	// One event each, in the log the notifier reads.
	evs, err := e.Store.EventsAfter(ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var changed []*content.Event
	for _, ev := range evs {
		if ev.Ref == mine.Ref && ev.Kind == content.EventInterestChanged {
			changed = append(changed, ev)
		}
	}
	if len(changed) != 2 || changed[1].Status != content.InterestWithdrawn || changed[0].Channel != content.ChannelPublic {
		t.Fatalf("events %+v", changed)
	}

	// The admins' audit page lists both, by the firm.
	servicetest.AddStaff(t, e.Store, "admin@park.example", "Admin", content.RoleAdmin)
	ab := newBrowserish(t, e.URL)
	ab.do("GET", "/en/staff/login", nil)
	if st, _, _ := ab.post("/en/staff/login", url.Values{"email": {"admin@park.example"}, "password": {servicetest.TestPassword}}); st != http.StatusSeeOther {
		t.Fatalf("admin sign in: %d", st)
	}
	if st, _, body := ab.do("GET", "/en/staff/admin/audit?id="+mine.Ref, nil); st != http.StatusOK || strings.Count(body, ">firm:"+mine.Ref+"<") != 2 {
		t.Errorf("audit page: %d, %d entries by the firm", st, strings.Count(body, ">firm:"+mine.Ref+"<"))
	}
	if st, _, body := ab.do("GET", "/en/staff/admin/audit?by=firm:"+mine.Ref, nil); st != http.StatusOK || strings.Count(body, ">firm:"+mine.Ref+"<") != 2 {
		t.Errorf("audit page by the firm: %d, %d entries", st, strings.Count(body, ">firm:"+mine.Ref+"<"))
	}

	// Staff see it: the API's interest detail.
	tok := servicetest.Token(t, e.Store, "tr-desk@park.example", content.RoleEditor, mine.Hub)
	req, _ := http.NewRequest("GET", "/api/v1/interests/"+mine.Ref, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, body := e.Test(t, req)
	var got struct {
		Status      string `json:"status"`
		ContactName string `json:"contact_name"`
		History     []struct {
			By, To string
		} `json:"history"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &got) != nil {
		t.Fatalf("interest detail: %d %s", res.StatusCode, body)
	}
	if got.Status != content.InterestWithdrawn || got.ContactName != "Ayşe Yılmaz" || len(got.History) == 0 || got.History[len(got.History)-1].To != content.InterestWithdrawn {
		t.Errorf("staff detail %+v", got)
	}
}

// containsAll reports whether list holds every one of want.
func containsAll(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, x := range list {
			found = found || x == w
		}
		if !found {
			return false
		}
	}
	return true
}
