// Package web serves Hubdir's public, server-rendered HTML pages in every
// supported locale: the home page, hubs, needs (with search, filters and
// facets), companies, agreements, the register-interest form, and the
// not-found and error pages.
//
// Templates and static files are embedded. Each page has its own template
// set (the layout, the shared partials and the page), parsed and checked in
// New, so that same-named {{define}} blocks of two pages never collide.
// Templates get no per-locale functions: everything that depends on the
// request's language is a method of the per-request view value they are
// executed with, so concurrent requests in different languages never share
// mutable state.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/pagecache"
	"hubdir/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

// Config holds the dependencies of the pages.
type Config struct {
	Store   content.Store
	Catalog *catalog.Catalog
	Bundle  *i18n.Bundle
	Logger  *slog.Logger
	// Zone is the park's time zone; it decides "today" for deadlines.
	Zone *time.Location
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// DefaultLang is the locale of last resort for negotiation.
	DefaultLang string
	// LoginDelay is how long a staff sign-in waits after the account's
	// third failure in a row (0: none).
	LoginDelay time.Duration
}

// Handler serves the pages. It is safe for concurrent use.
type Handler struct {
	cfg      Config
	pages    map[string]*template.Template
	assets   *assets
	locales  map[string]*localeData
	siteName map[string]string
	cache    *pagecache.Cache
}

// localeData is what New precomputes per locale: lists that are costly to
// build (localized, collation-sorted country names).
type localeData struct {
	countries []option
}

// pageNames are the pages; each is templates/<name>.html.
var pageNames = []string{
	"home", "hub", "needs", "need", "interest_done", "companies", "company",
	"agreements", "agreement", "error",
	"staff_login", "staff_admin", "staff_admin_edit", "staff_admin_tokens", "staff_audit", // staff A
	"staff_dashboard", "staff_edit_form", "staff_edit_list", "staff_conflict", // staff B
	"staff_inbox", "staff_inbox_item", "staff_import", "staff_outcomes", // staff C
}

// New returns the pages' handler, with its templates parsed and checked and
// its static files hashed.
func New(cfg Config) (*Handler, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Zone == nil {
		cfg.Zone = time.UTC
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if !i18n.IsSupported(cfg.DefaultLang) {
		cfg.DefaultLang = "en"
	}
	if cfg.Bundle == nil {
		return nil, fmt.Errorf("web: no message bundle")
	}
	h := &Handler{cfg: cfg, pages: map[string]*template.Template{}, locales: map[string]*localeData{}}
	var err error
	if h.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	for _, name := range pageNames {
		t, err := parsePage(name)
		if err != nil {
			return nil, err
		}
		h.pages[name] = t
	}
	codes := countryCodes()
	for _, loc := range i18n.Locales() {
		ld := &localeData{countries: make([]option, 0, len(codes))}
		for _, code := range codes {
			ld.countries = append(ld.countries, option{Value: code, Label: i18n.RegionName(loc, code)})
		}
		sortOptions(loc, ld.countries)
		h.locales[loc.Code] = ld
	}
	if err := h.checkRender(); err != nil {
		return nil, err
	}
	h.cache = h.newPageCache()
	return h, nil
}

// parsePage parses one page's template set: the layout, the partials and
// the page itself.
func parsePage(name string) (*template.Template, error) {
	t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
		"templates/layout.html", "templates/partials.html", "templates/"+name+".html")
	if err != nil {
		return nil, fmt.Errorf("web: template %s: %w", name, err)
	}
	for _, block := range []string{"main"} {
		if t.Lookup(block) == nil {
			return nil, fmt.Errorf("web: template %s: no {{define %q}}", name, block)
		}
	}
	return t, nil
}

// checkRender renders the error page once in every locale, so that a
// template that fails on execution (a misspelled field, a bad call) fails
// at start-up rather than on the first request.
func (h *Handler) checkRender() error {
	for _, code := range i18n.Codes() {
		v := h.newView(code, "/", nil)
		v.Title = v.T("web.notfound.title")
		var buf bytes.Buffer
		if err := h.pages["error"].Execute(&buf, &page{view: v, D: errorData{Status: 404, Message: v.T("error.not_found")}}); err != nil {
			return fmt.Errorf("web: render error page (%s): %w", code, err)
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

// render executes the page template name with data and sends it with
// status.
func (h *Handler) render(c *fiber.Ctx, status int, name string, v *view, data any) error {
	t, ok := h.pages[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	buf := bufPool.get()
	defer bufPool.put(buf)
	if err := t.Execute(buf, &page{view: v, D: data}); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
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

// page is what every template is executed with: the request's view and the
// page's own data.
type page struct {
	*view
	D any
}

// tmplFS returns the embedded templates, for tests of the package.
func tmplFS() fs.FS { return templateFS }
