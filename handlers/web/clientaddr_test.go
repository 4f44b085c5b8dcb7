package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// appTestPeer is the peer address of every request sent with app.Test: the
// stand-in for the reverse proxy in these tests.
const appTestPeer = "0.0.0.0"

// TestRateLimitsBehindAppendingProxy: behind a trusted proxy that appends
// the client's address to X-Forwarded-For, a client that sends its own
// X-Forwarded-For (a new address each time) is still counted as the
// address the proxy appended (the issue: the leftmost, client-chosen entry
// let 30/30 interests and 800/800 API calls through).
func TestRateLimitsBehindAppendingProxy(t *testing.T) {
	const limit = 3
	s := newSite(t, siteOptions{perMinute: limit, apiPerMinute: limit, trustedProxies: []string{appTestPeer, "10.0.0.0/8"}})
	open, _, _, _ := s.sampleRefs(t)
	cookie, token := s.formPage(t, "en", open)
	// The proxy chain: client-chosen entries, the real client, our proxies.
	xff := func(i int, client string) string {
		return fmt.Sprintf("6.6.%d.1, %s, 10.1.2.3", i, client)
	}
	for i := 0; i <= limit; i++ {
		form := validForm(fmt.Sprintf("proxy-%d@example.org", i))
		form.Set("_csrf", token)
		r := s.post(t, "/en/needs/"+open+"/interest", cookie, form, "X-Forwarded-For", xff(i, "203.0.113.7"))
		switch {
		case i < limit && r.status != http.StatusSeeOther:
			t.Fatalf("interest %d: status %d", i+1, r.status)
		case i == limit && r.status != http.StatusTooManyRequests:
			t.Errorf("interest %d from one client behind the proxy: %d, want 429", i+1, r.status)
		}
	}
	// Another client behind the same proxy has its own count.
	form := validForm("proxy-other@example.org")
	form.Set("_csrf", token)
	if r := s.post(t, "/en/needs/"+open+"/interest", cookie, form, "X-Forwarded-For", xff(99, "203.0.113.8")); r.status != http.StatusSeeOther {
		t.Errorf("another client's interest: %d, want 303", r.status)
	}

	for i := 0; i <= limit; i++ {
		r := s.get(t, "/api/v1/hubs", "X-Forwarded-For", xff(i, "198.51.100.7"))
		switch {
		case i < limit && r.status != http.StatusOK:
			t.Fatalf("API call %d: status %d", i+1, r.status)
		case i == limit && r.status != http.StatusTooManyRequests:
			t.Errorf("API call %d from one client behind the proxy: %d, want 429", i+1, r.status)
		}
	}
	// Several X-Forwarded-For headers are one list, in order.
	req := httptest.NewRequest(http.MethodGet, "/api/v1/hubs", nil)
	req.Header.Add("X-Forwarded-For", "6.6.200.1")
	req.Header.Add("X-Forwarded-For", "198.51.100.7, 10.9.9.9")
	if r := s.do(t, req); r.status != http.StatusTooManyRequests {
		t.Errorf("API call in two X-Forwarded-For headers: %d, want 429", r.status)
	}
}
