package staff_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/i18n"
)

// labCompanyForm returns the values the staff company form posts for the
// stored company co, its laboratory profile as the form names it.
func labCompanyForm(co *content.Company) url.Values {
	f := url.Values{"version": {strconv.FormatInt(co.Version, 10)}, "kind": {co.Kind}, "country": {co.Country},
		"website": {co.Website}, "hubs": co.Hubs, "sectors": co.Sectors, "action": {"save"}}
	for field, t := range map[string]content.Text{"name": co.Name, "city": co.City, "description": co.Description, "capabilities": co.Capabilities} {
		for l, s := range t {
			f.Set(field+"."+l, s)
		}
	}
	p := co.Lab
	text := func(prefix string, t content.Text) {
		for l, s := range t {
			f.Set(prefix+"."+l, s)
		}
	}
	for i, a := range p.Accreditations {
		pre := fmt.Sprintf("lab.accreditations.%d.", i)
		f.Set(pre+"standard", a.Standard)
		f.Set(pre+"body", a.Body)
		f.Set(pre+"number", a.Number)
		f.Set(pre+"expires", string(a.Expires))
		text(pre+"scope", a.Scope)
	}
	for i, m := range p.Methods {
		pre := fmt.Sprintf("lab.methods.%d.", i)
		f.Set(pre+"standard", m.Standard)
		text(pre+"name", m.Name)
	}
	for i, e := range p.Equipment {
		pre := fmt.Sprintf("lab.equipment.%d.", i)
		text(pre+"name", e.Name)
		f.Set(pre+"maker", e.Maker)
		f.Set(pre+"range", e.Range)
	}
	text("lab.sample_types", p.SampleTypes)
	f.Set("lab.lead_time_days", strconv.Itoa(p.LeadTimeDays))
	f.Set("lab.price_band", p.PriceBand)
	f["lab.languages"] = p.Languages
	return f
}

// inputsNamed counts the inputs of a page whose name matches pattern.
func inputsNamed(body, pattern string) int {
	return len(regexp.MustCompile(`name="`+pattern+`"`).FindAllString(body, -1))
}

// TestStaffLabProfileForm: the company form of a laboratory shows its
// profile as rows (stored rows and one empty row per list), adds a row by
// posting (nothing saved), saves edits, new rows and removals through the
// workspace with an audit entry naming the parts changed, and refuses bad
// rows (422, the message next to the input of the row the editor saw,
// nothing written).
func TestStaffLabProfileForm(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "lab-editor@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "lab-editor@example.org", pw)
	const slug = "gebze-ileri-malzeme-test-lab"
	path := "/en/staff/companies/" + slug + "/edit"
	co, err := s.store.Company(ctx, slug)
	if err != nil || co.Lab == nil {
		t.Fatalf("sample lab: %+v %v", co, err)
	}
	nm := len(co.Lab.Methods)

	r := staffGet(t, s, path, ck)
	if r.status != http.StatusOK || !strings.Contains(r.body, `<h2 id="lab-h">Laboratory profile</h2>`) {
		t.Fatalf("form: status %d, no laboratory profile", r.status)
	}
	if got := inputsNamed(r.body, `lab\.methods\.\d+\.standard`); got != nm+1 {
		t.Errorf("method rows: %d, want the %d stored and one empty", got, nm)
	}
	if !strings.Contains(r.body, `value="`+co.Lab.Methods[0].Standard+`"`) || !strings.Contains(r.body, `<label for="f-lab-methods-0-standard">Standard code</label>`) {
		t.Error("stored method not shown in a labelled input")
	}
	// A company of another kind has no profile section.
	if r := staffGet(t, s, "/en/staff/companies/nilufer-otomotiv-dokum/edit", ck); r.status == http.StatusOK && strings.Contains(r.body, `id="lab-h"`) {
		t.Error("a company that is no laboratory shows the profile")
	}

	// Add a row: the form again, one more empty method row, what was
	// typed kept, nothing saved.
	f := labCompanyForm(co)
	f.Set("action", "add-methods")
	f.Set(fmt.Sprintf("lab.methods.%d.standard", nm), "TS EN ISO 527-2")
	f.Set("lab.methods.shown", strconv.Itoa(nm+1))
	r = s.do(t, staffRequest(http.MethodPost, path, ck, f))
	if r.status != http.StatusOK || inputsNamed(r.body, `lab\.methods\.\d+\.standard`) != nm+2 ||
		!strings.Contains(r.body, `value="TS EN ISO 527-2"`) || !strings.Contains(r.body, "An empty row was added") {
		t.Fatalf("add a row: status %d, %d method rows", r.status, inputsNamed(r.body, `lab\.methods\.\d+\.standard`))
	}
	if now, _ := s.store.Company(ctx, slug); now.Version != co.Version {
		t.Fatal("adding a row saved the company")
	}

	// Bad rows, each alone: 422, the message at the row's own input,
	// nothing written. Row nm+1 is typed after an empty row nm.
	bad := []struct {
		name, field, value, input string
	}{
		{"expiry not a date", "lab.accreditations.0.expires", "2027-13-45", "f-lab-accreditations-0-expires"},
		{"empty standard code", fmt.Sprintf("lab.methods.%d.name.en", nm+1), "Tensile test without a code", fmt.Sprintf("f-lab-methods-%d-standard", nm+1)},
		{"standard code without a digit", "lab.methods.0.standard", "ISO", "f-lab-methods-0-standard"},
		{"lead time not a number", "lab.lead_time_days", "eight", "f-lab-lead_time_days"},
		{"lead time too long", "lab.lead_time_days", "4000", "f-lab-lead_time_days"},
		{"unknown price band", "lab.price_band", "cheap", "f-lab-price_band"},
		{"unknown language", "lab.languages", "xx", "f-lab-languages"},
		{"equipment without a name", "lab.equipment.0.name.en", "", "f-lab-equipment-0-name-en"},
	}
	for _, b := range bad {
		f := labCompanyForm(co)
		if b.field == "lab.equipment.0.name.en" {
			for _, l := range []string{"fa", "zh", "en", "tr"} {
				f.Del("lab.equipment.0.name." + l)
			}
			f.Set("lab.equipment.0.maker", "Instron 5985")
		} else {
			f.Set(b.field, b.value)
		}
		r := s.do(t, staffRequest(http.MethodPost, path, ck, f))
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", b.name, r.status)
			continue
		}
		// The input carries aria-invalid and is described by its message;
		// the summary links to it.
		if !regexp.MustCompile(`id="`+b.input+`"[^>]*aria-invalid="true"`).MatchString(r.body) ||
			!strings.Contains(r.body, `<p class="field-error" id="`+b.input+`-error">`) ||
			!strings.Contains(r.body, `href="#`+strings.TrimSuffix(b.input, "-en")+`"`) {
			t.Errorf("%s: no message next to %s", b.name, b.input)
		}
		if now, _ := s.store.Company(ctx, slug); now.Version != co.Version {
			t.Fatalf("%s: written", b.name)
		}
	}
	// Too many rows: refused at the list, and not read without bound.
	many := labCompanyForm(co)
	for i := 0; i < content.MaxMethods+5; i++ {
		many.Set(fmt.Sprintf("lab.methods.%d.standard", i), fmt.Sprintf("ASTM D%d", 100+i))
	}
	r = s.do(t, staffRequest(http.MethodPost, path, ck, many))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `<p class="field-error" id="f-lab-methods-error">`) {
		t.Errorf("too many rows: status %d, or no message at the list", r.status)
	}

	// Save: an edited method, a new one typed after an empty row, an
	// instrument removed.
	f = labCompanyForm(co)
	f.Set("lab.methods.0.standard", "astm  d638-14")
	f.Set(fmt.Sprintf("lab.methods.%d.standard", nm+1), "ISO 178")
	f.Set(fmt.Sprintf("lab.methods.%d.name.tr", nm+1), "Eğilme özellikleri")
	f.Set("lab.equipment.0.remove", "1")
	f.Set("lab.accreditations.0.expires", "2029-06-30")
	r = s.do(t, staffRequest(http.MethodPost, path, ck, f))
	if r.status != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", r.status, r.body)
	}
	now, err := s.store.Company(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	l := now.Lab
	if len(l.Methods) != nm+1 || l.Methods[0].Standard != "ASTM D638-14" || l.Methods[nm].Standard != "ISO 178" ||
		l.Methods[nm].Name["tr"] != "Eğilme özellikleri" || len(l.Equipment) != len(co.Lab.Equipment)-1 ||
		l.Equipment[0].Maker != co.Lab.Equipment[1].Maker || l.Accreditations[0].Expires != "2029-06-30" || now.Version != co.Version+1 {
		t.Errorf("saved profile: %+v", l)
	}
	entries, err := s.store.Audit(ctx, content.AuditFilter{Kind: content.KindCompany, ID: slug})
	if err != nil || len(entries) == 0 {
		t.Fatalf("audit: %v %v", entries, err)
	}
	fields := entries[0].Fields
	if !slices.Contains(fields, "lab.methods") || !slices.Contains(fields, "lab.equipment") || !slices.Contains(fields, "lab.accreditations") ||
		slices.Contains(fields, "lab.languages") || entries[0].By != "lab-editor@example.org" {
		t.Errorf("audit entry: %+v", entries[0])
	}
	// The public page shows the new method.
	if r := s.do(t, staffRequest(http.MethodGet, "/en/labs/"+slug, nil, nil)); !strings.Contains(r.body, "ISO 178") {
		t.Error("the lab's public page does not show the saved method")
	}

	// Persian and Chinese forms: labels in the language, rows by number.
	for lang, want := range map[string]string{"fa": "روش آزمون ۱", "zh": "检测方法 1"} {
		r := staffGet(t, s, "/"+lang+"/staff/companies/"+slug+"/edit", ck)
		if r.status != http.StatusOK || !strings.Contains(r.body, want) {
			t.Errorf("%s form: status %d, no %q", lang, r.status, want)
		}
	}
}

// TestStaffLabProfileConflict: a save from a stale version shows the
// conflict page (409) and carries the profile as typed, so that "use my
// values" brings it back on the current version; nothing typed is lost.
func TestStaffLabProfileConflict(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "lab-conflict@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "lab-conflict@example.org", pw)
	const slug = "azarbaijan-emc-lab"
	path := "/en/staff/companies/" + slug + "/edit"
	co, err := s.store.Company(ctx, slug)
	if err != nil || co.Lab == nil {
		t.Fatalf("sample lab: %v", err)
	}
	stale := labCompanyForm(co)
	stale.Set("lab.methods.0.standard", "IEC 61000-4-2")
	fresh := labCompanyForm(co)
	fresh.Set("website", "https://emc.example.org/")
	if r := s.do(t, staffRequest(http.MethodPost, path, ck, fresh)); r.status != http.StatusSeeOther {
		t.Fatalf("first save: %d", r.status)
	}
	r := s.do(t, staffRequest(http.MethodPost, path, ck, stale))
	if r.status != http.StatusConflict || !strings.Contains(r.body, `name="lab.methods.0.standard" value="IEC 61000-4-2"`) {
		t.Fatalf("stale save: status %d, or the typed profile is not carried", r.status)
	}
	// "Use my values": the form on the current version with the profile as typed.
	again := url.Values{"action": {"reapply"}, "version": {strconv.FormatInt(co.Version+1, 10)}}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(r.body, -1) {
		if m[1] != "_csrf" && m[1] != "version" && m[1] != "action" {
			again.Add(m[1], html.UnescapeString(m[2]))
		}
	}
	r = s.do(t, staffRequest(http.MethodPost, path, ck, again))
	if r.status != http.StatusOK || !strings.Contains(r.body, `value="IEC 61000-4-2"`) {
		t.Errorf("reapply: status %d, the typed method is lost", r.status)
	}
}

// TestStaffLabKindChange: a laboratory saved as another kind of company
// loses its profile instead of being refused for it.
func TestStaffLabKindChange(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "lab-kind@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "lab-kind@example.org", pw)
	const slug = "azarbaijan-emc-lab"
	co, err := s.store.Company(ctx, slug)
	if err != nil || co.Lab == nil {
		t.Fatalf("sample lab: %v", err)
	}
	f := labCompanyForm(co)
	f.Set("kind", "knowledge-based")
	if r := s.do(t, staffRequest(http.MethodPost, "/en/staff/companies/"+slug+"/edit", ck, f)); r.status != http.StatusSeeOther {
		t.Fatalf("save as another kind: status %d", r.status)
	}
	if now, _ := s.store.Company(ctx, slug); now.Kind != "knowledge-based" || now.Lab != nil {
		t.Errorf("after the change: kind %s, profile %v", now.Kind, now.Lab != nil)
	}
}

// TestStaffLabExpiryJalali: on the Persian company form an accreditation's
// expiry is a Solar Hijri text box (as the need's deadline), shows the
// stored date in Solar Hijri with Persian digits, saves a typed Solar
// Hijri date as the Gregorian date the store keeps, and refuses one that
// is not a date (422, the Persian message at the input, nothing written).
func TestStaffLabExpiryJalali(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "lab-fa@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "lab-fa@example.org", pw)
	const slug = "gebze-ileri-malzeme-test-lab"
	path := "/fa/staff/companies/" + slug + "/edit"
	co, err := s.store.Company(ctx, slug)
	if err != nil || co.Lab == nil || len(co.Lab.Accreditations) == 0 || co.Lab.Accreditations[0].Expires == "" {
		t.Fatalf("sample lab with a dated accreditation: %+v %v", co, err)
	}
	fa, _ := i18n.Lookup("fa")
	jalali := func(d string) string {
		tm, err := time.Parse(time.DateOnly, d)
		if err != nil {
			t.Fatal(err)
		}
		return fa.Digits(i18n.FormatJalali(tm))
	}

	r := staffGet(t, s, path, ck)
	input := regexp.MustCompile(`<input type="text" id="f-lab-accreditations-0-expires" name="lab\.accreditations\.0\.expires" value="([^"]*)" class="jalali-date"[^>]*aria-describedby="f-lab-accreditations-0-expires-hint"`)
	m := input.FindStringSubmatch(r.body)
	if r.status != http.StatusOK || m == nil {
		t.Fatalf("Persian form: status %d, no Solar Hijri expiry input", r.status)
	}
	if got, want := html.UnescapeString(m[1]), jalali(string(co.Lab.Accreditations[0].Expires)); got != want {
		t.Errorf("expiry shown as %q, want %q", got, want)
	}
	if !strings.Contains(r.body, `<p class="hint" id="f-lab-accreditations-0-expires-hint">`) {
		t.Error("no hint with an example next to the expiry")
	}

	// Saved: the Solar Hijri date typed becomes the Gregorian date.
	f := labCompanyForm(co)
	f.Set("calendar", "jalali")
	f.Set("lab.accreditations.0.expires", jalali("2029-06-30"))
	if r := s.do(t, staffRequest(http.MethodPost, path, ck, f)); r.status != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", r.status, r.body)
	}
	now, err := s.store.Company(ctx, slug)
	if err != nil || now.Lab.Accreditations[0].Expires != "2029-06-30" {
		t.Fatalf("saved expiry: %+v %v", now.Lab.Accreditations[0], err)
	}

	// Not a date: refused with the Solar Hijri message, nothing written.
	f = labCompanyForm(now)
	f.Set("calendar", "jalali")
	f.Set("lab.accreditations.0.expires", "۱۴۰۸/۱۳/۴۰")
	r = s.do(t, staffRequest(http.MethodPost, path, ck, f))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `<p class="field-error" id="f-lab-accreditations-0-expires-error">`) ||
		!strings.Contains(r.body, `value="۱۴۰۸/۱۳/۴۰"`) || !strings.Contains(r.body, "تاریخ خورشیدی معتبری") {
		t.Errorf("bad Solar Hijri date: status %d, or not shown back with its message", r.status)
	}
	if after, _ := s.store.Company(ctx, slug); after.Version != now.Version {
		t.Error("a bad Solar Hijri date was written")
	}
}
