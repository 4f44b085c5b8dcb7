package api

import (
	"context"

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

// agreementFor is an agreement as the API shows it to the viewer: to the
// public without the draft needs and unpublished companies it names
// (catalog.PublicAgreement); to staff, who edit those lists whole, as
// stored.
func (h *Handler) agreementFor(v catalog.Viewer, a *content.Agreement) content.Agreement {
	if v.Staff == nil {
		p := h.Catalog.PublicAgreement(a)
		a = &p
	}
	return h.agreementView(a)
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
		items[i] = h.agreementFor(aq.Viewer, a)
	}
	return c.JSON(list[content.Agreement]{Items: items, Total: res.Total, Page: res.Page, PerPage: res.PerPage, Facets: res.Facets,
		Partial: res.Partial, Expanded: res.Expanded, DidYouMean: res.DidYouMean})
}

// agreements describes agreements to the generic handlers.
func (h *Handler) agreements() *resource[content.Agreement] {
	return &resource[content.Agreement]{
		path: "/api/v1/agreements", param: "slug", managed: h.Workspace.ManagedAgreement,
		id:      func(a *content.Agreement) string { return a.Slug },
		version: func(a *content.Agreement) int64 { return a.Version },
		view:    func(a *content.Agreement) any { return h.agreementView(a) },
	}
}

// GetAgreement answers GET /api/v1/agreements/{slug}.
func (h *Handler) GetAgreement(c *fiber.Ctx) error {
	r := h.agreements()
	v := viewer(c)
	r.view = func(a *content.Agreement) any { return h.agreementFor(v, a) }
	return r.get(c, func(slug string) (*content.Agreement, bool) { return h.Catalog.Agreement(slug, v) })
}

// CreateAgreement answers POST /api/v1/agreements.
func (h *Handler) CreateAgreement(c *fiber.Ctx) error {
	return create(c, h.agreements(), h.Workspace.CreateAgreement)
}

// UpdateAgreement answers PATCH /api/v1/agreements/{slug}.
func (h *Handler) UpdateAgreement(c *fiber.Ctx) error {
	return update(c, h.agreements(), func(p *content.AgreementPatch) *int64 { return &p.Version }, h.Workspace.UpdateAgreement)
}

// PublishAgreement answers POST /api/v1/agreements/{slug}/publish and
// /unpublish.
func (h *Handler) PublishAgreement(publish bool) fiber.Handler {
	return h.agreements().versioned(fiber.StatusOK, func(ctx context.Context, st *content.Staff, ch, slug string, version int64) (*content.Agreement, error) {
		return h.Workspace.PublishAgreement(ctx, st, ch, slug, publish, version)
	})
}

// DeleteAgreement answers DELETE /api/v1/agreements/{slug}.
func (h *Handler) DeleteAgreement(c *fiber.Ctx) error {
	return h.agreements().versioned(fiber.StatusNoContent, h.Workspace.DeleteAgreement)(c)
}
