package i18n

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

func mustBundle(t testing.TB) *Bundle {
	t.Helper()
	b, err := NewBundle()
	if err != nil {
		t.Fatalf("NewBundle: %v", err)
	}
	return b
}

// TestCatalogsComplete fails listing every key that one catalog has and
// another lacks.
func TestCatalogsComplete(t *testing.T) {
	b := mustBundle(t)
	all := map[string]bool{}
	for _, code := range Codes() {
		ids := b.MessageIDs(code)
		if len(ids) == 0 {
			t.Errorf("catalog %s is empty", code)
		}
		for _, id := range ids {
			all[id] = true
		}
	}
	for _, code := range Codes() {
		have := map[string]bool{}
		for _, id := range b.MessageIDs(code) {
			have[id] = true
		}
		var missing []string
		for id := range all {
			if !have[id] {
				missing = append(missing, id)
			}
		}
		slices.Sort(missing)
		if len(missing) > 0 {
			t.Errorf("catalog %s lacks %d keys:\n\t%s", code, len(missing), strings.Join(missing, "\n\t"))
		}
	}
}

// TestCatalogKeys checks that the keys other packages rely on exist.
func TestCatalogKeys(t *testing.T) {
	b := mustBundle(t)
	have := map[string]bool{}
	for _, id := range b.MessageIDs("en") {
		have[id] = true
	}
	groups := map[string]string{
		"locale.name.":      "fa zh en tr",
		"sector.":           "ai software electronics telecom iot biotech pharma medical-devices health agri-food food-processing chemicals petrochemicals oil-gas renewable-energy energy-storage water environment advanced-materials nanotech automotive aerospace machinery robotics textiles construction mining logistics fintech",
		"kind.need.":        "technology rnd testing investment training",
		"partnership.":      "licence joint-venture rnd-cooperation supply technical-cooperation",
		"kind.company.":     "foreign-company knowledge-based laboratory university hospital park",
		"status.need.":      "draft published expired closed archived",
		"status.agreement.": "signed active expired terminated",
		"status.interest.":  "new contacted matched declined",
		"decline.":          "not-a-fit insufficient-capability incomplete duplicate need-closed no-response other",
		"error.":            "invalid not_found conflict unauthorized forbidden unavailable internal rate_limited too_large unsupported_media_type method_not_allowed need_not_open invalid_transition",
		"field.":            "required too_long too_short too_many too_few bidi_control invalid_utf8 unknown_locale unknown_value unknown_country unknown_sector invalid_date date_past date_order invalid_email invalid_phone invalid_url invalid_slug invalid_ref out_of_range consent_required unknown_field invalid_type invalid_hub needs_text unknown_company",
		"count.":            "needs companies agreements results interests days_left",
	}
	for prefix, list := range groups {
		for _, k := range strings.Fields(list) {
			if !have[prefix+k] {
				t.Errorf("catalog en lacks %s%s", prefix, k)
			}
		}
	}
	if !have["locale.name"] {
		t.Error("catalog en lacks locale.name")
	}
}

// TestCatalogFiles checks the files themselves: no Arabic yeh or kaf in the
// Persian catalog, and keys sorted within each group.
func TestCatalogFiles(t *testing.T) {
	for _, code := range Codes() {
		buf, err := catalogFS.ReadFile("locales/active." + code + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		text := string(buf)
		if code == "fa" && strings.ContainsAny(text, "يك") {
			t.Errorf("active.fa.toml contains Arabic ي or ك; use Persian ی and ک")
		}
		var prev string
		for _, line := range strings.Split(text, "\n") {
			switch {
			case strings.HasPrefix(line, "# "):
				prev = "" // a new group
			case strings.HasPrefix(line, "["):
				key := strings.Trim(line, `[]"`)
				if key < prev {
					t.Errorf("active.%s.toml: key %q after %q", code, key, prev)
				}
				prev = key
			}
		}
	}
}

func TestLocaleNames(t *testing.T) {
	b := mustBundle(t)
	want := map[string]string{"fa": "فارسی", "zh": "中文", "en": "English", "tr": "Türkçe"}
	for code, name := range want {
		if got := b.Localizer(code).T("locale.name"); got != name {
			t.Errorf("%s: locale.name = %q, want %q", code, got, name)
		}
		// Each language's own name is the same in every catalog that
		// names it in its own language.
		if got := b.Localizer(code).T("locale.name." + code); got != name {
			t.Errorf("%s: locale.name.%s = %q, want %q", code, code, got, name)
		}
	}
}

// TestPlurals renders every plural message for several counts in every
// locale, and checks that each catalog has the plural forms its language
// needs.
func TestPlurals(t *testing.T) {
	b := mustBundle(t)
	var plurals []string
	for _, id := range b.MessageIDs("en") {
		if strings.HasPrefix(id, "count.") {
			plurals = append(plurals, id)
		}
	}
	if len(plurals) == 0 {
		t.Fatal("no plural messages")
	}
	for _, code := range Codes() {
		l := b.Localizer(code)
		gl := goi18n.NewLocalizer(b.b, code)
		for _, id := range plurals {
			for _, n := range []int{0, 1, 2, 5, 21, 1000} {
				got := l.N(id, n)
				count := l.Locale().Number(int64(n))
				if got == id || !strings.Contains(got, count) || strings.Contains(got, "<no value>") {
					t.Errorf("%s: N(%q, %d) = %q, want the count %q in it", code, id, n, got, count)
				}
				// The form exists in this locale's own catalog (no
				// fall-back to English).
				if _, tag, err := gl.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n}); err != nil || tag != l.Locale().Tag {
					t.Errorf("%s: %s for %d: tag %v, error %v", code, id, n, tag, err)
				}
			}
		}
	}
}

func TestN(t *testing.T) {
	b := mustBundle(t)
	tests := []struct {
		code, id string
		n        int
		want     string
	}{
		{"en", "count.needs", 1, "1 need"},
		{"en", "count.needs", 0, "0 needs"},
		{"en", "count.needs", 1234, "1,234 needs"},
		{"fa", "count.needs", 12, "۱۲ نیاز"},
		{"fa", "count.needs", 1, "۱ نیاز"},
		{"zh", "count.companies", 3, "3 家企业"},
		{"tr", "count.results", 1500, "1.500 sonuç"},
		{"en", "count.days_left", 1, "1 day left"},
		{"en", "no.such.id", 3, "no.such.id"},
	}
	for _, tt := range tests {
		if got := b.Localizer(tt.code).N(tt.id, tt.n); got != tt.want {
			t.Errorf("%s: N(%q, %d) = %q, want %q", tt.code, tt.id, tt.n, got, tt.want)
		}
	}
}

func TestT(t *testing.T) {
	b := mustBundle(t)
	tests := []struct {
		code, id string
		data     map[string]any
		want     string
	}{
		{"en", "error.conflict", nil, "Someone else changed this item since you read it. Reload it and apply your change again."},
		{"en", "status.need.published", nil, "Open"},
		{"en", "kind.company.knowledge-based", nil, "Knowledge-based firm"},
		{"en", "field.too_long", map[string]any{"Max": 2000}, "Use at most 2,000 characters."},
		{"fa", "field.too_long", map[string]any{"Max": 200}, "حداکثر ۲۰۰ نویسه مجاز است."},
		{"fa", "field.out_of_range", map[string]any{"Min": int64(1), "Max": uint16(100)}, "مقداری بین ۱ و ۱۰۰ وارد کنید."},
		{"tr", "field.too_many", map[string]any{"Max": 5}, "En fazla 5 tane seçin."},
		{"zh", "field.too_short", map[string]any{"Min": 3}, "至少需要 3 个字符。"},
		{"en", "field.too_long", map[string]any{"Max": "ten"}, "Use at most ten characters."},
		{"en", "field.too_long", nil, "Use at most <no value> characters."},
		{"fa", "sector.software", nil, "نرم\u200cافزار"},
		{"en", "missing.id", nil, "missing.id"},
		{"fa", "missing.id", map[string]any{"Max": 1}, "missing.id"},
		{"xx", "status.need.published", nil, "Open"},    // unknown locale → en
		{"", "status.need.published", nil, "Open"},      // unknown locale → en
		{"fa-IR", "status.need.published", nil, "Open"}, // codes are exact
	}
	for _, tt := range tests {
		var got string
		if tt.data == nil {
			got = b.Localizer(tt.code).T(tt.id)
		} else {
			got = b.Localizer(tt.code).T(tt.id, tt.data)
		}
		if got != tt.want {
			t.Errorf("%s: T(%q, %v) = %q, want %q", tt.code, tt.id, tt.data, got, tt.want)
		}
	}
}

func TestTMergesData(t *testing.T) {
	b := mustBundle(t)
	got := b.Localizer("en").T("field.out_of_range", map[string]any{"Min": 1}, map[string]any{"Max": 9})
	if want := "Enter a value from 1 to 9."; got != want {
		t.Errorf("T with two maps = %q, want %q", got, want)
	}
	// The caller's map is not modified.
	data := map[string]any{"Max": 1000}
	b.Localizer("fa").T("field.too_long", data)
	if data["Max"] != 1000 {
		t.Errorf("T modified its data: %v", data)
	}
}

func TestLocalizerLocale(t *testing.T) {
	b := mustBundle(t)
	for _, tt := range []struct{ in, want string }{{"fa", "fa"}, {"zh", "zh"}, {"tr", "tr"}, {"de", "en"}, {"", "en"}} {
		if got := b.Localizer(tt.in).Locale(); got.Code != tt.want {
			t.Errorf("Localizer(%q).Locale().Code = %q, want %q", tt.in, got.Code, tt.want)
		}
	}
	if b.Localizer("fa").Locale().Dir != "rtl" {
		t.Error("fa localizer is not rtl")
	}
}

func TestMessageIDs(t *testing.T) {
	b := mustBundle(t)
	if ids := b.MessageIDs("xx"); ids != nil {
		t.Errorf("MessageIDs(xx) = %v, want nil", ids)
	}
	ids := b.MessageIDs("en")
	if !slices.IsSorted(ids) {
		t.Error("MessageIDs is not sorted")
	}
	ids[0] = "changed"
	if b.MessageIDs("en")[0] == "changed" {
		t.Error("MessageIDs returned shared state")
	}
}

func TestNilLocalizer(t *testing.T) {
	var l *Localizer
	if got := l.T("a.b"); got != "a.b" {
		t.Errorf("nil Localizer T = %q", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	b := mustBundle(t)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		code := Codes()[i%len(Codes())]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				l := b.Localizer(code)
				_ = l.T("field.too_long", map[string]any{"Max": j})
				_ = l.N("count.needs", j)
				loc := l.Locale()
				loc.SortStrings([]string{"b", "a", "c"})
				_ = loc.Date(testDate)
			}
		}()
	}
	wg.Wait()
}

func TestNewBundleErrors(t *testing.T) {
	good := func() fstest.MapFS {
		m := fstest.MapFS{}
		for _, code := range Codes() {
			m["locales/active."+code+".toml"] = &fstest.MapFile{Data: []byte("[\"a.b\"]\nother = \"x {{.Max}}\"\n")}
		}
		return m
	}
	if _, err := newBundle(good()); err != nil {
		t.Fatalf("newBundle(good) = %v", err)
	}
	tests := []struct {
		name, file, data string
	}{
		{"missing catalog", "locales/active.tr.toml", ""},
		{"bad toml", "locales/active.fa.toml", "[\"a.b\"\nother = \"x\""},
		{"bad template", "locales/active.zh.toml", "[\"a.b\"]\nother = \"x {{.Max\"\n"},
		{"no other form", "locales/active.en.toml", "[\"a.b\"]\none = \"x\"\n"},
		{"mixed keys", "locales/active.en.toml", "[a]\nother = \"x\"\n[a.b]\nother = \"y\"\n"},
	}
	for _, tt := range tests {
		fsys := good()
		if tt.data == "" {
			delete(fsys, tt.file)
		} else {
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
		}
		if _, err := newBundle(fsys); err == nil {
			t.Errorf("%s: newBundle succeeded, want an error", tt.name)
		} else {
			t.Logf("%s: %v", tt.name, err)
		}
	}
}

// TestPlaceholders checks that every translation of a message uses the same
// template fields, and that every message renders without leftovers.
func TestPlaceholders(t *testing.T) {
	fields := regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)
	raw := map[string]map[string]map[string]string{} // code → id → form → text
	for _, code := range Codes() {
		buf, err := catalogFS.ReadFile("locales/active." + code + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]map[string]string{}
		if err := toml.Unmarshal(buf, &m); err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		raw[code] = m
	}
	used := func(forms map[string]string) string {
		set := map[string]bool{}
		for _, text := range forms {
			for _, m := range fields.FindAllStringSubmatch(text, -1) {
				set[m[1]] = true
			}
		}
		var list []string
		for f := range set {
			list = append(list, f)
		}
		slices.Sort(list)
		return strings.Join(list, ",")
	}
	b := mustBundle(t)
	data := map[string]any{"Min": 3, "Max": 1000}
	for id, forms := range raw["en"] {
		want := used(forms)
		for _, code := range Codes() {
			if got := used(raw[code][id]); got != want {
				t.Errorf("%s: %s uses fields {%s}, en uses {%s}", code, id, got, want)
			}
			l := b.Localizer(code)
			out := l.T(id, data)
			if strings.HasPrefix(id, "count.") {
				out = l.N(id, 7)
			}
			if strings.Contains(out, "{{") || strings.Contains(out, "<no value>") || out == id {
				t.Errorf("%s: %s renders as %q", code, id, out)
			}
			if strings.Contains(want, "Max") && !strings.Contains(out, l.Locale().Number(1000)) {
				t.Errorf("%s: %s = %q lacks Max in the locale's digits", code, id, out)
			}
		}
	}
}
