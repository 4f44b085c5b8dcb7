package i18n

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// persianPlurals are the plural suffixes «ها», «های» and «هایی», longest
// first, as Fold writes them.
var persianPlurals = []string{"هایی", "های", "ها"}

// minPersianStem is the fewest letters a word keeps when its plural suffix
// is removed ("تنها", alone, is not a plural of "تن").
const minPersianStem = 3

// PersianSingular returns a folded Persian word without a plural suffix
// «ها», «های» or «هایی» written joined to it ("قطارهای" → "قطار"); the
// ZWNJ-separated form ("قطار‌های") gives the same through AppendTerms,
// which indexes the joined word too. Words that would keep fewer than
// three letters, and words not in Arabic script, are returned as they are.
func PersianSingular(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.Is(unicode.Arabic, r) {
		return w
	}
	for _, s := range persianPlurals {
		if cut, ok := strings.CutSuffix(w, s); ok && utf8.RuneCountInString(cut) >= minPersianStem {
			return cut
		}
	}
	return w
}

// isPersianSuffixWord reports whether a folded query word is a plural
// suffix typed apart from its word ("قطار ها").
func isPersianSuffixWord(w string) bool {
	for _, s := range persianPlurals {
		if w == s {
			return true
		}
	}
	return false
}
