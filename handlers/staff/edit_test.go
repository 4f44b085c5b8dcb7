package staff_test

// Tests of the staff dashboard and editing (issue 5, part B).

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/handlers/servicetest"
	"hubdir/i18n"
)

// staffDo sends a staff request to the site and returns the answer.
func staffDo(t *testing.T, s *site, method, target string, cookies []*http.Cookie, form url.Values) response {
	t.Helper()
	res, body := roundTrip(t, s, staffRequest(method, target, cookies, form))
	return response{status: res.StatusCode, header: res.Header, body: body}
}

// futureDate returns the date days from today in the park's zone.
func (s *site) futureDate(days int) string {
	return string(content.Today(time.Now().AddDate(0, 0, days), s.zone))
}

// needForm returns a valid new-need form of hub with the given titles
// (alternating locale, title).
func needForm(s *site, hub string, titles ...string) url.Values {
	f := url.Values{
		"hub": {hub}, "kind": {"technology"}, "country": {"TR"}, "deadline": {s.futureDate(30)},
		"sectors": {"ai"}, "action": {"save"},
	}
	for i := 0; i+1 < len(titles); i += 2 {
		f.Set("title."+titles[i], titles[i+1])
		f.Set("summary."+titles[i], titles[i+1]+" — summary")
	}
	return f
}

var editRef = regexp.MustCompile(`/staff/needs/([A-Z]{2}-[0-9]{2}-[0-9]{4,6})/edit`)

// createNeed posts the new-need form and returns the new need's reference.
func createNeed(t *testing.T, s *site, cookies []*http.Cookie, form url.Values) string {
	t.Helper()
	r := staffDo(t, s, http.MethodPost, "/en/staff/needs/new", cookies, form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("create need: status %d\n%s", r.status, r.body)
	}
	m := editRef.FindStringSubmatch(r.header.Get("Location"))
	if m == nil {
		t.Fatalf("create need: redirect to %q", r.header.Get("Location"))
	}
	return m[1]
}

// storedNeed reads a need from the store.
func storedNeed(t *testing.T, s *site, ref string) *content.Need {
	t.Helper()
	n, err := s.store.Need(context.Background(), ref)
	if err != nil {
		t.Fatalf("need %s: %v", ref, err)
	}
	return n
}

func TestStaffCreatePublishNeed(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "ed-tr@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "ed-tr@example.org", pw)

	r := staffDo(t, s, http.MethodGet, "/fa/staff/needs/new", ck, nil)
	if r.status != http.StatusOK {
		t.Fatalf("new form: %d", r.status)
	}
	for _, want := range []string{`lang="fa" dir="rtl"`, `name="title.fa"`, `name="title.zh"`, `lang="en" dir="ltr"`, `name="_csrf"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("new form lacks %s", want)
		}
	}

	ref := createNeed(t, s, ck, needForm(s, "TR", "en", "Friction stir welding robot cell", "fa", "سلول رباتیک جوشکاری اصطکاکی"))
	n := storedNeed(t, s, ref)
	if n.Status != content.NeedDraft || n.Title["fa"] != "سلول رباتیک جوشکاری اصطکاکی" || n.CreatedBy != "ed-tr@example.org" {
		t.Fatalf("stored need: %+v", n)
	}
	if len(n.TextUpdated) != 2 {
		t.Errorf("text times: %v", n.TextUpdated)
	}
	if r := s.get(t, "/en/needs/"+ref); r.status != http.StatusNotFound {
		t.Errorf("draft is public: %d", r.status)
	}
	r = staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/publish", ck, url.Values{"version": {"1"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.status, r.body)
	}
	if r := s.get(t, "/en/needs/"+ref); r.status != http.StatusOK || !strings.Contains(r.body, "Friction stir welding robot cell") {
		t.Errorf("public page (en): %d", r.status)
	}
	if r := s.get(t, "/fa/needs/"+ref); r.status != http.StatusOK || !strings.Contains(r.body, "سلول رباتیک جوشکاری اصطکاکی") {
		t.Errorf("public page (fa): %d", r.status)
	}
	// The edit page says it is published and links the public page.
	r = staffDo(t, s, http.MethodGet, "/en/staff/needs/"+ref+"/edit?done=publish", ck, nil)
	if r.status != http.StatusOK || !strings.Contains(r.body, `href="/en/needs/`+ref+`"`) {
		t.Errorf("edit page after publishing: %d", r.status)
	}
	// Close, then archive: the public page says closed, then is gone.
	if r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/close", ck, url.Values{"version": {"2"}}); r.status != http.StatusSeeOther {
		t.Fatalf("close: %d", r.status)
	}
	if r := s.get(t, "/en/needs/"+ref); r.status != http.StatusOK || strings.Contains(r.body, `name="consent"`) {
		t.Errorf("closed need: %d, still takes interest", r.status)
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/archive", ck, url.Values{"version": {"1"}}); r.status != http.StatusConflict {
		t.Errorf("archive from a stale version: %d", r.status)
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/archive", ck, url.Values{"version": {"3"}}); r.status != http.StatusSeeOther {
		t.Fatalf("archive: %d", r.status)
	}
	if r := s.get(t, "/en/needs/"+ref); r.status != http.StatusNotFound {
		t.Errorf("archived need is public: %d", r.status)
	}
	// The audit log has the creation and the publication.
	entries, err := s.store.Audit(context.Background(), content.AuditFilter{ID: ref})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if !slices.Contains(actions, content.AuditCreate) || !slices.Contains(actions, "publish") {
		t.Errorf("audit actions %v", actions)
	}
}

func TestStaffDuplicateWarning(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "dup@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "dup@example.org", pw)
	createNeed(t, s, ck, needForm(s, "TR", "en", "Laboratory testing of hydraulic valves"))
	r := staffDo(t, s, http.MethodPost, "/en/staff/needs/new", ck, needForm(s, "TR", "en", "Hydraulic valves laboratory testing"))
	if r.status != http.StatusConflict || !strings.Contains(r.body, `name="confirm_duplicate"`) {
		t.Fatalf("duplicate: status %d, no confirmation", r.status)
	}
	if !strings.Contains(r.body, `value="Hydraulic valves laboratory testing"`) {
		t.Error("duplicate warning lost the typed title")
	}
	f := needForm(s, "TR", "en", "Hydraulic valves laboratory testing")
	f.Set("confirm_duplicate", "1")
	createNeed(t, s, ck, f)
}

func TestStaffFieldErrorsKeepValues(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "typo@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "typo@example.org", pw)
	f := needForm(s, "TR", "fa", "نیاز به آزمایشگاه‌ ویژه")
	f.Del("kind")
	f.Set("deadline", "2001-01-01")
	f.Set("body.zh", "需要特殊实验室")
	r := staffDo(t, s, http.MethodPost, "/fa/staff/needs/new", ck, f)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.status)
	}
	// The Persian form shows the deadline back as a Solar Hijri date.
	fa, _ := i18n.Lookup("fa")
	typedDeadline := `value="` + fa.Digits(i18n.FormatJalali(time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC))) + `"`
	for _, want := range []string{
		servicetest.HTMLEscape("نیاز به آزمایشگاه‌ ویژه"), "需要特殊实验室", typedDeadline,
		servicetest.HTMLEscape(servicetest.T(t, "fa", "field.required")), servicetest.HTMLEscape(servicetest.T(t, "fa", "field.date_past")),
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
}

func TestStaffConflict(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "one@example.org", content.RoleEditor, "TR")
	addStaff(t, s, "two@example.org", content.RoleEditor, "TR")
	one := signIn(t, s, "one@example.org", pw)
	two := signIn(t, s, "two@example.org", pw)
	ref := createNeed(t, s, one, needForm(s, "TR", "en", "Ceramic membrane filters", "tr", "Seramik membran filtreler"))

	edit := func(ck []*http.Cookie, version int, title string) response {
		f := needForm(s, "TR", "en", title, "tr", "Seramik membran filtreler")
		f.Del("hub")
		f.Set("version", strconv.Itoa(version))
		return staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/edit", ck, f)
	}
	if r := edit(one, 1, "Ceramic membrane filters for dairies"); r.status != http.StatusSeeOther {
		t.Fatalf("first edit: %d\n%s", r.status, r.body)
	}
	r := edit(two, 1, "Ceramic membrane filters, food grade")
	if r.status != http.StatusConflict {
		t.Fatalf("second edit: %d", r.status)
	}
	for _, want := range []string{"Ceramic membrane filters for dairies", "Ceramic membrane filters, food grade", `name="action" value="reapply"`, `name="version" value="2"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("conflict page lacks %q", want)
		}
	}
	if n := storedNeed(t, s, ref); n.Title["en"] != "Ceramic membrane filters for dairies" || n.Version != 2 {
		t.Fatalf("first edit lost: %v v%d", n.Title, n.Version)
	}
	if !strings.Contains(r.body, `name="pick.title.en" value="stored"`) {
		t.Error("conflict page offers no choice for the differing title")
	}
	// Re-apply choosing the saved title: the form shows the saved one.
	keep := needForm(s, "TR", "en", "Ceramic membrane filters, food grade", "tr", "Seramik membran filtreler")
	keep.Del("hub")
	keep.Set("version", "2")
	keep.Set("action", "reapply")
	keep.Set("pick.title.en", "stored")
	if r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/edit", two, keep); r.status != http.StatusOK ||
		!strings.Contains(r.body, `value="Ceramic membrane filters for dairies"`) {
		t.Errorf("re-apply keeping the saved title: %d", r.status)
	}
	// Re-apply: the form again, with the second editor's values and the
	// current version; saving it then succeeds.
	f := needForm(s, "TR", "en", "Ceramic membrane filters, food grade", "tr", "Seramik membran filtreler")
	f.Del("hub")
	f.Set("version", "2")
	f.Set("action", "reapply")
	r = staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/edit", two, f)
	if r.status != http.StatusOK || !strings.Contains(r.body, `value="Ceramic membrane filters, food grade"`) || !strings.Contains(r.body, `name="version" value="2"`) {
		t.Fatalf("re-apply: %d", r.status)
	}
	if r := edit(two, 2, "Ceramic membrane filters, food grade"); r.status != http.StatusSeeOther {
		t.Fatalf("save after re-apply: %d", r.status)
	}
	if n := storedNeed(t, s, ref); n.Title["en"] != "Ceramic membrane filters, food grade" || n.Version != 3 {
		t.Fatalf("after re-apply: %v v%d", n.Title, n.Version)
	}
}

func TestStaffOtherHubIsNotFound(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "tr-only@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "tr-only@example.org", pw)
	snap, err := s.store.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var need, company, agreement string
	for _, n := range snap.Needs {
		if n.Hub == "CN" && need == "" {
			need = n.Ref
		}
	}
	for _, c := range snap.Companies {
		if !slices.Contains(c.Hubs, "TR") && company == "" {
			company = c.Slug
		}
	}
	for _, a := range snap.Agreements {
		if a.Hub == "CN" && agreement == "" {
			agreement = a.Slug
		}
	}
	if need == "" || company == "" || agreement == "" {
		t.Fatalf("sample lacks CN listings: %q %q %q", need, company, agreement)
	}
	n := storedNeed(t, s, need)
	v := url.Values{"version": {strconv.FormatInt(n.Version, 10)}}
	pages := []struct{ method, path string }{
		{http.MethodGet, "/en/staff/needs/" + need + "/edit"},
		{http.MethodPost, "/en/staff/needs/" + need + "/edit"},
		{http.MethodPost, "/en/staff/needs/" + need + "/publish"},
		{http.MethodPost, "/en/staff/needs/" + need + "/close"},
		{http.MethodPost, "/en/staff/needs/" + need + "/archive"},
		{http.MethodPost, "/en/staff/needs/" + need + "/review"},
		{http.MethodPost, "/en/staff/needs/" + need + "/renew"},
		{http.MethodGet, "/en/staff/companies/" + company + "/edit"},
		{http.MethodPost, "/en/staff/companies/" + company + "/edit"},
		{http.MethodPost, "/en/staff/companies/" + company + "/publish"},
		{http.MethodPost, "/en/staff/companies/" + company + "/unpublish"},
		{http.MethodGet, "/en/staff/agreements/" + agreement + "/edit"},
		{http.MethodPost, "/en/staff/agreements/" + agreement + "/edit"},
		{http.MethodPost, "/en/staff/agreements/" + agreement + "/publish"},
		{http.MethodPost, "/en/staff/agreements/" + agreement + "/unpublish"},
		{http.MethodPost, "/en/staff/hubs/CN/review"},
	}
	for _, p := range pages {
		for _, action := range []string{"save", "preview"} {
			var form url.Values
			if p.method == http.MethodPost {
				form = url.Values{"action": {action}, "version": v["version"], "deadline": {s.futureDate(30)}, "require": {"1"}, "title.en": {"x"}}
			}
			r := staffDo(t, s, p.method, p.path, ck, form)
			if r.status != http.StatusNotFound && r.status != http.StatusForbidden {
				t.Errorf("%s %s (%s): status %d", p.method, p.path, action, r.status)
			}
			if p.method == http.MethodGet {
				break
			}
		}
	}
	if after := storedNeed(t, s, need); after.Version != n.Version {
		t.Errorf("CN need changed: version %d → %d", n.Version, after.Version)
	}
	// Creating a listing in CN is refused too.
	r := staffDo(t, s, http.MethodPost, "/en/staff/needs/new", ck, needForm(s, "CN", "en", "Not my hub at all"))
	if r.status != http.StatusUnprocessableEntity {
		t.Errorf("create in CN: %d", r.status)
	}
	// The dashboard and the lists show no CN listing.
	for _, p := range []string{"/en/staff/", "/en/staff/needs", "/en/staff/companies", "/en/staff/agreements"} {
		r := staffDo(t, s, http.MethodGet, p, ck, nil)
		if r.status != http.StatusOK {
			t.Errorf("%s: %d", p, r.status)
		}
		for _, id := range []string{need, "/" + company + "/edit", "/" + agreement + "/edit"} {
			if strings.Contains(r.body, id) {
				t.Errorf("%s shows CN listing %s", p, id)
			}
		}
	}
}

func TestStaffPreview(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "prev@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "prev@example.org", pw)
	ref := createNeed(t, s, ck, needForm(s, "TR", "en", "Biogas upgrading membranes", "fa", "غشاهای ارتقای بیوگاز"))
	f := needForm(s, "TR", "en", "Biogas upgrading membranes", "fa", "غشاهای ارتقای زیست‌گاز")
	f.Del("hub")
	f.Set("version", "1")
	f.Set("action", "preview")
	f.Set("preview_lang", "fa")
	r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/edit", ck, f)
	if r.status != http.StatusOK {
		t.Fatalf("preview: %d\n%s", r.status, r.body)
	}
	for _, want := range []string{`<html lang="fa" dir="rtl">`, `name="robots" content="noindex"`, "preview-banner", "غشاهای ارتقای زیست‌گاز"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if n := storedNeed(t, s, ref); n.Version != 1 || n.Title["fa"] != "غشاهای ارتقای بیوگاز" {
		t.Errorf("preview saved: %v v%d", n.Title, n.Version)
	}
}

func TestStaffRenew(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "admin-renew@example.org", content.RoleAdmin)
	ck := signIn(t, s, "admin-renew@example.org", pw)
	_, closed, expired, _ := s.sampleRefs(t)
	for _, ref := range []string{closed, expired} {
		if ref == "" {
			continue
		}
		n := storedNeed(t, s, ref)
		deadline := s.futureDate(45)
		r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/renew", ck,
			url.Values{"version": {strconv.FormatInt(n.Version, 10)}, "deadline": {deadline}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("renew %s: %d\n%s", ref, r.status, r.body)
		}
		after := storedNeed(t, s, ref)
		if string(after.Deadline) != deadline || after.Version != n.Version+1 || !after.OpenOn(content.Today(time.Now(), s.zone)) {
			t.Errorf("renewed %s: status %s deadline %s v%d", ref, after.Status, after.Deadline, after.Version)
		}
		if r := s.get(t, "/en/needs/"+ref); r.status != http.StatusOK || !strings.Contains(r.body, `name="_csrf"`) {
			t.Errorf("renewed need %s takes no interest: %d", ref, r.status)
		}
	}
	// A past deadline is refused and changes nothing.
	open, _, _, _ := s.sampleRefs(t)
	n := storedNeed(t, s, open)
	r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+open+"/renew", ck,
		url.Values{"version": {strconv.FormatInt(n.Version, 10)}, "deadline": {"2001-01-01"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Errorf("renew into the past: %d", r.status)
	}
	if after, _ := s.store.Need(ctx, open); after.Version != n.Version {
		t.Errorf("refused renewal changed the need")
	}
}

func TestStaffReview(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "boss@example.org", content.RoleAdmin)
	addStaff(t, s, "author@example.org", content.RoleEditor, "TR")
	addStaff(t, s, "reviewer@example.org", content.RoleEditor, "TR")
	boss := signIn(t, s, "boss@example.org", pw)
	author := signIn(t, s, "author@example.org", pw)
	reviewer := signIn(t, s, "reviewer@example.org", pw)

	// An editor cannot change the setting; an admin can.
	if r := staffDo(t, s, http.MethodPost, "/en/staff/hubs/TR/review", author, url.Values{"require": {"1"}}); r.status != http.StatusForbidden {
		t.Errorf("editor turns review on: %d", r.status)
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/hubs/TR/review", boss, url.Values{"require": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("admin turns review on: %d\n%s", r.status, r.body)
	}
	ref := createNeed(t, s, author, needForm(s, "TR", "en", "Vacuum brazing furnace"))
	publish := func(ck []*http.Cookie) int {
		n := storedNeed(t, s, ref)
		return staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/publish", ck, url.Values{"version": {strconv.FormatInt(n.Version, 10)}}).status
	}
	if st := publish(author); st != http.StatusForbidden {
		t.Errorf("author publishes before review: %d", st)
	}
	r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/review", author, url.Values{"version": {strconv.FormatInt(storedNeed(t, s, ref).Version, 10)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("send for review: %d\n%s", r.status, r.body)
	}
	if st := publish(author); st != http.StatusForbidden {
		t.Errorf("author publishes own need: %d", st)
	}
	if d := staffDo(t, s, http.MethodGet, "/en/staff/", reviewer, nil); !strings.Contains(d.body, ref) {
		t.Error("dashboard does not list the need awaiting review")
	}
	if st := publish(reviewer); st != http.StatusSeeOther {
		t.Fatalf("reviewer publishes: %d", st)
	}
	if n := storedNeed(t, s, ref); n.Status != content.NeedPublished || n.ReviewRequestedBy != "" {
		t.Errorf("after review: %s %q", n.Status, n.ReviewRequestedBy)
	}
	// The store enforces it too (the API's path).
	ref2 := createNeed(t, s, author, needForm(s, "TR", "en", "Induction hardening line"))
	if _, err := s.store.TransitionNeed(context.Background(), ref2, content.Publish, 1, "author@example.org"); content.ErrorCode(err) != content.CodeForbidden {
		t.Errorf("store publish without review: %v", err)
	}
}

func TestStaffDashboardAndCompanyEdit(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "dash@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "dash@example.org", pw)
	r := staffDo(t, s, http.MethodGet, "/fa/staff/", ck, nil)
	if r.status != http.StatusOK {
		t.Fatalf("dashboard: %d\n%s", r.status, r.body)
	}
	for _, want := range []string{servicetest.HTMLEscape(servicetest.T(t, "fa", "staff.dash.translations")), "/fa/staff/inbox?hub=TR&amp;status=new", `lang="fa" dir="rtl"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// A company: created, edited in one locale only, the other locale
	// reads as older on the dashboard.
	f := url.Values{"slug": {"test-optics-ltd"}, "kind": {"foreign-company"}, "country": {"TR"}, "hubs": {"TR"},
		"name.en": {"Test Optics Ltd"}, "name.tr": {"Test Optik A.Ş."}, "action": {"save"}}
	r = staffDo(t, s, http.MethodPost, "/en/staff/companies/new", ck, f)
	if r.status != http.StatusSeeOther {
		t.Fatalf("create company: %d\n%s", r.status, r.body)
	}
	f.Del("slug")
	f.Set("version", "1")
	f.Set("name.en", "Test Optics Limited")
	time.Sleep(5 * time.Millisecond)
	if r := staffDo(t, s, http.MethodPost, "/en/staff/companies/test-optics-ltd/edit", ck, f); r.status != http.StatusSeeOther {
		t.Fatalf("edit company: %d\n%s", r.status, r.body)
	}
	r = staffDo(t, s, http.MethodGet, "/en/staff/", ck, nil)
	i := strings.Index(r.body, "Test Optics Limited")
	if i < 0 {
		t.Fatal("dashboard does not list the company's translation status")
	}
	row := r.body[i:]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, servicetest.T(t, "en", "locale.name.tr")) {
		t.Errorf("Turkish not shown as older: %s", row)
	}
}

// TestStaffEditKeys checks that every staff.edit.* and staff.dash.*
// message the code and templates of part B ask for exists in every
// catalog.
func TestStaffEditKeys(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, k := range []string{"create", "save", "publish", "unpublish", "close", "archive", "review", "renew"} {
		used["staff.edit.done."+k] = true
	}
	for _, k := range []string{"review", "publish", "close", "renew", "archive", "unpublish"} {
		used["staff.edit.action."+k] = true
	}
	for _, k := range []string{"draft", "published", "expired", "closed", "archived", "unpublished"} {
		used["staff.edit.status."+k] = true
	}
	for _, k := range []string{"hub", "kind", "partnerships", "sectors", "country", "trl", "deadline", "title", "summary", "body",
		"slug", "name", "city", "website", "description", "capabilities", "hubs", "scope", "parties", "party_companies",
		"signed_on", "expires_on", "status", "needs", "version"} {
		used["staff.edit.field."+k] = true
	}
	used["staff.dash.done.review_on"], used["staff.dash.done.review_off"] = true, true
	key := regexp.MustCompile(`"(staff\.(?:edit|dash)\.[a-z_]+(?:\.[a-z_]+)*)"`)
	files, _ := filepath.Glob("*.go")
	tf, _ := filepath.Glob("templates/staff_*.html")
	files = append(files, append(tf, "../page/templates/layout.html", "../page/templates/partials.html")...)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasSuffix(m[1], ".") {
				used[m[1]] = true
			}
		}
	}
	if len(used) < 60 {
		t.Fatalf("found only %d keys", len(used))
	}
	for _, code := range i18n.Codes() {
		ids := b.MessageIDs(code)
		for k := range used {
			if !slices.Contains(ids, k) {
				t.Errorf("catalog %s lacks %s", code, k)
			}
		}
	}
}

func TestStaffAgreementEdit(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "agr@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "agr@example.org", pw)
	var company string
	snap, err := s.store.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range snap.Companies {
		if slices.Contains(c.Hubs, "TR") {
			company = c.Slug
			break
		}
	}
	f := url.Values{"slug": {"test-mou-2026"}, "hub": {"TR"}, "status": {"signed"}, "signed_on": {"2026-01-10"},
		"party_companies": {company}, "parties.en": {"Tabriz Science Park"}, "parties.fa": {"پارک علم و فناوری تبریز"},
		"title.en": {"Test memorandum"}, "title.fa": {"تفاهم‌نامهٔ آزمایشی"}, "action": {"save"}}
	r := staffDo(t, s, http.MethodPost, "/en/staff/agreements/new", ck, f)
	if r.status != http.StatusSeeOther {
		t.Fatalf("create agreement: %d\n%s", r.status, r.body)
	}
	a, err := s.store.Agreement(context.Background(), "test-mou-2026")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Parties) != 2 || a.Parties[0].Company != company || a.Parties[1].Name["fa"] != "پارک علم و فناوری تبریز" {
		t.Fatalf("parties: %+v", a.Parties)
	}
	// The edit form shows the parties again; saving it unchanged keeps them.
	r = staffDo(t, s, http.MethodGet, "/en/staff/agreements/test-mou-2026/edit", ck, nil)
	if r.status != http.StatusOK || !strings.Contains(r.body, "پارک علم و فناوری تبریز") || !strings.Contains(r.body, `value="`+company+`"`) {
		t.Fatalf("edit form: %d", r.status)
	}
	f.Del("slug")
	f.Del("hub")
	f.Set("version", "1")
	f.Set("action", "preview")
	f.Set("preview_lang", "fa")
	r = staffDo(t, s, http.MethodPost, "/en/staff/agreements/test-mou-2026/edit", ck, f)
	if r.status != http.StatusOK || !strings.Contains(r.body, "تفاهم‌نامهٔ آزمایشی") || !strings.Contains(r.body, "preview-banner") {
		t.Fatalf("preview: %d", r.status)
	}
	f.Set("action", "save")
	f.Set("scope.en", "Joint testing of optics.")
	if r := staffDo(t, s, http.MethodPost, "/en/staff/agreements/test-mou-2026/edit", ck, f); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.status, r.body)
	}
	r = staffDo(t, s, http.MethodPost, "/en/staff/agreements/test-mou-2026/publish", ck, url.Values{"version": {"2"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.status, r.body)
	}
	if r := s.get(t, "/en/agreements/test-mou-2026"); r.status != http.StatusOK || !strings.Contains(r.body, "Joint testing of optics.") {
		t.Errorf("public agreement: %d", r.status)
	}
}
