package web_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"hubdir/handlers/servicetest"
)

// TestBrowserSearchNotes renders the needs list with a partial answer, an
// expansion to other languages and a "did you mean" in Persian and
// Chinese, checks it with axe and writes screenshots (HUBDIR_SCREENSHOTS
// keeps them).
func TestBrowserSearchNotes(t *testing.T) {
	axeJS := servicetest.AxeSource(t)
	t.Parallel()
	ctx, srv := browserAndServer(t)
	dir := servicetest.ScreenshotDir(t)
	for _, s := range []struct{ lang, q string }{
		{"fa", "زعفران zzyzx"},
		{"zh", "safran pistacheo"},
	} {
		page := "/" + s.lang + "/needs?q=" + url.QueryEscape(s.q)
		var png []byte
		var notes int
		run(t, ctx, "search notes "+s.lang,
			chromedp.EmulateViewport(desktopWidth, desktopHeight),
			chromedp.Navigate(srv.URL+page),
			chromedp.WaitReady(`main h1`, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelectorAll(".search-note").length`, &notes),
			chromedp.Evaluate(`document.fonts.ready.then(() => true)`, nil, servicetest.AwaitPromise),
			chromedp.CaptureScreenshot(&png),
		)
		if notes == 0 {
			t.Errorf("%s: no search notes", page)
		}
		servicetest.CheckAxe(t, ctx, axeJS, page)
		name := filepath.Join(dir, fmt.Sprintf("search-notes-%s.png", s.lang))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", name)
	}
}
