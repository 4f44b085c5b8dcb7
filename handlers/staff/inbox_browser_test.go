package staff_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/sample"
	"hubdir/handlers/servicetest"
)

// TestBrowserInboxPager pages through an inbox of 120 interests in Persian
// and Chinese: the page navigation is there, in the page's digits, its
// next link leads to page 2, and axe finds no violation; it writes
// screenshots (HUBDIR_SCREENSHOTS).
func TestBrowserInboxPager(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	st, ok := srv.Store.(*mongo.Store)
	if !ok {
		t.Skipf("the store is a %T", srv.Store)
	}
	bg := context.Background()
	today := content.Today(time.Now(), time.UTC)
	var need *content.Need
	snap, err := st.Snapshot(bg)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range snap.Needs {
		if n.Hub == "TR" && n.OpenOn(today) {
			need = n
			break
		}
	}
	if need == nil {
		t.Fatal("no open TR need")
	}
	if err := st.SeedInterests(bg, sample.Interests(need, 120, 1, time.Now().UTC(), 1)); err != nil {
		t.Fatal(err)
	}
	email := "pager-admin@park.example"
	signInBrowser(t, ctx, srv, email, addStaff(t, srv, email, content.RoleAdmin))
	axeJS := axeSource(t)
	dir := screenshotDir(t)
	for _, lang := range []string{"fa", "zh"} {
		t.Run(lang, func(t *testing.T) {
			run(t, ctx, "open the inbox",
				chromedp.EmulateViewport(desktopWidth, desktopHeight),
				chromedp.Navigate(srv.URL+"/"+lang+"/staff/inbox"),
				chromedp.WaitReady(`nav.pager a[rel="next"]`, chromedp.ByQuery),
			)
			status := servicetest.EvalString(t, ctx, `document.querySelector("nav.pager .pager-status").textContent`)
			if lang == "fa" && !strings.ContainsAny(status, "۱۲۳") {
				t.Errorf("the Persian pager says %q, without Persian digits", status)
			}
			run(t, ctx, "next page",
				chromedp.Click(`nav.pager a[rel="next"]`, chromedp.ByQuery),
				chromedp.WaitReady(`nav.pager a[rel="prev"]`, chromedp.ByQuery),
			)
			current := servicetest.EvalString(t, ctx, `document.querySelector("nav.pager [aria-current=page]").textContent`)
			if servicetest.LatinDigits(current) != "2" {
				t.Errorf("after next: current page %q", current)
			}
			if n := servicetest.EvalString(t, ctx, `String(document.querySelector("ol.inbox").start)`); n != "51" {
				t.Errorf("page 2 numbers its interests from %s, want 51", n)
			}
			checkAxe(t, ctx, axeJS, lang+" inbox page 2")
			var png []byte
			run(t, ctx, "screenshot of the page navigation",
				chromedp.Evaluate(`document.fonts.ready.then(() => true)`, nil, servicetest.AwaitPromise),
				chromedp.ScrollIntoView(`nav.pager`, chromedp.ByQuery),
				chromedp.CaptureScreenshot(&png),
			)
			name := filepath.Join(dir, fmt.Sprintf("inbox-pager-%s.png", lang))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot %s", name)
		})
	}
}
