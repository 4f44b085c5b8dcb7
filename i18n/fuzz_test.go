package i18n_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"hubdir/i18n"
)

// FuzzFold: the search analyser never panics, always returns valid UTF-8,
// folds idempotently, and makes only non-empty, valid tokens.
func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"فناوری‌های نوین", "علي كريم", "مدرسة المدينة", "آب و إنرژی", "ـــتست", "۱۲۳ ٤٥٦ 789",
		"新型水处理技术", "機器學習", "綫纜與峯值", "臺灣電錶", "ＡＢＣ１２３", "İSTANBUL ılık", "Running runners ran",
		"\xff\xfe", "a\u202eb\u2066c", "e\u0301\u0301\u0301", "\u200c\u200c", "", " ", "ﷺ ﴾ ﬁ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := i18n.Fold(s)
		if !utf8.ValidString(folded) {
			t.Fatalf("Fold(%q) = %q: not valid UTF-8", s, folded)
		}
		if again := i18n.Fold(folded); again != folded {
			t.Fatalf("Fold is not idempotent: %q -> %q -> %q", s, folded, again)
		}
		for _, tok := range i18n.Tokens(s) {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("Tokens(%q) has token %q", s, tok)
			}
		}
	})
}

// FuzzAnalysis: the term analysis of keys and queries (Turkish stemming
// and letters, Persian plurals and hamza, OpenCC's Chinese tables, the
// glossary) never panics, gives only non-empty valid terms, and analyses
// text the same way as a key (FoldKeyIn) and as a query, so that a text
// always finds itself.
func FuzzAnalysis(f *testing.F) {
	for _, s := range []string{
		"Güneş panellerinde sensörler", "GUNES PANELLERI", "bataryası bataryanın", "ılık İzmir'de",
		"قطارهای چین", "قطار‌های چین", "اجزاء مسئله جامعة", "ریخته‌گری آلومینیوم",
		"機器學習與綫纜", "臺灣電錶", "反滲透膜", "光纤应变传感器", "ＥＭＣ　ＴＥＳＴ", "\uE000 \uE001 \uE002x",
		"lerinde", "ler", "ها های هایی", "", " ",
	} {
		f.Add(s, "tr")
		f.Add(s, "fa")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		for _, w := range []string{i18n.Deaccent(i18n.Fold(s)), i18n.TurkishStem(i18n.Fold(s)), i18n.PersianSingular(i18n.Fold(s))} {
			if !utf8.ValidString(w) {
				t.Fatalf("%q: invalid UTF-8 %q", s, w)
			}
		}
		if d := i18n.Deaccent(i18n.Fold(s)); i18n.Deaccent(d) != d {
			t.Fatalf("Deaccent is not idempotent on %q", s)
		}
		keyTerms := i18n.AppendTerms(nil, i18n.FoldKeyIn(lang, s))
		for _, term := range keyTerms {
			if term == "" || !utf8.ValidString(term) {
				t.Fatalf("key %q (%s) has term %q", s, lang, term)
			}
		}
		// Every term of the query reading of s, or its Turkish reading,
		// is a term of s as a key (ZWNJ aside, which a query reads as a
		// space): a listing is found by its own words.
		if strings.Contains(s, "\u200c") || strings.ContainsAny(s, "\uE000\uE001\uE002") {
			return
		}
		have := map[string]bool{}
		for _, term := range keyTerms {
			have[term] = true
		}
		for _, st := range i18n.SearchTerms(s) {
			if !have[st.Text] && !(lang == "tr" && st.Alt != "" && have[st.Alt]) {
				t.Fatalf("%q (%s): query term %+v is not among the key's terms %q", s, lang, st, keyTerms)
			}
		}
		_ = i18n.TheGlossary().Match(i18n.SearchTerms(s))
	})
}
