package staff_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// appTestPeer is the peer address of every request sent with app.Test: the
// stand-in for the reverse proxy in these tests.
const appTestPeer = "0.0.0.0"

// TestSignInAddressLockBehindAppendingProxy: a failed sign-in counts
// against the address the trusted proxy appended, not the one the client
// put in front of it.
func TestSignInAddressLockBehindAppendingProxy(t *testing.T) {
	s := newSite(t, siteOptions{trustedProxies: []string{appTestPeer}})
	csrf, token := loginPage(t, s, "en")
	form := url.Values{"_csrf": {token}, "email": {"nobody@park.example"}, "password": {"wrong password"}}
	req := httptest.NewRequest(http.MethodPost, "/en/staff/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "6.6.6.1, 203.0.113.7")
	req.AddCookie(csrf)
	if r := s.do(t, req); r.status != http.StatusUnauthorized {
		t.Fatalf("wrong password: status %d", r.status)
	}
	ctx := context.Background()
	for addr, want := range map[string]int{"203.0.113.7": 1, "6.6.6.1": 0, appTestPeer: 0} {
		st, err := s.store.LoginState(ctx, "addr:"+addr)
		if err != nil {
			t.Fatal(err)
		}
		if st.Failures != want {
			t.Errorf("failures counted for %s: %d, want %d", addr, st.Failures, want)
		}
	}
}
