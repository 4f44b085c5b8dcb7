package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/notify/smtptest"
	"hubdir/handlers/servicetest"
)

// waitSent delivers what is due until a mail to addr arrives (or 20 s
// pass) and returns the mails to addr received so far.
func waitSent(t *testing.T, e *mailEnv, addr string, want int) []*smtptest.Mail {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		e.send(t)
		var out []*smtptest.Mail
		for _, m := range e.smtp.Mails() {
			if m.To[0] == addr {
				out = append(out, m)
			}
		}
		if len(out) >= want || time.Now().After(deadline) {
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSubmissionOutcomeMail: whoever proposed an offer or a laboratory
// profile through the public form is told the outcome of the review by
// mail, in the language they used (received over SMTP by the in-process
// server): published, with a link to the listing that works; not
// accepted (an offer archived, a laboratory deleted before it was ever
// published), with a link to propose again. Persian is right-to-left with
// a Jalali date in Persian digits. Each outcome is told once: publishing
// is told once, and taking a published offer down later is no "decline".
// Erasing the submitter's data erases those messages.
func TestSubmissionOutcomeMail(t *testing.T) {
	e := newMailEnv(t, servicetest.Options{})
	ctx := context.Background()
	ws := e.Service.Workspace
	admin := servicetest.AddStaff(t, e.Store, "admin@park.example", "Admin", content.RoleAdmin)
	submitter := func(email, lang string) content.SubmitterInput {
		return content.SubmitterInput{Org: "Tabriz Test Co", Country: "IR", ContactName: "مریم رضایی", Email: email, Consent: true, Lang: lang}
	}
	fa, err := ws.SubmitOffer(ctx, content.ChannelPublic, &content.OfferSubmission{Offer: content.OfferInput{
		Hubs: []string{"TR"}, Kind: "testing", Sectors: []string{"automotive"},
		Title: content.Text{"fa": "آزمون مه نمکی طبق ISO 9227"}, Standards: []string{"ISO 9227"},
	}, Submitter: submitter("maryam@example.org", "fa")})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ws.SubmitOffer(ctx, content.ChannelPublic, &content.OfferSubmission{Offer: content.OfferInput{
		Hubs: []string{"TR"}, Kind: "technology", Sectors: []string{"machinery"},
		Title: content.Text{"tr": "Endüstriyel robotlar için kalibrasyon yazılımı"},
	}, Submitter: submitter("kaya@example.org", "tr")})
	if err != nil {
		t.Fatal(err)
	}
	lab, err := ws.SubmitLab(ctx, content.ChannelPublic, &content.LabSubmission{Company: content.CompanyInput{
		Name: content.Text{"zh": "乌尔米耶土壤实验室"}, Country: "IR", Hubs: []string{"CN"},
		Lab: &content.LabProfile{Methods: []content.TestMethod{{Standard: "ISO 11272"}}},
	}, Submitter: submitter("wang@example.org", "zh")})
	if err != nil {
		t.Fatal(err)
	}
	// Nothing is told on submission (the page says it), only outcomes.
	time.Sleep(500 * time.Millisecond)
	if got := waitSent(t, e, "maryam@example.org", 0); len(got) != 0 {
		t.Fatalf("%d mails before any review", len(got))
	}

	// Published, in Persian.
	o, err := ws.TransitionOffer(ctx, admin, content.ChannelWeb, fa.Ref, content.Publish, fa.Version)
	if err != nil {
		t.Fatal(err)
	}
	got := waitSent(t, e, "maryam@example.org", 1)
	if len(got) != 1 {
		t.Fatalf("%d mails to the Persian submitter, want 1", len(got))
	}
	m := got[0]
	html, text := m.Parts["text/html"], m.Parts["text/plain"]
	if m.Header.Get("Content-Language") != "fa" || !strings.Contains(html, `dir="rtl"`) || text == "" {
		t.Errorf("Persian mail: language %q, rtl %v, text part %d bytes", m.Header.Get("Content-Language"), strings.Contains(html, `dir="rtl"`), len(text))
	}
	if !strings.Contains(m.Subject, "آزمون مه نمکی") || !strings.Contains(m.Subject, "منتشر شد") {
		t.Errorf("subject %q", m.Subject)
	}
	if !strings.ContainsAny(text, "۰۱۲۳۴۵۶۷۸۹") || !strings.Contains(text, "۱۴۰") {
		t.Errorf("no Jalali date in Persian digits in:\n%s", text)
	}
	link := e.URL + "/fa/offers/" + o.Ref
	if !strings.Contains(text, link) || !strings.Contains(html, `href="`+link+`"`) {
		t.Fatalf("no link to the published offer %s in:\n%s", link, text)
	}
	if res, err := http.Get(link); err != nil || res.StatusCode != 200 {
		t.Errorf("the link to the published offer: %v %v", res.StatusCode, err)
	}

	// Taken down later (archived): no "declined" after a publication; and
	// the publication is told once.
	if _, err := ws.TransitionOffer(ctx, admin, content.ChannelWeb, o.Ref, content.Archive, o.Version); err != nil {
		t.Fatal(err)
	}

	// Not accepted: the Turkish offer archived as a draft, the Chinese
	// laboratory deleted.
	if _, err := ws.TransitionOffer(ctx, admin, content.ChannelWeb, tr.Ref, content.Archive, tr.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.DeleteCompany(ctx, admin, content.ChannelWeb, lab.Slug, lab.Version); err != nil {
		t.Fatal(err)
	}
	for addr, lang := range map[string]string{"kaya@example.org": "tr", "wang@example.org": "zh"} {
		got := waitSent(t, e, addr, 1)
		if len(got) != 1 {
			t.Fatalf("%s: %d mails, want 1", addr, len(got))
		}
		m := got[0]
		if m.Header.Get("Content-Language") != lang || !strings.Contains(m.Parts["text/html"], `dir="ltr"`) ||
			!strings.Contains(m.Parts["text/plain"], servicetest.T(t, lang, "mail2.submission.declined.next")) {
			t.Errorf("%s: language %q, text:\n%s", addr, m.Header.Get("Content-Language"), m.Parts["text/plain"])
		}
		section := "offers"
		if lang == "zh" {
			section = "labs"
		}
		again := e.URL + "/" + lang + "/" + section + "/propose"
		if !strings.Contains(m.Parts["text/plain"], again) {
			t.Errorf("%s: no link to propose again (%s)", addr, again)
		} else if res, err := http.Get(again); err != nil || res.StatusCode != 200 {
			t.Errorf("%s: the link to propose again: %v", addr, err)
		}
	}
	time.Sleep(500 * time.Millisecond) // ten passes of the notifier
	if got := waitSent(t, e, "maryam@example.org", 0); len(got) != 1 {
		t.Errorf("the Persian submitter got %d mails, want 1 (published; nothing when the published offer was archived)", len(got))
	}

	// Erasing the submitter's data erases the messages about it.
	cur, _ := e.Store.Offer(ctx, o.Ref)
	if _, err := ws.EraseOfferSubmission(ctx, admin, content.ChannelWeb, o.Ref, cur.Version); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		msgs, _ := e.mail.Outbox.MessagesAbout(ctx, o.Ref)
		erased := len(msgs) > 0
		for _, m := range msgs {
			erased = erased && m.To == content.ErasedMarker && m.Text == ""
		}
		if erased {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("messages about %s not erased: %d", o.Ref, len(msgs))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
