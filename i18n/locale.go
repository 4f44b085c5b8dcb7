// Package i18n holds Hubdir's supported locales and everything that depends
// on them: locale negotiation, the embedded message catalogs, number and date
// formatting (Persian digits, Solar Hijri dates), collation, text direction
// and the folding of text into search keys.
//
// The package has no mutable package-level state; every value it hands out
// is either immutable (Locale, Bundle) or meant for one request (Localizer).
package i18n

import (
	"golang.org/x/text/language"
)

// codes is the one list of supported locales, in display order. Adding a
// locale means adding its code here and a catalog file
// locales/active.<code>.toml.
var codes = [...]string{"fa", "zh", "en", "tr"}

// fallbackCode is the locale used when a requested locale is not supported.
// It must be one of codes and must have a complete catalog.
const fallbackCode = "en"

// Text directions, as used in HTML's dir attribute.
const (
	dirRTL = "rtl"
	dirLTR = "ltr"
)

// Locale describes one supported interface and content language.
type Locale struct {
	Code string       // "fa", "zh", "en" or "tr"
	Tag  language.Tag // language.Make(Code)
	Dir  string       // "rtl" or "ltr", derived from the locale's script
}

// newLocale builds the Locale for code.
func newLocale(code string) Locale {
	tag := language.Make(code)
	return Locale{Code: code, Tag: tag, Dir: scriptDir(tag)}
}

// scriptDir returns "rtl" when tag's (likely) script is written right to
// left, and "ltr" otherwise.
func scriptDir(tag language.Tag) string {
	script, _ := tag.Script()
	switch script.String() {
	case "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr":
		return dirRTL
	}
	return dirLTR
}

// Locales returns the supported locales in display order (fa, zh, en, tr).
// The caller may modify the returned slice.
func Locales() []Locale {
	out := make([]Locale, len(codes))
	for i, c := range codes {
		out[i] = newLocale(c)
	}
	return out
}

// Codes returns the codes of the supported locales in display order.
// The caller may modify the returned slice.
func Codes() []string {
	out := make([]string, len(codes))
	copy(out, codes[:])
	return out
}

// Lookup returns the supported locale with the given code (exact,
// case-sensitive match such as "fa") and whether it exists.
func Lookup(code string) (Locale, bool) {
	if !IsSupported(code) {
		return Locale{}, false
	}
	return newLocale(code), true
}

// IsSupported reports whether code is the exact code of a supported locale.
func IsSupported(code string) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

// Match negotiates the locale for an Accept-Language header value. It
// returns the code of the best supported locale, or fallback when the header
// is empty or invalid or names no language that is supported.
//
// The result is always an entry of Codes (or fallback): the tag chosen by
// the matcher, which may carry extensions such as "fa-u-rg-irzzzz", is never
// returned. A match of confidence language.No counts as no match (the
// matcher pairs "ar" with "fa" at that confidence), except that a header
// language whose base language equals a supported one (such as "zh-TW" for
// "zh") is accepted.
func Match(acceptLanguage string, fallback string) string {
	if acceptLanguage == "" {
		return fallback
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return fallback
	}
	supported := make([]language.Tag, len(codes))
	for i, c := range codes {
		supported[i] = language.Make(c)
	}
	_, index, conf := language.NewMatcher(supported).Match(tags...)
	if conf != language.No && index >= 0 && index < len(codes) {
		return codes[index]
	}
	// Same base language, e.g. zh-Hant-TW for zh: the script differs, so the
	// matcher reports no confidence, but the reader is better served.
	for _, t := range tags {
		base, conf := t.Base()
		if conf != language.Exact {
			continue // "und", "*" and the like
		}
		for i, s := range supported {
			if sb, _ := s.Base(); sb == base {
				return codes[i]
			}
		}
	}
	return fallback
}
