package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo/mongotest"
)

func TestStaffAdminPages(t *testing.T) {
	st := mongotest.Open(t)
	srv := staffServer(t, st, time.Now)
	ctx := context.Background()
	addStaff(t, st, "admin@park.example", content.RoleAdmin)
	admin := signIn(t, srv, "admin@park.example", testPassword)

	// Persian pages are right-to-left and localised.
	res, body := roundTrip(t, srv, staffRequest("GET", "/fa/staff/admin/staff", admin, nil))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `dir="rtl"`) || !strings.Contains(body, "کارکنان") {
		t.Fatalf("fa staff list: %d", res.StatusCode)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("staff page Cache-Control %q", res.Header.Get("Cache-Control"))
	}

	// Add an editor with an initial password; a short one is refused.
	form := url.Values{"email": {"New.Editor@park.example"}, "name": {"Leyla"}, "role": {"editor"}, "hubs": {"TR"}, "password": {"short"}}
	res, _ = roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/staff", admin, form))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("short password: %d", res.StatusCode)
	}
	form.Set("password", "a long enough password")
	res, body = roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/staff", admin, form))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add staff: %d\n%s", res.StatusCode, body)
	}
	ed := signIn(t, srv, "new.editor@park.example", "a long enough password")

	// Make them admin of nothing... an editor of CN and TR, then disable.
	res, _ = roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/staff/new.editor@park.example/role", admin,
		url.Values{"role": {"editor"}, "hubs": {"TR", "CN"}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("role: %d", res.StatusCode)
	}
	if m, _ := st.Staff(ctx, "new.editor@park.example"); len(m.Hubs) != 2 {
		t.Errorf("hubs %v", m.Hubs)
	}
	res, _ = roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/staff/new.editor@park.example/disable", admin, url.Values{}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	res, _ = roundTrip(t, srv, staffRequest("GET", "/en/staff/admin/staff", ed, nil))
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled member still signed in: %d", res.StatusCode)
	}
	csrf, token := loginPage(t, srv, "en")
	if res, _ := postLogin(t, srv, csrf, token, "new.editor@park.example", "a long enough password", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("disabled member signs in: %d", res.StatusCode)
	}
	roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/staff/new.editor@park.example/enable", admin, url.Values{}))
	res, _ = roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/staff/new.editor@park.example/password", admin,
		url.Values{"password": {"another long password"}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset password: %d", res.StatusCode)
	}
	signIn(t, srv, "new.editor@park.example", "another long password")

	// An admin cannot disable themself.
	res, _ = roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/staff/admin@park.example/disable", admin, url.Values{}))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("self-disable: %d", res.StatusCode)
	}

	// Tokens: created and shown once, listed by hash prefix, revoked.
	res, body = roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/tokens", admin, url.Values{"email": {"new.editor@park.example"}}))
	tok := regexp.MustCompile(`hd_[A-Za-z0-9_-]{43}`).FindString(body)
	if res.StatusCode != http.StatusOK || tok == "" {
		t.Fatalf("create token: %d", res.StatusCode)
	}
	if _, err := st.StaffByToken(ctx, tok); err != nil {
		t.Fatalf("new token: %v", err)
	}
	_, body = roundTrip(t, srv, staffRequest("GET", "/en/staff/admin/tokens", admin, nil))
	if strings.Contains(body, tok) {
		t.Errorf("token shown twice")
	}
	toks, _ := st.Tokens(ctx, "new.editor@park.example")
	if len(toks) != 1 || !strings.Contains(body, toks[0].Hash[:12]) {
		t.Fatalf("token list")
	}
	res, _ = roundTrip(t, srv, staffRequest("POST", "/en/staff/admin/tokens/"+toks[0].Hash+"/revoke", admin, url.Values{}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if _, err := st.StaffByToken(ctx, tok); err == nil {
		t.Errorf("revoked token still works")
	}

	// The audit log has every change, filterable by who and listing.
	all, _ := st.Audit(ctx, content.AuditFilter{})
	want := []string{"staff.add", "staff.role", "staff.disable", "staff.enable", "staff.password", "token.create", "token.revoke"}
	for _, a := range want {
		found := false
		for _, x := range all {
			if x.Action == a && x.By == "admin@park.example" {
				found = true
			}
		}
		if !found {
			t.Errorf("audit log lacks %s", a)
		}
	}
	res, body = roundTrip(t, srv, staffRequest("GET", "/en/staff/admin/audit?by=admin@park.example&id=new.editor@park.example&from=2000-01-01", admin, nil))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "staff.role") || strings.Contains(body, "token.create") {
		t.Errorf("audit page filtered: %d", res.StatusCode)
	}
	res, body = roundTrip(t, srv, staffRequest("GET", "/zh/staff/admin/audit?to=2000-01-01", admin, nil))
	if res.StatusCode != http.StatusOK || strings.Contains(body, "staff.role") {
		t.Errorf("audit page by date: %d", res.StatusCode)
	}
}
