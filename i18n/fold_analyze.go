package i18n

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ZWNJ is the zero-width non-joiner as FoldKey keeps it inside words.
const ZWNJ = "\u200C"

// FoldKey is Fold for the stored search key of a listing: the same folding,
// except that a ZWNJ inside a word is kept (as one U+200C), so that
// AppendTerms can index both the parts of a Persian compound
// ("نرم‌افزار": "نرم", "افزار") and the compound written without it
// ("نرمافزار").
func FoldKey(s string) string { return fold(s, true) }

// Markers FoldKeyIn puts around a Turkish text in a search key, as words
// of their own: the words between them are analysed as Turkish
// (TurkishStem). Fold never produces them (private-use characters separate
// words).
const (
	TurkishOn  = "\uE000"
	TurkishOff = "\uE001"
)

// FoldKeyIn is FoldKey for a text in the locale code: a Turkish text is
// put between TurkishOn and TurkishOff, so that AppendTerms stems it as
// Turkish. An empty text gives "".
func FoldKeyIn(code, s string) string {
	f := FoldKey(s)
	if code != "tr" || f == "" {
		return f
	}
	return TurkishOn + " " + f + " " + TurkishOff
}

// Analysis selects the rules of term analysis. The zero value is the full
// analysis, which AppendTerms and SearchTerms use; the switches turn one
// rule off, to measure what it contributes (docs/search.md).
type Analysis struct {
	NoTurkish       bool // no Turkish stemming, no ş/ğ/ü/ö/ç folding
	NoPersianPlural bool // keep «ها», «های» joined to words
}

// AppendTerms appends to dst the index terms of key, a string returned by
// Fold, FoldKey or FoldKeyIn. Words are split at spaces; a word with ZWNJs
// gives its parts and the joined word; runs of Han characters give
// overlapping bigrams (a single character alone); other runs of letters
// and digits are stemmed: Turkish text (between TurkishOn and TurkishOff)
// with TurkishStem, other Latin words with Stem after Deaccent, Persian
// words with PersianSingular. Terms are in text order and may repeat.
func AppendTerms(dst []string, key string) []string { return Analysis{}.AppendTerms(dst, key) }

// AppendTerms is the package's AppendTerms with a's rules.
func (a Analysis) AppendTerms(dst []string, key string) []string {
	turkish := false
	for key != "" {
		w := key
		if i := strings.IndexByte(key, ' '); i >= 0 {
			w, key = key[:i], key[i+1:]
		} else {
			key = ""
		}
		switch w {
		case "":
			continue
		case TurkishOn:
			turkish = true
			continue
		case TurkishOff:
			turkish = false
			continue
		}
		dst = a.appendWord(dst, w, turkish)
	}
	return dst
}

// AppendWordTerms appends the terms of one word of a search key (no
// spaces), analysed as Turkish or not, as AppendTerms does.
func AppendWordTerms(dst []string, word string, turkish bool) []string {
	return Analysis{}.appendWord(dst, word, turkish)
}

// appendWord appends the terms of one word of a key.
func (a Analysis) appendWord(dst []string, w string, turkish bool) []string {
	if IsSectorTerm(w) {
		return append(dst, w)
	}
	if !strings.Contains(w, ZWNJ) {
		return a.appendWordTerms(dst, w, turkish)
	}
	for p := range strings.SplitSeq(w, ZWNJ) {
		if p != "" {
			dst = a.appendWordTerms(dst, p, turkish)
		}
	}
	return a.appendWordTerms(dst, strings.ReplaceAll(w, ZWNJ, ""), turkish)
}

// SearchTerms returns the terms of a query, as AppendTerms gives them for
// text: Fold(q), so a ZWNJ in a query separates words like a space. Each
// term records whether it came from the query's last word, the word it was
// analysed from, and its Turkish reading when that differs. A Persian
// plural suffix typed apart ("قطار ها") is left out.
func SearchTerms(q string) []SearchTerm { return Analysis{}.SearchTerms(q) }

// SearchTerms is the package's SearchTerms with a's rules.
func (a Analysis) SearchTerms(q string) []SearchTerm {
	var out []SearchTerm
	words := strings.Fields(Fold(q))
	if !a.NoPersianPlural && len(words) > 1 {
		words = slices.DeleteFunc(words, isPersianSuffixWord)
	}
	var buf, alt []string
	for i, w := range words {
		buf = a.appendWordTerms(buf[:0], w, false)
		alt = alt[:0]
		if !a.NoTurkish {
			alt = a.appendWordTerms(alt, w, true)
		}
		for j, t := range buf {
			st := SearchTerm{Text: t, Word: w, Last: i == len(words)-1}
			if len(alt) == len(buf) && alt[j] != t {
				st.Alt = alt[j]
			}
			out = append(out, st)
		}
	}
	return out
}

// SearchTerm is one term of a query.
type SearchTerm struct {
	Text string // the term, as index terms are made
	Alt  string // the term read as Turkish (TurkishStem), when different
	Word string // the folded query word it comes from
	Last bool   // it comes from the query's last word
}

// IsHan reports whether the term is made of Han characters (a bigram or a
// single character).
func IsHan(term string) bool {
	r, _ := utf8.DecodeRuneInString(term)
	return unicode.Is(unicode.Han, r)
}

// IsLatin reports whether every character of the term is a Latin letter
// (English, Turkish and other Latin-script words; digits are not letters).
func IsLatin(term string) bool {
	if term == "" {
		return false
	}
	for _, r := range term {
		if !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// appendWordTerms appends the terms of one folded word without spaces or
// ZWNJs to out.
func (a Analysis) appendWordTerms(out []string, word string, turkish bool) []string {
	if ascii(word) {
		return append(out, a.stem(word, turkish))
	}
	han := 0 // byte offset of the current run of Han characters
	start := -1
	runes := 0 // characters in the Han run
	prev := 0  // byte offset of the previous Han character
	flushHan := func(end int) {
		if runes == 1 {
			out = append(out, word[han:end])
		}
		runes = 0
	}
	for i, r := range word {
		if unicode.Is(unicode.Han, r) {
			if start >= 0 {
				out = append(out, a.stem(word[start:i], turkish))
				start = -1
			}
			if runes == 0 {
				han = i
			} else {
				_, size := utf8.DecodeRuneInString(word[i:])
				out = append(out, word[prev:i+size])
			}
			prev = i
			runes++
			continue
		}
		if runes > 0 {
			flushHan(i)
		}
		if start < 0 {
			start = i
		}
	}
	if runes > 0 {
		flushHan(len(word))
	}
	if start >= 0 {
		out = append(out, a.stem(word[start:], turkish))
	}
	return out
}

// stem returns the term of a run of letters and digits (no Han
// characters) of a word.
func (a Analysis) stem(w string, turkish bool) string {
	if ascii(w) {
		if turkish && !a.NoTurkish {
			return TurkishStem(w)
		}
		return Stem(w)
	}
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.Is(unicode.Arabic, r):
		if a.NoPersianPlural {
			return w
		}
		return PersianSingular(w)
	case a.NoTurkish:
		return w
	case turkish:
		return TurkishStem(w)
	}
	return Stem(Deaccent(w))
}

// Stem returns a light English stem of a folded ASCII word, so that
// inflected forms index alike: "batteries", "battery" → "batteri";
// "testing", "tested", "tests" → "test"; "machines", "machine" → "machin".
// It removes plural -s/-es, -ing, -ed, turns a final -y into -i and drops a
// final -e; words of three letters or fewer, words with digits and
// non-ASCII words are returned as they are. Stemming a stem changes it no
// further for the common cases, and a prefix of a word stems to a prefix
// of the word's stem in most cases, which search as you type relies on.
func Stem(w string) string {
	if len(w) <= 3 || !asciiLetters(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "i"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "zes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ing") && len(w) >= 7:
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ed") && len(w) >= 6:
		w = undouble(w[:len(w)-2])
	}
	switch {
	case strings.HasSuffix(w, "y") && len(w) >= 4:
		w = w[:len(w)-1] + "i"
	case strings.HasSuffix(w, "e") && len(w) >= 5:
		w = w[:len(w)-1]
	}
	return w
}

// undouble removes one of two equal final consonants ("plann" → "plan"),
// except l, s and z.
func undouble(w string) string {
	n := len(w)
	if n >= 4 && w[n-1] == w[n-2] && !strings.ContainsRune("aeioulsz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

// asciiLetters reports whether w is made of ASCII letters a–z only.
func asciiLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// WithinOneEdit reports whether a and b differ by at most one edit: one
// character inserted, removed or replaced, or two neighbours swapped.
func WithinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	if ascii(a) && ascii(b) {
		return oneEdit([]byte(a), []byte(b))
	}
	return oneEdit([]rune(a), []rune(b))
}

// oneEdit is WithinOneEdit over bytes or runes; a != b.
func oneEdit[E byte | rune](a, b []E) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && equal(a[i+2:], b[i+2:]) {
			return true // transposition
		}
		return equal(a[i+1:], b[i+1:])
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return equal(a[i+1:], b[i:])
	}
	return false
}

func equal[E byte | rune](a, b []E) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
