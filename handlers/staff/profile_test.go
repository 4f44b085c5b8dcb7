package staff_test

import (
	"net/http"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/handlers/servicetest"
)

// TestStaffRequesterProfile fills the requester profile on the need form,
// reads it back on the public page, then edits it: an unticked "named"
// drops the name, emptied budget fields remove the budget, and bad values
// come back as messages on their fields with nothing stored.
func TestStaffRequesterProfile(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "prof@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "prof@example.org", pw)

	f := needForm(s, "TR", "en", "Vacuum brazing of aluminium heat exchangers")
	f.Set("requester.type", "company")
	f.Set("requester.size", "medium")
	f.Set("requester.named", "1")
	f.Set("requester.name.en", "Kocaeli Isı Teknik")
	f.Set("ip_status", "secret-know-how")
	f.Set("partner_sought.en", "A brazing furnace maker")
	f.Set("budget.min", "۵۰٬۰۰۰")
	f.Set("budget.max", "120,000")
	f.Set("budget.currency", "EUR")
	ref := createNeed(t, s, ck, f)
	n := storedNeed(t, s, ref)
	if n.Requester == nil || n.Requester.Type != "company" || !n.Requester.Named || n.Requester.Name["en"] != "Kocaeli Isı Teknik" ||
		n.IPStatus != "secret-know-how" || n.PartnerSought["en"] == "" || n.Budget == nil || n.Budget.Min != 50000 || n.Budget.Max != 120000 {
		t.Fatalf("stored profile: %+v %+v %v %v", n.Requester, n.Budget, n.IPStatus, n.PartnerSought)
	}
	r := staffDo(t, s, http.MethodGet, "/en/staff/needs/"+ref+"/edit", ck, nil)
	if !strings.Contains(r.body, `value="50000"`) || !strings.Contains(r.body, "Kocaeli Isı Teknik") {
		t.Errorf("edit form does not show the stored profile")
	}

	// Anonymous now; budget removed.
	e := needForm(s, "TR", "en", "Vacuum brazing of aluminium heat exchangers")
	e.Del("hub")
	e.Set("version", "1")
	e.Set("requester.type", "company")
	e.Set("requester.name.en", "Kocaeli Isı Teknik")
	r = staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/edit", ck, e)
	if r.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.status, r.body)
	}
	n = storedNeed(t, s, ref)
	if n.Requester == nil || n.Requester.Named || len(n.Requester.Name) != 0 || n.Budget != nil || n.IPStatus != "" {
		t.Fatalf("after edit: %+v %+v %q", n.Requester, n.Budget, n.IPStatus)
	}

	// Bad values: messages on their fields, nothing written.
	b := needForm(s, "TR", "en", "Vacuum brazing of aluminium heat exchangers")
	b.Del("hub")
	b.Set("version", "2")
	b.Set("requester.type", "bank")
	b.Set("budget.min", "lots")
	b.Set("budget.currency", "EUR")
	r = staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/edit", ck, b)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad profile: %d", r.status)
	}
	for _, want := range []string{`id="requester.type-error"`, `id="budget.min-error"`, servicetest.HTMLEscape(servicetest.T(t, "en", "field.unknown_value"))} {
		if !strings.Contains(r.body, want) {
			t.Errorf("error page lacks %s", want)
		}
	}
	if got := storedNeed(t, s, ref); got.Version != 2 {
		t.Errorf("bad profile was written: version %d", got.Version)
	}
}
