package staff_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/sample"
	"hubdir/i18n"
)

// TestStaffJalaliDeadline: a Persian editor types the deadline as a Solar
// Hijri date (Persian or Latin digits) and the need keeps the same
// Gregorian date; the form shows it back in Solar Hijri. A date that does
// not exist is a clear field error and nothing is saved. English keeps the
// browser's date input.
func TestStaffJalaliDeadline(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{})
	email := "jalali-editor@park.example"
	ck := signIn(t, s, email, addStaff(t, s, email, content.RoleEditor, "TR"))

	r := staffDo(t, s, http.MethodGet, "/fa/staff/needs/new", ck, nil)
	if r.status != http.StatusOK || !strings.Contains(r.body, `name="calendar" value="jalali"`) || !strings.Contains(r.body, `id="f-deadline" name="deadline" value="" class="jalali-date"`) {
		t.Fatalf("Persian new-need form: %d, no Solar Hijri deadline box", r.status)
	}
	if r := staffDo(t, s, http.MethodGet, "/en/staff/needs/new", ck, nil); !strings.Contains(r.body, `<input type="date" id="f-deadline"`) || strings.Contains(r.body, `name="calendar"`) {
		t.Errorf("English new-need form lost the browser's date input")
	}

	fa, _ := i18n.Lookup("fa")
	want, _ := time.Parse(time.DateOnly, s.futureDate(40))
	jy, jm, jd := i18n.ToJalali(want)
	typed := map[string]string{
		"persian": fa.Digits(strconv.Itoa(jy) + "/" + strconv.Itoa(jm) + "/" + strconv.Itoa(jd)),
		"latin":   strconv.Itoa(jy) + "-" + strconv.Itoa(jm) + "-" + strconv.Itoa(jd),
	}
	for name, in := range typed {
		f := needForm(s, "TR", "fa", "سامانهٔ پایش "+name)
		f.Set("deadline", in)
		f.Set("calendar", "jalali")
		r := staffDo(t, s, http.MethodPost, "/fa/staff/needs/new", ck, f)
		if r.status != http.StatusSeeOther {
			t.Fatalf("%s digits %q: status %d\n%.600s", name, in, r.status, r.body)
		}
		m := editRef.FindStringSubmatch(r.header.Get("Location"))
		if m == nil {
			t.Fatalf("redirect to %q", r.header.Get("Location"))
		}
		if n := storedNeed(t, s, m[1]); string(n.Deadline) != want.Format(time.DateOnly) {
			t.Errorf("%s digits %q stored as %s, want %s", name, in, n.Deadline, want.Format(time.DateOnly))
		}
		page := staffDo(t, s, http.MethodGet, "/fa/staff/needs/"+m[1]+"/edit", ck, nil)
		shown := regexp.MustCompile(`id="f-deadline" name="deadline" value="([^"]*)"`).FindStringSubmatch(page.body)
		if shown == nil || shown[1] != typed["persian"] && shown[1] != fa.Digits(i18n.FormatJalali(want)) {
			t.Errorf("the edit form shows the deadline as %v", shown)
		}
	}

	// Dates that do not exist, or are not dates: 422, the message, nothing saved.
	before := countNeeds(t, s)
	for _, bad := range []string{"1404/12/30", "۱۴۰۵/۰۷/۳۱", "1405/13/01", "فردا", "31/12/1405"} {
		f := needForm(s, "TR", "fa", "نیاز با تاریخ نادرست")
		f.Set("deadline", bad)
		f.Set("calendar", "jalali")
		r := staffDo(t, s, http.MethodPost, "/fa/staff/needs/new", ck, f)
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("deadline %q: status %d, want 422", bad, r.status)
			continue
		}
		if !strings.Contains(html.UnescapeString(r.body), "تاریخ خورشیدی معتبری") || !strings.Contains(r.body, `aria-invalid="true" `) && !strings.Contains(r.body, `aria-invalid="true">`) {
			t.Errorf("deadline %q: no clear field error", bad)
		}
		if !strings.Contains(html.UnescapeString(r.body), `value="`+bad+`"`) {
			t.Errorf("deadline %q is not shown again as typed", bad)
		}
	}
	if after := countNeeds(t, s); after != before {
		t.Errorf("bad dates saved needs: %d before, %d after", before, after)
	}
	// Without calendar=jalali (English, API-like posts) a Solar Hijri text is
	// simply not a date.
	f := needForm(s, "TR", "en", "Wrong calendar")
	f.Set("deadline", typed["latin"])
	if r := staffDo(t, s, http.MethodPost, "/en/staff/needs/new", ck, f); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a Solar Hijri deadline without calendar=jalali: %d", r.status)
	}
}

// countNeeds counts the needs in the store.
func countNeeds(t *testing.T, s *site) int {
	t.Helper()
	snap, err := s.store.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(snap.Needs)
}

// TestStaffReplyLink: the interest page offers a reply by email whose
// subject names the interest and the need in the firm's language,
// percent-encoded (no "+" for spaces), and its erase form is set apart
// and asks for confirmation.
func TestStaffReplyLink(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{})
	bg := context.Background()
	snap, err := s.store.Snapshot(bg)
	if err != nil {
		t.Fatal(err)
	}
	var need *content.Need
	for _, n := range snap.Needs {
		if n.Hub == "TR" && n.OpenOn(content.Today(time.Now(), s.zone)) && n.Title["tr"] != "" {
			need = n
			break
		}
	}
	if need == nil {
		t.Fatal("no open TR need with a Turkish title")
	}
	is := sample.Interests(need, 1, 1, time.Now().UTC(), 3)
	is[0].Lang = "tr"
	if err := s.store.SeedInterests(bg, is); err != nil {
		t.Fatal(err)
	}
	email := "reply-editor@park.example"
	ck := signIn(t, s, email, addStaff(t, s, email, content.RoleEditor, "TR"))
	r := staffDo(t, s, http.MethodGet, "/fa/staff/inbox/"+is[0].Ref, ck, nil)
	if r.status != http.StatusOK {
		t.Fatalf("interest page: %d", r.status)
	}
	m := regexp.MustCompile(`<a class="button primary" href="(mailto:[^"]+)"`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no reply link on the interest page")
	}
	raw := html.UnescapeString(m[1])
	if strings.Contains(raw, "+") || strings.Contains(raw, " ") {
		t.Errorf("reply link not percent-encoded: %s", raw)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != is[0].Email {
		t.Fatalf("reply link %s: %v (to %q)", raw, err, u.Opaque)
	}
	subject := u.Query().Get("subject")
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	want := b.Localizer("tr").T("staffui.reply.subject", map[string]any{"Interest": is[0].Ref, "Need": need.Ref, "Title": need.Title["tr"]})
	if subject != want {
		t.Errorf("subject %q, want (Turkish) %q", subject, want)
	}
	if !strings.Contains(r.body, `class="danger-zone"`) || !strings.Contains(r.body, `data-confirm=`) || !strings.Contains(r.body, `name="confirm" value="yes"`) {
		t.Errorf("the erase form is not set apart or asks for no confirmation")
	}
}
