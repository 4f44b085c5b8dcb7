package content

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"hubdir/i18n"
)

// Text is user-supplied text per locale: {"fa": "...", "en": "..."}.
// Keys are supported locale codes; empty values are not stored.
type Text map[string]string

// In returns the text in locale l and whether it exists.
func (t Text) In(l string) (string, bool) {
	s, ok := t[l]
	return s, ok && s != ""
}

// Locales returns the locales t has text in, in the supported order.
func (t Text) Locales() []string {
	var out []string
	for _, l := range i18n.Codes() {
		if _, ok := t.In(l); ok {
			out = append(out, l)
		}
	}
	return out
}

// Pick returns the text for locale want, falling back to each of fallbacks in
// turn and then to any locale in the supported order. It returns the locale
// the text is in, "" when t is empty.
func (t Text) Pick(want string, fallbacks ...string) (text, locale string) {
	if s, ok := t.In(want); ok {
		return s, want
	}
	for _, l := range fallbacks {
		if s, ok := t.In(l); ok {
			return s, l
		}
	}
	for _, l := range i18n.Codes() {
		if s, ok := t.In(l); ok {
			return s, l
		}
	}
	return "", ""
}

// Clone returns a copy of t.
func (t Text) Clone() Text {
	if t == nil {
		return nil
	}
	c := make(Text, len(t))
	for k, v := range t {
		c[k] = v
	}
	return c
}

// lineMode says whether a field is a single line (spaces collapsed) or
// multi-line prose (newlines kept).
type lineMode int

const (
	singleLine lineMode = iota
	multiLine
)

// cleanString normalises one user-supplied string as the data-safety rules
// require: valid UTF-8 only, bidi embedding/override/isolate controls
// rejected, zero-width space and BOM removed, other control characters
// removed, NFC, trimmed. ZWNJ (U+200C) is kept: Persian needs it.
func cleanString(s string, mode lineMode) (string, Rule) {
	if !utf8.ValidString(s) {
		return "", RuleInvalidUTF8
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return "", RuleBidiControl
		case r == 0x200B || r == 0xFEFF:
			// zero-width space and byte-order mark: invisible, never meaningful here
		case r == '\r':
		case r == '\n' || r == '\t':
			if mode == multiLine && r == '\n' {
				b.WriteRune('\n')
			} else {
				b.WriteRune(' ')
			}
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	out := norm.NFC.String(b.String())
	if mode == singleLine {
		out = strings.Join(strings.Fields(out), " ")
	} else {
		lines := strings.Split(out, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
		}
		out = strings.TrimSpace(strings.Join(lines, "\n"))
		for strings.Contains(out, "\n\n\n") {
			out = strings.ReplaceAll(out, "\n\n\n", "\n\n")
		}
	}
	return out, ""
}

// checkString cleans *s in place and records a problem under field. Length
// is counted in characters after normalisation; max 0 means unbounded.
func (f FieldErrors) checkString(field string, s *string, mode lineMode, required bool, max int) {
	out, rule := cleanString(*s, mode)
	if rule != "" {
		f.add(field, rule)
		return
	}
	*s = out
	switch n := utf8.RuneCountInString(out); {
	case n == 0 && required:
		f.add(field, RuleRequired)
	case max > 0 && n > max:
		f.addBounds(field, RuleTooLong, 0, max)
	}
}

// checkText cleans every locale of *t in place, drops empty locales, and
// checks locale keys and lengths. required means at least one locale must
// have text.
func (f FieldErrors) checkText(field string, t *Text, mode lineMode, required bool, max int) {
	out := Text{}
	for l, s := range *t {
		key := field + "." + l
		if !utf8.ValidString(l) || !i18n.IsSupported(l) {
			f.add(field, RuleUnknownLocale)
			continue
		}
		f.checkString(key, &s, mode, false, max)
		if s != "" {
			out[l] = s
		}
	}
	*t = out
	if required && len(out) == 0 {
		if _, ok := f[field]; !ok {
			f.add(field, RuleNeedsText)
		}
	}
}

var (
	slugPattern  = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()\-]{4,22}[0-9]$`)
	regPattern   = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} /\-.]{0,39}$`)
)

// ValidSlug reports whether s is a well-formed slug: 2–64 lower-case ASCII
// letters and digits in hyphen-separated words.
func ValidSlug(s string) bool {
	return len(s) >= 2 && len(s) <= 64 && slugPattern.MatchString(s)
}

// checkEmail cleans and checks an email address, lower-casing its domain.
func (f FieldErrors) checkEmail(field string, s *string, required bool) {
	f.checkString(field, s, singleLine, required, 254)
	if _, bad := f[field]; bad || *s == "" {
		return
	}
	addr, err := mail.ParseAddress(*s)
	if err != nil || addr.Address != *s || addr.Name != "" || !strings.Contains(*s, "@") {
		f.add(field, RuleInvalidEmail)
		return
	}
	at := strings.LastIndexByte(*s, '@')
	domain := (*s)[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		f.add(field, RuleInvalidEmail)
		return
	}
	*s = (*s)[:at+1] + strings.ToLower(domain)
}

// checkPhone cleans a phone number; Persian and Arabic-Indic digits become
// ASCII so that staff can dial it.
func (f FieldErrors) checkPhone(field string, s *string, required bool) {
	f.checkString(field, s, singleLine, required, 32)
	if _, bad := f[field]; bad || *s == "" {
		return
	}
	*s = asciiDigits(*s)
	if !phonePattern.MatchString(*s) {
		f.add(field, RuleInvalidPhone)
	}
}

// checkURL checks an optional http(s) address.
func (f FieldErrors) checkURL(field string, s *string) {
	f.checkString(field, s, singleLine, false, 300)
	if _, bad := f[field]; bad || *s == "" {
		return
	}
	u, err := url.Parse(*s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		f.add(field, RuleInvalidURL)
	}
}

// asciiDigits replaces Persian (۰–۹) and Arabic-Indic (٠–٩) digits with
// ASCII digits.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		}
		return r
	}, s)
}

// isLocale reports whether l is a supported locale code.
func isLocale(l string) bool { return i18n.IsSupported(l) }
