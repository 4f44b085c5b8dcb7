package i18n

import (
	_ "embed" // the glossary
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

//go:embed glossary/terms.tsv
var glossaryTSV string

// glossaryLangs are the columns of glossary/terms.tsv.
var glossaryLangs = [...]string{"en", "fa", "zh", "tr"}

// GlossaryForm is one way of writing a glossary term: its text as the
// glossary writes it, its language and its search terms (as AppendTerms
// gives them for a text in that language).
type GlossaryForm struct {
	Text  string
	Lang  string
	Terms []string
}

// GlossaryEntry is one concept of the glossary in every language, with
// synonyms.
type GlossaryEntry struct {
	Sector string // the sector code, for the taxonomy's names; "" otherwise
	Forms  []GlossaryForm
}

// Glossary is the cross-language glossary: the sector taxonomy's names and
// the technical terms of glossary/terms.tsv, in fa, zh, en and tr. It is
// immutable.
type Glossary struct {
	entries []GlossaryEntry
	first   map[string][]formRef // forms by their first term
}

// formRef locates a form of the glossary.
type formRef struct{ entry, form int }

// glossary is built once from the embedded data; never modified.
var glossary = mustGlossary()

// TheGlossary returns the glossary built from the embedded data.
func TheGlossary() *Glossary { return glossary }

func mustGlossary() *Glossary {
	g, err := buildGlossary(glossaryTSV, catalogFS)
	if err != nil {
		panic("i18n: " + err.Error()) // embedded data, checked by tests
	}
	return g
}

// buildGlossary parses the TSV glossary and adds the sector names of the
// active.<code>.toml catalogs of fsys.
func buildGlossary(tsv string, fsys fs.FS) (*Glossary, error) {
	g := &Glossary{first: map[string][]formRef{}}
	for line := range strings.SplitSeq(tsv, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != len(glossaryLangs) {
			return nil, &glossaryError{line}
		}
		var e GlossaryEntry
		for i, col := range cols {
			for syn := range strings.SplitSeq(col, "|") {
				e.Forms = appendForm(e.Forms, glossaryLangs[i], syn)
			}
		}
		g.add(e)
	}
	sectors := map[string]*GlossaryEntry{}
	var codes []string
	for _, lang := range glossaryLangs {
		raw, err := fs.ReadFile(fsys, path.Join("locales", "active."+lang+".toml"))
		if err != nil {
			return nil, err
		}
		var msgs map[string]map[string]any
		if err := toml.Unmarshal(raw, &msgs); err != nil {
			return nil, err
		}
		for id, m := range msgs {
			code, ok := strings.CutPrefix(id, "sector.")
			text, _ := m["other"].(string)
			if !ok || text == "" {
				continue
			}
			e := sectors[code]
			if e == nil {
				e = &GlossaryEntry{Sector: code}
				sectors[code] = e
				codes = append(codes, code)
			}
			e.Forms = appendForm(e.Forms, lang, text)
		}
	}
	slices.Sort(codes)
	for _, code := range codes {
		g.add(*sectors[code])
	}
	return g, nil
}

// appendForm appends the form text of a language, unless it has no terms.
// A form with a ZWNJ ("ریخته‌گری") is entered twice, as a query gives its
// terms typed with a ZWNJ or a space (the parts) and typed joined.
func appendForm(forms []GlossaryForm, lang, text string) []GlossaryForm {
	text = strings.TrimSpace(text)
	key := FoldKeyIn(lang, text)
	variants := []string{strings.ReplaceAll(key, ZWNJ, " ")}
	if strings.Contains(key, ZWNJ) {
		variants = append(variants, strings.ReplaceAll(key, ZWNJ, ""))
	}
	for _, v := range variants {
		if terms := AppendTerms(nil, v); len(terms) > 0 {
			forms = append(forms, GlossaryForm{Text: text, Lang: lang, Terms: terms})
		}
	}
	return forms
}

// add adds an entry and indexes its forms.
func (g *Glossary) add(e GlossaryEntry) {
	i := len(g.entries)
	g.entries = append(g.entries, e)
	for j, f := range e.Forms {
		g.first[f.Terms[0]] = append(g.first[f.Terms[0]], formRef{i, j})
	}
}

// sectorMark begins a sector term; Fold never produces it.
const sectorMark = "\uE002"

// SectorTerm returns the search term that stands for the sector code in
// a listing's search key: a sector's name in a query (any language)
// matches the listings of the sector through it. Fold never produces it,
// so no text matches it.
func SectorTerm(code string) string { return sectorMark + code }

// IsSectorTerm reports whether a word of a search key is a sector term.
func IsSectorTerm(w string) bool { return strings.HasPrefix(w, sectorMark) }

// Len returns the number of entries.
func (g *Glossary) Len() int { return len(g.entries) }

// Entries returns the entries; the caller must not modify them.
func (g *Glossary) Entries() []GlossaryEntry { return g.entries }

// GlossaryMatch is a run of query terms that names a glossary entry.
type GlossaryMatch struct {
	Start, End int // the terms [Start, End) of the query
	Entry      *GlossaryEntry
	Form       int // the form the query names
}

// Match finds glossary entries named in a query's terms, longest first,
// left to right, without overlaps. A query term matches a form's term by
// its Text or its Alt (Turkish reading).
func (g *Glossary) Match(q []SearchTerm) []GlossaryMatch {
	var out []GlossaryMatch
	for i := 0; i < len(q); {
		best := GlossaryMatch{End: -1}
		for _, t := range []string{q[i].Text, q[i].Alt} {
			if t == "" {
				continue
			}
			for _, ref := range g.first[t] {
				f := &g.entries[ref.entry].Forms[ref.form]
				n := len(f.Terms)
				if i+n > len(q) || n <= best.End-best.Start {
					continue
				}
				ok := true
				for k, ft := range f.Terms {
					if q[i+k].Text != ft && q[i+k].Alt != ft {
						ok = false
						break
					}
				}
				if ok {
					best = GlossaryMatch{Start: i, End: i + n, Entry: &g.entries[ref.entry], Form: ref.form}
				}
			}
		}
		if best.End < 0 {
			i++
			continue
		}
		out = append(out, best)
		i = best.End
	}
	return out
}

// glossaryError reports a malformed line of the glossary.
type glossaryError struct{ line string }

func (e *glossaryError) Error() string {
	return "glossary: a line needs four tab-separated columns (en, fa, zh, tr): " + e.line
}
