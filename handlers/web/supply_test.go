package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/content/catalog"
)

// offerOf returns the sample offer of a company (by slug).
func (s *site) offerOf(t *testing.T, company string) *content.Offer {
	t.Helper()
	r := s.cat.Offers(catalog.OfferQuery{Company: company, PerPage: 1})
	if len(r.Items) == 0 {
		t.Fatalf("no sample offer of %s", company)
	}
	return r.Items[0]
}

func TestSupplyPagesEveryLocale(t *testing.T) {
	s := newSite(t, siteOptions{})
	emc := s.offerOf(t, "azarbaijan-emc-lab")
	bio := s.offerOf(t, "tehran-biocompatibility-lab") // no Chinese text
	for _, lang := range []string{"fa", "zh", "en", "tr"} {
		for _, p := range []string{"/offers", "/offers/" + emc.Ref, "/offers/" + bio.Ref, "/labs", "/labs/gebze-ileri-malzeme-test-lab",
			"/labs/isfahan-food-residue-lab", "/offers/propose", "/labs/propose"} {
			r := s.get(t, "/"+lang+p)
			if r.status != 200 {
				t.Fatalf("%s%s: %d\n%s", lang, p, r.status, r.body)
			}
			m := htmlTag.FindStringSubmatch(r.body)
			want := "ltr"
			if lang == "fa" {
				want = "rtl"
			}
			if m == nil || m[1] != lang || m[2] != want {
				t.Errorf("%s%s: html tag %v", lang, p, m)
			}
			if strings.Contains(r.body, "offers.") && strings.Contains(r.body, ">offers.") {
				t.Errorf("%s%s: a message id shows", lang, p)
			}
		}
	}
	zh := s.get(t, "/zh/offers/"+bio.Ref)
	if !strings.Contains(zh.body, `class="fallback-notice"`) || !regexp.MustCompile(`<bdi lang="(en|fa|tr)" dir="(ltr|rtl)">`).MatchString(zh.body) {
		t.Error("the Chinese page of an offer without Chinese text does not mark its fallback")
	}
	if !strings.Contains(zh.body, `"@type":"Offer"`) || !strings.Contains(zh.body, `"@type":"Service"`) {
		t.Error("offer page without Offer/Service JSON-LD")
	}
	lab := s.get(t, "/en/labs/gebze-ileri-malzeme-test-lab")
	for _, want := range []string{"ASTM D638", "ZwickRoell Z250", "TÜRKAK", `id="request"`} {
		if !strings.Contains(lab.body, want) {
			t.Errorf("lab page lacks %q", want)
		}
	}
	fa := s.get(t, "/fa/labs/isfahan-food-residue-lab")
	if !strings.Contains(fa.body, "GB 2763") || !strings.Contains(fa.body, "۵") {
		t.Error("Persian lab page lacks its standards or Persian digits")
	}
	// Drafts, unknown and malformed references are not found.
	var draft string
	for _, o := range s.cat.Offers(catalog.OfferQuery{PerPage: 100, Viewer: catalog.Viewer{Staff: &content.Staff{Role: content.RoleAdmin}}}).Items {
		if o.Status == content.NeedDraft {
			draft = o.Ref
		}
	}
	for _, p := range []string{"/en/offers/" + draft, "/en/offers/TR-OF-26-9999", "/en/offers/nonsense", "/en/labs/eastaz-stp", "/en/labs/no-such-lab"} {
		if r := s.get(t, p); r.status != 404 {
			t.Errorf("%s: %d, want 404", p, r.status)
		}
	}
}

func TestSupplySearchAndMatches(t *testing.T) {
	s := newSite(t, siteOptions{})
	bio := s.offerOf(t, "tehran-biocompatibility-lab")
	r := s.get(t, "/zh/offers?q="+url.QueryEscape("ISO 10993-5 检测"))
	if r.status != 200 || !strings.Contains(r.body, bio.Ref) {
		t.Errorf("Chinese search by standard and term misses %s", bio.Ref)
	}
	r = s.get(t, "/en/labs?q=astmd638")
	if !strings.Contains(r.body, "/en/labs/gebze-ileri-malzeme-test-lab") {
		t.Error("lab search by a run-together standard code fails")
	}
	r = s.get(t, "/en/offers?kind=testing&hub=CN")
	if !strings.Contains(r.body, `name="kind" value="testing" checked`) {
		t.Error("kind filter not shown as selected")
	}
	// The EMC need of the sample shows the EMC offer and lab, for CISPR 25.
	var emcNeed string
	for _, n := range s.cat.Needs(catalog.NeedQuery{Text: "CISPR 25"}).Items {
		emcNeed = n.Ref
	}
	emc := s.offerOf(t, "azarbaijan-emc-lab")
	page := s.get(t, "/en/needs/"+emcNeed)
	if !strings.Contains(page.body, `id="supply-h"`) || !strings.Contains(page.body, "/en/offers/"+emc.Ref) ||
		!strings.Contains(page.body, "/en/labs/azarbaijan-emc-lab") || !strings.Contains(page.body, `<li dir="ltr">CISPR 25</li>`) {
		t.Error("the EMC need does not show the EMC offer and lab with the standard as reason")
	}
	op := s.get(t, "/en/offers/"+emc.Ref)
	if !strings.Contains(op.body, "/en/needs/"+emcNeed) {
		t.Error("the EMC offer does not show the EMC need")
	}
}

// csrfOf returns the CSRF cookie and form token of a page.
func (s *site) csrfOf(t *testing.T, path string) (cookie, token string) {
	t.Helper()
	r := s.get(t, path)
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(r.body)
	if r.status != 200 || m == nil {
		t.Fatalf("%s: %d, no CSRF token", path, r.status)
	}
	for _, c := range r.header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(c, "hubdir_csrf="); ok {
			cookie = strings.SplitN(v, ";", 2)[0]
		}
	}
	return cookie, m[1]
}

func (s *site) testingRequests(t *testing.T) []*content.Interest {
	t.Helper()
	all, err := s.store.Interests(context.Background(), content.InterestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []*content.Interest
	for _, i := range all {
		if i.IsTesting() {
			out = append(out, i)
		}
	}
	return out
}

func TestTestingRequestForm(t *testing.T) {
	s := newSite(t, siteOptions{})
	emc := s.offerOf(t, "azarbaijan-emc-lab")
	path := "/zh/offers/" + emc.Ref
	cookie, token := s.csrfOf(t, path)
	good := url.Values{
		"_csrf": {token}, "company_name": {"深圳计量科技有限公司"}, "country": {"CN"}, "contact_name": {"李伟"},
		"email": {"li.wei@example.cn"}, "what": {"三款智能电表控制板的辐射发射测试"}, "standard": {"cispr 25"},
		"samples": {"3"}, "consent": {"1"},
	}
	bad := []url.Values{}
	for _, mut := range []func(url.Values){
		func(f url.Values) { f.Set("samples", "0") },
		func(f url.Values) { f.Set("what", "短") },
		func(f url.Values) { f.Set("standard", "no digits") },
		func(f url.Values) { f.Set("deadline", "2020-01-01") },
		func(f url.Values) { f.Del("consent") },
		func(f url.Values) { f.Set("email", "not-an-email") },
		func(f url.Values) { f.Set("what", "bad\u202Ebidi request text") },
		func(f url.Values) { f.Set("what", "invalid \xff\xfe UTF-8 in the request") },
		func(f url.Values) { f.Set("samples", "many") },
		func(f url.Values) { f.Set("company_name", strings.Repeat("x", 5000)) },
	} {
		f := url.Values{}
		for k, v := range good {
			f[k] = append([]string(nil), v...)
		}
		mut(f)
		bad = append(bad, f)
	}
	for i, f := range bad {
		r := s.post(t, path+"/request", cookie, f)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `class="field-error"`) {
			t.Errorf("bad request %d: %d", i, r.status)
		}
	}
	noToken := url.Values{}
	for k, v := range good {
		noToken[k] = v
	}
	noToken.Del("_csrf")
	if r := s.post(t, path+"/request", cookie, noToken); r.status != http.StatusForbidden {
		t.Errorf("without CSRF: %d", r.status)
	}
	hp := url.Values{"website": {"http://spam.example"}}
	for k, v := range good {
		hp[k] = v
	}
	if r := s.post(t, path+"/request", cookie, hp); r.status != http.StatusSeeOther {
		t.Errorf("honeypot: %d", r.status)
	}
	if n := len(s.testingRequests(t)); n != 0 {
		t.Fatalf("%d requests stored from bad or bot posts", n)
	}
	r := s.post(t, path+"/request", cookie, good)
	if r.status != http.StatusSeeOther {
		t.Fatalf("good request: %d\n%s", r.status, r.body)
	}
	list := s.testingRequests(t)
	if len(list) != 1 || list[0].Offer != emc.Ref || list[0].Testing.Standard != "CISPR 25" || list[0].Lang != "zh" {
		t.Fatalf("stored %+v", list)
	}
	var flash string
	for _, c := range r.header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(c, "hubdir_eoi="); ok {
			flash = strings.SplitN(v, ";", 2)[0]
		}
	}
	done := s.get(t, r.header.Get("Location"), "Cookie", "hubdir_eoi="+flash)
	if done.status != 200 || !strings.Contains(done.body, list[0].Ref) {
		t.Errorf("confirmation: %d", done.status)
	}
	if r := s.get(t, r.header.Get("Location")); r.status != 404 {
		t.Errorf("confirmation without the flash cookie: %d", r.status)
	}
	// A laboratory takes requests too.
	lcookie, ltoken := s.csrfOf(t, "/en/labs/gebze-ileri-malzeme-test-lab")
	good.Set("_csrf", ltoken)
	good.Set("standard", "ASTM D638")
	if r := s.post(t, "/en/labs/gebze-ileri-malzeme-test-lab/request", lcookie, good); r.status != http.StatusSeeOther {
		t.Errorf("lab request: %d", r.status)
	}
	if list := s.testingRequests(t); len(list) != 2 {
		t.Errorf("%d requests after the lab's", len(list))
	}
}

func TestProposeOffer(t *testing.T) {
	s := newSite(t, siteOptions{})
	cookie, token := s.csrfOf(t, "/fa/offers/propose")
	good := url.Values{
		"_csrf": {token}, "kind": {"testing"}, "hubs": {"TR", "CN"}, "sectors": {"automotive"},
		"title": {"آزمون مه نمکی قطعات خودرو طبق ISO 9227"}, "summary": {"آزمون خوردگی با محفظه ۱۰۰۰ لیتری."},
		"standards": {"ISO 9227\nASTM B117"}, "org": {"شرکت آزمون‌گستر تبریز"}, "org_country": {"IR"},
		"contact_name": {"مریم رضایی"}, "email": {"maryam@example.ir"}, "consent": {"1"},
	}
	for i, mut := range []func(url.Values){
		func(f url.Values) { f.Del("title") },
		func(f url.Values) { f.Set("kind", "investment") },
		func(f url.Values) { f.Set("standards", "not a code") },
		func(f url.Values) { f.Del("hubs") },
		func(f url.Values) { f.Set("hubs", "XX") },
		func(f url.Values) { f.Del("consent") },
		func(f url.Values) { f.Set("trl", "12") },
		func(f url.Values) { f.Set("title", "bad \xff UTF-8") },
		func(f url.Values) { f.Set("deadline", "2020-13-45") },
		func(f url.Values) { f.Set("sectors", "no-such-sector") },
	} {
		f := url.Values{}
		for k, v := range good {
			f[k] = append([]string(nil), v...)
		}
		mut(f)
		if r := s.post(t, "/fa/offers/propose", cookie, f); r.status != http.StatusUnprocessableEntity {
			t.Errorf("bad proposal %d: %d", i, r.status)
		}
	}
	snap, _ := s.store.Snapshot(context.Background())
	before := len(snap.Offers)
	r := s.post(t, "/fa/offers/propose", cookie, good)
	if r.status != http.StatusSeeOther {
		t.Fatalf("proposal: %d\n%s", r.status, r.body)
	}
	snap, _ = s.store.Snapshot(context.Background())
	if len(snap.Offers) != before+1 {
		t.Fatalf("%d offers after one proposal, %d before", len(snap.Offers), before)
	}
	loc := r.header.Get("Location")
	status := s.get(t, loc)
	if status.status != 200 || !strings.Contains(status.body, `id="review-status"`) {
		t.Fatalf("status page %s: %d", loc, status.status)
	}
	ref := regexp.MustCompile(`[A-Z]{2}-OF-\d{2}-\d{4}`).FindString(loc)
	if r := s.get(t, "/fa/offers/"+ref); r.status != 404 {
		t.Errorf("a proposal is public before review: %d", r.status)
	}
	if r := s.get(t, strings.Replace(loc, "key=", "key=x", 1)); r.status != 404 {
		t.Errorf("status page with a wrong key: %d", r.status)
	}
	// A laboratory profile.
	lcookie, ltoken := s.csrfOf(t, "/en/labs/propose")
	lab := url.Values{
		"_csrf": {ltoken}, "name": {"Maragheh Polymer Test Lab"}, "country": {"IR"}, "hubs": {"TR"},
		"methods":   {"ASTM D638 | Tensile properties of plastics\nISO 178 | Flexural properties"},
		"equipment": {"Universal testing machine | Instron 5967 | 0–30 kN"}, "languages": {"fa", "en"},
		"org": {"Maragheh University"}, "org_country": {"IR"}, "contact_name": {"Ali Karimi"},
		"email": {"ali@example.ir"}, "consent": {"1"},
	}
	if r := s.post(t, "/en/labs/propose", lcookie, lab); r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "/en/labs/submitted/maragheh-polymer-test-lab?key=") {
		t.Fatalf("lab proposal: %d %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	if r := s.get(t, "/en/labs/maragheh-polymer-test-lab"); r.status != 404 {
		t.Errorf("a proposed lab is public before review: %d", r.status)
	}
	lab.Set("methods", "no standard here")
	if r := s.post(t, "/en/labs/propose", lcookie, lab); r.status != http.StatusUnprocessableEntity {
		t.Errorf("lab proposal with a bad method: %d", r.status)
	}
}

func TestSupplySitemap(t *testing.T) {
	s := newSite(t, siteOptions{})
	bio := s.offerOf(t, "tehran-biocompatibility-lab") // fa, en, tr: no zh
	r := s.get(t, "/sitemap-1.xml")                    // the sample fits in one part
	if r.status != 200 {
		t.Fatalf("sitemap: %d", r.status)
	}
	for _, want := range []string{"/fa/offers</loc>", "/zh/labs</loc>", "/en/labs/suzhou-huace-testing-center</loc>",
		"/tr/offers/" + bio.Ref + "</loc>", `hreflang="fa" href="http://hub.example.org/fa/offers/` + bio.Ref + `"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if strings.Contains(r.body, `hreflang="zh" href="http://hub.example.org/zh/offers/`+bio.Ref+`"`) {
		t.Error("sitemap gives an hreflang alternate in a locale the offer has no text in")
	}
	for _, o := range s.cat.Offers(catalog.OfferQuery{PerPage: 100, Viewer: catalog.Viewer{Staff: &content.Staff{Role: content.RoleAdmin}}}).Items {
		if !o.Public() && strings.Contains(r.body, o.Ref) {
			t.Errorf("sitemap lists the draft %s", o.Ref)
		}
	}
}

func TestOffersFeed(t *testing.T) {
	s := newSite(t, siteOptions{})
	bio := s.offerOf(t, "tehran-biocompatibility-lab")
	r := s.get(t, "/zh/offers/feed.atom")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if !strings.Contains(r.body, "/zh/offers/"+bio.Ref) || !strings.Contains(r.body, `<entry xml:lang="en">`) {
		t.Error("the Chinese feed lacks the offer without Chinese text, marked with its language")
	}
	if r := s.get(t, "/xx/offers/feed.atom"); r.status != 404 {
		t.Errorf("feed in an unknown locale: %d", r.status)
	}
}
