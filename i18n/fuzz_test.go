package i18n_test

import (
	"testing"
	"unicode/utf8"

	"hubdir/i18n"
)

// FuzzFold: the search analyser never panics, always returns valid UTF-8,
// folds idempotently, and makes only non-empty, valid tokens.
func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"فناوری‌های نوین", "علي كريم", "مدرسة المدينة", "آب و إنرژی", "ـــتست", "۱۲۳ ٤٥٦ 789",
		"新型水处理技术", "機器學習", "ＡＢＣ１２３", "İSTANBUL ılık", "Running runners ran",
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
