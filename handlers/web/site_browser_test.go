package web_test

// Browser tests of issue 11 (the public site for a foreign company), in
// every locale. Selectors they rely on:
//
//	main h1 bdi[lang]                   a title shown in a fallback locale
//	.fallback-notice                    the sentence that says so
//	.need-action .cta a.button          the primary action beside the deadline
//	#interest form                      the register-interest form
//	a.filters-button .badge-count       the filter button (phones) and its count
//	#filter-panel                       the filters it opens
//	.chart svg rect                     the impact chart's bars
//	#f-consent + label a                the privacy notice from the consent box

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hubdir/content/catalog"
	"hubdir/handlers/servicetest"
	"hubdir/i18n"
)

// phoneWidth is the width the issue measures phones at.
const phoneWidth, phoneHeight = 375, 667

// TestBrowserFallbackTurkish opens, as a Turkish reader, a CN need that
// has no Turkish text but has English: the title, summary and details are
// English, marked with lang="en", the notice says so in Turkish, and the
// page's main text has no Persian.
func TestBrowserFallbackTurkish(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	var ref string
	for _, n := range srv.Catalog.Needs(catalog.NeedQuery{Hubs: []string{"CN"}, PerPage: catalog.MaxPerPage}).Items {
		_, tr := n.Title.In("tr")
		_, en := n.Title.In("en")
		_, fa := n.Title.In("fa")
		if !tr && en && fa {
			ref = n.Ref
			break
		}
	}
	if ref == "" {
		t.Fatal("the sample has no CN need with English and Persian but no Turkish")
	}
	run(t, ctx, "open the need in Turkish",
		chromedp.EmulateViewport(desktopWidth, desktopHeight),
		chromedp.Navigate(srv.URL+"/tr/needs/"+ref),
		chromedp.WaitReady(`main h1`, chromedp.ByQuery),
	)
	if got := servicetest.EvalString(t, ctx, `document.querySelector("main h1 bdi").getAttribute("lang")`); got != "en" {
		t.Errorf("title marked lang=%q, want en", got)
	}
	notice := servicetest.EvalString(t, ctx, `document.querySelector("main .fallback-notice").textContent`)
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	tr := b.Localizer("tr")
	if want := tr.T("web.fallback.notice", map[string]any{"Language": tr.T("locale.name.en")}); notice != want {
		t.Errorf("notice %q, want %q", notice, want)
	}
	langs := servicetest.EvalStrings(t, ctx, `[...document.querySelectorAll("main .prose")].map(e => e.getAttribute("lang") || "")`)
	for _, l := range langs {
		if l != "en" {
			t.Errorf("a text block of the need is in %q, not English", l)
		}
	}
	text := servicetest.EvalString(t, ctx, `document.querySelector("main").innerText`)
	for _, r := range text {
		if r >= 0x0600 && r <= 0x06FF {
			t.Fatalf("the Turkish page of %s shows Persian: %q…", ref, text[:min(len(text), 300)])
		}
	}
}

// TestBrowserPhone checks, at 375 px in every locale: the need page's
// primary action is within the first screen and one tap away from the
// form; the needs list hides its filters behind one button that shows the
// number of active filters and opens them; the new and changed pages have
// no serious or critical accessibility violation.
func TestBrowserPhone(t *testing.T) {
	axeJS := axeSource(t)
	t.Parallel()
	ctx, srv := browserAndServer(t)
	ref := openNeed(t, srv.Catalog, "CN")
	run(t, ctx, "phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight))
	for _, lang := range i18n.Codes() {
		t.Run(lang, func(t *testing.T) {
			run(t, ctx, "open a need",
				chromedp.Navigate(srv.URL+"/"+lang+"/needs/"+ref),
				chromedp.WaitReady(`.need-action .cta a.button`, chromedp.ByQuery),
			)
			var bottom, screen float64
			run(t, ctx, "measure the action",
				chromedp.Evaluate(`document.querySelector(".need-action .cta a.button").getBoundingClientRect().bottom`, &bottom),
				chromedp.Evaluate(`window.innerHeight`, &screen),
			)
			if bottom > screen || bottom <= 0 {
				t.Errorf("primary action ends at %.0f px, the first screen at %.0f px", bottom, screen)
			}
			checkAxe(t, ctx, axeJS, "/"+lang+"/needs/"+ref+" at 375 px")
			run(t, ctx, "tap the action",
				chromedp.Click(`.need-action .cta a.button`, chromedp.ByQuery),
				chromedp.WaitVisible(`#interest form #f-company_name`, chromedp.ByQuery),
			)
			var top float64
			run(t, ctx, "where the form is", chromedp.Evaluate(`document.querySelector("#interest").getBoundingClientRect().top`, &top))
			if top < -5 || top > screen/2 {
				t.Errorf("after one tap the form starts at %.0f px", top)
			}

			run(t, ctx, "open the filtered list",
				chromedp.Navigate(srv.URL+"/"+lang+"/needs?hub=CN&kind=testing"),
				chromedp.WaitVisible(`a.filters-button`, chromedp.ByQuery),
			)
			if got := servicetest.LatinDigits(servicetest.EvalString(t, ctx, `document.querySelector("a.filters-button .badge-count").textContent`)); got != "2" {
				t.Errorf("filter button count %q, want 2", got)
			}
			if shown := servicetest.EvalString(t, ctx, `getComputedStyle(document.querySelector("#filter-panel")).display`); shown != "none" {
				t.Errorf("filters shown before the button is tapped (display %s)", shown)
			}
			var firstCard float64
			run(t, ctx, "where the results start", chromedp.Evaluate(`document.querySelector(".need-card").getBoundingClientRect().top`, &firstCard))
			if firstCard > 2*screen {
				t.Errorf("first result at %.0f px", firstCard)
			}
			checkAxe(t, ctx, axeJS, "/"+lang+"/needs at 375 px")
			run(t, ctx, "tap the filter button",
				chromedp.Click(`a.filters-button`, chromedp.ByQuery),
				chromedp.WaitVisible(`#filter-panel input[name="hub"][value="CN"]`, chromedp.ByQuery),
			)
		})
	}
}

// TestBrowserSitePages opens About, Privacy, Contact, Terms and Impact in
// every locale at 1280 px: each is in its locale (or marked), the impact
// chart is drawn without script, the consent box links to the privacy
// notice, and axe finds no serious or critical violation.
func TestBrowserSitePages(t *testing.T) {
	axeJS := axeSource(t)
	t.Parallel()
	ctx, srv := browserAndServer(t)
	ref := openNeed(t, srv.Catalog, "TR")
	run(t, ctx, "desktop viewport", chromedp.EmulateViewport(desktopWidth, desktopHeight))
	for _, lang := range i18n.Codes() {
		t.Run(lang, func(t *testing.T) {
			for _, p := range []string{"about", "privacy", "contact", "terms", "impact"} {
				page := "/" + lang + "/" + p
				run(t, ctx, "open "+page,
					chromedp.Navigate(srv.URL+page),
					chromedp.WaitReady(`main h1`, chromedp.ByQuery),
				)
				if h1 := servicetest.EvalString(t, ctx, `document.querySelector("main h1").textContent`); strings.TrimSpace(h1) == "" {
					t.Errorf("%s: empty heading", page)
				}
				if got := servicetest.EvalString(t, ctx, `document.documentElement.lang`); got != lang {
					t.Errorf("%s: <html lang=%q>", page, got)
				}
				if cur := servicetest.EvalString(t, ctx, `(document.querySelector('.footer-nav a[aria-current="page"]') || {}).textContent || ""`); cur == "" {
					t.Errorf("%s: the footer does not mark the page", page)
				}
				checkAxe(t, ctx, axeJS, page)
			}
			bars := servicetest.EvalString(t, ctx, `String(document.querySelectorAll(".chart svg rect").length)`)
			if bars == "0" {
				t.Error("impact: no bars in the chart")
			}
			run(t, ctx, "open a need",
				chromedp.Navigate(srv.URL+"/"+lang+"/needs/"+ref),
				chromedp.WaitReady(`#f-consent`, chromedp.ByQuery),
			)
			href := servicetest.EvalString(t, ctx, `document.querySelector("label[for=f-consent] a").getAttribute("href")`)
			if href != "/"+lang+"/privacy" {
				t.Errorf("consent links to %q", href)
			}
		})
	}
}
