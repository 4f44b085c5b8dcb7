package web_test

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

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

// fetchSitemap gets and parses /sitemap.xml.
func fetchSitemap(t *testing.T, header ...string) (testURLSet, string) {
	t.Helper()
	srv := discoveryServer(t, 0)
	res, body := get(t, srv, "/sitemap.xml", header...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var set testURLSet
	if err := xml.Unmarshal([]byte(body), &set); err != nil {
		t.Fatalf("not valid sitemap XML: %v\n%s", err, body)
	}
	return set, body
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
