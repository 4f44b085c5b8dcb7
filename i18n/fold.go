package i18n

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Results of foldRune besides a replacement rune.
const (
	foldDrop = -1  // remove the character
	foldSep  = ' ' // the character separates words
)

// foldRune maps one character (after NFKC) to its search form: a rune,
// foldDrop or foldSep.
func foldRune(r rune) rune {
	switch {
	case r == 'I' || r == 'İ' || r == 'ı': // Turkish and English i alike
		return 'i'
	case r == 'ي' || r == 'ى' || r == 'ئ': // Arabic yeh, alef maksura, yeh with hamza
		return 'ی'
	case r == 'ك': // Arabic kaf
		return 'ک'
	case r == 'ة' || r == 'ۀ': // teh marbuta, heh with yeh above
		return 'ه'
	case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
		return 'ا'
	case r == 'ؤ':
		return 'و'
	case r == 'ء': // a hamza on its own: «اجزاء» and «اجزا» alike
		return foldDrop
	case r == '\u0640', // tatweel
		r >= '\u064B' && r <= '\u065F', // harakat, hamza above/below
		r == '\u0670':                  // superscript alef
		return foldDrop
	case r == '\u200B' || r == '\u200C' || r == '\u200D': // ZWSP, ZWNJ, ZWJ
		return foldSep
	case r >= 'ء' && r <= 'غ', r >= 'ف' && r <= 'ي', r == 'پ', r == 'چ', r == 'ژ', r == 'گ', r == 'ی', r == 'ک':
		return r // common Arabic-script letters, past the special ones above
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case r < utf8.RuneSelf:
		switch {
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		}
		return foldSep
	case unicode.Is(unicode.Han, r):
		return simplify(r)
	case unicode.IsLetter(r):
		return unicode.ToLower(r)
	case unicode.IsNumber(r), unicode.IsMark(r):
		return r
	case unicode.Is(unicode.Cf, r): // soft hyphen, direction marks and controls
		return foldDrop
	}
	return foldSep
}

// Fold returns the search key form of s, so that equivalent spellings
// compare equal:
//
//   - invalid UTF-8 bytes become spaces, then NFKC folds full- and half-width
//     and other compatibility forms;
//   - letters are lower-cased, with Turkish İ, I and ı all becoming i;
//   - Arabic ي, ى and ئ become Persian ی, Arabic ك becomes ک, ة and ۀ become
//     ه, أ إ آ ٱ become ا and ؤ becomes و;
//   - a hamza on its own (ء) is removed;
//   - tatweel, Arabic diacritics and other invisible format characters are
//     removed; ZWNJ, ZWJ and zero-width space count as spaces;
//   - Persian and Arabic-Indic digits become ASCII digits;
//   - traditional Chinese characters, and their Hong Kong and Taiwan
//     variants, become simplified ones (OpenCC's tables, chinese.go);
//   - runs of spaces, punctuation and symbols become one space, and the
//     result is trimmed.
//
// Fold is for search keys only: stored text keeps its ZWNJ and letters.
func Fold(s string) string { return fold(s, false) }

// fold is Fold; with keepZWNJ, a ZWNJ between two characters of a word is
// kept (as one U+200C) instead of becoming a space.
func fold(s string, keepZWNJ bool) string {
	if ascii(s) {
		return foldASCII(s)
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space, join := false, false
	for _, r := range s {
		if keepZWNJ && r == '\u200C' {
			join = b.Len() > 0 && !space
			continue
		}
		switch f := foldRune(r); f {
		case foldDrop:
		case foldSep:
			space = b.Len() > 0
			join = false
		default:
			if space {
				b.WriteByte(' ')
				space = false
			} else if join {
				b.WriteRune('\u200C')
			}
			join = false
			b.WriteRune(f)
		}
	}
	return b.String()
}

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldASCII is Fold for ASCII text, which NFKC leaves as it is: letters
// lower-cased, digits kept, runs of anything else one space.
func foldASCII(s string) string {
	out := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			space = len(out) > 0
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, c)
	}
	return string(out)
}

// Tokens returns the search terms of s: the words of Fold(s). Runs of Han
// characters, which are written without spaces, become overlapping
// character bigrams ("机器人" → "机器", "器人"), or the single character when
// the run has one, so that a Chinese query matches inside words; letters and
// digits next to Han characters form terms of their own. Terms are in text
// order and may repeat.
func Tokens(s string) []string {
	var out []string
	for _, word := range strings.Fields(Fold(s)) {
		out = appendWordTokens(out, word)
	}
	return out
}

// appendWordTokens appends the terms of one folded word to out.
func appendWordTokens(out []string, word string) []string {
	var han []rune // the current run of Han characters
	flushHan := func() {
		switch {
		case len(han) == 1:
			out = append(out, string(han))
		case len(han) > 1:
			for i := 0; i+1 < len(han); i++ {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	start := -1 // byte offset of the current non-Han run
	for i, r := range word {
		if unicode.Is(unicode.Han, r) {
			if start >= 0 {
				out = append(out, word[start:i])
				start = -1
			}
			han = append(han, r)
			continue
		}
		flushHan()
		if start < 0 {
			start = i
		}
	}
	flushHan()
	if start >= 0 {
		out = append(out, word[start:])
	}
	return out
}
