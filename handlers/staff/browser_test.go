package staff_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/handlers/servicetest"
)

// editPath matches the edit page a saved need leads to.
var editPath = regexp.MustCompile(`/staff/needs/([A-Z]{2}-[0-9]{2}-[0-9]{4,6})/edit$`)

// TestBrowserStaffFlow walks the staff workspace in headless Chromium, in
// Persian and in English: sign in, create a need in two locales, publish
// it, find it on the public site, register interest through the public
// form, mark the interest matched in the inbox, and export the inbox.
func TestBrowserStaffFlow(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	email := "flow-editor@park.example"
	password := addStaff(t, srv, email, content.RoleEditor, "TR")
	signInBrowser(t, ctx, srv, email, password)

	for _, lang := range []string{"fa", "en"} {
		t.Run(lang, func(t *testing.T) {
			title := map[string]string{
				"fa": fmt.Sprintf("سامانهٔ پایش لرزش توربین %s", lang),
				"en": fmt.Sprintf("Turbine vibration monitoring %s", lang),
			}
			deadline := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
			run(t, ctx, "open the new-need form",
				chromedp.Navigate(srv.URL+"/"+lang+"/staff/needs/new"),
				chromedp.WaitReady(`form.staff-edit`, chromedp.ByQuery),
			)
			if got := servicetest.EvalString(t, ctx, `document.documentElement.dir`); (lang == "fa") != (got == "rtl") {
				t.Errorf("%s workspace has dir=%q", lang, got)
			}
			fill := fmt.Sprintf(`(() => {
				const f = document.querySelector("form.staff-edit");
				const set = (sel, v) => { const e = f.querySelector(sel); if (!e) throw new Error("missing " + sel); e.value = v; };
				if (f.querySelector("#f-hub")) set("#f-hub", "TR");
				set("#f-kind", "technology");
				set("#f-country", "TR");
				set("#f-deadline", %q);
				f.querySelector('input[name="sectors"][value="energy-storage"]').checked = true;
				set("#f-title-fa", %q);
				set("#f-title-en", %q);
				return "ok";
			})()`, deadline, title["fa"], title["en"])
			var ok string
			run(t, ctx, "fill the form in two locales",
				chromedp.Evaluate(fill, &ok),
				chromedp.Click(`form.staff-edit button[name="action"][value="save"]`, chromedp.ByQuery),
				chromedp.WaitReady(`form[action$="/publish"] button`, chromedp.ByQuery),
			)
			m := editPath.FindStringSubmatch(servicetest.Location(t, ctx).Path)
			if m == nil {
				t.Fatalf("after saving: at %s", servicetest.Location(t, ctx))
			}
			ref := m[1]

			run(t, ctx, "publish",
				chromedp.Click(`form[action$="/publish"] button`, chromedp.ByQuery),
				chromedp.WaitReady(`form[action$="/close"] button`, chromedp.ByQuery),
			)

			run(t, ctx, "the need on the public site",
				chromedp.Navigate(srv.URL+"/"+lang+"/needs/"+ref),
				chromedp.WaitReady(`#interest form`, chromedp.ByQuery),
			)
			if h1 := servicetest.EvalString(t, ctx, `document.querySelector("main h1").textContent`); !strings.Contains(h1, title[lang]) {
				t.Errorf("public page heading %q, want %q", h1, title[lang])
			}

			firm := "Tabriz Vibration Lab " + lang
			form := `#interest form `
			run(t, ctx, "register interest",
				chromedp.SetValue(form+`[name="company_name"]`, firm, chromedp.ByQuery),
				chromedp.SetValue(form+`[name="country"]`, "IR", chromedp.ByQuery),
				chromedp.SetValue(form+`[name="contact_name"]`, "Reza Karimi", chromedp.ByQuery),
				chromedp.SendKeys(form+`[name="email"]`, "lab-"+lang+"@example.org", chromedp.ByQuery),
				chromedp.SetValue(form+`[name="offer"]`, "Vibration sensors and analysis software for turbines.", chromedp.ByQuery),
				chromedp.SetValue(form+`[name="fit"]`, "We monitor forty turbines at two power plants today.", chromedp.ByQuery),
				chromedp.SetValue(form+`[name="proposal"]`, "A three-month pilot on one turbine, then supply.", chromedp.ByQuery),
				chromedp.Click(form+`input[name="consent"]`, chromedp.ByQuery),
				chromedp.Click(form+`button[type="submit"]`, chromedp.ByQuery),
				chromedp.WaitReady(`#interest-ref`, chromedp.ByQuery),
			)
			eoi := servicetest.LatinDigits(servicetest.EvalString(t, ctx, `document.querySelector("#interest-ref").textContent.trim()`))
			if !interestRefPattern.MatchString(eoi) {
				t.Fatalf("confirmation shows %q", eoi)
			}

			run(t, ctx, "open the interest in the inbox",
				chromedp.Navigate(srv.URL+"/"+lang+"/staff/inbox/"+eoi),
				chromedp.WaitReady(`#f-status`, chromedp.ByQuery),
				chromedp.SetValue(`#f-status`, content.InterestMatched, chromedp.ByQuery),
			)
			// RunResponse waits for the navigation the click starts (the
			// post, then the redirect back to the interest).
			res, err := chromedp.RunResponse(ctx, chromedp.Click(`form[action$="/status"] button[type="submit"]`, chromedp.ByQuery))
			if err != nil || res == nil || res.Status != 200 {
				t.Fatalf("save the status: %v, %+v", err, res)
			}
			i, err := srv.Store.Interest(context.Background(), eoi)
			if err != nil || i.Status != content.InterestMatched || i.Need != ref {
				t.Fatalf("interest %s after marking it matched: %+v, %v", eoi, i, err)
			}

			var csv string
			run(t, ctx, "export the inbox",
				chromedp.Evaluate(`fetch("/`+lang+`/staff/inbox/export.csv").then(r => r.ok ? r.text() : "status " + r.status)`, &csv, servicetest.AwaitPromise),
			)
			if !strings.Contains(csv, eoi) || !strings.Contains(csv, firm) {
				t.Errorf("the inbox export lacks %s / %q:\n%.400s", eoi, firm, csv)
			}
		})
	}
}
