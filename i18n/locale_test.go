package i18n

import (
	"slices"
	"testing"

	"golang.org/x/text/language"
)

func TestLocales(t *testing.T) {
	want := []struct{ code, dir string }{
		{"fa", "rtl"}, {"zh", "ltr"}, {"en", "ltr"}, {"tr", "ltr"},
	}
	locs := Locales()
	if len(locs) != len(want) {
		t.Fatalf("Locales() has %d entries, want %d", len(locs), len(want))
	}
	for i, w := range want {
		l := locs[i]
		if l.Code != w.code || l.Dir != w.dir || l.Tag != language.Make(w.code) {
			t.Errorf("Locales()[%d] = %+v, want code %q dir %q", i, l, w.code, w.dir)
		}
	}
	if got := Codes(); !slices.Equal(got, []string{"fa", "zh", "en", "tr"}) {
		t.Errorf("Codes() = %v", got)
	}
	// The returned slices are copies.
	Codes()[0] = "xx"
	Locales()[0].Code = "xx"
	if Codes()[0] != "fa" || Locales()[0].Code != "fa" {
		t.Error("Codes or Locales returned shared state")
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		code string
		ok   bool
		dir  string
	}{
		{"fa", true, "rtl"},
		{"zh", true, "ltr"},
		{"en", true, "ltr"},
		{"tr", true, "ltr"},
		{"FA", false, ""},
		{"fa-IR", false, ""},
		{"ar", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		l, ok := Lookup(tt.code)
		if ok != tt.ok || l.Dir != tt.dir || (ok && l.Code != tt.code) {
			t.Errorf("Lookup(%q) = %+v, %v; want ok %v dir %q", tt.code, l, ok, tt.ok, tt.dir)
		}
		if IsSupported(tt.code) != tt.ok {
			t.Errorf("IsSupported(%q) = %v, want %v", tt.code, !tt.ok, tt.ok)
		}
	}
}

func TestScriptDir(t *testing.T) {
	tests := map[string]string{
		"fa": "rtl", "ar": "rtl", "he": "rtl", "ur": "rtl", "dv": "rtl",
		"en": "ltr", "zh": "ltr", "tr": "ltr", "ru": "ltr",
		"az-Arab": "rtl", "az": "ltr",
	}
	for code, want := range tests {
		if got := scriptDir(language.Make(code)); got != want {
			t.Errorf("scriptDir(%s) = %q, want %q", code, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		header, fallback, want string
	}{
		{"fa-IR,fa;q=0.9", "en", "fa"},
		{"fa", "en", "fa"},
		{"zh-CN,zh;q=0.9,en;q=0.8", "en", "zh"},
		{"zh-TW", "en", "zh"},
		{"zh-Hant-HK", "fa", "zh"},
		{"ar-SA", "en", "en"},
		{"ar-SA", "fa", "fa"},
		{"tr-TR", "en", "tr"},
		{"tr", "fa", "tr"},
		{"en-US,en;q=0.9", "fa", "en"},
		{"de-DE,de;q=0.9,tr;q=0.5", "en", "tr"},
		{"de-DE", "fa", "fa"},
		{"ar,fa;q=0.5", "en", "fa"},
		{"*", "tr", "tr"},
		{"", "en", "en"},
		{"not a header;;;", "en", "en"},
		{"en;q=0.1,fa;q=0.9", "tr", "fa"},
	}
	for _, tt := range tests {
		if got := Match(tt.header, tt.fallback); got != tt.want {
			t.Errorf("Match(%q, %q) = %q, want %q", tt.header, tt.fallback, got, tt.want)
		}
	}
}
