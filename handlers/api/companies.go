package api

import (
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
	return c.JSON(list[*content.Company]{Items: nonNil(res.Items), Total: res.Total, Page: res.Page, PerPage: res.PerPage, Facets: res.Facets})
}

// GetCompany answers GET /api/v1/companies/{slug}.
func (h *Handler) GetCompany(c *fiber.Ctx) error {
	co, ok := h.Catalog.Company(c.Params("slug"), viewer(c))
	if !ok {
		return content.ErrNotFound
	}
	etag(c, co.Version)
	return c.JSON(co)
}

// CreateCompany answers POST /api/v1/companies: a new unpublished company.
func (h *Handler) CreateCompany(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	var in content.CompanyInput
	if err := decode(c, &in); err != nil {
		return err
	}
	for _, hub := range in.Hubs {
		if content.ValidHubCode(hub) && !st.CanManage(hub) {
			return content.ErrForbidden
		}
	}
	co, err := h.Store.CreateCompany(c.UserContext(), &in, st.Email)
	if err != nil {
		return err
	}
	h.Catalog.PutCompany(co)
	c.Location("/api/v1/companies/" + co.Slug)
	etag(c, co.Version)
	return c.Status(fiber.StatusCreated).JSON(co)
}

// managedCompany returns the company at slug if the staff member manages
// one of its hubs.
func (h *Handler) managedCompany(c *fiber.Ctx, st *content.Staff) (*content.Company, error) {
	slug := c.Params("slug")
	if !content.ValidSlug(slug) {
		return nil, content.ErrNotFound
	}
	co, err := h.Store.Company(c.UserContext(), slug)
	if err != nil {
		return nil, err
	}
	if !st.CanManageAny(co.Hubs) {
		return nil, content.ErrNotFound
	}
	return co, nil
}

// UpdateCompany answers PATCH /api/v1/companies/{slug}.
func (h *Handler) UpdateCompany(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	var p content.CompanyPatch
	if err := decode(c, &p); err != nil {
		return err
	}
	if err := ifMatch(c, &p.Version); err != nil {
		return err
	}
	cur, err := h.managedCompany(c, st)
	if err != nil {
		return err
	}
	if p.Hubs != nil {
		for _, hub := range *p.Hubs {
			if content.ValidHubCode(hub) && !st.CanManage(hub) {
				return content.ErrForbidden
			}
		}
	}
	co, err := h.Store.UpdateCompany(c.UserContext(), cur.Slug, &p, st.Email)
	if err != nil {
		return err
	}
	h.Catalog.PutCompany(co)
	etag(c, co.Version)
	return c.JSON(co)
}

// PublishCompany answers POST /api/v1/companies/{slug}/publish and
// /unpublish.
func (h *Handler) PublishCompany(publish bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		return h.companyWrite(c, func(st *content.Staff, cur *content.Company, version int64) (*content.Company, error) {
			return h.Store.PublishCompany(c.UserContext(), cur.Slug, publish, version, st.Email)
		}, fiber.StatusOK)
	}
}

// DeleteCompany answers DELETE /api/v1/companies/{slug}.
func (h *Handler) DeleteCompany(c *fiber.Ctx) error {
	return h.companyWrite(c, func(st *content.Staff, cur *content.Company, version int64) (*content.Company, error) {
		return h.Store.DeleteCompany(c.UserContext(), cur.Slug, version, st.Email)
	}, fiber.StatusNoContent)
}

// companyWrite runs a versioned write on a company the caller manages.
func (h *Handler) companyWrite(c *fiber.Ctx, write func(*content.Staff, *content.Company, int64) (*content.Company, error), status int) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	version, err := versionOf(c)
	if err != nil {
		return err
	}
	cur, err := h.managedCompany(c, st)
	if err != nil {
		return err
	}
	co, err := write(st, cur, version)
	if err != nil {
		return err
	}
	h.Catalog.PutCompany(co)
	if status == fiber.StatusNoContent {
		return c.SendStatus(status)
	}
	etag(c, co.Version)
	return c.Status(status).JSON(co)
}

// nonNil returns s, or an empty slice so that JSON shows [] and not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
