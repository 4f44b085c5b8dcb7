package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/content/notify"
	"hubdir/content/sample"
	"hubdir/handlers/servicetest"
)

// sampleMessages waits until the notifier has made the sample flows'
// messages (want of them) and returns them.
func sampleMessages(t *testing.T, e *mailEnv, want int) []*notify.Message {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		msgs, err := e.mail.Outbox.Messages(context.Background(), "", nil, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) >= want || time.Now().After(deadline) {
			return msgs
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSampleFlowsOutbox: the sample flows (as `hubdir serve` plays them
// on its first start) go through the workspace, and the notifier makes
// their messages from the events: a receipt to each of the four firms in
// its language, a notice to the hub's desk per interest, a status message
// for the contacted and the declined interest (the reason in Chinese),
// and an opt-in per alert sign-up. An admin who signs in sees every one
// on the outbox page; a desk sees its hub's only.
func TestSampleFlowsOutbox(t *testing.T) {
	e := newMailEnv(t, servicetest.Options{SampleFlows: true})
	ctx := context.Background()
	f := sample.SampleFlows()
	want := 2*len(f.Interests) + 2 + len(f.Alerts)
	msgs := sampleMessages(t, e, want)
	kinds := map[string][]*notify.Message{}
	for _, m := range msgs {
		kinds[m.Kind] = append(kinds[m.Kind], m)
		if !strings.HasSuffix(m.To, ".example.com") && !strings.HasSuffix(m.To, ".example.org") && !strings.HasSuffix(m.To, ".example.net") && !strings.HasSuffix(m.To, "@example.org") {
			t.Errorf("a sample message to %s, outside the reserved domains", m.To)
		}
	}
	if len(msgs) != want {
		t.Fatalf("%d messages, want %d: %v", len(msgs), want, kinds)
	}
	langs := map[string]bool{}
	for _, m := range kinds[notify.KindReceipt] {
		langs[m.Lang] = true
	}
	if len(kinds[notify.KindReceipt]) != 4 || !langs["fa"] || !langs["tr"] || !langs["zh"] || !langs["en"] {
		t.Errorf("receipts: %d in %v", len(kinds[notify.KindReceipt]), langs)
	}
	desks := map[string]int{}
	for _, m := range kinds[notify.KindStaffNew] {
		desks[m.To+"/"+m.Lang]++
	}
	if desks["tr-desk@example.org/fa"] != 2 || desks["cn-desk@example.org/zh"] != 2 {
		t.Errorf("desk notices %v", desks)
	}
	reason := servicetest.T(t, "zh", "decline.insufficient-capability")
	var declined, contacted bool
	for _, m := range kinds[notify.KindStatus] {
		declined = declined || m.Lang == "zh" && strings.Contains(m.Text, reason)
		contacted = contacted || m.Lang == "fa" && strings.Contains(m.Subject, servicetest.T(t, "fa", "status.interest.contacted"))
	}
	if len(kinds[notify.KindStatus]) != 2 || !declined || !contacted {
		t.Errorf("status messages: %d, declined in Chinese with the reason %v, contacted in Persian %v", len(kinds[notify.KindStatus]), declined, contacted)
	}
	if len(kinds[notify.KindAlertOptIn]) != 2 {
		t.Errorf("opt-in messages: %d", len(kinds[notify.KindAlertOptIn]))
	}
	subs, _ := e.mail.Subs.Subscriptions(ctx, "")
	confirmed := 0
	for _, s := range subs {
		if s.Confirmed {
			confirmed++
		}
	}
	if len(subs) != 2 || confirmed != 1 {
		t.Errorf("subscriptions %d, confirmed %d", len(subs), confirmed)
	}
	// The flows' writes are audited like staff's and the public's.
	entries, _ := e.Store.Audit(ctx, content.AuditFilter{By: "cn-desk@example.org"})
	if len(entries) != 1 || entries[0].Action != content.AuditStatus {
		t.Errorf("the CN desk's audit entries: %+v", entries)
	}

	servicetest.AddStaff(t, e.Store, "admin@park.example", "Admin", content.RoleAdmin)
	servicetest.AddStaff(t, e.Store, "tr@park.example", "Tara", content.RoleEditor, "TR")
	// TR's editor: two receipts, two desk notices, one status message.
	for who, n := range map[string]int{"admin@park.example": want, "tr@park.example": 5} {
		b := newBrowserish(t, e.URL)
		b.do("GET", "/en/staff/login", nil)
		if st, _, _ := b.post("/en/staff/login", url.Values{"email": {who}, "password": {servicetest.TestPassword}}); st != http.StatusSeeOther {
			t.Fatalf("sign in %s: %d", who, st)
		}
		st, _, body := b.do("GET", "/en/staff/outbox", nil)
		shown := 0
		for _, m := range msgs {
			if strings.Contains(body, `/en/staff/outbox/`+m.ID+`"`) {
				shown++
			}
		}
		if st != http.StatusOK || shown != n {
			t.Errorf("%s: outbox %d shows %d messages, want %d", who, st, shown, n)
		}
	}
}

// TestBrowserSampleOutbox: after the sample flows, an admin's outbox page
// in Persian and English lists their messages; axe checks both, and the
// screenshots are kept (HUBDIR_SCREENSHOTS).
func TestBrowserSampleOutbox(t *testing.T) {
	e := newMailEnv(t, servicetest.Options{SampleFlows: true})
	f := sample.SampleFlows()
	want := 2*len(f.Interests) + 2 + len(f.Alerts)
	if got := len(sampleMessages(t, e, want)); got != want {
		t.Fatalf("%d messages, want %d", got, want)
	}
	staff := servicetest.AddStaff(t, e.Store, "admin@park.example", "Admin", content.RoleAdmin)
	ctx := servicetest.NewBrowser(t)
	axe := servicetest.AxeSource(t)
	run := func(what string, actions ...chromedp.Action) { t.Helper(); servicetest.Run(t, ctx, what, actions...) }
	run("staff sign in",
		chromedp.Navigate(e.URL+"/en/staff/login"),
		chromedp.WaitReady(`input[name="email"]`, chromedp.ByQuery),
		chromedp.SetValue(`input[name="email"]`, staff.Email, chromedp.ByQuery),
		chromedp.SetValue(`input[name="password"]`, servicetest.TestPassword, chromedp.ByQuery),
		chromedp.Submit(`input[name="password"]`, chromedp.ByQuery),
		chromedp.WaitReady(`.staff-nav`, chromedp.ByQuery),
	)
	for _, lang := range []string{"fa", "en"} {
		run("open the outbox ("+lang+")",
			chromedp.Navigate(e.URL+"/"+lang+"/staff/outbox"),
			chromedp.WaitReady(`table.outbox`, chromedp.ByQuery),
		)
		if rows := servicetest.EvalString(t, ctx, `String(document.querySelectorAll("table.outbox tbody tr").length)`); rows != strconv.Itoa(want) {
			t.Errorf("%s: %s rows, want %d", lang, rows, want)
		}
		servicetest.CheckAxe(t, ctx, axe, lang+"/staff/outbox (sample)")
		if dir := servicetest.ScreenshotDir(t); dir != "" {
			var png []byte
			run("screenshot", chromedp.FullScreenshot(&png, 100))
			os.WriteFile(filepath.Join(dir, "outbox-sample-"+lang+".png"), png, 0o644)
		}
	}
}
