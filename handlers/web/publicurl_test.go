package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// hostileHost is the Host a client sends to plant its own links.
const hostileHost = "evil.example"

// publicDocuments are the answers that carry absolute links: pages
// (canonical, og:url, alternates, JSON-LD), sitemap, feed and robots.txt.
func publicDocuments(t *testing.T, s *site) []string {
	t.Helper()
	open, _, _, _ := s.sampleRefs(t)
	company, agreement := s.firstSlugs(t)
	return []string{"/en/", "/fa/needs/" + open, "/zh/companies/" + company, "/en/agreements/" + agreement,
		"/en/needs", "/sitemap.xml", "/sitemap-1.xml", "/en/feed.atom", "/robots.txt", "/en/no-such-page"}
}

// getAs sends a GET with a hostile Host and proxy headers.
func getAs(t *testing.T, s *site, target string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = hostileHost
	req.Header.Set("X-Forwarded-Host", hostileHost)
	req.Header.Set("X-Forwarded-Proto", "https")
	return s.do(t, req)
}

// TestPublicLinksFromPublicURL: with HUBDIR_PUBLIC_URL set, no link
// follows the request's Host (the issue: canonical link, og:url, JSON-LD,
// sitemap, feed and robots.txt pointed to evil.example), also from behind
// a trusted proxy that passes the client's X-Forwarded-Host.
func TestPublicLinksFromPublicURL(t *testing.T) {
	s := newSite(t, siteOptions{publicURL: "https://hub.example.org", trustedProxies: []string{appTestPeer}})
	for _, path := range publicDocuments(t, s) {
		r := getAs(t, s, path)
		if r.status != http.StatusOK && r.status != http.StatusNotFound {
			t.Fatalf("%s: status %d", path, r.status)
		}
		if strings.Contains(r.body, hostileHost) {
			t.Errorf("%s links to the request's host:\n%.600s", path, r.body[strings.Index(r.body, hostileHost)-min(200, strings.Index(r.body, hostileHost)):])
		}
		if !strings.Contains(r.body, "https://hub.example.org/") {
			t.Errorf("%s has no link to the public URL", path)
		}
	}
	for _, path := range []string{"/sitemap.xml", "/sitemap-1.xml", "/en/feed.atom", "/robots.txt"} {
		if cc := getAs(t, s, path).header.Get("Cache-Control"); !strings.HasPrefix(cc, "public") {
			t.Errorf("%s: Cache-Control %q, want public caching", path, cc)
		}
	}
	page := getAs(t, s, "/en/")
	for _, want := range []string{`<link rel="canonical" href="https://hub.example.org/en/">`,
		`<meta property="og:url" content="https://hub.example.org/en/">`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
}

// TestPublicLinksFromRequestNotCachedPublicly: without HUBDIR_PUBLIC_URL
// the links follow the request (the only address known), and then no
// answer that carries them may be stored by a shared cache (the issue:
// sitemap, feed and robots.txt were "Cache-Control: public" without Vary).
func TestPublicLinksFromRequestNotCachedPublicly(t *testing.T) {
	s := newSite(t, siteOptions{})
	for _, path := range publicDocuments(t, s) {
		r := getAs(t, s, path)
		cc := r.header.Get("Cache-Control")
		if !strings.Contains(cc, "private") && !strings.Contains(cc, "no-store") || strings.Contains(cc, "public") {
			t.Errorf("%s: Cache-Control %q, want private/no-store", path, cc)
		}
		if path != "/en/no-such-page" && !strings.Contains(r.header.Get("Vary"), "Host") {
			t.Errorf("%s: Vary %q, want Host", path, r.header.Get("Vary"))
		}
	}
}
