package handlers_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/handlers/servicetest"
)

// TestBrowserMailLoop: a firm registers interest in Persian, follows the
// link of the receipt it received by mail, sees its interest on its own
// page; a staff status change shows there and arrives by mail. The pages
// pass axe-core's serious and critical checks, and screenshots of the
// firm's page in Persian and of the outbox are kept.
func TestBrowserMailLoop(t *testing.T) {
	e := newMailEnv(t, servicetest.Options{})
	staff := servicetest.AddStaff(t, e.Store, "tr@park.example", "Tara", content.RoleEditor, "TR")
	ctx := servicetest.NewBrowser(t)
	axe := servicetest.AxeSource(t)
	n := openNeedOf(t, e.Env, "TR")
	run := func(what string, actions ...chromedp.Action) { t.Helper(); servicetest.Run(t, ctx, what, actions...) }

	form := `#interest form `
	run("register interest in Persian",
		chromedp.Navigate(e.URL+"/fa/needs/"+n.Ref),
		chromedp.WaitReady(`#interest form`, chromedp.ByQuery),
		chromedp.SetValue(form+`[name="company_name"]`, "صنایع حسگر تبریز", chromedp.ByQuery),
		chromedp.SetValue(form+`[name="country"]`, "IR", chromedp.ByQuery),
		chromedp.SetValue(form+`[name="contact_name"]`, "سارا احمدی", chromedp.ByQuery),
		chromedp.SendKeys(form+`[name="email"]`, "sara@example.org", chromedp.ByQuery),
		chromedp.SetValue(form+`[name="offer"]`, "ما حسگرهای صنعتی برای محیط‌های سخت می‌سازیم و کالیبره می‌کنیم.", chromedp.ByQuery),
		chromedp.SetValue(form+`[name="fit"]`, "ده سال تجربهٔ پروژه‌های مشابه با دو دانشگاه همکار داریم.", chromedp.ByQuery),
		chromedp.SetValue(form+`[name="proposal"]`, "یک طرح آزمایشی در سه ماه و سپس قرارداد لیسانس.", chromedp.ByQuery),
		chromedp.Click(form+`input[name="consent"]`, chromedp.ByQuery),
		chromedp.Click(form+`button[type="submit"]`, chromedp.ByQuery),
		chromedp.WaitReady(`#interest-ref`, chromedp.ByQuery),
	)
	eoi := servicetest.LatinDigits(servicetest.EvalString(t, ctx, `document.querySelector("#interest-ref").textContent.trim()`))

	var receipt string
	for _, m := range waitMails(t, e, 2) {
		if m.To[0] == "sara@example.org" {
			receipt = m.Parts["text/plain"]
			if !strings.Contains(m.Parts["text/html"], `dir="rtl"`) || !strings.Contains(m.Subject, eoi) {
				t.Errorf("receipt: subject %q, html rtl %v", m.Subject, strings.Contains(m.Parts["text/html"], `dir="rtl"`))
			}
		}
	}
	link := linkIn(t, receipt)
	run("follow the receipt's link",
		chromedp.Navigate(e.URL+link),
		chromedp.WaitReady(`.mail-confirm button`, chromedp.ByQuery),
	)
	servicetest.CheckAxe(t, ctx, axe, "fa/my/open")
	run("open my page",
		chromedp.Click(`.mail-confirm button`, chromedp.ByQuery),
		chromedp.WaitReady(`.my-interest`, chromedp.ByQuery),
	)
	if got := servicetest.EvalString(t, ctx, `document.querySelector(".my-interest h2").textContent.trim()`); got != eoi {
		t.Fatalf("my page shows %q, want %s", got, eoi)
	}
	if got := servicetest.EvalString(t, ctx, `document.documentElement.dir`); got != "rtl" {
		t.Errorf("my page dir %q", got)
	}
	servicetest.CheckAxe(t, ctx, axe, "fa/my")
	if wide := servicetest.EvalString(t, ctx, `[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().left < 0 || e.getBoundingClientRect().right > document.documentElement.clientWidth).map(e => e.tagName + "." + e.className).join(" ")`); wide != "" {
		t.Errorf("my page: elements outside the viewport: %s", wide)
	}

	// Staff mark it contacted through the API (the inbox form calls the
	// same store write).
	tok := servicetest.Token(t, e.Store, "tr-api@park.example", content.RoleEditor, "TR")
	if st, out := apiPost(t, e.URL, "/api/v1/interests/"+eoi+"/status", tok, map[string]any{"version": 1, "status": "contacted"}); st != 200 {
		t.Fatalf("status change: %d %v", st, out)
	}
	contacted := servicetest.T(t, "fa", "status.interest.contacted")
	run("reload my page", chromedp.Reload(), chromedp.WaitReady(`.my-interest`, chromedp.ByQuery))
	if got := servicetest.EvalString(t, ctx, `document.querySelector(".my-interest .badge").textContent.trim()`); got != contacted {
		t.Errorf("my page status %q, want %q", got, contacted)
	}
	var statusMail string
	for _, m := range waitMails(t, e, 3) {
		if m.To[0] == "sara@example.org" && strings.Contains(m.Subject, contacted) {
			statusMail = m.Parts["text/plain"]
		}
	}
	if statusMail == "" {
		t.Fatal("no status mail")
	}
	if dir := servicetest.ScreenshotDir(t); dir != "" {
		var png []byte
		run("screenshot", chromedp.FullScreenshot(&png, 100))
		os.WriteFile(filepath.Join(dir, "my-fa.png"), png, 0o644)
	}

	// The staff outbox in Persian and Chinese.
	run("staff sign in",
		chromedp.Navigate(e.URL+"/fa/staff/login"),
		chromedp.WaitReady(`input[name="email"]`, chromedp.ByQuery),
		chromedp.SetValue(`input[name="email"]`, staff.Email, chromedp.ByQuery),
		chromedp.SetValue(`input[name="password"]`, servicetest.TestPassword, chromedp.ByQuery),
		chromedp.Submit(`input[name="password"]`, chromedp.ByQuery),
		chromedp.WaitReady(`.staff-nav`, chromedp.ByQuery),
	)
	for _, lang := range []string{"fa", "zh"} {
		run("open the outbox ("+lang+")",
			chromedp.Navigate(e.URL+"/"+lang+"/staff/outbox"),
			chromedp.WaitReady(`table.outbox`, chromedp.ByQuery),
		)
		servicetest.CheckAxe(t, ctx, axe, lang+"/staff/outbox")
		if dir := servicetest.ScreenshotDir(t); dir != "" {
			var png []byte
			run("screenshot", chromedp.FullScreenshot(&png, 100))
			os.WriteFile(filepath.Join(dir, "outbox-"+lang+".png"), png, 0o644)
		}
	}
}
