package main

import "testing"

// TestConfigPublicURL: HUBDIR_PUBLIC_URL is an absolute http(s) URL of the
// site's root; anything else stops the start.
func TestConfigPublicURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://hub.example.org":      "https://hub.example.org",
		"https://Hub.Example.org/":     "https://hub.example.org",
		"http://127.0.0.1:8080":        "http://127.0.0.1:8080",
		" https://[2001:db8::1]:8443/": "https://[2001:db8::1]:8443",
	} {
		cfg, err := configFromEnv(env(map[string]string{"HUBDIR_PUBLIC_URL": in}))
		if err != nil || cfg.PublicURL != want {
			t.Errorf("%q: %q, %v; want %q", in, cfg.PublicURL, err, want)
		}
	}
	for _, in := range []string{
		"hub.example.org", "//hub.example.org", "ftp://hub.example.org", "https://", "https://:443",
		"https://user:pw@hub.example.org", "https://hub.example.org/hubdir", "https://hub.example.org/?x=1",
		"https://hub.example.org/#top", "javascript:alert(1)", "https://hub.example.org%0d%0aX:1",
		"https://hub example.org",
	} {
		if cfg, err := configFromEnv(env(map[string]string{"HUBDIR_PUBLIC_URL": in})); err == nil {
			t.Errorf("%q accepted as %q", in, cfg.PublicURL)
		}
	}
	if cfg, _ := configFromEnv(env(nil)); cfg.PublicURL != "" {
		t.Errorf("unset: %q", cfg.PublicURL)
	}
}
