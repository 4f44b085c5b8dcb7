package web_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestInterestFormLimitWritesNothing: the form's registrations over the
// limit (decided while the need is read) answer 429 and store nothing,
// whatever the form held: a valid one, one without its CSRF token, one
// that filled the honeypot.
func TestInterestFormLimitWritesNothing(t *testing.T) {
	const limit = 2
	s := newSite(t, siteOptions{perMinute: limit})
	open, _, _, _ := s.sampleRefs(t)
	cookie, token := s.formPage(t, "en", open)
	path := "/en/needs/" + open + "/interest"
	for i := range limit {
		form := validForm(fmt.Sprintf("within-%d@example.org", i))
		form.Set("_csrf", token)
		if r := s.post(t, path, cookie, form); r.status != http.StatusSeeOther {
			t.Fatalf("post %d within the limit: %d, want 303", i+1, r.status)
		}
	}
	stored := len(s.interests(t, open))
	valid := validForm("over@example.org")
	valid.Set("_csrf", token)
	noToken := validForm("over2@example.org")
	honeypot := validForm("over3@example.org")
	honeypot.Set("_csrf", token)
	honeypot.Set("website", "http://spam.example")
	for name, form := range map[string]map[string][]string{"valid": valid, "no CSRF token": noToken, "honeypot": honeypot} {
		r := s.post(t, path, cookie, form)
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" || r.header.Get("Location") != "" {
			t.Errorf("%s over the limit: %d (Location %q), want 429 with Retry-After", name, r.status, r.header.Get("Location"))
		}
	}
	if n := len(s.interests(t, open)); n != stored {
		t.Errorf("%d interests stored over the limit", n-stored)
	}
}
