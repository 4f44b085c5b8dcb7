package staff_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/handlers/servicetest"
)

// TestBrowserLabProfileForm: in Chromium, the laboratory profile on the
// company form passes axe in every locale (also with problems shown),
// "add a row" adds one row without script, a method typed without its
// standard code is refused with the message next to its input, and the
// corrected row saves. Full-page screenshots of the form in Persian and
// Chinese go to HUBDIR_SCREENSHOTS.
func TestBrowserLabProfileForm(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	axeJS := axeSource(t)
	dir := screenshotDir(t)
	email := "lab-ui@park.example"
	signInBrowser(t, ctx, srv, email, addStaff(t, srv, email, content.RoleEditor, "TR"))
	const path = "/staff/companies/gebze-ileri-malzeme-test-lab/edit"
	const methods = `document.querySelectorAll('input[name^="lab.methods."][name$=".standard"]').length`
	count := func(what string) int {
		var n int
		run(t, ctx, what, chromedp.Evaluate(methods, &n))
		return n
	}
	for _, lang := range []string{"fa", "zh", "en", "tr"} {
		run(t, ctx, "open "+lang, chromedp.EmulateViewport(desktopWidth, desktopHeight),
			chromedp.Navigate(srv.URL+"/"+lang+path), chromedp.WaitReady(`#lab-h`, chromedp.ByQuery))
		checkAxe(t, ctx, axeJS, lang+" lab profile form")
		if lang == "fa" || lang == "zh" {
			// The profile's first screens (the whole page is long).
			var png []byte
			var top float64
			run(t, ctx, "screenshot "+lang,
				chromedp.Evaluate(`document.fonts.ready.then(() => document.getElementById("lab").getBoundingClientRect().top + window.scrollY)`, &top, servicetest.AwaitPromise),
				chromedp.ActionFunc(func(ctx context.Context) error {
					var err error
					png, err = page.CaptureScreenshot().WithCaptureBeyondViewport(true).
						WithClip(&page.Viewport{X: 0, Y: top, Width: float64(desktopWidth), Height: 1600, Scale: 1}).Do(ctx)
					return err
				}))
			file := filepath.Join(dir, "staff-lab-form-"+lang+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot %s", file)
		}
	}

	// Add a row by posting the form (no script involved).
	run(t, ctx, "open en", chromedp.Navigate(srv.URL+"/en"+path), chromedp.WaitReady(`#lab-h`, chromedp.ByQuery))
	before := count("count rows")
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(`button[value="add-methods"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if after := count("count rows again"); after != before+1 {
		t.Fatalf("add a row: %d rows, then %d", before, after)
	}
	last := before // index of the new empty row
	name := func(k string) string { return `[name="lab.methods.` + strconv.Itoa(last) + `.` + k + `"]` }
	run(t, ctx, "type a method without its code",
		chromedp.SetValue(name("name.en"), "Flexural properties", chromedp.ByQuery))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(`#lab button[value="save"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	id := "f-lab-methods-" + strconv.Itoa(last) + "-standard"
	msg := servicetest.EvalString(t, ctx, `(document.getElementById("`+id+`-error") || {}).textContent || ""`)
	invalid := servicetest.EvalString(t, ctx, `document.getElementById("`+id+`").getAttribute("aria-invalid") || ""`)
	if msg == "" || invalid != "true" {
		t.Fatalf("no message next to the empty standard code (%q, aria-invalid %q)", msg, invalid)
	}
	checkAxe(t, ctx, axeJS, "en lab profile form with a problem")
	run(t, ctx, "type the code", chromedp.SetValue(`#`+id, "ISO 178", chromedp.ByQuery))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(`#lab button[value="save"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if loc := servicetest.Location(t, ctx); !strings.Contains(loc.RawQuery, "done=save") {
		t.Fatalf("after saving: %s", loc)
	}
	// The saved row, after the stored ones (the empty row before it is gone).
	if v := servicetest.EvalString(t, ctx, `document.querySelector('[name="lab.methods.`+strconv.Itoa(before-1)+`.standard"]').value`); v != "ISO 178" {
		t.Errorf("saved row shows %q", v)
	}
}
