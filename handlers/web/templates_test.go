package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"hubdir/handlers/page"
	"hubdir/handlers/staff"
	"hubdir/i18n"
)

// placeholder stands for the output of a template action in the text a
// template file produces.
const placeholder = "\x00"

// templateText returns the literal text of a template file, with every
// action replaced by placeholder; comments are left out.
func templateText(t *testing.T, name, src string) string {
	t.Helper()
	tr := parse.New(name)
	tr.Mode = parse.SkipFuncCheck | parse.ParseComments
	trees := map[string]*parse.Tree{}
	if _, err := tr.Parse(src, "", "", trees); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var b strings.Builder
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.TextNode:
			b.Write(n.Text)
		case *parse.ActionNode, *parse.TemplateNode:
			b.WriteString(placeholder)
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		}
	}
	for _, tree := range trees {
		walk(tree.Root)
	}
	return b.String()
}

var (
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	htmlTagRe   = regexp.MustCompile(`(?s)<[^>]*>`)
	// textAttr finds the attributes whose values people read.
	textAttr = regexp.MustCompile(`\b(?:aria-label|title|alt|placeholder|content|label)="([^"]*)"`)
)

// TestNoLiteralText checks that templates hold no interface text of their
// own: between tags, and in attributes people read (aria-label, title,
// alt, placeholder, content), there is only white space, punctuation,
// symbols and template actions. Every word comes from the catalogs.
func TestNoLiteralText(t *testing.T) {
	hasLetter := func(s string) bool {
		return strings.IndexFunc(s, unicode.IsLetter) >= 0
	}
	for _, tfs := range allTemplateFS() {
		files, err := fs.Glob(tfs, "templates/*.html")
		if err != nil || len(files) == 0 {
			t.Fatalf("no templates: %v", err)
		}
		for _, f := range files {
			src, err := fs.ReadFile(tfs, f)
			if err != nil {
				t.Fatal(err)
			}
			text := htmlComment.ReplaceAllString(templateText(t, f, string(src)), "")
			for _, tag := range htmlTagRe.FindAllString(text, -1) {
				if strings.HasPrefix(tag, "<!DOCTYPE") || strings.Contains(tag, `name="viewport"`) || strings.Contains(tag, `name="robots"`) {
					continue
				}
				for _, m := range textAttr.FindAllStringSubmatch(tag, -1) {
					if hasLetter(m[1]) {
						t.Errorf("%s: literal text in attribute: %s", f, m[0])
					}
				}
			}
			for _, chunk := range strings.Split(htmlTagRe.ReplaceAllString(text, placeholder), placeholder) {
				if hasLetter(chunk) {
					t.Errorf("%s: literal text %q", f, strings.TrimSpace(chunk))
				}
			}
		}
	}
}

// allTemplateFS returns the template folders of both sites and of their
// shared machinery.
func allTemplateFS() []fs.FS {
	return []fs.FS{tmplFS(), page.TemplateFS(), staff.TemplateFS()}
}

// TestNoLiteralTextCatches makes sure the check above finds text.
func TestNoLiteralTextCatches(t *testing.T) {
	text := templateText(t, "x", `<p>{{.T "a"}} Hello</p><a aria-label="Close">{{if .X}}x{{end}}</a>`)
	text = htmlTagRe.ReplaceAllString(text, placeholder)
	if !strings.Contains(text, "Hello") || !strings.Contains(text, "x") {
		t.Errorf("template text %q lost the literal words", text)
	}
}

// webKey finds message IDs of the web catalog in source code.
var webKey = regexp.MustCompile(`"(web\.[a-z_]+(?:\.[a-z_]+)+)"`)

// TestWebKeysInEveryCatalog checks that every web.* message the templates
// and the Go code ask for exists in every locale's catalog, and that every
// catalog has the same web.* keys.
func TestWebKeysInEveryCatalog(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	// Keys built at run time.
	for _, k := range []string{"offer", "fit", "proposal"} {
		used["web.interest."+k] = true
		used["web.interest."+k+"_hint"] = true
	}
	for _, s := range needSorts {
		used["web.sort."+s] = true
	}
	var sources []string
	for _, tfs := range allTemplateFS() {
		tf, _ := fs.Glob(tfs, "templates/*.html")
		for _, f := range tf {
			src, _ := fs.ReadFile(tfs, f)
			sources = append(sources, string(src))
		}
	}
	var gofiles []string
	for _, dir := range []string{".", "../page", "../staff"} {
		g, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		gofiles = append(gofiles, g...)
	}
	for _, f := range gofiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, string(src))
	}
	for _, src := range sources {
		for _, m := range webKey.FindAllStringSubmatch(src, -1) {
			used[m[1]] = true
		}
	}
	if len(used) < 50 {
		t.Fatalf("found only %d web keys in use", len(used))
	}
	var first []string
	for i, code := range i18n.Codes() {
		ids := b.MessageIDs(code)
		var web []string
		for _, id := range ids {
			if strings.HasPrefix(id, "web.") {
				web = append(web, id)
			}
		}
		for k := range used {
			if !slices.Contains(ids, k) {
				t.Errorf("catalog %s lacks %s", code, k)
			}
		}
		if i == 0 {
			first = web
		} else if !slices.Equal(first, web) {
			t.Errorf("catalog %s has other web keys than %s", code, i18n.Codes()[0])
		}
	}
}

// TestPluralForms checks the plural messages of the pages in every locale:
// one and many render differently where the language has both forms, and
// the count shows in the locale's digits.
func TestPluralForms(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range i18n.Codes() {
		l := b.Localizer(code)
		for _, id := range []string{"web.need.closes_in", "web.hub.open_needs", "web.interest.errors"} {
			one, many := l.N(id, 1), l.N(id, 12)
			if one == id || many == id {
				t.Errorf("%s: %s missing", code, id)
			}
			if !strings.Contains(many, l.Locale().Number(12)) {
				t.Errorf("%s: %s(12) = %q lacks the count", code, id, many)
			}
		}
	}
	en := b.Localizer("en")
	if got := en.N("web.need.closes_in", 1); got != "closes in 1 day" {
		t.Errorf("en one: %q", got)
	}
	if got := en.N("web.need.closes_in", 3); got != "closes in 3 days" {
		t.Errorf("en other: %q", got)
	}
}
