// Package page is the page machinery both HTML sites share (the public
// site in handlers/web and the staff workspace in handlers/staff): the
// per-request View and its localized helpers, template parsing and
// rendering, the locale middleware, redirects and cookies, the static
// files, the error page and the one CSRF implementation.
//
// Templates and static files are embedded. Each page has its own template
// set (the shared layout and partials of this package plus the page file
// of its site), parsed and checked at start-up, so that same-named
// {{define}} blocks of two pages never collide. Templates get no
// per-locale functions: everything that depends on the request's language
// is a method of the per-request View they are executed with, so concurrent
// requests in different languages never share mutable state.
package page

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/handlers/deps"
	"hubdir/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

// Site is the shared machinery of one HTML site: dependencies, static
// files, per-locale data and the error page. It is safe for concurrent use.
type Site struct {
	cfg     deps.Deps
	assets  *assets
	locales map[string]*localeData
	errPage *template.Template
	site    *siteCache // the platform's pages and settings (sitecontent.go)
}

// localeData is what New precomputes per locale: lists that are costly to
// build (localized, collation-sorted country names).
type localeData struct {
	countries []Option
}

// New returns the shared machinery, with its static files hashed and its
// error page parsed and checked in every locale.
func New(d deps.Deps) (*Site, error) {
	d.Config.Defaults()
	if d.Bundle == nil {
		return nil, fmt.Errorf("page: no message bundle")
	}
	s := &Site{cfg: d, locales: map[string]*localeData{}}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.errPage, err = Parse(templateFS, "error"); err != nil {
		return nil, err
	}
	if s.site, err = newSiteCache(); err != nil {
		return nil, err
	}
	codes := CountryCodes()
	for _, loc := range i18n.Locales() {
		ld := &localeData{countries: make([]Option, 0, len(codes))}
		for _, code := range codes {
			ld.countries = append(ld.countries, Option{Value: code, Label: i18n.RegionName(loc, code)})
		}
		SortOptions(loc, ld.countries)
		s.locales[loc.Code] = ld
	}
	if err := s.checkRender(); err != nil {
		return nil, err
	}
	return s, nil
}

// Deps returns the dependencies the site was built with.
func (s *Site) Deps() *deps.Deps { return &s.cfg }

// Countries returns the countries content accepts, named and sorted in
// locale code.
func (s *Site) Countries(code string) []Option {
	if ld, ok := s.locales[code]; ok {
		return ld.countries
	}
	return s.locales[s.cfg.DefaultLang].countries
}

// Parse parses one page's template set: this package's layout and
// partials and the page templates/<name>.html of fsys.
func Parse(fsys fs.FS, name string) (*template.Template, error) {
	t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
		"templates/layout.html", "templates/partials.html")
	if err == nil {
		t, err = t.ParseFS(fsys, "templates/"+name+".html")
	}
	if err != nil {
		return nil, fmt.Errorf("page: template %s: %w", name, err)
	}
	if t.Lookup("main") == nil {
		return nil, fmt.Errorf("page: template %s: no {{define \"main\"}}", name)
	}
	return t, nil
}

// Pages are a site's parsed page templates by name.
type Pages map[string]*template.Template

// ParsePages parses every named page of fsys (see Parse).
func ParsePages(fsys fs.FS, names ...string) (Pages, error) {
	p := Pages{}
	for _, name := range names {
		t, err := Parse(fsys, name)
		if err != nil {
			return nil, err
		}
		p[name] = t
	}
	return p, nil
}

// checkRender renders the error page once in every locale, so that a
// template that fails on execution (a misspelled field, a bad call) fails
// at start-up rather than on the first request.
func (s *Site) checkRender() error {
	for _, code := range i18n.Codes() {
		v := s.NewView(code, "/", nil)
		v.Title = v.T("web.notfound.title")
		var buf bytes.Buffer
		if err := s.errPage.Execute(&buf, &data{View: v, D: ErrorData{Status: 404, Message: v.T("error.not_found")}}); err != nil {
			return fmt.Errorf("page: render error page (%s): %w", code, err)
		}
	}
	return nil
}

// funcs are the templates' pure helpers; nothing here depends on the
// request or its locale.
var funcs = template.FuncMap{
	// kv builds a map from alternating keys and values, to pass several
	// values to a {{template}}.
	"kv": func(pairs ...any) (map[string]any, error) {
		if len(pairs)%2 != 0 {
			return nil, fmt.Errorf("kv: odd number of arguments")
		}
		m := make(map[string]any, len(pairs)/2)
		for i := 0; i < len(pairs); i += 2 {
			k, ok := pairs[i].(string)
			if !ok {
				return nil, fmt.Errorf("kv: key %v is not a string", pairs[i])
			}
			m[k] = pairs[i+1]
		}
		return m, nil
	},
	"paras": paragraphs,
	// list returns its arguments as a slice.
	"list": func(s ...string) []string { return s },
}

// paragraphs splits multi-line text into paragraphs at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Render executes the page template t with the view v and the page's data
// and sends it with status.
func (s *Site) Render(c *fiber.Ctx, status int, t *template.Template, v *View, d any) error {
	if t == nil {
		return fmt.Errorf("page: no template")
	}
	buf := bufPool.get()
	defer bufPool.put(buf)
	if err := t.Execute(buf, &data{View: v, D: d}); err != nil {
		return fmt.Errorf("page: render %s: %w", t.Name(), err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderContentLanguage, v.Lang)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	c.Status(status)
	c.Response().SetBody(buf.Bytes()) // copies: buf goes back to the pool
	return nil
}

// data is what every template is executed with: the request's view and
// the page's own data.
type data struct {
	*View
	D any
}

// TemplateFS returns the shared templates (layout, partials, error), for
// tests of the catalogs.
func TemplateFS() fs.FS { return templateFS }
