package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var catalogFS embed.FS

// Bundle holds the message catalogs of every supported locale, loaded once
// from the embedded files locales/<group>.<code>.toml (active.<code>.toml
// for the domain's vocabulary, web.<code>.toml for the pages, and so on;
// every group exists for every locale). A Bundle is immutable
// after NewBundle returns and safe for concurrent use.
type Bundle struct {
	b   *goi18n.Bundle
	ids map[string][]string // locale code → sorted message IDs
}

// NewBundle loads the catalog of every supported locale. It returns an error
// if a catalog is missing, cannot be parsed, is filed under the wrong
// language, or holds a message whose template does not parse.
func NewBundle() (*Bundle, error) {
	return newBundle(catalogFS)
}

// newBundle loads the catalogs from fsys; tests pass broken ones.
func newBundle(fsys fs.FS) (*Bundle, error) {
	b := goi18n.NewBundle(language.Make(fallbackCode))
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	ids := make(map[string][]string, len(codes))
	groups, err := catalogGroups(fsys)
	if err != nil {
		return nil, err
	}
	for _, code := range codes {
		var list []string
		for _, group := range groups {
			name := path.Join("locales", group+"."+code+".toml")
			buf, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: catalog for %q: %w", code, err)
			}
			mf, err := b.ParseMessageFileBytes(buf, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: parse %s: %w", name, err)
			}
			if mf.Tag != language.Make(code) {
				return nil, fmt.Errorf("i18n: %s: language %v, want %q", name, mf.Tag, code)
			}
			for _, m := range mf.Messages {
				if err := checkTemplates(m); err != nil {
					return nil, fmt.Errorf("i18n: %s: %w", name, err)
				}
				list = append(list, m.ID)
			}
		}
		sort.Strings(list)
		ids[code] = list
	}
	return &Bundle{b: b, ids: ids}, nil
}

// catalogGroups returns the groups of catalog files: "active" always, and
// every other <group> of a locales/<group>.<code>.toml file.
func catalogGroups(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, "locales")
	if err != nil {
		return nil, fmt.Errorf("i18n: catalogs: %w", err)
	}
	groups := []string{"active"}
	for _, e := range entries {
		group, _, ok := strings.Cut(e.Name(), ".")
		if ok && strings.HasSuffix(e.Name(), ".toml") && !slices.Contains(groups, group) {
			groups = append(groups, group)
		}
	}
	return groups, nil
}

// checkTemplates parses every plural form of m as a text/template, so that a
// broken catalog fails at start-up rather than on a request.
func checkTemplates(m *goi18n.Message) error {
	forms := [...]struct{ name, src string }{
		{"zero", m.Zero}, {"one", m.One}, {"two", m.Two},
		{"few", m.Few}, {"many", m.Many}, {"other", m.Other},
	}
	if m.Other == "" {
		return fmt.Errorf("message %q has no \"other\" form", m.ID)
	}
	for _, f := range forms {
		if !strings.Contains(f.src, "{{") {
			continue
		}
		if _, err := template.New(m.ID).Option("missingkey=default").Parse(f.src); err != nil {
			return fmt.Errorf("message %q, form %s: %w", m.ID, f.name, err)
		}
	}
	return nil
}

// MessageIDs returns the sorted IDs of every message in the catalog of the
// locale code, or nil if code is not supported. It exists mainly for tests.
func (b *Bundle) MessageIDs(code string) []string {
	list, ok := b.ids[code]
	if !ok {
		return nil
	}
	out := make([]string, len(list))
	copy(out, list)
	return out
}

// Localizer returns a Localizer for the locale code; an unsupported code
// gets the "en" locale. Localizers are cheap: make one per request.
func (b *Bundle) Localizer(code string) *Localizer {
	loc, ok := Lookup(code)
	if !ok {
		loc = newLocale(fallbackCode)
	}
	return &Localizer{
		locale: loc,
		loc:    goi18n.NewLocalizer(b.b, loc.Code),
	}
}

// Localizer translates messages into one locale. A Localizer is meant for
// one request; it is safe for concurrent use as long as its Bundle is.
type Localizer struct {
	locale Locale
	loc    *goi18n.Localizer
}

// Locale returns the locale the Localizer translates into.
func (l *Localizer) Locale() Locale { return l.locale }

// T returns the message id in the Localizer's locale, rendered with the
// merged template data maps. Integer values in data are formatted with
// Locale.Number first, so they show in the locale's digits. A message missing
// from the locale's catalog is taken from the "en" catalog; a message missing
// from both, or one that fails to render, yields id itself. T never panics.
func (l *Localizer) T(id string, data ...map[string]any) string {
	return l.localize(id, nil, l.templateData(data))
}

// N returns the plural message id for count in the Localizer's locale,
// choosing the plural form by go-i18n's CLDR rules. The template data gets
// "Count", the count formatted with Locale.Number, in addition to data (whose
// integers are formatted as in T). Missing messages yield id, as in T.
func (l *Localizer) N(id string, count int, data ...map[string]any) string {
	td := l.templateData(data)
	td["Count"] = l.locale.Number(int64(count))
	return l.localize(id, count, td)
}

// localize renders id; pluralCount is nil for T.
func (l *Localizer) localize(id string, pluralCount any, data map[string]any) (s string) {
	defer func() {
		if recover() != nil {
			s = id
		}
	}()
	if l == nil || l.loc == nil {
		return id
	}
	msg, err := l.loc.Localize(&goi18n.LocalizeConfig{
		MessageID:    id,
		TemplateData: data,
		PluralCount:  pluralCount,
	})
	if msg == "" && err != nil {
		return id
	}
	return msg
}

// templateData merges data into one fresh map, formatting integers in the
// locale's digits.
func (l *Localizer) templateData(data []map[string]any) map[string]any {
	out := make(map[string]any)
	for _, m := range data {
		for k, v := range m {
			out[k] = l.formatValue(v)
		}
	}
	return out
}

// formatValue formats integer values with Locale.Number; other values pass
// through unchanged.
func (l *Localizer) formatValue(v any) any {
	switch n := v.(type) {
	case int:
		return l.locale.Number(int64(n))
	case int8:
		return l.locale.Number(int64(n))
	case int16:
		return l.locale.Number(int64(n))
	case int32:
		return l.locale.Number(int64(n))
	case int64:
		return l.locale.Number(n)
	case uint8:
		return l.locale.Number(int64(n))
	case uint16:
		return l.locale.Number(int64(n))
	case uint32:
		return l.locale.Number(int64(n))
	}
	return v
}
