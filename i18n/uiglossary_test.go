package i18n

import (
	_ "embed" // the interface glossary
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

//go:embed ui-glossary.tsv
var uiGlossaryTSV string

// uiTerm is one concept of the interface glossary.
type uiTerm struct {
	concept, term string
	banned, allow []string
}

func parseUIGlossary(t *testing.T) []uiTerm {
	t.Helper()
	split := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, "|") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	var terms []uiTerm
	for n, line := range strings.Split(uiGlossaryTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 || cols[1] == "" || len(split(cols[2])) == 0 {
			t.Fatalf("ui-glossary.tsv line %d: want 4 columns (concept, term, variants, allowed): %q", n+1, line)
		}
		terms = append(terms, uiTerm{concept: cols[0], term: cols[1], banned: split(cols[2]), allow: split(cols[3])})
	}
	if len(terms) < 5 {
		t.Fatalf("ui-glossary.tsv has %d terms", len(terms))
	}
	return terms
}

// persianMessages returns every Persian message text by catalog file and
// message ID.
func persianMessages(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	files, err := fs.Glob(catalogFS, "locales/*.fa.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Persian catalogs: %v", err)
	}
	for _, f := range files {
		var m map[string]map[string]any
		if _, err := toml.DecodeFS(catalogFS, f, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id, forms := range m {
			for form, v := range forms {
				if s, ok := v.(string); ok && form != "description" && form != "hash" {
					out[path.Base(f)+" "+id+" ("+form+")"] = s
				}
			}
		}
	}
	return out
}

// TestUIGlossary checks that the Persian catalogs use one term per
// concept: no message contains a variant the glossary rejects (outside
// the words it allows), and each preferred term is used somewhere.
func TestUIGlossary(t *testing.T) {
	terms := parseUIGlossary(t)
	msgs := persianMessages(t)
	all := strings.Builder{}
	for where, s := range msgs {
		all.WriteString(s)
		all.WriteByte('\n')
		for _, term := range terms {
			text := s
			for _, a := range term.allow {
				text = strings.ReplaceAll(text, a, "")
			}
			for _, b := range term.banned {
				if strings.Contains(text, b) {
					t.Errorf("%s: %q says %q; the glossary's Persian for %q is %q", where, s, b, term.concept, term.term)
				}
			}
		}
	}
	for _, term := range terms {
		if !strings.Contains(all.String(), term.term) {
			t.Errorf("the glossary's term %q (%s) appears in no Persian message", term.term, term.concept)
		}
	}
}

// TestUIGlossaryCatches makes sure the check is not vacuous: a message with
// a rejected variant is found, an allowed compound is not.
func TestUIGlossaryCatches(t *testing.T) {
	terms := parseUIGlossary(t)
	hit := func(s string) bool {
		for _, term := range terms {
			text := s
			for _, a := range term.allow {
				text = strings.ReplaceAll(text, a, "")
			}
			for _, b := range term.banned {
				if strings.Contains(text, b) {
					return true
				}
			}
		}
		return false
	}
	if !hit("همهٔ هاب‌ها") || !hit("با رایانامه تماس می‌گیریم") || !hit("ثبت علاقه‌مندی") {
		t.Error("a rejected variant went unnoticed")
	}
	if hit("به هاب‌دیر خوش آمدید") || hit("اعلام آمادگی شما به مرکز رسید") {
		t.Error("an allowed text was rejected")
	}
}
