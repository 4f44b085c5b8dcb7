package i18n

import (
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/bidi"
)

// collator returns a new collator for the locale. A *collate.Collator is not
// safe for concurrent use, so every call gets its own.
func (l Locale) collator() *collate.Collator {
	return collate.New(l.Tag)
}

// Compare compares a and b by the locale's collation (Persian alphabet order
// for fa, pinyin for zh) and returns -1, 0 or 1.
func (l Locale) Compare(a, b string) int {
	return l.collator().CompareString(a, b)
}

// SortStrings sorts s in place by the locale's collation.
func (l Locale) SortStrings(s []string) {
	l.collator().SortStrings(s)
}

// TextDir returns the direction of s judged by its first strong character:
// "rtl" for a right-to-left letter (bidi class R or AL), "ltr" for a
// left-to-right one, and "" when s has no strong character (digits,
// punctuation, empty). Use it for the dir attribute of user-supplied text.
func TextDir(s string) string {
	for len(s) > 0 {
		p, size := bidi.LookupString(s)
		if size <= 0 {
			size = 1
		}
		switch p.Class() {
		case bidi.R, bidi.AL:
			return dirRTL
		case bidi.L:
			return dirLTR
		}
		s = s[size:]
	}
	return ""
}

// RegionName returns the name of the country with ISO 3166-1 alpha-2 code
// alpha2 (case-insensitive) in the locale l, such as "ترکیه" for "TR" in fa.
// It returns the upper-cased code when the code is not a valid alpha-2 code
// or has no name.
func RegionName(l Locale, alpha2 string) string {
	code := strings.ToUpper(alpha2)
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return code
	}
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	namer := display.Regions(l.Tag)
	if namer == nil { // no names for this language
		namer = display.Regions(language.English)
	}
	if name := namer.Name(region); name != "" {
		return name
	}
	return code
}
