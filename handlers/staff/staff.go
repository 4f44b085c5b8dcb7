// Package staff serves the staff workspace under /{lang}/staff: sign-in
// and sessions (auth.go), the dashboard (dashboard.go), editing of needs,
// companies and agreements with preview and conflict pages (edit*.go), the
// interest inbox (inbox.go), import (import.go), staff, token and audit
// administration (admin.go) and outcomes (outcomes.go).
//
// The page machinery is shared with the public site (handlers/page); a
// preview of a public page is rendered by the public site (Previewer).
package staff

import (
	"embed"
	"io/fs"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/tabular"
	"hubdir/handlers/deps"
	"hubdir/handlers/page"
)

//go:embed templates/*.html
var templateFS embed.FS

// Previewer renders public pages with unsaved values (handlers/web).
type Previewer interface {
	PreviewNeed(c *fiber.Ctx, st *content.Staff, n *content.Need) error
	PreviewCompany(c *fiber.Ctx, st *content.Staff, co *content.Company) error
	PreviewAgreement(c *fiber.Ctx, st *content.Staff, a *content.Agreement) error
}

// Handler serves the staff workspace. It is safe for concurrent use.
type Handler struct {
	*page.Site
	cfg    deps.Deps
	pages  page.Pages
	public Previewer
	// imports bounds the imports read at once (import.go).
	imports *tabular.Gate
	// matches keeps the possible-matches lists (matches.go).
	matches *matchCache
}

// pageNames are the pages; each is templates/<name>.html.
var pageNames = []string{
	"staff_login", "staff_admin", "staff_admin_edit", "staff_admin_tokens", "staff_audit",
	"staff_dashboard", "staff_edit_form", "staff_edit_list", "staff_conflict",
	"staff_inbox", "staff_inbox_item", "staff_import", "staff_outcomes",
	"staff_site_pages",
	"staff_offers", "staff_offer_form", "staff_matches", // supply side (offers.go)
	"staff_outbox", "staff_outbox_item", // the mail side's outbox (outbox.go)
}

// New returns the staff workspace's handler on the shared machinery site;
// public renders previews of public pages.
func New(site *page.Site, public Previewer) (*Handler, error) {
	pages, err := page.ParsePages(templateFS, pageNames...)
	if err != nil {
		return nil, err
	}
	h := &Handler{Site: site, cfg: *site.Deps(), pages: pages, public: public, imports: site.Deps().ImportGate, matches: &matchCache{}}
	if h.imports == nil {
		h.imports = tabular.NewGate(deps.DefaultImportsAtOnce)
	}
	return h, nil
}

// TemplateFS returns the embedded templates, for tests of the catalogs.
func TemplateFS() fs.FS { return templateFS }
