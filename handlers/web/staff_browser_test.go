package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hubdir/content"
)

// TestStaffSignInBrowser signs in through the form in Chromium, opens the
// Persian admin pages (right to left) and signs out.
func TestStaffSignInBrowser(t *testing.T) {
	ctx, srv := browserAndServer(t)
	addStaff(t, srv, "admin@park.example", content.RoleAdmin)
	signInBrowser(t, ctx, srv, "admin@park.example", testPassword)

	var dir, text string
	run(t, ctx, "fa audit page",
		chromedp.Navigate(srv.URL+"/fa/staff/admin/audit"),
		chromedp.WaitVisible("table.audit-table", chromedp.ByQuery),
		chromedp.AttributeValue("html", "dir", &dir, nil, chromedp.ByQuery),
		chromedp.Text("table.audit-table", &text, chromedp.ByQuery),
	)
	if dir != "rtl" || !strings.Contains(text, "ورود") || !strings.Contains(text, "admin@park.example") {
		t.Errorf("fa audit page: dir %q, text %q", dir, text)
	}
	var loc string
	run(t, ctx, "sign out",
		chromedp.Click("form.staff-signout button", chromedp.ByQuery),
		chromedp.WaitVisible("#password", chromedp.ByID),
		chromedp.Navigate(srv.URL+"/en/staff/admin/staff"),
		chromedp.WaitVisible("#password", chromedp.ByID),
		chromedp.Location(&loc),
	)
	if !strings.Contains(loc, "/en/staff/login?next=%2Fen%2Fstaff%2Fadmin%2Fstaff") {
		t.Errorf("after sign-out: at %s", loc)
	}
}
