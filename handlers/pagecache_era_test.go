package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/handlers/page"
	"hubdir/handlers/servicetest"
)

// testClock is a clock that stands still unless the test moves it
// forward, so that no answer of the page cache expires (MaxAge) while a
// test runs on a slow machine.
type testClock struct {
	base time.Time
	off  atomic.Int64
}

func newTestClock() *testClock { return &testClock{base: time.Now()} }

func (c *testClock) now() time.Time          { return c.base.Add(time.Duration(c.off.Load())) }
func (c *testClock) advance(d time.Duration) { c.off.Add(int64(d)) }

// newEnvClock starts a service on clock, without rate limits.
func newEnvClock(t *testing.T, clock *testClock) *env {
	t.Helper()
	se := servicetest.Start(t, servicetest.Options{Now: clock.now})
	se.Listen(t)
	e := &env{t: t, srv: se.Server, base: se.URL, store: se.Store, catalog: se.Catalog, now: time.Now(), zone: se.Zone,
		settle: se.Service.Workspace.Settled}
	e.admin = e.staffToken("admin@park.example", content.RoleAdmin)
	e.tr = e.staffToken("tr-editor@park.example", content.RoleEditor, "TR")
	e.cn = e.staffToken("cn-editor@park.example", content.RoleEditor, "CN")
	return e
}

// cacheHits returns the page cache's hits and misses so far.
func (e *env) cacheHits() (hits, misses uint64) {
	hits, misses, _, _ = e.srv.PageCacheCounters()
	return hits, misses
}

// TestCachedPagesFollowSupplyWrites: after each kind of write of an offer
// (create, publish, update, close, delete) and of a laboratory (publish,
// update, unpublish), every cached page that shows it shows the new text
// at once.
func TestCachedPagesFollowSupplyWrites(t *testing.T) {
	e := newEnv(t, -1)
	adm := bearer(e.admin)

	offer := validOffer()
	offer["title"] = map[string]string{"en": "Cachetest offer alpha"}
	res := e.do("POST", "/api/v1/offers", offer, adm...)
	if res.Status != http.StatusCreated {
		t.Fatalf("create offer: %d %s", res.Status, res.Body)
	}
	ref := res.JSON(t)["ref"].(string)
	pages := pagesOf("/offers", "/offers?q=cachetest", "/offers/"+ref, "/offers/feed.atom")
	e.warmPages(pages)
	e.pagesShow("creating a draft offer", pages, "", "Cachetest offer")
	if res := e.do("POST", "/api/v1/offers/"+ref+"/publish", map[string]any{"version": 1}, adm...); res.Status != http.StatusOK {
		t.Fatalf("publish offer: %d %s", res.Status, res.Body)
	}
	e.pagesShow("publishing an offer", pages, "Cachetest offer alpha", "")
	e.warmPages(pages)
	if res := e.do("PATCH", "/api/v1/offers/"+ref, map[string]any{"version": 2, "title": map[string]string{"en": "Cachetest offer bravo"}}, adm...); res.Status != http.StatusOK {
		t.Fatalf("update offer: %d %s", res.Status, res.Body)
	}
	e.pagesShow("updating an offer", pages, "Cachetest offer bravo", "Cachetest offer alpha")
	e.warmPages(pages)
	if res := e.do("POST", "/api/v1/offers/"+ref+"/close", map[string]any{"version": 3}, adm...); res.Status != http.StatusOK {
		t.Fatalf("close offer: %d %s", res.Status, res.Body)
	}
	e.pagesShow("closing an offer", pagesOf("/offers/"+ref), "", `name="_csrf"`) // no request form on a closed offer
	e.warmPages(pages)
	if res := e.do("DELETE", "/api/v1/offers/"+ref, nil, append(adm, "If-Match", `"4"`)...); res.Status != http.StatusNoContent {
		t.Fatalf("delete offer: %d %s", res.Status, res.Body)
	}
	e.pagesShow("deleting an offer", pages, "", "Cachetest offer")

	// A laboratory is a company of kind laboratory: its own list and page.
	lab := map[string]any{
		"slug": "cachetest-lab", "kind": "laboratory", "country": "TR", "hubs": []string{"TR"},
		"name": map[string]string{"en": "Cachetest Lab Alpha"}, "sectors": []string{"electronics"},
	}
	labPages := pagesOf("/labs", "/labs/cachetest-lab")
	e.warmPages(labPages)
	if res := e.do("POST", "/api/v1/companies", lab, adm...); res.Status != http.StatusCreated {
		t.Fatalf("create lab: %d %s", res.Status, res.Body)
	}
	e.pagesShow("creating a lab", labPages, "", "Cachetest Lab")
	if res := e.do("POST", "/api/v1/companies/cachetest-lab/publish", nil, append(adm, "If-Match", `"1"`)...); res.Status != http.StatusOK {
		t.Fatalf("publish lab: %d %s", res.Status, res.Body)
	}
	e.pagesShow("publishing a lab", labPages, "Cachetest Lab Alpha", "")
	e.warmPages(labPages)
	if res := e.do("PATCH", "/api/v1/companies/cachetest-lab", map[string]any{"version": 2, "name": map[string]string{"en": "Cachetest Lab Bravo"}}, adm...); res.Status != http.StatusOK {
		t.Fatalf("update lab: %d %s", res.Status, res.Body)
	}
	e.pagesShow("updating a lab", labPages, "Cachetest Lab Bravo", "Cachetest Lab Alpha")
	e.warmPages(labPages)
	if res := e.do("POST", "/api/v1/companies/cachetest-lab/unpublish", nil, append(adm, "If-Match", `"3"`)...); res.Status != http.StatusOK {
		t.Fatalf("unpublish lab: %d %s", res.Status, res.Body)
	}
	e.pagesShow("unpublishing a lab", labPages, "", "Cachetest Lab")
}

// TestCachedPagesFollowSiteWrites: an administrator's save of a platform
// page or of the settings (the park's name is in every page's header) is
// on every cached page at once on this instance, and a save by another
// instance within the 2 s bound (the clock is moved, nothing sleeps).
func TestCachedPagesFollowSiteWrites(t *testing.T) {
	clock := newTestClock()
	e := newEnvClock(t, clock)
	ref := e.publicNeed("TR").Ref
	pages := pagesOf("/", "/needs", "/needs/"+ref, "/hubs/TR", "/offers", "/labs", "/impact", "/about")

	b := newBrowserish(t, e.base)
	b.do("GET", "/en/staff/login", nil)
	if st, _, _ := b.post("/en/staff/login", url.Values{"email": {"admin@park.example"}, "password": {servicetest.TestPassword}}); st != http.StatusSeeOther {
		t.Fatalf("sign in: %d", st)
	}

	e.warmPages(pages)
	form := url.Values{"version": {"0"}, "title.en": {"Cachetest about alpha"}, "body.en": {"Who we are."}}
	if st, _, body := b.post("/en/staff/admin/pages/about", form); st != http.StatusSeeOther {
		t.Fatalf("save about: %d %s", st, body)
	}
	e.pagesShow("saving a platform page", pagesOf("/about"), "Cachetest about alpha", "")

	e.warmPages(pages)
	if st, _, body := b.post("/en/staff/admin/pages/settings", url.Values{"version": {"0"}, "park_name.en": {"Cachetest Park Alpha"}, "park_name.fa": {"Cachetest Park Alpha"}}); st != http.StatusSeeOther {
		t.Fatalf("save settings: %d %s", st, body)
	}
	e.pagesShow("saving the settings", pages, "Cachetest Park Alpha", "")

	// Another instance's saves: written to the store with no request of
	// this process; shown once the 2 s bound has passed.
	e.warmPages(pages)
	ctx := context.Background()
	if _, err := e.store.PutSiteSettings(ctx, &content.SiteSettings{ParkName: content.Text{"en": "Cachetest Park Bravo", "fa": "Cachetest Park Bravo"}}, 1, "other@park.example"); err != nil {
		t.Fatalf("save settings in the store: %v", err)
	}
	if _, err := e.store.PutSitePage(ctx, &content.SitePage{ID: content.PageAbout, Title: content.Text{"en": "Cachetest about bravo"}, Body: content.Text{"en": "Who we are."}}, 1, "other@park.example"); err != nil {
		t.Fatalf("save about in the store: %v", err)
	}
	clock.advance(2100 * time.Millisecond)
	e.pagesShow("another instance's settings", pages, "Cachetest Park Bravo", "Cachetest Park Alpha")
	e.pagesShow("another instance's page", pagesOf("/about"), "Cachetest about bravo", "Cachetest about alpha")
}

// impactRow returns the interests and matched figures of hub's row on the
// English impact page.
func impactRow(t *testing.T, body, hub string) (interests, matched string) {
	t.Helper()
	re := regexp.MustCompile(`href="/en/hubs/` + hub + `">.*?</th><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no row of %s on the impact page", hub)
	}
	return m[1], m[2]
}

// interestFigures returns hub's interests and matched counts in the store.
func (e *env) interestFigures(hub string) (interests, matched string) {
	e.t.Helper()
	tallies, err := e.store.InterestTallies(context.Background(), []string{hub})
	if err != nil {
		e.t.Fatal(err)
	}
	var n, m int
	for _, t := range tallies {
		n += t.Total
		m += t.ByStatus[content.InterestMatched]
	}
	return fmt.Sprint(n), fmt.Sprint(m)
}

// TestInterestKeepsPagesCached: a registration of interest (through the
// API and the page's form), a testing request and an interest's status
// change show on no cached listing page, so those pages stay cache hits
// (the page cache's hit counter, no timing); the impact page, which
// counts interests, shows them once its counts are renewed (impactTTL,
// the clock is moved).
func TestInterestKeepsPagesCached(t *testing.T) {
	clock := newTestClock()
	e := newEnvClock(t, clock)
	need := e.publicNeed("TR")
	pages := pagesOf("/", "/needs", "/needs/"+need.Ref, "/hubs/TR", "/offers", "/companies")
	impact := "/en/impact"
	offer := e.newOffer(true) // a catalog write: before the pages are kept
	e.warmPages(append(pages, impact))
	before, _ := impactRow(t, string(e.do("GET", impact, nil).Body), "TR")

	res := e.do("POST", "/api/v1/needs/"+need.Ref+"/interests", validInterest("cachetest-api@example.org"))
	if res.Status != http.StatusCreated {
		t.Fatalf("register through the API: %d %s", res.Status, res.Body)
	}
	eoi := res.JSON(t)["ref"].(string)
	b := newBrowserish(t, e.base)
	b.do("GET", "/en/needs/"+need.Ref, nil)
	form := url.Values{
		"company_name": {"Cachetest Form Co"}, "registration": {"1234567"}, "country": {"IR"},
		"contact_name": {"Sara Ahmadi"}, "email": {"cachetest-form@example.org"}, "phone": {"+98 41 3333 4444"},
		"offer":    {"We build industrial vision systems for quality control."},
		"fit":      {"Our products have run on three production lines since 2021."},
		"proposal": {"A pilot installation followed by a licence agreement."},
		"consent":  {"1"}, "lang": {"en"},
	}
	if st, _, body := b.post("/en/needs/"+need.Ref+"/interest", form); st != http.StatusSeeOther {
		t.Fatalf("register through the form: %d %.400s", st, body)
	}
	if res := e.do("POST", "/api/v1/offers/"+offer+"/requests", map[string]any{
		"company": map[string]any{"name": "Meter Co", "country": "CN"}, "contact_name": "Li Wei",
		"email": "li@meter.example", "what": "Radiated immunity of three boards", "samples": 3, "consent": true,
	}); res.Status != http.StatusCreated {
		t.Fatalf("testing request: %d %s", res.Status, res.Body)
	}
	if res := e.do("POST", "/api/v1/interests/"+eoi+"/status", map[string]any{"version": 1, "status": "matched"}, bearer(e.tr)...); res.Status != http.StatusOK {
		t.Fatalf("status change: %d %s", res.Status, res.Body)
	}

	hits, misses := e.cacheHits()
	for _, p := range pages {
		if res := e.do("GET", p, nil); res.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", p, res.Status)
		}
	}
	if h, m := e.cacheHits(); h-hits != uint64(len(pages)) || m != misses {
		t.Errorf("after registrations, a testing request and a status change: %d of %d pages were cache hits, %d misses",
			h-hits, len(pages), m-misses)
	}

	// The impact page counts interests every impactTTL (a minute).
	wantN, wantM := e.interestFigures("TR")
	if wantN == before {
		t.Fatalf("the registrations did not change the TR count (%s)", wantN)
	}
	clock.advance(61 * time.Second)
	n, m := impactRow(t, string(e.do("GET", impact, nil).Body), "TR")
	if n != wantN || m != wantM {
		t.Errorf("impact page after its counts were renewed: interests %s matched %s, want %s, %s", n, m, wantN, wantM)
	}
	if again, _ := impactRow(t, string(e.do("GET", impact, nil).Body), "TR"); again != wantN {
		t.Errorf("impact page served again: interests %s, want %s", again, wantN)
	}
}

// TestCachedFormsCarryOwnToken: every public page with a form, served from
// the page cache, carries the visitor's own CSRF token (a hole), never the
// token of the visitor whose request rendered it (the testing-request,
// proposal and alert forms once put the first visitor's token in the
// cached page, so that every later visitor's post failed the check).
func TestCachedFormsCarryOwnToken(t *testing.T) {
	e := newEnv(t, -1)
	offer := e.newOffer(true)
	tokenRe := regexp.MustCompile(`name="_csrf" value="([^"]*)"`)
	one, two := strings.Repeat("a", page.TokenLen), strings.Repeat("b", page.TokenLen)
	for _, p := range []string{
		"/en/needs/" + e.publicNeed("TR").Ref, "/en/offers/" + offer, "/en/labs/azarbaijan-emc-lab",
		"/en/offers/propose", "/en/labs/propose",
	} {
		for i, visitor := range []string{one, two, one} {
			res := e.do("GET", p, nil, "Cookie", "hubdir_csrf="+visitor)
			m := tokenRe.FindAllStringSubmatch(string(res.Body), -1)
			if res.Status != http.StatusOK || len(m) == 0 {
				t.Fatalf("GET %s: %d, %d forms", p, res.Status, len(m))
			}
			for _, f := range m {
				if f[1] != visitor {
					t.Errorf("GET %s (visitor %d): form token %q, want the visitor's own", p, i, f[1])
				}
			}
		}
	}
}
