package api

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// agreementView is an agreement as the API shows it: its status as read
// today.
func (h *Handler) agreementView(a *content.Agreement) content.Agreement {
	v := *a
	v.Status = a.StatusOn(h.today())
	return v
}

// ListAgreements answers GET /api/v1/agreements.
func (h *Handler) ListAgreements(c *fiber.Ctx) error {
	q, err := parseQuery(c, "q", "hub", "status", "page", "per_page")
	if err != nil {
		return err
	}
	f := content.FieldErrors{}
	aq := catalog.AgreementQuery{
		Text:     q.one("q"),
		Hubs:     q.checkList(f, "hub", content.ValidHubCode),
		Statuses: q.checkList(f, "status", oneOf(content.AgreementStatuses())),
		Viewer:   viewer(c),
	}
	aq.Page, aq.PerPage = q.paging(f)
	if err := f.Err(); err != nil {
		return err
	}
	res := h.Catalog.Agreements(aq)
	items := make([]content.Agreement, len(res.Items))
	for i, a := range res.Items {
		items[i] = h.agreementView(a)
	}
	return c.JSON(list[content.Agreement]{Items: items, Total: res.Total, Page: res.Page, PerPage: res.PerPage, Facets: res.Facets})
}

// GetAgreement answers GET /api/v1/agreements/{slug}.
func (h *Handler) GetAgreement(c *fiber.Ctx) error {
	a, ok := h.Catalog.Agreement(c.Params("slug"), viewer(c))
	if !ok {
		return content.ErrNotFound
	}
	etag(c, a.Version)
	return c.JSON(h.agreementView(a))
}

// CreateAgreement answers POST /api/v1/agreements.
func (h *Handler) CreateAgreement(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	var in content.AgreementInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if content.ValidHubCode(in.Hub) && !st.CanManage(in.Hub) {
		return content.ErrForbidden
	}
	a, err := h.Store.CreateAgreement(c.UserContext(), &in, st.Email)
	if err != nil {
		return err
	}
	h.Catalog.PutAgreement(a)
	c.Location("/api/v1/agreements/" + a.Slug)
	etag(c, a.Version)
	return c.Status(fiber.StatusCreated).JSON(h.agreementView(a))
}

// managedAgreement returns the agreement at slug if the staff member
// manages its hub.
func (h *Handler) managedAgreement(c *fiber.Ctx, st *content.Staff) (*content.Agreement, error) {
	slug := c.Params("slug")
	if !content.ValidSlug(slug) {
		return nil, content.ErrNotFound
	}
	a, err := h.Store.Agreement(c.UserContext(), slug)
	if err != nil {
		return nil, err
	}
	if !st.CanManage(a.Hub) {
		return nil, content.ErrNotFound
	}
	return a, nil
}

// UpdateAgreement answers PATCH /api/v1/agreements/{slug}.
func (h *Handler) UpdateAgreement(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	var p content.AgreementPatch
	if err := decode(c, &p); err != nil {
		return err
	}
	if err := ifMatch(c, &p.Version); err != nil {
		return err
	}
	cur, err := h.managedAgreement(c, st)
	if err != nil {
		return err
	}
	a, err := h.Store.UpdateAgreement(c.UserContext(), cur.Slug, &p, st.Email)
	if err != nil {
		return err
	}
	h.Catalog.PutAgreement(a)
	etag(c, a.Version)
	return c.JSON(h.agreementView(a))
}

// PublishAgreement answers POST /api/v1/agreements/{slug}/publish and
// /unpublish.
func (h *Handler) PublishAgreement(publish bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		return h.agreementWrite(c, func(st *content.Staff, cur *content.Agreement, version int64) (*content.Agreement, error) {
			return h.Store.PublishAgreement(c.UserContext(), cur.Slug, publish, version, st.Email)
		}, fiber.StatusOK)
	}
}

// DeleteAgreement answers DELETE /api/v1/agreements/{slug}.
func (h *Handler) DeleteAgreement(c *fiber.Ctx) error {
	return h.agreementWrite(c, func(st *content.Staff, cur *content.Agreement, version int64) (*content.Agreement, error) {
		return h.Store.DeleteAgreement(c.UserContext(), cur.Slug, version, st.Email)
	}, fiber.StatusNoContent)
}

// agreementWrite runs a versioned write on an agreement the caller manages.
func (h *Handler) agreementWrite(c *fiber.Ctx, write func(*content.Staff, *content.Agreement, int64) (*content.Agreement, error), status int) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	version, err := versionOf(c)
	if err != nil {
		return err
	}
	cur, err := h.managedAgreement(c, st)
	if err != nil {
		return err
	}
	a, err := write(st, cur, version)
	if err != nil {
		return err
	}
	h.Catalog.PutAgreement(a)
	if status == fiber.StatusNoContent {
		return c.SendStatus(status)
	}
	etag(c, a.Version)
	return c.Status(status).JSON(h.agreementView(a))
}
