package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// ListCompanies answers GET /api/v1/companies.
func (h *Handler) ListCompanies(c *fiber.Ctx) error {
	q, err := parseQuery(c, "q", "hub", "kind", "country", "sector", "page", "per_page")
	if err != nil {
		return err
	}
	f := content.FieldErrors{}
	cq := catalog.CompanyQuery{
		Text:      q.one("q"),
		Hubs:      q.checkList(f, "hub", content.ValidHubCode),
		Kinds:     q.checkList(f, "kind", oneOf(content.CompanyKinds())),
		Countries: q.checkList(f, "country", content.IsCountry),
		Sectors:   q.checkList(f, "sector", content.IsSector),
		Locale:    h.locale(c),
		Viewer:    viewer(c),
	}
	cq.Page, cq.PerPage = q.paging(f)
	if err := f.Err(); err != nil {
		return err
	}
	res := h.Catalog.Companies(cq)
	return c.JSON(list[*content.Company]{Items: nonNil(res.Items), Total: res.Total, Page: res.Page, PerPage: res.PerPage, Facets: res.Facets,
		Partial: res.Partial, Expanded: res.Expanded, DidYouMean: res.DidYouMean})
}

// companies describes companies to the generic handlers.
func (h *Handler) companies() *resource[content.Company] {
	return &resource[content.Company]{
		path: "/api/v1/companies", param: "slug", managed: h.Workspace.ManagedCompany,
		id:      func(co *content.Company) string { return co.Slug },
		version: func(co *content.Company) int64 { return co.Version },
		view:    func(co *content.Company) any { return co },
	}
}

// GetCompany answers GET /api/v1/companies/{slug}.
func (h *Handler) GetCompany(c *fiber.Ctx) error {
	return h.companies().get(c, func(slug string) (*content.Company, bool) { return h.Catalog.Company(slug, viewer(c)) })
}

// CreateCompany answers POST /api/v1/companies: a new unpublished company.
func (h *Handler) CreateCompany(c *fiber.Ctx) error {
	return create(c, h.companies(), h.Workspace.CreateCompany)
}

// UpdateCompany answers PATCH /api/v1/companies/{slug}. Moving a company
// into a hub needs the right to manage that hub.
func (h *Handler) UpdateCompany(c *fiber.Ctx) error {
	return update(c, h.companies(), func(p *content.CompanyPatch) *int64 { return &p.Version }, h.Workspace.UpdateCompany)
}

// PublishCompany answers POST /api/v1/companies/{slug}/publish and
// /unpublish.
func (h *Handler) PublishCompany(publish bool) fiber.Handler {
	return h.companies().versioned(fiber.StatusOK, func(ctx context.Context, st *content.Staff, ch, slug string, version int64) (*content.Company, error) {
		return h.Workspace.PublishCompany(ctx, st, ch, slug, publish, version)
	})
}

// DeleteCompany answers DELETE /api/v1/companies/{slug}.
func (h *Handler) DeleteCompany(c *fiber.Ctx) error {
	return h.companies().versioned(fiber.StatusNoContent, h.Workspace.DeleteCompany)(c)
}

// nonNil returns s, or an empty slice so that JSON shows [] and not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
