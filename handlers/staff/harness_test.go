package staff_test

// Test helpers of the staff workspace (issue 5): staff members with a
// password, and signing them in over HTTP or in the browser. They accept
// either harness: *testServer (real listener, harness_test.go) or *site
// (app.Test, site_test.go), and *handlers.Server.

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"hubdir/content"
	"hubdir/handlers"
)

// testPassword is the password addStaff gives every staff member.
const testPassword = "correct horse battery staple"

// storeOf returns the store of a harness.
func storeOf(t testing.TB, srv any) content.Store {
	t.Helper()
	switch s := srv.(type) {
	case *testServer:
		return s.Store
	case *site:
		return s.store
	case content.Store:
		return s
	}
	t.Fatalf("storeOf: unsupported %T", srv)
	return nil
}

// addStaff adds a staff member (role content.RoleAdmin or RoleEditor, with
// hubs) whose password is testPassword, and returns that password.
func addStaff(t testing.TB, srv any, email, role string, hubs ...string) string {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	in := &content.StaffInput{Email: email, Name: "Staff " + strings.Split(email, "@")[0], Role: role, Hubs: hubs}
	if _, err := storeOf(t, srv).AddStaff(context.Background(), in, string(hash)); err != nil {
		t.Fatalf("add staff %s: %v", email, err)
	}
	return testPassword
}

// roundTrip sends req (a path-only URL is fine) to a harness and returns
// the answer with its body read; redirects are not followed.
func roundTrip(t testing.TB, srv any, req *http.Request) (*http.Response, string) {
	t.Helper()
	var res *http.Response
	var err error
	switch s := srv.(type) {
	case *testServer:
		u, _ := url.Parse(s.URL)
		req.URL.Scheme, req.URL.Host, req.Host = u.Scheme, u.Host, u.Host
		req.RequestURI = ""
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 30 * time.Second}
		res, err = client.Do(req)
	case *site:
		if req.Host == "" || req.Host == "example.com" {
			req.Host = "hub.example.org"
		}
		res, err = s.srv.App().Test(req, -1)
	case *handlers.Server:
		if req.Host == "" || req.Host == "example.com" {
			req.Host = "hub.example.org"
		}
		res, err = s.App().Test(req, -1)
	default:
		t.Fatalf("roundTrip: unsupported %T", srv)
	}
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// csrfInput finds the CSRF token of a form in a page.
var csrfInput = regexp.MustCompile(`name="_csrf" value="([A-Za-z0-9_-]+)"`)

// loginPage fetches the sign-in page and returns its CSRF cookie and token.
func loginPage(t testing.TB, srv any, lang string) (*http.Cookie, string) {
	t.Helper()
	res, body := roundTrip(t, srv, httptest.NewRequest(http.MethodGet, "/"+lang+"/staff/login", nil))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET sign-in page: status %d", res.StatusCode)
	}
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("sign-in page has no CSRF field")
	}
	for _, c := range res.Cookies() {
		if c.Name == "hubdir_csrf" {
			return c, m[1]
		}
	}
	t.Fatalf("sign-in page sets no CSRF cookie")
	return nil, ""
}

// postLogin posts the sign-in form with the CSRF cookie and token, plus
// extra form fields (name, value pairs) and cookies.
func postLogin(t testing.TB, srv any, csrf *http.Cookie, token, email, password string, extra []string, cookies ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	form := url.Values{"_csrf": {token}, "email": {email}, "password": {password}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	req := httptest.NewRequest(http.MethodPost, "/en/staff/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(csrf)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return roundTrip(t, srv, req)
}

// signIn signs email in over HTTP and returns the cookies to send with
// later requests: the CSRF cookie and the session cookie. Staff forms
// also need the token: csrfOf(cookies).
func signIn(t testing.TB, srv any, email, password string) []*http.Cookie {
	t.Helper()
	csrf, token := loginPage(t, srv, "en")
	res, body := postLogin(t, srv, csrf, token, email, password, nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: status %d\n%s", email, res.StatusCode, body)
	}
	for _, c := range res.Cookies() {
		if c.Name == "hubdir_session" && c.Value != "" {
			return []*http.Cookie{csrf, c}
		}
	}
	t.Fatalf("sign in %s: no session cookie", email)
	return nil
}

// csrfOf returns the CSRF token among cookies (the form field _csrf must
// repeat it).
func csrfOf(cookies []*http.Cookie) string {
	for _, c := range cookies {
		if c.Name == "hubdir_csrf" {
			return c.Value
		}
	}
	return ""
}

// staffRequest builds a request with the cookies of signIn; a non-nil
// form is posted with the CSRF token added.
func staffRequest(method, target string, cookies []*http.Cookie, form url.Values) *http.Request {
	var req *http.Request
	if form != nil {
		form.Set("_csrf", csrfOf(cookies))
		req = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return req
}

// signInBrowser signs email in through the sign-in form in the browser
// (English) and waits until the browser has left the sign-in page.
func signInBrowser(t testing.TB, ctx context.Context, srv *testServer, email, password string) {
	t.Helper()
	run(t, ctx, "sign in: open form",
		chromedp.Navigate(srv.URL+"/en/staff/login"),
		chromedp.WaitVisible("#email", chromedp.ByID),
		chromedp.SendKeys("#email", email, chromedp.ByID),
		chromedp.SendKeys("#password", password, chromedp.ByID),
		chromedp.Submit("#password", chromedp.ByID),
	)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var loc string
		run(t, ctx, "sign in: location", chromedp.Location(&loc))
		if !strings.Contains(loc, "/staff/login") {
			return
		}
		if time.Now().After(deadline) {
			var text string
			_ = chromedp.Run(ctx, chromedp.Text("main", &text, chromedp.ByQuery))
			t.Fatalf("sign in %s in the browser: still at %s: %s", email, loc, text)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// interestRefPattern finds an interest reference in a page's text.
var interestRefPattern = regexp.MustCompile(`EOI-[0-9]{2}-[0-9]{5,7}`)
