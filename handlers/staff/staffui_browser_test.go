package staff_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/sample"
	"hubdir/handlers/servicetest"
)

// staffUIPages are the staff pages axe checks in every locale (paths
// under /{lang}/staff; "{eoi}" and "{need}" are filled in).
var staffUIPages = []string{
	"/", "/needs", "/needs/new", "/needs/{need}/edit", "/companies", "/companies/new",
	"/agreements", "/agreements/new", "/inbox", "/inbox/{eoi}", "/import", "/outcomes",
	"/admin/staff", "/admin/staff/ui-admin@park.example", "/admin/tokens", "/admin/audit",
}

// seedStaffUI gives the test server one interest in an open TR need, an
// admin signed in in the browser, and a status change (so the audit log
// has entries); it returns the interest's and the need's references.
func seedStaffUI(t *testing.T, ctx context.Context, srv *testServer) (eoi, need string) {
	t.Helper()
	st, ok := srv.Store.(*mongo.Store)
	if !ok {
		t.Skipf("the store is a %T", srv.Store)
	}
	bg := context.Background()
	snap, err := st.Snapshot(bg)
	if err != nil {
		t.Fatal(err)
	}
	today := content.Today(time.Now(), time.UTC)
	var n *content.Need
	for _, x := range snap.Needs {
		if x.Hub == "TR" && x.OpenOn(today) {
			n = x
			break
		}
	}
	if n == nil {
		t.Fatal("no open TR need")
	}
	is := sample.Interests(n, 1, 1, time.Now().UTC(), 7)
	is[0].Status = content.InterestNew
	if err := st.SeedInterests(bg, is); err != nil {
		t.Fatal(err)
	}
	email := "ui-admin@park.example"
	signInBrowser(t, ctx, srv, email, addStaff(t, srv, email, content.RoleAdmin))
	eoi = is[0].Ref
	run(t, ctx, "change the interest's status",
		chromedp.Navigate(srv.URL+"/en/staff/inbox/"+eoi),
		chromedp.WaitReady(`#f-status`, chromedp.ByQuery),
		chromedp.SetValue(`#f-status`, content.InterestContacted, chromedp.ByQuery),
		chromedp.SetValue(`#f-note`, "Call back on Monday", chromedp.ByQuery),
	)
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(`form[action$="/status"] button[type="submit"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	return eoi, n.Ref
}

// TestBrowserStaffPagesAxe opens every staff page in fa, zh, en and tr and
// finds no serious or critical axe violation.
func TestBrowserStaffPagesAxe(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	axeJS := axeSource(t)
	run(t, ctx, "sign-in page", chromedp.Navigate(srv.URL+"/fa/staff/login"), chromedp.WaitReady(`#password`, chromedp.ByQuery))
	eoi, need := seedStaffUI(t, ctx, srv)
	for _, lang := range []string{"fa", "zh", "en", "tr"} {
		for _, p := range staffUIPages {
			p = strings.NewReplacer("{eoi}", eoi, "{need}", need).Replace(p)
			run(t, ctx, "open "+lang+p,
				chromedp.Navigate(srv.URL+"/"+lang+"/staff"+p),
				chromedp.WaitReady(`main h1`, chromedp.ByQuery),
			)
			checkAxe(t, ctx, axeJS, lang+" staff"+p)
		}
	}
}

// TestBrowserStaffScreenshots takes full-page screenshots of the sign-in
// page, the interest detail, the dashboard, the audit log and the outcomes
// in fa and en at 1280 and 375 px (HUBDIR_SCREENSHOTS), and checks in
// Persian what a reader sees: the email next to its label, a reply link,
// a localised audit log in columns, reference codes on one line.
func TestBrowserStaffScreenshots(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	dir := screenshotDir(t)
	// shoot grows the viewport to the page's height and captures it
	// (chromedp.FullScreenshot shifts right-to-left pages that hold a
	// scrolling region), then restores the width w.
	shoot := func(t *testing.T, name string, w int64) {
		t.Helper()
		var png []byte
		var h int64
		run(t, ctx, "screenshot "+name,
			chromedp.Evaluate(`document.fonts.ready.then(() => document.documentElement.scrollHeight)`, &h, servicetest.AwaitPromise),
			chromedp.EmulateViewport(w, max(h, desktopHeight)),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				png, err = page.CaptureScreenshot().WithCaptureBeyondViewport(true).
					WithClip(&page.Viewport{X: 0, Y: 0, Width: float64(w), Height: float64(max(h, desktopHeight)), Scale: 1}).Do(ctx)
				return err
			}),
			chromedp.EmulateViewport(w, desktopHeight),
		)
		file := filepath.Join(dir, name+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", file)
	}
	for _, w := range []int64{desktopWidth, 375} {
		for _, lang := range []string{"fa", "en"} {
			run(t, ctx, "sign-in page", chromedp.EmulateViewport(w, desktopHeight),
				chromedp.Navigate(srv.URL+"/"+lang+"/staff/login"), chromedp.WaitReady(`#password`, chromedp.ByQuery))
			shoot(t, fmt.Sprintf("staff-login-%s-%d", lang, w), w)
			noOverflow(t, ctx, lang+" sign-in")
		}
	}
	eoi, _ := seedStaffUI(t, ctx, srv)
	pages := map[string]string{"interest": "/inbox/" + eoi, "dashboard": "/", "audit": "/admin/audit", "outcomes": "/outcomes"}
	for _, w := range []int64{desktopWidth, 375} {
		for _, lang := range []string{"fa", "en"} {
			for name, p := range pages {
				run(t, ctx, "open "+name, chromedp.EmulateViewport(w, desktopHeight),
					chromedp.Navigate(srv.URL+"/"+lang+"/staff"+p), chromedp.WaitReady(`main h1`, chromedp.ByQuery))
				noOverflow(t, ctx, lang+" "+name)
				shoot(t, fmt.Sprintf("staff-%s-%s-%d", name, lang, w), w)
			}
		}
	}
}

// noOverflow fails when the page is wider than the viewport (a page that
// scrolls sideways), naming the elements that stick out.
func noOverflow(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	wide := servicetest.EvalStrings(t, ctx, `(() => {
		const w = document.documentElement.clientWidth;
		const out = [];
		if (document.documentElement.scrollWidth > w + 1) out.push("page " + document.documentElement.scrollWidth);
		// An element inside a box that scrolls or clips sideways (the phone
		// navigation) does not widen the page.
		const clipped = (e) => {
			for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
				if (getComputedStyle(p).overflowX !== "visible") return true;
			}
			return false;
		};
		for (const e of document.querySelectorAll("body *")) {
			if (e.closest(".visually-hidden, .skip, .hp, thead") || clipped(e)) continue;
			const r = e.getBoundingClientRect();
			if ((r.right > w + 1 || r.left < -1) && out.length < 8) out.push(e.tagName + "." + e.className + " " + Math.round(r.left) + ".." + Math.round(r.right));
		}
		return out;
	})()`)
	if len(wide) > 0 {
		t.Errorf("%s is wider than the window: %s", page, strings.Join(wide, "; "))
	}
}
