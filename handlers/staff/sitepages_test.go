package staff_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hubdir/content"
)

// TestAdminSitePages: an admin edits the About page and the park's name;
// the public site shows both; an editor may not; bad input and a stale
// version change nothing.
func TestAdminSitePages(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "boss@example.org", content.RoleAdmin)
	ck := signIn(t, s, "boss@example.org", pw)
	epw := addStaff(t, s, "ed@example.org", content.RoleEditor, "TR")
	eck := signIn(t, s, "ed@example.org", epw)

	if r := staffDo(t, s, http.MethodGet, "/en/staff/admin/pages", eck, nil); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
		t.Errorf("editor sees the admin pages: %d", r.status)
	}
	r := staffDo(t, s, http.MethodGet, "/fa/staff/admin/pages/about", ck, nil)
	if r.status != http.StatusOK || !strings.Contains(r.body, `name="body.zh"`) {
		t.Fatalf("edit form: %d", r.status)
	}
	form := url.Values{"version": {"0"}, "title.en": {"About the Tabriz exchange"}, "body.en": {"## Who we are\nA park in Tabriz.\n\n- one\n- two"},
		"title.fa": {"درباره ما"}, "body.fa": {"پارکی در تبریز."}}
	r = staffDo(t, s, http.MethodPost, "/en/staff/admin/pages/about", ck, form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.status, r.body)
	}
	pub := s.get(t, "/en/about")
	for _, want := range []string{"About the Tabriz exchange", "<h2>Who we are</h2>", "<li>two</li>"} {
		if !strings.Contains(pub.body, want) {
			t.Errorf("public about lacks %q", want)
		}
	}
	// Turkish has no text now: English, marked.
	if tr := s.get(t, "/tr/about"); !strings.Contains(tr.body, `lang="en"`) || !strings.Contains(tr.body, "About the Tabriz exchange") {
		t.Errorf("tr about does not fall back to marked English")
	}
	// A stale version: 409, nothing written.
	form.Set("title.en", "Stale")
	if r := staffDo(t, s, http.MethodPost, "/en/staff/admin/pages/about", ck, form); r.status != http.StatusConflict {
		t.Errorf("stale save: %d", r.status)
	}
	// No body in any locale: 422.
	if r := staffDo(t, s, http.MethodPost, "/en/staff/admin/pages/about", ck, url.Values{"version": {"1"}, "title.en": {"x"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("empty body: %d", r.status)
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/admin/pages/secrets", ck, form); r.status != http.StatusNotFound {
		t.Errorf("unknown page: %d", r.status)
	}
	if s := s.get(t, "/en/about"); strings.Contains(s.body, "Stale") {
		t.Error("stale save was written")
	}

	// The park's name.
	r = staffDo(t, s, http.MethodPost, "/en/staff/admin/pages/settings", ck, url.Values{"version": {"0"}, "park_name.en": {"Tabriz Technology Park"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("settings: %d\n%s", r.status, r.body)
	}
	home := s.get(t, "/en/")
	if !strings.Contains(home.body, "<span>Tabriz Technology Park</span>") || !strings.Contains(home.body, `og:site_name" content="Tabriz Technology Park"`) {
		t.Error("home does not show the new park name in the header and Open Graph")
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/admin/pages/settings", ck, url.Values{"version": {"1"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("settings without a name: %d", r.status)
	}
}
