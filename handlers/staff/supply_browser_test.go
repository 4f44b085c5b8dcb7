package staff_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/handlers/servicetest"
)

// submittedPath matches the status page a proposal leads to.
var submittedPath = regexp.MustCompile(`/fa/offers/submitted/([A-Z]{2}-OF-[0-9]{2}-[0-9]{4,6})$`)

// TestBrowserSupplyFlow is issue 14's "done when" in headless Chromium: a
// firm proposes a testing-service offer in Persian; a staff member reviews
// and publishes it; a Chinese reader finds it by a standard code and a
// Chinese term, opens it (its Persian text marked as a fallback) and
// sends a testing request, which appears in the hub's inbox.
func TestBrowserSupplyFlow(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	axeJS := axeSource(t)
	email := "supply-editor@park.example"
	password := addStaff(t, srv, email, content.RoleEditor, "TR")

	// 1. The firm's proposal, in Persian.
	title := "آزمون خوردگی مه نمکی قطعات خودرو طبق ISO 9227"
	run(t, ctx, "open the proposal form",
		chromedp.Navigate(srv.URL+"/fa/offers/propose"),
		chromedp.WaitReady(`#propose form`, chromedp.ByQuery),
	)
	checkAxe(t, ctx, axeJS, "fa offers/propose")
	fill := `(() => {
		const f = document.querySelector("#propose form");
		const set = (sel, v) => { const e = f.querySelector(sel); if (!e) throw new Error("missing " + sel); e.value = v; };
		set("#f-kind", "testing");
		f.querySelector('input[name="hubs"][value="TR"]').checked = true;
		f.querySelector('#f-sectors option[value="automotive"]').selected = true;
		set("#f-title", ` + "`" + title + "`" + `);
		set("#f-summary", "آزمون خوردگی با محفظه مه نمکی ۱۰۰۰ لیتری و گزارش معتبر برای قطعه‌سازان.");
		set("#f-standards", "ISO 9227\nASTM B117");
		set("#f-org", "شرکت آزمون‌گستر تبریز");
		set("#f-org_country", "IR");
		set("#f-contact_name", "مریم رضایی");
		set("#f-email", "maryam@azmoon.example");
		f.querySelector("#f-consent").checked = true;
		return "ok";
	})()`
	var ok string
	run(t, ctx, "send the proposal",
		chromedp.Evaluate(fill, &ok),
		chromedp.Click(`#propose form button[type="submit"]`, chromedp.ByQuery),
		chromedp.WaitReady(`#review-status`, chromedp.ByQuery),
	)
	m := submittedPath.FindStringSubmatch(servicetest.Location(t, ctx).Path)
	if m == nil {
		t.Fatalf("after the proposal: at %s", servicetest.Location(t, ctx))
	}
	ref := m[1]
	if r, err := srv.Store.Offer(context.Background(), ref); err != nil || r.Status != content.NeedDraft || r.Submission == nil {
		t.Fatalf("the proposal is not a draft with its submitter: %+v %v", r, err)
	}

	// 2. A staff member reviews and publishes it.
	signInBrowser(t, ctx, srv, email, password)
	row := `//tr[.//span[contains(@class,"ref") and text()="` + ref + `"]]`
	run(t, ctx, "publish the proposal",
		chromedp.Navigate(srv.URL+"/fa/staff/offers"),
		chromedp.WaitReady(row+`//form[contains(@action,"/publish")]//button`, chromedp.BySearch),
		chromedp.Click(row+`//form[contains(@action,"/publish")]//button`, chromedp.BySearch),
		chromedp.WaitReady(row+`//form[contains(@action,"/close")]//button`, chromedp.BySearch),
	)

	// The hub's possible matches, in Persian and Chinese.
	for _, lang := range []string{"fa", "zh"} {
		run(t, ctx, lang+" possible matches",
			chromedp.Navigate(srv.URL+"/"+lang+"/staff/matches?hub=TR"),
			chromedp.WaitReady(`#matches`, chromedp.ByQuery),
		)
		checkAxe(t, ctx, axeJS, lang+" staff/matches")
	}

	// 3. A Chinese reader finds it by a standard code and a Chinese term.
	q := url.QueryEscape("ISO9227 检测")
	link := `a[href="/zh/offers/` + ref + `"]`
	run(t, ctx, "search in Chinese",
		chromedp.Navigate(srv.URL+"/zh/offers?q="+q),
		chromedp.WaitReady(link, chromedp.ByQuery),
		chromedp.Click(link, chromedp.ByQuery),
		chromedp.WaitReady(`#request form`, chromedp.ByQuery),
	)
	checkAxe(t, ctx, axeJS, "zh offer")
	if got := servicetest.EvalString(t, ctx, `document.querySelector("main h1 bdi").getAttribute("lang") + " " + document.querySelector("main h1 bdi").getAttribute("dir")`); got != "fa rtl" {
		t.Errorf("the Persian title on the Chinese page is marked %q, want fa rtl", got)
	}
	if n := servicetest.EvalString(t, ctx, `String(document.querySelectorAll(".fallback-notice").length)`); n == "0" {
		t.Error("the Chinese page does not say the text is in Persian")
	}

	// 4. The reader requests the testing service.
	form := `#request form `
	run(t, ctx, "send a testing request",
		chromedp.SetValue(form+`[name="what"]`, "十个汽车支架镀锌件的中性盐雾试验，要求720小时", chromedp.ByQuery),
		chromedp.SetValue(form+`[name="samples"]`, "10", chromedp.ByQuery),
		chromedp.SetValue(form+`[name="company_name"]`, "宁波汽车零部件有限公司", chromedp.ByQuery),
		chromedp.SetValue(form+`[name="country"]`, "CN", chromedp.ByQuery),
		chromedp.SetValue(form+`[name="contact_name"]`, "王芳", chromedp.ByQuery),
		chromedp.SendKeys(form+`[name="email"]`, "wang.fang@parts.example", chromedp.ByQuery),
		chromedp.Click(form+`input[name="consent"]`, chromedp.ByQuery),
		chromedp.Click(form+`button[type="submit"]`, chromedp.ByQuery),
		chromedp.WaitReady(`#request-ref`, chromedp.ByQuery),
	)
	eoi := servicetest.LatinDigits(servicetest.EvalString(t, ctx, `document.querySelector("#request-ref").textContent.trim()`))
	if !interestRefPattern.MatchString(eoi) {
		t.Fatalf("confirmation shows %q", eoi)
	}

	// 5. It appears in the hub's inbox, with its details.
	run(t, ctx, "the request in the inbox",
		chromedp.Navigate(srv.URL+"/fa/staff/inbox"),
		chromedp.WaitReady(`#testing-`+eoi, chromedp.ByQuery),
		chromedp.Navigate(srv.URL+"/fa/staff/inbox/"+eoi),
		chromedp.WaitReady(`#f-status`, chromedp.ByQuery),
	)
	if text := servicetest.EvalString(t, ctx, `document.querySelector("#testing-`+eoi+`").textContent`); !strings.Contains(text, "ISO 9227") || !strings.Contains(text, "盐雾") {
		t.Errorf("the inbox item lacks the request's details: %q", text)
	}
	i, err := srv.Store.Interest(context.Background(), eoi)
	if err != nil || i.Offer != ref || i.Hub != "TR" || i.Testing == nil || i.Testing.Samples != 10 || i.Lang != "zh" {
		t.Fatalf("stored request: %+v, %v", i, err)
	}
}
