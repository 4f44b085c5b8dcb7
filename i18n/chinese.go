package i18n

import (
	"bufio"
	_ "embed" // the OpenCC dictionaries
	"strings"
	"unicode"
	"unicode/utf8"
)

// OpenCC's character dictionaries (see opencc/README.md): one entry a
// line, the source character, a tab, and space-separated candidates.
var (
	//go:embed opencc/TSCharacters.txt
	tsCharacters string
	//go:embed opencc/HKVariantsRev.txt
	hkVariantsRev string
	//go:embed opencc/TWVariantsRev.txt
	twVariantsRev string
)

// simplified maps Han characters (traditional, Hong Kong or Taiwan
// variants) to their simplified form. Every value maps to itself (it is
// not a key), so folding is idempotent. Built once, never modified.
var simplified = buildSimplified()

// simplify returns the simplified form of a Han character, and r itself
// when it has none.
func simplify(r rune) rune {
	if s, ok := simplified[r]; ok {
		return s
	}
	return r
}

// buildSimplified composes OpenCC's variant → standard traditional and
// traditional → simplified maps, keeping only single characters.
func buildSimplified() map[rune]rune {
	ts := parseCharDict(tsCharacters)
	variants := parseCharDict(hkVariantsRev)
	for k, v := range parseCharDict(twVariantsRev) {
		if _, ok := variants[k]; !ok {
			variants[k] = v
		}
	}
	step := func(r rune) rune {
		if v, ok := variants[r]; ok {
			r = v
		}
		if v, ok := ts[r]; ok {
			r = v
		}
		return r
	}
	out := make(map[rune]rune, len(ts)+len(variants))
	for _, m := range []map[rune]rune{ts, variants} {
		for k := range m {
			// Follow the chain to a fixed point (a few steps at most).
			r := step(k)
			for range 4 {
				next := step(r)
				if next == r {
					break
				}
				r = next
			}
			if r != k && step(r) == r && unicode.Is(unicode.Han, r) {
				out[k] = r
			}
		}
	}
	return out
}

// parseCharDict reads an OpenCC dictionary, keeping the entries whose
// source and first candidate are single Han characters.
func parseCharDict(data string) map[rune]rune {
	out := map[rune]rune{}
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		from, to, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		to, _, _ = strings.Cut(strings.TrimSpace(to), " ")
		k, kn := utf8.DecodeRuneInString(from)
		v, vn := utf8.DecodeRuneInString(to)
		if kn != len(from) || vn != len(to) || k == utf8.RuneError || v == utf8.RuneError || k == v {
			continue
		}
		if unicode.Is(unicode.Han, k) && unicode.Is(unicode.Han, v) {
			out[k] = v
		}
	}
	return out
}
