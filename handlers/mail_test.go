package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/notify"
	"hubdir/content/notify/smtptest"
	"hubdir/handlers"
	"hubdir/handlers/servicetest"
)

// browserish is an HTTP client with cookies, that does not follow
// redirects, speaking to one service.
type browserish struct {
	t    *testing.T
	c    *http.Client
	base string
}

func newBrowserish(t *testing.T, base string) *browserish {
	jar, _ := cookiejar.New(nil)
	return &browserish{t: t, base: base, c: &http.Client{
		Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (b *browserish) do(method, path string, form url.Values) (int, http.Header, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(out)
}

// csrf returns the browser's CSRF token (after a GET of a form page).
func (b *browserish) csrf() string {
	u, _ := url.Parse(b.base)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "hubdir_csrf" {
			return c.Value
		}
	}
	b.t.Fatal("no CSRF cookie")
	return ""
}

// post posts form (with the CSRF token) to path.
func (b *browserish) post(path string, form url.Values) (int, http.Header, string) {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", b.csrf())
	return b.do("POST", path, form)
}

// mailEnv is a service with an SMTP server, a sender and the mail side.
type mailEnv struct {
	*servicetest.Env
	mail   *notify.Service
	smtp   *smtptest.Server
	sender *notify.Sender
}

func newMailEnv(t *testing.T, opt servicetest.Options) *mailEnv {
	t.Helper()
	se := servicetest.Start(t, opt)
	se.Listen(t)
	mail := se.Server.Mail()
	if mail == nil {
		t.Fatal("no mail side")
	}
	mail.Compose.PublicURL = se.URL
	// The notifier (no SMTP configured: the test sends with its own sender).
	stop, err := se.Service.StartMail(handlers.MailOptions{Poll: 50 * time.Millisecond, Settle: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	srv := smtptest.Start(t)
	cfg, _ := notify.ParseSMTPURL(srv.URL())
	m, err := notify.NewSMTP(cfg, "Hub <hub@park.example>")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return &mailEnv{Env: se, mail: mail, smtp: srv, sender: &notify.Sender{
		Outbox: mail.Outbox, Mailer: m, Owner: "test", Links: mail.Links, Backoff: 50 * time.Millisecond,
	}}
}

// send delivers what is due and returns the mails received since before.
func (e *mailEnv) send(t *testing.T) []*smtptest.Mail {
	t.Helper()
	before := len(e.smtp.Mails())
	if _, err := e.sender.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e.smtp.Mails()[before:]
}

var linkRE = regexp.MustCompile(`https?://[^\s"<>]+\?t=[A-Za-z0-9_-]+`)

// linkIn returns the path and query of the first link with a token in s.
func linkIn(t *testing.T, s string) string {
	t.Helper()
	m := linkRE.FindString(s)
	if m == "" {
		t.Fatalf("no link in:\n%s", s)
	}
	u, _ := url.Parse(m)
	return u.RequestURI()
}

// register stores an interest of email in the first open sample need.
func register(t *testing.T, e *servicetest.Env, email, lang string) *content.Interest {
	t.Helper()
	res := e.Catalog.Needs(catalogOpen())
	for _, n := range res.Items {
		i, _, err := e.Store.CreateInterest(context.Background(), n.Ref, &content.InterestInput{
			Company: content.InterestCompany{Name: "Firm of " + email, Country: "IR"}, ContactName: "Contact",
			Email: email, Answers: content.Answers{Offer: strings.Repeat("offer ", 5), Fit: strings.Repeat("fit ", 6), Proposal: strings.Repeat("plan ", 5)},
			Consent: true, Lang: lang,
		})
		if err == nil {
			return i
		}
	}
	t.Fatal("no open need")
	return nil
}

func TestMyPage(t *testing.T) {
	e := newMailEnv(t, servicetest.Options{})
	ctx := context.Background()
	mine := register(t, e.Env, "firm@example.org", "fa")
	other := register(t, e.Env, "other@example.org", "en")
	b := newBrowserish(t, e.URL)

	// Ask for a link: the same answer for a known and an unknown address;
	// only the known one gets mail.
	b.do("GET", "/fa/my", nil)
	for _, addr := range []string{"Firm@example.org", "nobody@example.org"} {
		if st, h, _ := b.post("/fa/my/link", url.Values{"email": {addr}}); st != http.StatusSeeOther || h.Get("Location") != "/fa/my?sent=1" {
			t.Fatalf("link request for %s: %d %s", addr, st, h.Get("Location"))
		}
	}
	mails := e.send(t)
	if len(mails) != 1 || mails[0].To[0] != "firm@example.org" || mails[0].Header.Get("Content-Language") != "fa" {
		t.Fatalf("mails %v", mails)
	}
	link := linkIn(t, mails[0].Parts["text/plain"])
	if !strings.HasPrefix(link, "/fa/my/open?t=") {
		t.Fatalf("link %s", link)
	}
	tok := strings.TrimPrefix(link, "/fa/my/open?t=")

	// One character altered: an unknown link, in Persian, with the form.
	altered := tok[:10] + string("ab"[strings.IndexByte("ab", tok[10])+1&1]) + tok[11:]
	if tok[10] != 'a' && tok[10] != 'b' {
		altered = tok[:10] + "a" + tok[11:]
	}
	if st, _, body := b.do("GET", "/fa/my/open?t="+altered, nil); st != http.StatusNotFound || !strings.Contains(body, servicetest.HTMLEscape(servicetest.T(t, "fa", "notify.link.unknown"))) {
		t.Fatalf("altered link: %d", st)
	}
	// Following the link shows a button; it opens the page once.
	if st, _, body := b.do("GET", link, nil); st != http.StatusOK || !strings.Contains(body, `name="t"`) {
		t.Fatalf("open page: %d", st)
	}
	st, h, _ := b.post("/fa/my/open", url.Values{"t": {tok}})
	if st != http.StatusSeeOther || h.Get("Location") != "/fa/my" {
		t.Fatalf("open: %d %s", st, h.Get("Location"))
	}
	st, _, body := b.do("GET", "/fa/my", nil)
	if st != http.StatusOK || !strings.Contains(body, mine.Ref) || strings.Contains(body, other.Ref) || strings.Contains(body, "other@example.org") {
		t.Fatalf("my page: %d, mine %v, other's shown %v", st, strings.Contains(body, mine.Ref), strings.Contains(body, other.Ref))
	}
	// Correct the contact details, withdraw; another address's interest
	// cannot be touched.
	if st, h, _ := b.post("/fa/my/contact", url.Values{"ref": {mine.Ref}, "version": {"1"}, "contact_name": {"سارا احمدی"}, "phone": {"+98 41 1234 5678"}}); st != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "done=contact") {
		t.Fatalf("contact: %d %s", st, h.Get("Location"))
	}
	if got, _ := e.Store.Interest(ctx, mine.Ref); got.ContactName != "سارا احمدی" || got.Version != 2 {
		t.Fatalf("contact not saved: %q v%d", got.ContactName, got.Version)
	}
	if st, _, _ := b.post("/fa/my/contact", url.Values{"ref": {other.Ref}, "version": {"1"}, "contact_name": {"Mallory"}}); st != http.StatusNotFound {
		t.Errorf("another's interest: %d", st)
	}
	if st, _, _ := b.post("/fa/my/withdraw", url.Values{"ref": {other.Ref}, "version": {"1"}, "confirm": {"yes"}}); st != http.StatusNotFound {
		t.Errorf("withdraw another's interest: %d", st)
	}
	if got, _ := e.Store.Interest(ctx, other.Ref); got.ContactName == "Mallory" || got.Status != content.InterestNew {
		t.Fatalf("another's interest changed: %+v", got)
	}
	if _, h, _ := b.post("/fa/my/withdraw", url.Values{"ref": {mine.Ref}, "version": {"2"}}); !strings.HasSuffix(h.Get("Location"), "done=confirm") {
		t.Errorf("withdraw without confirmation: %s", h.Get("Location"))
	}
	if _, h, _ := b.post("/fa/my/withdraw", url.Values{"ref": {mine.Ref}, "version": {"1"}, "confirm": {"yes"}}); !strings.HasSuffix(h.Get("Location"), "done=conflict") {
		t.Errorf("stale withdraw: %s", h.Get("Location"))
	}
	if _, h, _ := b.post("/fa/my/withdraw", url.Values{"ref": {mine.Ref}, "version": {"2"}, "confirm": {"yes"}}); !strings.HasSuffix(h.Get("Location"), "done=withdraw") {
		t.Errorf("withdraw: %s", h.Get("Location"))
	}
	if got, _ := e.Store.Interest(ctx, mine.Ref); got.Status != content.InterestWithdrawn {
		t.Fatalf("not withdrawn: %s", got.Status)
	}
	if _, _, body := b.do("GET", "/fa/my", nil); !strings.Contains(body, servicetest.HTMLEscape(servicetest.T(t, "fa", "status.interest.withdrawn"))) || strings.Contains(body, `action="/fa/my/withdraw"`) {
		t.Error("my page after withdrawal")
	}

	// The link again (reused): gone, in Persian, even from another browser.
	b2 := newBrowserish(t, e.URL)
	b2.do("GET", "/fa/my", nil)
	if st, _, body := b2.post("/fa/my/open", url.Values{"t": {tok}}); st != http.StatusGone || !strings.Contains(body, servicetest.HTMLEscape(servicetest.T(t, "fa", "notify.link.used"))) {
		t.Fatalf("reused link: %d", st)
	}
	if st, _, body := b2.do("GET", "/fa/my", nil); st != http.StatusOK || strings.Contains(body, mine.Ref) {
		t.Fatalf("second browser sees the page: %d", st)
	}
	// An expired link.
	old, err := e.mail.Links.Mint(ctx, notify.PurposeMy, "firm@example.org", "", "fa", -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if st, _, body := b2.do("GET", "/fa/my/open?t="+old, nil); st != http.StatusGone || !strings.Contains(body, servicetest.HTMLEscape(servicetest.T(t, "fa", "notify.link.expired"))) {
		t.Fatalf("expired link: %d", st)
	}
	// A token of another purpose (an unsubscribe link) does not open a page.
	unsub, _ := e.mail.Links.Mint(ctx, notify.PurposeUnsub, "firm@example.org", "x", "fa", time.Hour)
	if st, _, _ := b2.post("/fa/my/open", url.Values{"t": {unsub}}); st != http.StatusNotFound {
		t.Fatalf("other purpose: %d", st)
	}
	// Junk and missing tokens: clear 404s, never a 500.
	for _, q := range []string{"", "?t=", "?t=%00%0d%0a", "?t=" + strings.Repeat("x", 5000)} {
		if st, _, _ := b2.do("GET", "/fa/my/open"+q, nil); st != http.StatusNotFound {
			t.Errorf("GET /fa/my/open%s: %d", q, st)
		}
	}
	// A post without the CSRF token is refused.
	if st, _, _ := b2.do("POST", "/fa/my/link", url.Values{"email": {"firm@example.org"}}); st != http.StatusForbidden {
		t.Errorf("link request without CSRF: %d", st)
	}
	// Flood: link requests for one address are limited per hour.
	limited := false
	for range 8 {
		if st, _, _ := b2.post("/en/my/link", url.Values{"email": {"firm@example.org"}}); st == http.StatusTooManyRequests {
			limited = true
		}
	}
	if !limited {
		t.Error("link requests for one address were never limited")
	}
	// Header injection through the address is refused before any mail.
	if st, _, _ := b2.post("/en/my/link", url.Values{"email": {"firm@example.org\r\nBcc: x@example.org"}}); st != http.StatusUnprocessableEntity {
		t.Errorf("injected address: %d", st)
	}
}

// catalogOpen is the query of open needs.
func catalogOpen() catalog.NeedQuery {
	return catalog.NeedQuery{Statuses: []string{content.NeedPublished}, PerPage: catalog.MaxPerPage}
}

func TestAlerts(t *testing.T) {
	e := newMailEnv(t, servicetest.Options{})
	ctx := context.Background()
	b := newBrowserish(t, e.URL)
	sector := content.Sectors()[0]
	if st, _, body := b.do("GET", "/zh/alerts?hub=TR&sector="+sector+"&q=solar", nil); st != http.StatusOK || !strings.Contains(body, `name="sector" value="`+sector+`"`) {
		t.Fatalf("alerts page: %d", st)
	}
	if st, _, _ := b.do("GET", "/zh/alerts?sector=%3Cscript%3E", nil); st != http.StatusBadRequest {
		t.Errorf("unknown sector: %d", st)
	}
	// Subscribing needs consent, then sends a confirmation (double opt-in).
	form := url.Values{"email": {"sub@example.org"}, "frequency": {"weekly"}, "lang": {"zh"}, "hub": {"TR"}, "sector": {sector}}
	if st, _, _ := b.post("/zh/alerts", form); st != http.StatusUnprocessableEntity {
		t.Fatalf("without consent: %d", st)
	}
	form.Set("consent", "1")
	if st, h, _ := b.post("/zh/alerts", form); st != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "done=subscribed") {
		t.Fatalf("subscribe: %d %s", st, h.Get("Location"))
	}
	subs, _ := e.mail.Subs.Subscriptions(ctx, "sub@example.org")
	if len(subs) != 1 || subs[0].Confirmed || subs[0].Frequency != notify.Weekly || subs[0].Filter.Hubs[0] != "TR" {
		t.Fatalf("subscriptions %+v", subs)
	}
	mails := e.send(t)
	if len(mails) != 1 || mails[0].Header.Get("Content-Language") != "zh" {
		t.Fatalf("opt-in mails %v", mails)
	}
	confirm := linkIn(t, mails[0].Parts["text/plain"])
	if st, _, _ := b.do("GET", confirm, nil); st != http.StatusOK {
		t.Fatalf("confirm page: %d", st)
	}
	tok := confirm[strings.Index(confirm, "t=")+2:]
	if st, _, _ := b.post("/zh/alerts/confirm", url.Values{"t": {tok}}); st != http.StatusOK {
		t.Fatalf("confirm: %d", st)
	}
	if sub, _ := e.mail.Subs.Subscription(ctx, subs[0].ID); !sub.Confirmed {
		t.Fatal("not confirmed")
	}
	if st, _, _ := b.post("/zh/alerts/confirm", url.Values{"t": {tok}}); st != http.StatusGone {
		t.Errorf("confirm twice: %d", st)
	}

	// A second subscriber, and a digest for each: one-click unsubscribe
	// (RFC 8058, no cookies) cancels only the link's own subscription.
	b.post("/en/alerts", url.Values{"email": {"two@example.org"}, "frequency": {"daily"}, "lang": {"en"}, "consent": {"1"}})
	e.send(t)
	all, _ := e.mail.Subs.Subscriptions(ctx, "")
	needs := e.Catalog.Needs(catalogOpen()).Items[:2]
	for _, s := range all {
		m, err := e.mail.Compose.AlertDigest(s, "2026-03-21", needs)
		if err != nil {
			t.Fatal(err)
		}
		e.mail.Outbox.Enqueue(ctx, m)
	}
	mails = e.send(t)
	if len(mails) != 2 {
		t.Fatalf("%d digests", len(mails))
	}
	var mine *smtptest.Mail
	for _, m := range mails {
		if m.To[0] == "sub@example.org" {
			mine = m
		}
	}
	lu := strings.Trim(mine.Header.Get("List-Unsubscribe"), "<>")
	if lu == "" || !strings.Contains(mine.Parts["text/plain"], lu) || !strings.Contains(mine.Parts["text/html"], needs[0].Ref) {
		t.Fatalf("digest: List-Unsubscribe %q", lu)
	}
	u, _ := url.Parse(lu)
	// Someone else's subscription: an altered token changes nothing.
	bad := u.Query().Get("t")
	bad = bad[:len(bad)-1] + map[bool]string{true: "A", false: "B"}[bad[len(bad)-1] != 'A']
	anon := newBrowserish(t, e.URL)
	if st, _, _ := anon.do("POST", u.Path+"?t="+bad, url.Values{"List-Unsubscribe": {"One-Click"}}); st != http.StatusNotFound {
		t.Fatalf("altered unsubscribe: %d", st)
	}
	if st, _, _ := anon.do("POST", u.RequestURI(), url.Values{"List-Unsubscribe": {"One-Click"}}); st != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d", st)
	}
	if subs, _ := e.mail.Subs.Subscriptions(ctx, "sub@example.org"); len(subs) != 0 {
		t.Fatal("still subscribed")
	}
	if subs, _ := e.mail.Subs.Subscriptions(ctx, "two@example.org"); len(subs) != 1 {
		t.Fatal("the other subscriber lost their alert")
	}
	// Manage by link: the page of one address cannot cancel another's.
	if st, _, _ := b.post("/en/alerts/manage", url.Values{"email": {"sub@example.org"}}); st != http.StatusSeeOther {
		t.Fatalf("manage request: %d", st)
	}
	b.post("/en/alerts", url.Values{"email": {"sub@example.org"}, "frequency": {"daily"}, "lang": {"en"}, "consent": {"1"}})
	b.post("/en/alerts/manage", url.Values{"email": {"sub@example.org"}})
	var manage string
	for _, m := range e.send(t) {
		if strings.Contains(m.Parts["text/plain"], "/alerts/manage?t=") {
			manage = linkIn(t, m.Parts["text/plain"])
		}
	}
	if manage == "" {
		t.Fatal("no manage link")
	}
	mtok := manage[strings.Index(manage, "t=")+2:]
	if st, _, body := b.do("GET", manage, nil); st != http.StatusOK || strings.Contains(body, "two@example.org") {
		t.Fatalf("manage page: %d", st)
	}
	others, _ := e.mail.Subs.Subscriptions(ctx, "two@example.org")
	if st, _, _ := b.post("/en/alerts/manage/delete", url.Values{"t": {mtok}, "id": {others[0].ID}}); st != http.StatusNotFound {
		t.Errorf("cancel another's alert: %d", st)
	}
	if subs, _ := e.mail.Subs.Subscriptions(ctx, "two@example.org"); len(subs) != 1 {
		t.Fatal("another's alert was cancelled")
	}
	// Flood: sign-ups for one address are limited.
	limited := false
	for range 8 {
		if st, _, _ := b.post("/en/alerts", url.Values{"email": {"flood@example.org"}, "frequency": {"daily"}, "lang": {"en"}, "consent": {"1"}}); st == http.StatusTooManyRequests {
			limited = true
		}
	}
	if subs, _ := e.mail.Subs.Subscriptions(ctx, "flood@example.org"); !limited || len(subs) > 5 {
		t.Errorf("flood: limited %v, %d subscriptions", limited, len(subs))
	}
}

func TestStaffOutboxPage(t *testing.T) {
	e := newMailEnv(t, servicetest.Options{})
	ctx := context.Background()
	servicetest.AddStaff(t, e.Store, "tr@park.example", "Tara", content.RoleEditor, "TR")
	i := register(t, e.Env, "firm@example.org", "fa")
	n, _ := e.Store.Need(ctx, i.Need)
	m, _ := e.mail.Compose.Receipt("ev-1", i, n)
	m.Hub = "TR"
	e.mail.Outbox.Enqueue(ctx, m)
	other := *m
	other.ID, other.Hub, other.Subject = "other-hub", "CN", "CN message"
	e.mail.Outbox.Enqueue(ctx, &other)

	b := newBrowserish(t, e.URL)
	b.do("GET", "/en/staff/login", nil)
	if st, _, _ := b.post("/en/staff/login", url.Values{"email": {"tr@park.example"}, "password": {servicetest.TestPassword}}); st != http.StatusSeeOther {
		t.Fatalf("sign in: %d", st)
	}
	st, _, body := b.do("GET", "/en/staff/outbox", nil)
	if st != http.StatusOK || !strings.Contains(body, m.ID) || strings.Contains(body, "CN message") {
		t.Fatalf("outbox: %d, own %v, other hub's shown %v", st, strings.Contains(body, m.ID), strings.Contains(body, "CN message"))
	}
	st, _, body = b.do("GET", "/en/staff/outbox/"+m.ID, nil)
	if st != http.StatusOK || strings.Contains(body, notify.LinkSlot) || !strings.Contains(body, "EOI-") {
		t.Fatalf("message page: %d", st)
	}
	if st, _, _ := b.do("GET", "/en/staff/outbox/other-hub", nil); st != http.StatusNotFound {
		t.Errorf("another hub's message: %d", st)
	}
	if st, _, _ := b.do("GET", "/en/staff/outbox?state=bogus", nil); st != http.StatusBadRequest {
		t.Errorf("bad state: %d", st)
	}
	if st, _, _ := b.post("/en/staff/outbox/prefs", url.Values{"mode": {"daily"}, "lang": {"tr"}}); st != http.StatusSeeOther {
		t.Fatalf("prefs: %d", st)
	}
	prefs, _ := e.mail.State.StaffPrefs(ctx)
	if p := prefs["tr@park.example"]; p == nil || p.Mode != notify.ModeDaily || p.Lang != "tr" {
		t.Fatalf("prefs %+v", p)
	}
	if st, _, _ := b.post("/en/staff/outbox/prefs", url.Values{"mode": {"hourly"}, "lang": {"tr"}}); st != http.StatusBadRequest {
		t.Errorf("bad mode: %d", st)
	}
	if st, _, _ := newBrowserish(t, e.URL).do("GET", "/en/staff/outbox", nil); st == http.StatusOK {
		t.Error("outbox without signing in")
	}
}
