package web_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"hubdir/handlers/servicetest"
)

// TestBrowserHomeSupplyFigures: the home and hub pages with the offers'
// and laboratories' figures pass axe in Persian and Chinese; screenshots
// of the home page's hub cards go to HUBDIR_SCREENSHOTS.
func TestBrowserHomeSupplyFigures(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	axeJS := axeSource(t)
	dir := screenshotDir(t)
	for _, lang := range []string{"fa", "zh"} {
		for _, p := range []string{"/", "/hubs/CN"} {
			run(t, ctx, "open "+lang+p, chromedp.EmulateViewport(servicetest.DesktopWidth, servicetest.DesktopHeight),
				chromedp.Navigate(srv.URL+"/"+lang+p), chromedp.WaitReady(`dl.figures`, chromedp.ByQuery))
			checkAxe(t, ctx, axeJS, lang+p)
		}
		run(t, ctx, "open "+lang+" home", chromedp.Navigate(srv.URL+"/"+lang+"/"), chromedp.WaitReady(`dl.figures`, chromedp.ByQuery))
		var png []byte
		var top float64
		run(t, ctx, "screenshot "+lang,
			chromedp.Evaluate(`document.fonts.ready.then(() => document.querySelector("dl.figures").closest("section").getBoundingClientRect().top + window.scrollY)`, &top, servicetest.AwaitPromise),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				png, err = page.CaptureScreenshot().WithCaptureBeyondViewport(true).
					WithClip(&page.Viewport{X: 0, Y: top, Width: float64(servicetest.DesktopWidth), Height: 900, Scale: 1}).Do(ctx)
				return err
			}))
		file := filepath.Join(dir, "home-figures-"+lang+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", file)
	}
}
