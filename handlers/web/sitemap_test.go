package web_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"hubdir/handlers"
	"hubdir/i18n"
)

// testURLSet is a sitemap as the tests read it back.
type testURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			HrefLang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

// testIndex is a sitemap index as the tests read it back.
type testIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

// fetchSitemap gets /sitemap.xml (the index) of a service on the fixture,
// and every part it names; it returns the parts' URLs together and their
// bodies one after another.
func fetchSitemap(t *testing.T, header ...string) (testURLSet, string) {
	t.Helper()
	set, body, _ := fetchSitemapOf(t, discoveryServer(t, 0), header...)
	return set, body
}

// fetchSitemapOf reads the sitemap of srv: the parts' URLs together, their
// bodies and the number of URLs of each part.
func fetchSitemapOf(t *testing.T, srv *handlers.Server, header ...string) (testURLSet, string, []int) {
	t.Helper()
	res, body := get(t, srv, "/sitemap.xml", header...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var index testIndex
	if err := xml.Unmarshal([]byte(body), &index); err != nil {
		t.Fatalf("not a valid sitemap index: %v\n%.600s", err, body)
	}
	if len(index.Sitemaps) == 0 {
		t.Fatalf("the sitemap index names no part:\n%s", body)
	}
	var all testURLSet
	var bodies strings.Builder
	var sizes []int
	for i, sm := range index.Sitemaps {
		path, ok := strings.CutPrefix(sm.Loc, "http://hub.example.org")
		if want := fmt.Sprintf("/sitemap-%d.xml", i+1); !ok || path != want {
			t.Fatalf("part %d at %q, want %s", i+1, sm.Loc, want)
		}
		if _, err := time.Parse(time.RFC3339, sm.LastMod); err != nil {
			t.Errorf("%s: lastmod %q: %v", sm.Loc, sm.LastMod, err)
		}
		res, part := get(t, srv, path, header...)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/xml; charset=utf-8" {
			t.Fatalf("%s: status %d, Content-Type %q", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if len(part) > 50_000_000 {
			t.Errorf("%s: %d bytes, more than the protocol's 50 MB", path, len(part))
		}
		var set testURLSet
		if err := xml.Unmarshal([]byte(part), &set); err != nil {
			t.Fatalf("%s: not valid sitemap XML: %v\n%.600s", path, err, part)
		}
		all.URLs = append(all.URLs, set.URLs...)
		sizes = append(sizes, len(set.URLs))
		bodies.WriteString(part)
	}
	return all, bodies.String(), sizes
}

func TestSitemap(t *testing.T) {
	set, body := fetchSitemap(t)
	const base = "http://hub.example.org"

	// alternates maps each <loc> to its hreflang → href.
	alternates := map[string]map[string]string{}
	for _, u := range set.URLs {
		if _, dup := alternates[u.Loc]; dup {
			t.Errorf("%s listed twice", u.Loc)
		}
		m := map[string]string{}
		for _, l := range u.Links {
			if l.Rel != "alternate" {
				t.Errorf("%s: link rel %q", u.Loc, l.Rel)
			}
			m[l.HrefLang] = l.Href
		}
		alternates[u.Loc] = m
		if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
			t.Errorf("%s: lastmod %q: %v", u.Loc, u.LastMod, err)
		}
	}
	keys := func(m map[string]string) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}

	// Every public page in every locale; fixed pages have every locale as
	// an alternate.
	everyLocale := append(i18n.Codes(), "x-default")
	slices.Sort(everyLocale)
	for _, path := range []string{"/", "/hubs/TR", "/hubs/CN", "/needs", "/companies", "/agreements"} {
		for _, l := range i18n.Codes() {
			m, ok := alternates[base+"/"+l+path]
			if !ok {
				t.Errorf("%s%s missing", l, path)
				continue
			}
			if got := keys(m); !slices.Equal(got, everyLocale) {
				t.Errorf("%s%s: alternates %v, want %v", l, path, got, everyLocale)
			}
		}
	}
	if got := alternates[base+"/fa/"]["x-default"]; got != base+"/en/" {
		t.Errorf("home x-default %q, want the default locale's", got)
	}

	// Listings: alternates only for the locales with text, and x-default.
	for path, want := range map[string][]string{
		"/needs/" + refFaEn:               {"en", "fa", "x-default"},
		"/needs/" + refZhEn:               {"en", "x-default", "zh"},
		"/needs/" + refClosed:             {"en", "fa", "tr", "x-default", "zh"},
		"/companies/latin-only":           {"en", "x-default"},
		"/agreements/mou-tabriz-istanbul": {"en", "fa", "tr", "x-default"},
	} {
		for _, l := range i18n.Codes() {
			m, ok := alternates[base+"/"+l+path]
			if !ok {
				t.Errorf("%s%s missing", l, path)
				continue
			}
			if got := keys(m); !slices.Equal(got, want) {
				t.Errorf("%s%s: alternates %v, want %v", l, path, got, want)
			}
			if m["fa"] != "" && m["fa"] != base+"/fa"+path {
				t.Errorf("%s%s: fa alternate %q", l, path, m["fa"])
			}
		}
	}
	if got := alternates[base+"/fa/needs/"+refFaEn]["x-default"]; got != base+"/en/needs/"+refFaEn {
		t.Errorf("need x-default %q", got)
	}
	if want := fixtureNow.AddDate(0, 0, -2).Format(time.RFC3339); !strings.Contains(body,
		"<loc>"+base+"/zh/needs/"+refFaEn+"</loc>\n  <lastmod>"+want+"</lastmod>") {
		t.Errorf("need lastmod is not its UpdatedAt %s", want)
	}

	// Drafts and unpublished listings are absent.
	for _, hidden := range []string{refDraft, "hidden-co", "secret-mou"} {
		if strings.Contains(body, hidden) {
			t.Errorf("sitemap lists the non-public %s", hidden)
		}
	}
	if want := 4 * (6 + 3 + 1 + 1); len(set.URLs) != want {
		t.Errorf("%d URLs, want %d", len(set.URLs), want)
	}
	if !strings.Contains(body, `xmlns:xhtml="http://www.w3.org/1999/xhtml"`) || !strings.Contains(body, "<xhtml:link ") {
		t.Errorf("links do not use the xhtml: prefix:\n%.600s", body)
	}
}

// TestSitemapIndex: a catalog of more listings than one part holds is
// split into parts of at most 10,000 URLs (the protocol allows 50,000),
// every public listing appears exactly once (in each locale) across the
// parts, the index names every part, and a part past the last is not
// found. The parts are served gzipped to clients that ask, and a known
// ETag gets 304.
func TestSitemapIndex(t *testing.T) {
	const extra = 2600 // 4 locales: over 10,000 URLs
	srv := discoveryServer(t, extra)
	set, _, sizes := fetchSitemapOf(t, srv)
	if len(sizes) < 2 {
		t.Fatalf("%d part(s) for %d URLs", len(sizes), len(set.URLs))
	}
	for i, n := range sizes {
		if n > 10_000 || n == 0 {
			t.Errorf("part %d has %d URLs", i+1, n)
		}
	}
	seen := map[string]int{}
	for _, u := range set.URLs {
		seen[u.Loc]++
	}
	for loc, n := range seen {
		if n != 1 {
			t.Errorf("%s listed %d times", loc, n)
		}
	}
	want := 4 * (6 + 3 + 1 + 1 + extra)
	if len(set.URLs) != want || len(seen) != want {
		t.Errorf("%d URLs (%d distinct), want %d", len(set.URLs), len(seen), want)
	}
	for _, l := range i18n.Codes() {
		if seen["http://hub.example.org/"+l+"/needs/"+refFaEn] != 1 {
			t.Errorf("%s need %s missing", l, refFaEn)
		}
	}
	if res, _ := get(t, srv, fmt.Sprintf("/sitemap-%d.xml", len(sizes)+1)); res.StatusCode != http.StatusNotFound {
		t.Errorf("part past the last: %d", res.StatusCode)
	}
	for _, bad := range []string{"/sitemap-0.xml", "/sitemap-01.xml", "/sitemap-x.xml", "/sitemap--1.xml"} {
		if res, _ := get(t, srv, bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
	res, gz := get(t, srv, "/sitemap-1.xml", "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(gz, "\x1f\x8b") {
		t.Errorf("gzip asked: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	if res, _ := get(t, srv, "/sitemap-1.xml", "If-None-Match", res.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("known ETag: %d", res.StatusCode)
	}
}

func TestSitemapForgedHost(t *testing.T) {
	// The service trusts no proxy here, and Fiber then believes any
	// X-Forwarded-* header: only a plain host and http(s) get through.
	set, _ := fetchSitemap(t, "X-Forwarded-Host", `evil.example"><x y="`, "X-Forwarded-Proto", "javascript")
	for _, u := range set.URLs {
		if !strings.HasPrefix(u.Loc, "http://hub.example.org/") {
			t.Fatalf("loc %q", u.Loc)
		}
	}
}

func TestRobots(t *testing.T) {
	srv := discoveryServer(t, 0)
	res, body := get(t, srv, "/robots.txt")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	for _, want := range []string{
		"User-agent: *", "Allow: /", "Disallow: /api/", "Disallow: /*/staff/",
		"Sitemap: http://hub.example.org/sitemap.xml",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, body)
		}
	}
}
