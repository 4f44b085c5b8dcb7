package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/handlers"
	"hubdir/handlers/servicetest"
)

// clock is a settable clock for handlers.Config.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// staffServer builds the service on st (no sample content) with the clock
// now and no sign-in delay.
func staffServer(t *testing.T, st *mongo.Store, now func() time.Time) *handlers.Server {
	t.Helper()
	return servicetest.Start(t, servicetest.Options{Store: st, NoSample: true, Now: now}).Server
}

func cookieNamed(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestStaffSessionIDChangesAtSignIn(t *testing.T) {
	st := mongotest.Open(t)
	srv := staffServer(t, st, time.Now)
	addStaff(t, st, "admin@park.example", content.RoleAdmin)

	first := signIn(t, srv, "admin@park.example", testPassword)
	csrf, token := loginPage(t, srv, "en")
	res, body := postLogin(t, srv, csrf, token, "Admin@Park.example", testPassword, nil, first[1])
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second sign-in: status %d\n%s", res.StatusCode, body)
	}
	second := cookieNamed(res, "hubdir_session")
	if second == nil || second.Value == first[1].Value {
		t.Fatalf("session id not renewed at sign-in: %v", second)
	}
	if !second.HttpOnly || second.SameSite != http.SameSiteLaxMode || second.Secure {
		t.Errorf("session cookie attributes: %+v", second)
	}
	// The old session is gone, the new one works.
	res, _ = roundTrip(t, srv, staffRequest("GET", "/en/staff/admin/staff", first, nil))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/en/staff/login?next=") {
		t.Errorf("old session: status %d, location %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = roundTrip(t, srv, staffRequest("GET", "/en/staff/admin/staff", []*http.Cookie{csrf, second}, nil))
	if res.StatusCode != http.StatusOK {
		t.Errorf("new session: status %d", res.StatusCode)
	}
}

func TestStaffSessionOnTwoInstances(t *testing.T) {
	stA := mongotest.Open(t)
	stB := mongotest.OpenSame(t, stA)
	a, b := staffServer(t, stA, time.Now), staffServer(t, stB, time.Now)
	addStaff(t, stA, "admin@park.example", content.RoleAdmin)

	cookies := signIn(t, a, "admin@park.example", testPassword)
	res, _ := roundTrip(t, b, staffRequest("GET", "/en/staff/admin/staff", cookies, nil))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("instance B with A's session: status %d", res.StatusCode)
	}
	// Sign out on B: neither instance accepts the session any more.
	res, _ = roundTrip(t, b, staffRequest("POST", "/en/staff/logout", cookies, url.Values{}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: status %d", res.StatusCode)
	}
	for name, srv := range map[string]*handlers.Server{"A": a, "B": b} {
		res, _ := roundTrip(t, srv, staffRequest("GET", "/en/staff/admin/staff", cookies, nil))
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("instance %s after sign-out: status %d", name, res.StatusCode)
		}
	}
}

func TestStaffNextStaysLocal(t *testing.T) {
	st := mongotest.Open(t)
	srv := staffServer(t, st, time.Now)
	addStaff(t, st, "admin@park.example", content.RoleAdmin)
	for _, next := range []string{"//evil.example", "https://evil.example", "/\r\nSet-Cookie:x=1", "/\\evil.example", "/en/staff/admin/audit?by=a"} {
		csrf, token := loginPage(t, srv, "en")
		res, body := postLogin(t, srv, csrf, token, "admin@park.example", testPassword, []string{"next", next})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("next=%q: status %d\n%s", next, res.StatusCode, body)
		}
		loc := res.Header.Get("Location")
		if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\r\n\\") {
			t.Errorf("next=%q: location %q", next, loc)
		}
		if strings.HasPrefix(next, "/en/") && loc != next {
			t.Errorf("next=%q: location %q", next, loc)
		}
		if !strings.HasPrefix(next, "/en/") && loc != "/en/staff/" {
			t.Errorf("next=%q: location %q, want the staff home", next, loc)
		}
		if cookieNamed(res, "x") != nil || len(res.Header.Values("Set-Cookie")) > 2 {
			t.Errorf("next=%q: injected header: %v", next, res.Header)
		}
	}
	// The same through the query of the form page (GET ?next=...): the
	// form carries only a local next.
	for _, raw := range []string{"%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%0d%0aSet-Cookie:x=1"} {
		res, body := roundTrip(t, srv, staffRequest("GET", "/en/staff/login?next="+raw, nil, nil))
		if res.StatusCode != http.StatusOK || strings.Contains(body, `name="next"`) {
			t.Errorf("GET login?next=%s: status %d, next kept", raw, res.StatusCode)
		}
	}
}

func TestStaffLockAfterTenFailures(t *testing.T) {
	st := mongotest.Open(t)
	clk := &clock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	srv := staffServer(t, st, clk.Now)
	addStaff(t, st, "editor@park.example", content.RoleEditor, "TR")
	for i := 1; i <= 10; i++ {
		csrf, token := loginPage(t, srv, "en")
		res, _ := postLogin(t, srv, csrf, token, "editor@park.example", "wrong password "+string(rune('a'+i)), nil)
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i, res.StatusCode)
		}
		clk.Add(time.Second)
	}
	csrf, token := loginPage(t, srv, "en")
	res, body := postLogin(t, srv, csrf, token, "editor@park.example", testPassword, nil)
	if res.StatusCode != http.StatusUnauthorized || cookieNamed(res, "hubdir_session") != nil {
		t.Fatalf("right password while locked: status %d", res.StatusCode)
	}
	if !strings.Contains(body, "locked") {
		t.Errorf("locked page does not say so")
	}
	clk.Add(14 * time.Minute)
	res, _ = postLogin(t, srv, csrf, token, "editor@park.example", testPassword, nil)
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("right password 14 min later: status %d", res.StatusCode)
	}
	clk.Add(time.Minute)
	signIn(t, srv, "editor@park.example", testPassword)
}

func TestStaffAddressLock(t *testing.T) {
	st := mongotest.Open(t)
	clk := &clock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	srv := staffServer(t, st, clk.Now)
	addStaff(t, st, "admin@park.example", content.RoleAdmin)
	csrf, token := loginPage(t, srv, "en")
	for i := 0; i < 50; i++ {
		postLogin(t, srv, csrf, token, "nobody"+string(rune('a'+i%26))+string(rune('a'+i/26))+"@park.example", "wrong password", nil)
	}
	res, _ := postLogin(t, srv, csrf, token, "admin@park.example", testPassword, nil)
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("address locked after 50 failures: status %d", res.StatusCode)
	}
	clk.Add(16 * time.Minute)
	signIn(t, srv, "admin@park.example", testPassword)
}

func TestStaffTimeouts(t *testing.T) {
	st := mongotest.Open(t)
	clk := &clock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	srv := staffServer(t, st, clk.Now)
	addStaff(t, st, "admin@park.example", content.RoleAdmin)
	get := func(cookies []*http.Cookie) int {
		res, _ := roundTrip(t, srv, staffRequest("GET", "/en/staff/admin/staff", cookies, nil))
		return res.StatusCode
	}
	c := signIn(t, srv, "admin@park.example", testPassword)
	clk.Add(2*time.Hour + time.Minute)
	if s := get(c); s != http.StatusSeeOther {
		t.Errorf("after 2 h idle: status %d", s)
	}
	c = signIn(t, srv, "admin@park.example", testPassword)
	for range 7 { // active every 1 h 50: alive until 12 h
		clk.Add(110 * time.Minute)
		if s := get(c); s != http.StatusOK && clk.Now().Sub(time.Date(2026, 5, 1, 11, 1, 0, 0, time.UTC)) < 12*time.Hour {
			t.Fatalf("active session at %v: status %d", clk.Now(), s)
		}
	}
	if s := get(c); s != http.StatusSeeOther {
		t.Errorf("after 12 h: status %d", s)
	}
}

func TestStaffRolesAndCSRF(t *testing.T) {
	st := mongotest.Open(t)
	srv := staffServer(t, st, time.Now)
	addStaff(t, st, "editor@park.example", content.RoleEditor, "TR")
	editor := signIn(t, srv, "editor@park.example", testPassword)
	for _, p := range []string{"/en/staff/admin/staff", "/fa/staff/admin/tokens", "/en/staff/admin/audit", "/en/staff/admin/staff/editor@park.example"} {
		res, _ := roundTrip(t, srv, staffRequest("GET", p, editor, nil))
		if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("editor GET %s: status %d", p, res.StatusCode)
		}
	}
	res, _ := roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/staff/editor@park.example/role", editor,
		url.Values{"role": {"admin"}}))
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("editor makes themself admin: status %d", res.StatusCode)
	}
	if s, _ := st.Staff(context.Background(), "editor@park.example"); s.Role != content.RoleEditor {
		t.Errorf("editor's role changed to %s", s.Role)
	}
	// No CSRF token: 403, on the sign-in form and on sign-out.
	csrf, _ := loginPage(t, srv, "en")
	res, _ = postLogin(t, srv, csrf, "", "editor@park.example", testPassword, nil)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without CSRF token: status %d", res.StatusCode)
	}
	req := staffRequest("POST", "/en/staff/logout", editor, url.Values{})
	req = staffRequest("POST", "/en/staff/logout", editor[1:], nil) // no CSRF cookie, no field
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, _ = roundTrip(t, srv, req)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out without CSRF: status %d", res.StatusCode)
	}
	// Anonymous: to the sign-in page with next.
	res, _ = roundTrip(t, srv, staffRequest("GET", "/fa/staff/admin/audit?by=x", nil, nil))
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/fa/staff/login?next=%2Ffa%2Fstaff%2Fadmin%2Faudit%3Fby%3Dx" {
		t.Errorf("anonymous: status %d, location %q", res.StatusCode, loc)
	}
}

// TestStaffSlowing checks that attempts after the third failure in a row
// wait for the configured delay.
func TestStaffSlowing(t *testing.T) {
	st := mongotest.Open(t)
	srv := servicetest.Start(t, servicetest.Options{Store: st, NoSample: true, LoginDelay: 300 * time.Millisecond}).Server
	addStaff(t, st, "admin@park.example", content.RoleAdmin)
	csrf, token := loginPage(t, srv, "en")
	for i := 0; i < 4; i++ {
		start := time.Now()
		postLogin(t, srv, csrf, token, "admin@park.example", "wrong password", nil)
		if d := time.Since(start); i == 3 && d < 300*time.Millisecond {
			t.Errorf("fourth failure answered after %v", d)
		}
	}
	// The header form of the CSRF token is accepted too.
	cookies := signIn(t, srv, "admin@park.example", testPassword)
	req := staffRequest("POST", "/en/staff/logout", cookies, nil)
	req.Header.Set("X-CSRF-Token", csrfOf(cookies))
	if res, _ := roundTrip(t, srv, req); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-out with the CSRF header: %d", res.StatusCode)
	}
}
