package catalog

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"hubdir/content"
	"hubdir/i18n"
)

// Reasons a person understands (issue 11): instead of the index terms two
// listings share (folded, stemmed, cut into Chinese bigrams: "اموزش",
// "造商"), a match shows the phrases of a company's capabilities that the
// other listing speaks of, whole and as written in the reader's language.

// maxPhrases is how many capability phrases a match lists.
const maxPhrases = 3

// maxPhraseRunes bounds a phrase that is shown: longer pieces of text are
// sentences, not capabilities.
const maxPhraseRunes = 80

// phraseSeparators end a phrase of a capability list: commas (Latin,
// Arabic, ideographic, enumeration), semicolons, full stops, colons and
// line breaks.
const phraseSeparators = ",،、;؛，；.。:：\n"

// SplitPhrases splits a capability list into its phrases, trimmed, in
// order; empty pieces are dropped.
func SplitPhrases(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(phraseSeparators, r) }) {
		if p = strings.TrimFunc(p, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' }); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// termSet returns the distinct index terms of every locale of texts.
func termSet(texts ...content.Text) map[string]bool {
	set := map[string]bool{}
	var buf []string
	for _, t := range texts {
		for _, s := range t {
			buf = i18n.AppendTerms(buf[:0], i18n.FoldKey(s))
			for _, w := range buf {
				set[w] = true
			}
		}
	}
	return set
}

// meaningful reports whether term of a phrase in locale lang can tell
// that the phrase fits: not a stop word, not a number, and long enough
// (three letters in a Latin word, two elsewhere; a Chinese bigram).
func meaningful(lang, term string) bool {
	if isNumber(term) || i18n.IsStopWordIn(lang, term) || i18n.IsStopWord(term) {
		return false
	}
	n := utf8.RuneCountInString(term)
	if i18n.IsLatin(term) {
		return n >= 3
	}
	return n >= 2
}

// commonShare is the share of the needs a term may occur in and still
// tell a fit: "company", "production" or "تولید" occur in most needs and
// say nothing about this one.
const commonShare = 0.2

// MatchingPhrases returns up to maxPhrases phrases of capabilities (text in
// locale lang, a list of phrases) that share a meaningful term with the
// other listing's texts (any locale), whole and as written: never a word
// cut in two, never a stop word alone. A term counts when it is no stop
// word and occurs in at most commonShare of the needs. A Chinese phrase
// needs two shared bigrams, as one says little.
func (c *Catalog) MatchingPhrases(capabilities, lang string, other ...content.Text) []string {
	if capabilities == "" {
		return nil
	}
	st := c.state.Load()
	docs := st.needs.text.docs + len(st.needs.delta)
	common := func(t string) bool {
		df := 0
		if id := st.needs.text.find(t); id >= 0 {
			df = st.needs.text.df(id)
		}
		return docs >= 10 && float64(df) > commonShare*float64(docs)
	}
	set := termSet(other...)
	var out []string
	var buf []string
	for _, p := range SplitPhrases(capabilities) {
		if utf8.RuneCountInString(p) > maxPhraseRunes || slices.Contains(out, p) {
			continue
		}
		buf = i18n.AppendTerms(buf[:0], i18n.FoldKey(p))
		han, word := 0, false
		for _, t := range buf {
			if !set[t] || !meaningful(lang, t) || common(t) {
				continue
			}
			if i18n.IsHan(t) {
				han++
			} else {
				word = true
			}
		}
		if word || han >= 2 {
			out = append(out, p)
			if len(out) == maxPhrases {
				break
			}
		}
	}
	return out
}
