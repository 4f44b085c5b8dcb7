package web_test

// Browser tests: a headless Chromium against the real server. They skip
// when Chromium (or, for the accessibility test, axe-core) is not
// installed, unless HUBDIR_REQUIRE_BROWSER=1; see harness_test.go.
//
// Selectors they rely on (from the templates):
//
//	nav.main-nav a[href="/{lang}/needs"]          navigation to the needs list
//	form.filters input[name=hub][value=TR]        a hub filter checkbox
//	form.filters .filter-panel button[type=submit]  "apply filters"
//	.need-card:has(.status-published) .card-title a   an open need in the list
//	.active-filters                               shown on a filtered list
//	#interest form                                the register-interest form, with the
//	                                              fields company_name, country, contact_name,
//	                                              email, phone, offer, fit, proposal, consent
//	#interest-ref                                 the reference on the confirmation page
//	nav.lang a[hreflang=fa]                       the language switcher's link to Persian
//	main h1                                       the page heading
//

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/servicetest"
	"hubdir/i18n"
)

// interestRefPattern finds an interest reference in a page's text.
var interestRefPattern = regexp.MustCompile(`EOI-[0-9]{2}-[0-9]{5,7}`)

// hubOf is the hub each locale's walk filters by.
var hubOf = map[string]string{"fa": "CN", "zh": "CN", "en": "TR", "tr": "TR"}

// TestBrowserRegisterInterest walks, in every locale, from the home page
// to the needs list, filters it by a hub, opens an open need, registers
// interest through the form and reads the reference on the confirmation
// page; the staff API then lists that interest.
func TestBrowserRegisterInterest(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	token := srv.staffToken(t)

	for _, lang := range i18n.Codes() {
		t.Run(lang, func(t *testing.T) {
			hub := hubOf[lang]
			run(t, ctx, "open home",
				chromedp.Navigate(srv.URL+"/"+lang+"/"),
				chromedp.WaitReady(`main h1`, chromedp.ByQuery),
			)
			if got := servicetest.EvalString(t, ctx, `document.documentElement.lang`); got != lang {
				t.Fatalf("home: <html lang=%q>", got)
			}

			run(t, ctx, "go to the needs list",
				chromedp.Click(`nav.main-nav a[href="/`+lang+`/needs"]`, chromedp.ByQuery),
				chromedp.WaitReady(`form.filters`, chromedp.ByQuery),
			)
			wantPath(t, ctx, "/"+lang+"/needs")

			run(t, ctx, "filter by hub "+hub,
				chromedp.Click(`form.filters input[name="hub"][value="`+hub+`"]`, chromedp.ByQuery),
				chromedp.Click(`form.filters .filter-panel button[type="submit"]`, chromedp.ByQuery),
				chromedp.WaitReady(`.active-filters`, chromedp.ByQuery),
			)
			u := servicetest.Location(t, ctx)
			if got := u.Query()["hub"]; len(got) != 1 || got[0] != hub {
				t.Fatalf("filtered list at %s: hub=%v", u, got)
			}
			refs := servicetest.EvalStrings(t, ctx, `[...document.querySelectorAll(".need-card .ref")].map(e => e.textContent.trim())`)
			if len(refs) == 0 {
				t.Fatalf("no needs listed for hub %s", hub)
			}
			for _, r := range refs {
				if !strings.HasPrefix(servicetest.LatinDigits(r), hub+"-") {
					t.Errorf("hub %s filter lists %s", hub, r)
				}
			}

			run(t, ctx, "open an open need",
				chromedp.Click(`.need-card:has(.status-published) .card-title a`, chromedp.ByQuery),
				chromedp.WaitReady(`#interest form`, chromedp.ByQuery),
			)
			needPath := servicetest.Location(t, ctx).Path
			ref := needPath[strings.LastIndexByte(needPath, '/')+1:]
			if !strings.HasPrefix(needPath, "/"+lang+"/needs/"+hub+"-") {
				t.Fatalf("need page at %s", needPath)
			}

			email := fmt.Sprintf("browser-%s@example.org", lang)
			form := `#interest form `
			run(t, ctx, "fill the form",
				chromedp.SetValue(form+`[name="company_name"]`, "Tabriz Sensor Works "+lang, chromedp.ByQuery),
				chromedp.SetValue(form+`[name="country"]`, "IR", chromedp.ByQuery),
				chromedp.SetValue(form+`[name="contact_name"]`, "Sara Ahmadi", chromedp.ByQuery),
				chromedp.SendKeys(form+`[name="email"]`, email, chromedp.ByQuery),
				chromedp.SetValue(form+`[name="phone"]`, "+98 41 3333 4444", chromedp.ByQuery),
				chromedp.SetValue(form+`[name="offer"]`, "We build and calibrate industrial sensors for harsh sites.", chromedp.ByQuery),
				chromedp.SetValue(form+`[name="fit"]`, "Ten years of similar projects with two partner universities.", chromedp.ByQuery),
				chromedp.SetValue(form+`[name="proposal"]`, "A pilot within three months, then a licence agreement.", chromedp.ByQuery),
				chromedp.Click(form+`input[name="consent"]`, chromedp.ByQuery),
			)
			run(t, ctx, "submit the form",
				chromedp.Click(form+`button[type="submit"]`, chromedp.ByQuery),
				chromedp.WaitReady(`#interest-ref`, chromedp.ByQuery),
			)
			eoi := servicetest.LatinDigits(servicetest.EvalString(t, ctx, `document.querySelector("#interest-ref").textContent.trim()`))
			if !interestRefPattern.MatchString(eoi) {
				t.Fatalf("confirmation page at %s shows the reference %q", servicetest.Location(t, ctx), eoi)
			}

			var inbox struct {
				Items []content.Interest `json:"items"`
			}
			srv.getJSON(t, "/api/v1/interests?need="+url.QueryEscape(ref), token, &inbox)
			var found *content.Interest
			for i := range inbox.Items {
				if inbox.Items[i].Ref == eoi {
					found = &inbox.Items[i]
				}
			}
			switch {
			case found == nil:
				t.Fatalf("staff API does not list %s for %s (%d items)", eoi, ref, len(inbox.Items))
			case found.Email != email || found.Lang != lang || found.Need != ref || !found.Consent:
				t.Errorf("stored interest %+v", *found)
			}
		})
	}
}

// TestBrowserPersianRTL checks that the Persian pages are right to left,
// and render so: the heading's text hugs the right edge of the page's
// content box (and, in English, the left edge).
func TestBrowserPersianRTL(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	ref := openNeed(t, srv.Catalog, "TR")

	// edges returns how far (in px) the heading's text is from the left and
	// right edges of main's content box.
	const edges = `(() => {
		const h = document.querySelector("main h1"), m = document.querySelector("main");
		const r = document.createRange(); r.selectNodeContents(h);
		const t = r.getBoundingClientRect(), b = m.getBoundingClientRect(), s = getComputedStyle(m);
		return [t.left - (b.left + parseFloat(s.paddingLeft)), (b.right - parseFloat(s.paddingRight)) - t.right];
	})()`
	for _, path := range []string{"/", "/needs", "/needs/" + ref} {
		for _, lang := range []string{"fa", "en"} {
			run(t, ctx, "open "+lang+path,
				chromedp.Navigate(srv.URL+"/"+lang+path),
				chromedp.WaitReady(`main h1`, chromedp.ByQuery),
			)
			dir := servicetest.EvalString(t, ctx, `document.documentElement.dir + " " + getComputedStyle(document.querySelector("main")).direction`)
			var gap []float64
			run(t, ctx, "measure the heading", chromedp.Evaluate(edges, &gap))
			if len(gap) != 2 {
				t.Fatalf("%s%s: measure %v", lang, path, gap)
			}
			left, right := gap[0], gap[1]
			if lang == "fa" {
				if dir != "rtl rtl" {
					t.Errorf("fa%s: dir attribute and computed direction %q, want rtl", path, dir)
				}
				if right > 2 || left < right {
					t.Errorf("fa%s: heading text is %.0fpx from the left and %.0fpx from the right edge; want it on the right", path, left, right)
				}
			} else {
				if dir != "ltr ltr" {
					t.Errorf("en%s: direction %q, want ltr", path, dir)
				}
				if left > 2 || right < left {
					t.Errorf("en%s: heading text is %.0fpx from the left and %.0fpx from the right edge; want it on the left", path, left, right)
				}
			}
		}
	}
}

// TestBrowserLanguageSwitcher checks that the switcher leads to the same
// page in the other language, and that the choice is remembered for "/".
func TestBrowserLanguageSwitcher(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	ref := openNeed(t, srv.Catalog, "CN")

	run(t, ctx, "open the English need page",
		chromedp.Navigate(srv.URL+"/en/needs/"+ref),
		chromedp.WaitReady(`nav.lang a[hreflang="fa"]`, chromedp.ByQuery),
		chromedp.Click(`nav.lang a[hreflang="fa"]`, chromedp.ByQuery),
		chromedp.WaitReady(`html[lang="fa"] nav.lang a[hreflang="en"]`, chromedp.ByQuery),
	)
	wantPath(t, ctx, "/fa/needs/"+ref)
	if q := servicetest.Location(t, ctx).RawQuery; q != "" {
		t.Errorf("switched page keeps the query %q", q)
	}

	// With a query: the list keeps its filters.
	run(t, ctx, "switch a filtered list",
		chromedp.Navigate(srv.URL+"/fa/needs?hub=CN"),
		chromedp.WaitReady(`nav.lang a[hreflang="zh"]`, chromedp.ByQuery),
		chromedp.Click(`nav.lang a[hreflang="zh"]`, chromedp.ByQuery),
		chromedp.WaitReady(`html[lang="zh"] nav.lang a[hreflang="fa"]`, chromedp.ByQuery),
	)
	u := servicetest.Location(t, ctx)
	if u.Path != "/zh/needs" || u.Query().Get("hub") != "CN" {
		t.Errorf("switched list at %s, want /zh/needs?hub=CN", u)
	}

	// The choice is remembered: "/" now leads to Chinese.
	run(t, ctx, "open /",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitReady(`main`, chromedp.ByQuery),
	)
	wantPath(t, ctx, "/zh/")
}

// TestBrowserAccessibility runs axe-core on the home page, the needs list
// and a need page in every locale: no serious or critical violations.
func TestBrowserAccessibility(t *testing.T) {
	axeJS := axeSource(t)
	t.Parallel()
	ctx, srv := browserAndServer(t)
	ref := openNeed(t, srv.Catalog, "TR")

	for _, lang := range i18n.Codes() {
		for _, path := range []string{"/", "/needs", "/needs/" + ref} {
			page := "/" + lang + path
			run(t, ctx, "open "+page,
				chromedp.Navigate(srv.URL+page),
				chromedp.WaitReady(`main`, chromedp.ByQuery),
			)
			checkAxe(t, ctx, axeJS, page)
		}
	}
}

// TestBrowserScreenshots writes screenshots of a need page in Persian,
// Chinese and English at 1280 px, and in Persian at 360 px, for people to
// look at (HUBDIR_SCREENSHOTS keeps them). At 360 px the page must not
// scroll sideways.
func TestBrowserScreenshots(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	ref := openNeed(t, srv.Catalog, "CN")
	dir := screenshotDir(t)

	shots := []struct {
		lang          string
		width, height int64
	}{
		{"fa", desktopWidth, desktopHeight},
		{"zh", desktopWidth, desktopHeight},
		{"en", desktopWidth, desktopHeight},
		{"fa", mobileWidth, mobileHeight},
	}
	for _, s := range shots {
		var png []byte
		run(t, ctx, fmt.Sprintf("screenshot %s at %d px", s.lang, s.width),
			chromedp.EmulateViewport(s.width, s.height),
			chromedp.Navigate(srv.URL+"/"+s.lang+"/needs/"+ref),
			chromedp.WaitReady(`main h1`, chromedp.ByQuery),
			chromedp.Evaluate(`document.fonts.ready.then(() => true)`, nil, servicetest.AwaitPromise),
			chromedp.CaptureScreenshot(&png),
		)
		name := filepath.Join(dir, fmt.Sprintf("need-%s-%d.png", s.lang, s.width))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", name)
		if s.width == mobileWidth {
			var overflow float64
			run(t, ctx, "measure width", chromedp.Evaluate(
				`document.documentElement.scrollWidth - document.documentElement.clientWidth`, &overflow))
			if overflow > 0 {
				t.Errorf("%s at %d px scrolls sideways by %.0f px", s.lang, s.width, overflow)
			}
		}
	}
}

// openNeed returns the reference of the newest open need of hub.
func openNeed(t testing.TB, cat *catalog.Catalog, hub string) string {
	t.Helper()
	r := cat.Needs(catalog.NeedQuery{Hubs: []string{hub}, Statuses: []string{content.NeedPublished}, PerPage: 1})
	if len(r.Items) == 0 {
		t.Fatalf("the sample has no open need in hub %s", hub)
	}
	return r.Items[0].Ref
}

// wantPath fails the test unless the tab is at path.
func wantPath(t testing.TB, ctx context.Context, path string) {
	t.Helper()
	if u := servicetest.Location(t, ctx); u.Path != path {
		t.Fatalf("at %s, want %s", u, path)
	}
}

// TestBrowserSuggest types part of a Chinese title into the needs search
// box and waits for the suggestion list the script fills from the API.
func TestBrowserSuggest(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	run(t, ctx, "type into the search box",
		chromedp.Navigate(srv.URL+"/zh/needs"),
		chromedp.WaitReady(`#q[list="q-suggestions"]`, chromedp.ByQuery),
		chromedp.SendKeys(`#q`, "换电", chromedp.ByQuery),
		chromedp.WaitReady(`#q-suggestions option`, chromedp.ByQuery),
	)
	got := servicetest.EvalStrings(t, ctx, `[...document.querySelectorAll("#q-suggestions option")].map(o => o.value)`)
	if len(got) == 0 || !strings.Contains(strings.Join(got, " "), "换电") {
		t.Errorf("suggestions for 换电: %q", got)
	}
}
