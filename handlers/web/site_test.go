package web_test

// HTTP-level tests of the public pages and the register-interest form:
// the full service (handlers.New) on the embedded store with the sample
// content, driven with app.Test. TestMain is in harness_test.go.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/mongo"
	"hubdir/handlers"
	"hubdir/handlers/servicetest"
	"hubdir/i18n"
)

// site is the service under test with its store and catalog.
type site struct {
	env   *servicetest.Env
	srv   *handlers.Server
	store *mongo.Store
	cat   *catalog.Catalog
	zone  *time.Location
}

// siteOptions tune newSite.
type siteOptions struct {
	perMinute      int      // interests per minute per address; 0: no limit
	trustedProxies []string // handlers.Config.TrustedProxies
	apiPerMinute   int      // API requests per minute per address; 0: no limit
	publicURL      string   // handlers.Config.PublicURL
}

// newSite builds the whole service on a fresh database with the sample
// content (servicetest).
func newSite(t testing.TB, opt siteOptions) *site {
	t.Helper()
	e := servicetest.Start(t, servicetest.Options{InterestsPerMinute: opt.perMinute, TrustedProxies: opt.trustedProxies,
		APIRequestsPerMinute: opt.apiPerMinute, PublicURL: opt.publicURL})
	return &site{env: e, srv: e.Server, store: e.Store, cat: e.Catalog, zone: e.Zone}
}

// response is an answer as the tests read it.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends req to the service (servicetest.Env.Test).
func (s *site) do(t *testing.T, req *http.Request) response {
	t.Helper()
	res, b := s.env.Test(t, req)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// get sends a GET with optional header name/value pairs.
func (s *site) get(t *testing.T, target string, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(t, req)
}

// sampleRefs returns the sample needs: one open, one closed, one expired
// and one draft reference.
func (s *site) sampleRefs(t *testing.T) (open, closed, expired, draft string) {
	t.Helper()
	return servicetest.SampleRefs(t, s.store, s.zone)
}

// firstSlugs returns a published company and agreement slug.
func (s *site) firstSlugs(t *testing.T) (company, agreement string) {
	t.Helper()
	cs := s.cat.Companies(catalog.CompanyQuery{PerPage: 1})
	as := s.cat.Agreements(catalog.AgreementQuery{PerPage: 1})
	if len(cs.Items) == 0 || len(as.Items) == 0 {
		t.Fatal("sample has no company or agreement")
	}
	return cs.Items[0].Slug, as.Items[0].Slug
}

var htmlTag = regexp.MustCompile(`<html lang="([a-z]+)" dir="(rtl|ltr)">`)

func TestPagesEveryLocale(t *testing.T) {
	s := newSite(t, siteOptions{})
	open, closed, expired, _ := s.sampleRefs(t)
	company, agreement := s.firstSlugs(t)
	paths := []string{
		"/", "/hubs/TR", "/hubs/CN", "/needs", "/needs?q=test&hub=TR&sort=deadline",
		"/needs?sector=ai&sector=software&page=2", "/needs/" + open, "/needs/" + closed,
		"/companies", "/companies?kind=university", "/companies/" + company,
		"/agreements", "/agreements?status=active", "/agreements/" + agreement,
	}
	if expired != "" {
		paths = append(paths, "/needs/"+expired)
	}
	for _, loc := range i18n.Locales() {
		for _, p := range paths {
			t.Run(loc.Code+p, func(t *testing.T) {
				r := s.get(t, "/"+loc.Code+p)
				if r.status != http.StatusOK {
					t.Fatalf("status %d\n%s", r.status, r.body)
				}
				m := htmlTag.FindStringSubmatch(r.body)
				if m == nil || m[1] != loc.Code || m[2] != loc.Dir {
					t.Errorf("html tag %v, want lang %s dir %s", m, loc.Code, loc.Dir)
				}
				if got := r.header.Get("Content-Language"); got != loc.Code {
					t.Errorf("Content-Language %q", got)
				}
				if strings.Contains(r.body, "web.") && regexp.MustCompile(`>[^<]*web\.[a-z_]+\.[a-z_]+`).MatchString(r.body) {
					t.Errorf("untranslated message key in page")
				}
				checkJSONLD(t, r.body)
			})
		}
	}
}

// checkJSONLD checks that every JSON-LD script of a page is valid JSON.
func checkJSONLD(t *testing.T, body string) {
	t.Helper()
	re := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		var v map[string]any
		if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
			t.Errorf("JSON-LD is not valid JSON: %v\n%s", err, m[1])
		} else if v["@context"] != "https://schema.org" {
			t.Errorf("JSON-LD without schema.org context: %v", v)
		}
	}
}

func TestPersianPage(t *testing.T) {
	s := newSite(t, siteOptions{})
	r := s.get(t, "/fa/needs")
	if !strings.Contains(r.body, `<html lang="fa" dir="rtl">`) {
		t.Error(`no <html lang="fa" dir="rtl">`)
	}
	if !regexp.MustCompile(`[۰-۹]`).MatchString(r.body) {
		t.Error("no Persian digits on the Persian needs list")
	}
	// Counts and Jalali dates: the result count is in Persian digits and a
	// Solar Hijri year (14xx) appears.
	if !strings.Contains(r.body, "۱۴۰") {
		t.Error("no Solar Hijri year on the Persian needs list")
	}
	if !strings.Contains(r.body, "/static/") || !strings.Contains(r.body, "site.css") {
		t.Error("no style sheet link")
	}
	zh := s.get(t, "/zh/needs")
	if !regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日`).MatchString(zh.body) {
		t.Error("no 年月日 date on the Chinese needs list")
	}
}

func TestCompanyJSONLD(t *testing.T) {
	s := newSite(t, siteOptions{})
	company, _ := s.firstSlugs(t)
	open, _, _, _ := s.sampleRefs(t)
	for p, typ := range map[string]string{"/en/companies/" + company: "Organization", "/en/needs/" + open: "Demand"} {
		r := s.get(t, p)
		if !strings.Contains(r.body, `"@type":"`+typ+`"`) {
			t.Errorf("%s: no JSON-LD of type %s", p, typ)
		}
		for _, want := range []string{`rel="canonical" href="http://hub.example.org` + p + `"`, `hreflang="x-default"`, `property="og:title"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("%s: no %s", p, want)
			}
		}
	}
}

func TestNotFound(t *testing.T) {
	s := newSite(t, siteOptions{})
	_, _, _, draft := s.sampleRefs(t)
	tests := []struct {
		path, lang string
	}{
		{"/xx/needs", "en"},
		{"/xx/needs/TR-26-0001", "en"},
		{"/fa/needs/TR-99-9999", "fa"},
		{"/zh/needs/not-a-ref", "zh"},
		{"/tr/needs/" + draft, "tr"},
		{"/en/companies/no-such-company", "en"},
		{"/fa/agreements/no-such-agreement", "fa"},
		{"/fa/hubs/XX", "fa"},
		{"/fa/no-such-page", "fa"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := s.get(t, tt.path)
			if r.status != http.StatusNotFound {
				t.Fatalf("status %d, want 404", r.status)
			}
			if !strings.Contains(r.body, `<html lang="`+tt.lang+`"`) {
				t.Errorf("not-found page not in %s", tt.lang)
			}
			want := servicetest.T(t, tt.lang, "web.notfound.title")
			if !strings.Contains(r.body, want) {
				t.Errorf("no localized not-found title %q", want)
			}
		})
	}
	// The unknown locale's page follows Accept-Language.
	r := s.get(t, "/xx/needs", "Accept-Language", "fa-IR,fa;q=0.9")
	if r.status != 404 || !strings.Contains(r.body, `<html lang="fa" dir="rtl">`) {
		t.Errorf("unknown locale with Accept-Language fa: %d, not a Persian page", r.status)
	}
}

func TestRootRedirect(t *testing.T) {
	s := newSite(t, siteOptions{})
	tests := []struct {
		name   string
		header []string
		want   string
	}{
		{"default", nil, "/en/"},
		{"accept-language", []string{"Accept-Language", "fa-IR,fa;q=0.9,en;q=0.5"}, "/fa/"},
		{"accept-language zh-TW", []string{"Accept-Language", "zh-TW"}, "/zh/"},
		{"arabic is not persian", []string{"Accept-Language", "ar-SA"}, "/en/"},
		{"cookie wins", []string{"Accept-Language", "fa", "Cookie", "lang=tr"}, "/tr/"},
		{"bad cookie ignored", []string{"Accept-Language", "zh", "Cookie", "lang=xx"}, "/zh/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.get(t, "/", tt.header...)
			if r.status != http.StatusFound {
				t.Fatalf("status %d", r.status)
			}
			if loc := r.header.Get("Location"); !strings.HasSuffix(loc, tt.want) {
				t.Errorf("Location %q, want %q", loc, tt.want)
			}
		})
	}
}

func TestLanguageSwitcher(t *testing.T) {
	s := newSite(t, siteOptions{})
	open, _, _, _ := s.sampleRefs(t)
	pages := []string{"/", "/needs", "/needs?hub=TR&q=battery&sort=deadline", "/needs/" + open, "/companies", "/agreements"}
	linkRe := regexp.MustCompile(`<a href="([^"]+)" lang="([a-z]+)" hreflang="[a-z]+">`)
	for _, p := range pages {
		for _, from := range i18n.Codes() {
			r := s.get(t, "/"+from+p)
			links := linkRe.FindAllStringSubmatch(r.body, -1)
			if len(links) != len(i18n.Codes())-1 {
				t.Errorf("/%s%s: %d switcher links, want %d", from, p, len(links), len(i18n.Codes())-1)
			}
			for _, l := range links {
				href := strings.ReplaceAll(l[1], "&amp;", "&")
				u, err := url.Parse(href)
				if err != nil {
					t.Fatal(err)
				}
				wantPath := "/" + l[2] + strings.SplitN(p, "?", 2)[0]
				if u.Path != wantPath {
					t.Errorf("/%s%s: switcher to %s goes to %s, want %s", from, p, l[2], u.Path, wantPath)
				}
				q := u.Query()
				if q.Get("setlang") != "1" {
					t.Errorf("switcher link %s does not remember the choice", href)
				}
				q.Del("setlang")
				orig, _ := url.Parse(p)
				if q.Encode() != orig.Query().Encode() {
					t.Errorf("switcher link %s lost the query %q", href, orig.RawQuery)
				}
				// Following it sets the cookie and redirects to the clean URL.
				fr := s.get(t, href)
				if fr.status != http.StatusSeeOther {
					t.Fatalf("%s: status %d", href, fr.status)
				}
				if !strings.Contains(fr.header.Get("Set-Cookie"), "lang="+l[2]) {
					t.Errorf("%s: no lang cookie: %q", href, fr.header.Get("Set-Cookie"))
				}
				loc := fr.header.Get("Location")
				if strings.Contains(loc, "setlang") || !strings.Contains(loc, wantPath) {
					t.Errorf("%s: redirect to %q", href, loc)
				}
			}
		}
	}
	// The switcher's redirect never leaves the site nor injects a header.
	for _, bad := range []string{"/fa/needs/%0d%0aSet-Cookie:x=1?setlang=1", "/fa//evil.example/?setlang=1"} {
		r := s.get(t, bad)
		if loc := r.header.Get("Location"); strings.Contains(loc, "\n") || strings.HasPrefix(loc, "//") || r.header.Get("Set-Cookie") == "x=1" {
			t.Errorf("%s: Location %q", bad, loc)
		}
	}
}

func TestNeedsListState(t *testing.T) {
	s := newSite(t, siteOptions{})
	// Facet counts beside values, and an empty result suggests removing a
	// filter with a link that does.
	r := s.get(t, "/en/needs?hub=TR")
	if !regexp.MustCompile(`name="hub" value="TR" checked> <span class="facet-label">[^<]+</span> <span class="count">[0-9]+</span>`).MatchString(r.body) {
		t.Error("no checked hub filter with a count")
	}
	r = s.get(t, "/en/needs?q=zzzzzzqqqq&hub=TR")
	if !strings.Contains(r.body, servicetest.T(t, "en", "web.results.empty")) {
		t.Error("empty result does not say so")
	}
	if !strings.Contains(r.body, servicetest.T(t, "en", "web.results.empty_hint")) {
		t.Error("empty result does not suggest removing a filter")
	}
	if !strings.Contains(r.body, `href="/en/needs?q=zzzzzzqqqq"`) {
		t.Error("no link removing the hub filter")
	}
	// Bad values are dropped, not errors.
	r = s.get(t, "/en/needs?hub=<script>&sector=nope&page=-4&sort=evil&q=%ff%fe")
	if r.status != 200 || strings.Contains(r.body, "<script>") {
		t.Errorf("bad list parameters: %d", r.status)
	}
	// Deadlines: a date and "closes in N days" / "deadline passed".
	r = s.get(t, "/en/needs")
	if !regexp.MustCompile(`closes in [0-9]+ days?|closes today`).MatchString(r.body) {
		t.Error(`no "closes in N days"`)
	}
	r = s.get(t, "/en/needs?status=expired")
	if strings.Contains(r.body, `class="need-card`) && !strings.Contains(r.body, "deadline passed") {
		t.Error(`expired needs without "deadline passed"`)
	}
}

// ---- The register-interest form ----

// formPage gets a need's page and returns its CSRF cookie and token.
func (s *site) formPage(t *testing.T, lang, ref string) (cookie, token string) {
	t.Helper()
	r := s.get(t, "/"+lang+"/needs/"+ref)
	if r.status != 200 {
		t.Fatalf("need page: %d", r.status)
	}
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no form with a CSRF token on %s", ref)
	}
	for _, c := range r.header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(c, "hubdir_csrf="); ok {
			cookie = strings.SplitN(v, ";", 2)[0]
		}
	}
	if cookie == "" {
		t.Fatal("no CSRF cookie")
	}
	if !strings.Contains(strings.Join(r.header.Values("Set-Cookie"), "\n"), "HttpOnly") {
		t.Error("CSRF cookie is not HttpOnly")
	}
	return cookie, m[1]
}

// validForm returns a valid registration.
func validForm(email string) url.Values {
	return url.Values{
		"company_name": {"Tabriz Nano Coatings Co."}, "registration": {"10320567891"}, "country": {"IR"},
		"contact_name": {"Sara Ahmadi"}, "email": {email}, "phone": {"+98 41 3333 4444"},
		"offer":    {"We produce nanostructured anti-reflective coatings for germanium optics."},
		"fit":      {"Ten years of thin-film work and three delivered infrared projects."},
		"proposal": {"A joint pilot with test samples within three months, then licensing."},
		"consent":  {"1"}, "lang": {"en"},
	}
}

// post sends the form with a CSRF cookie (may be "") and header pairs.
func (s *site) post(t *testing.T, path, cookie string, form url.Values, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != "" {
		req.Header.Set("Cookie", "hubdir_csrf="+cookie)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(t, req)
}

// interests returns the interests stored for a need.
func (s *site) interests(t *testing.T, ref string) []*content.Interest {
	t.Helper()
	list, err := s.store.Interests(context.Background(), content.InterestFilter{Need: ref})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestInterestSuccess(t *testing.T) {
	s := newSite(t, siteOptions{})
	open, _, _, _ := s.sampleRefs(t)
	cookie, token := s.formPage(t, "fa", open)
	form := validForm("sara@example.org")
	form.Set("_csrf", token)
	form.Set("lang", "fa")
	r := s.post(t, "/fa/needs/"+open+"/interest", cookie, form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", r.status, r.body)
	}
	list := s.interests(t, open)
	if len(list) != 1 {
		t.Fatalf("%d interests stored, want 1", len(list))
	}
	i := list[0]
	if i.Company.Name != "Tabriz Nano Coatings Co." || i.Lang != "fa" || !i.Consent {
		t.Errorf("stored %+v", i)
	}
	// One domain event, from the public, in the event log (relayed just
	// after the answer).
	if err := s.env.Service.Workspace.Settled(context.Background()); err != nil {
		t.Fatal(err)
	}
	evs, err := s.store.EventsAfter(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range evs {
		if e.Ref == i.Ref {
			got = append(got, e.Kind+"/"+e.Channel+"/"+e.Actor+"/"+e.Need)
		}
	}
	if want := "interest.received/public//" + open; len(got) != 1 || got[0] != want {
		t.Errorf("events %v, want [%s]", got, want)
	}
	loc := r.header.Get("Location")
	if !strings.HasSuffix(loc, "/fa/needs/"+open+"/interest/"+i.Ref) {
		t.Fatalf("redirect to %q", loc)
	}
	var flash string
	for _, c := range r.header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(c, "hubdir_eoi="); ok {
			flash = strings.SplitN(v, ";", 2)[0]
		}
	}
	done := s.get(t, "/fa/needs/"+open+"/interest/"+i.Ref, "Cookie", "hubdir_eoi="+flash)
	if done.status != 200 || !strings.Contains(done.body, i.Ref) {
		t.Fatalf("confirmation: %d, no reference %s", done.status, i.Ref)
	}
	// Without the flash cookie the confirmation is not shown.
	if r := s.get(t, "/fa/needs/"+open+"/interest/"+i.Ref); r.status != 404 {
		t.Errorf("confirmation without cookie: %d, want 404", r.status)
	}
	// The same email again: the first reference, nothing new stored.
	r = s.post(t, "/en/needs/"+open+"/interest", cookie, form)
	if r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), i.Ref+"?again=1") {
		t.Errorf("second registration: %d %q", r.status, r.header.Get("Location"))
	}
	if n := len(s.interests(t, open)); n != 1 {
		t.Errorf("%d interests after the same email twice", n)
	}
}

func TestInterestCSRF(t *testing.T) {
	s := newSite(t, siteOptions{})
	open, _, _, _ := s.sampleRefs(t)
	cookie, token := s.formPage(t, "en", open)
	other, _ := s.formPage(t, "en", open)
	tests := []struct {
		name          string
		cookie, field string
		header        []string
	}{
		{"no token", "", "", nil},
		{"no cookie", "", token, nil},
		{"no field", cookie, "", nil},
		{"wrong token", cookie, strings.Repeat("A", 43), nil},
		{"token of another browser", other, token, nil},
		{"cross-site origin", cookie, token, []string{"Origin", "https://evil.example"}},
		{"cross-site fetch", cookie, token, []string{"Sec-Fetch-Site", "cross-site"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := validForm("csrf-" + strings.ReplaceAll(tt.name, " ", "") + "@example.org")
			if tt.field != "" {
				form.Set("_csrf", tt.field)
			}
			r := s.post(t, "/en/needs/"+open+"/interest", tt.cookie, form, tt.header...)
			if r.status != http.StatusForbidden {
				t.Errorf("status %d, want 403", r.status)
			}
			if !strings.Contains(r.body, servicetest.T(t, "en", "web.error.csrf")) {
				t.Error("no localized CSRF message")
			}
		})
	}
	if n := len(s.interests(t, open)); n != 0 {
		t.Errorf("%d interests stored without a valid token", n)
	}
}

func TestInterestInvalid(t *testing.T) {
	s := newSite(t, siteOptions{})
	open, _, _, _ := s.sampleRefs(t)
	cookie, token := s.formPage(t, "zh", open)

	t.Run("localized field errors keep typed values", func(t *testing.T) {
		form := validForm("not-an-email")
		form.Set("_csrf", token)
		form.Set("offer", "too short")
		form.Del("consent")
		r := s.post(t, "/zh/needs/"+open+"/interest", cookie, form)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.status)
		}
		for _, id := range []string{"field.invalid_email", "field.consent_required"} {
			if !strings.Contains(r.body, servicetest.T(t, "zh", id)) {
				t.Errorf("no %s message in zh", id)
			}
		}
		b, _ := i18n.NewBundle()
		if want := servicetest.HTMLEscape(b.Localizer("zh").T("field.too_short", map[string]any{"Min": content.MinAnswer})); !strings.Contains(r.body, want) {
			t.Errorf("no too_short message %q", want)
		}
		for _, v := range []string{`value="not-an-email"`, `value="Tabriz Nano Coatings Co."`, ">too short</textarea>", `<option value="IR" selected>`} {
			if !strings.Contains(r.body, v) {
				t.Errorf("typed value lost: %s", v)
			}
		}
		if !strings.Contains(r.body, `id="email-error"`) || !strings.Contains(r.body, `aria-invalid="true"`) {
			t.Error("field error not beside its field")
		}
	})

	t.Run("script is inert", func(t *testing.T) {
		const attack = `<script>alert(1)</script>`
		form := url.Values{"_csrf": {token}, "lang": {"zh"}}
		for _, f := range []string{"company_name", "registration", "country", "contact_name", "email", "phone", "offer", "fit", "proposal"} {
			form.Set(f, attack)
		}
		r := s.post(t, "/zh/needs/"+open+"/interest", cookie, form)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.status)
		}
		if strings.Contains(r.body, attack) || strings.Contains(r.body, "<script>alert") {
			t.Error("script rendered active")
		}
		if n := strings.Count(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"); n < 8 {
			t.Errorf("escaped script shown %d times, want every text field", n)
		}
	})

	t.Run("invalid UTF-8 and oversized", func(t *testing.T) {
		for name, mutate := range map[string]func(url.Values){
			"invalid utf-8 name":   func(f url.Values) { f.Set("company_name", "Bad \xff\xfe name") },
			"invalid utf-8 answer": func(f url.Values) { f.Set("offer", strings.Repeat("long enough text ", 3)+"\xc3\x28") },
			"oversized answer":     func(f url.Values) { f.Set("fit", strings.Repeat("x", content.MaxAnswer+1)) },
			"oversized name":       func(f url.Values) { f.Set("company_name", strings.Repeat("n", 5000)) },
			"bidi override":        func(f url.Values) { f.Set("contact_name", "Sara \u202eimdahA") },
		} {
			form := validForm("bad-" + strings.ReplaceAll(name, " ", "") + "@example.org")
			form.Set("_csrf", token)
			mutate(form)
			r := s.post(t, "/zh/needs/"+open+"/interest", cookie, form)
			if r.status < 400 || r.status >= 500 {
				t.Errorf("%s: status %d, want 4xx", name, r.status)
			}
		}
		huge := validForm("huge@example.org")
		huge.Set("_csrf", token)
		huge.Set("proposal", strings.Repeat("y", 2<<20))
		req := httptest.NewRequest(http.MethodPost, "/zh/needs/"+open+"/interest", strings.NewReader(huge.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", "hubdir_csrf="+cookie)
		// Fiber refuses the body while reading it (413); app.Test reports
		// that as an error of the request itself.
		if res, err := s.srv.App().Test(req, -1); err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("2 MiB body: status %d, want 413", res.StatusCode)
			}
		} else if !strings.Contains(err.Error(), "body size exceeds") {
			t.Errorf("2 MiB body: %v", err)
		}
	})
	if n := len(s.interests(t, open)); n != 0 {
		t.Errorf("%d interests stored from invalid posts", n)
	}
}

func TestInterestHoneypotAndState(t *testing.T) {
	s := newSite(t, siteOptions{})
	open, closed, _, draft := s.sampleRefs(t)
	cookie, token := s.formPage(t, "tr", open)
	form := validForm("bot@example.org")
	form.Set("_csrf", token)
	form.Set("website", "http://spam.example")
	r := s.post(t, "/tr/needs/"+open+"/interest", cookie, form)
	if r.status != http.StatusOK || !strings.Contains(r.body, servicetest.T(t, "tr", "web.interest.done_title")) {
		t.Errorf("honeypot: status %d, want the pretend confirmation", r.status)
	}
	if n := len(s.interests(t, open)); n != 0 {
		t.Errorf("honeypot stored %d interests", n)
	}
	// A closed need shows its state, not the form; posting to it is 409.
	page := s.get(t, "/tr/needs/"+closed)
	if strings.Contains(page.body, `name="_csrf"`) || !strings.Contains(page.body, servicetest.T(t, "tr", "web.need.closed_notice")) {
		t.Error("closed need shows the form or not its state")
	}
	form = validForm("closed@example.org")
	form.Set("_csrf", token)
	if r := s.post(t, "/tr/needs/"+closed+"/interest", cookie, form); r.status != http.StatusConflict {
		t.Errorf("post to a closed need: %d, want 409", r.status)
	}
	if r := s.post(t, "/tr/needs/"+draft+"/interest", cookie, form); r.status != http.StatusNotFound {
		t.Errorf("post to a draft need: %d, want 404", r.status)
	}
	if n := len(s.interests(t, closed)) + len(s.interests(t, draft)); n != 0 {
		t.Errorf("%d interests stored on closed/draft needs", n)
	}
}

func TestInterestRateLimitIgnoresForgedXFF(t *testing.T) {
	const limit = 3
	s := newSite(t, siteOptions{perMinute: limit})
	open, _, _, _ := s.sampleRefs(t)
	cookie, token := s.formPage(t, "en", open)
	var last int
	for i := 0; i <= limit; i++ {
		form := validForm(fmt.Sprintf("rate-%d@example.org", i))
		form.Set("_csrf", token)
		r := s.post(t, "/en/needs/"+open+"/interest", cookie, form, "X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
		last = r.status
		if i < limit && r.status != http.StatusSeeOther {
			t.Fatalf("post %d: status %d", i+1, r.status)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("post %d with a new forged X-Forwarded-For: %d, want 429", limit+1, last)
	}
}
