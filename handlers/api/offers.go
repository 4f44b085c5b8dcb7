package api

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// The supply side of the API (issue 14): offers (public reads, staff
// writes through the generic resource handlers) and requests for a
// testing service of an offer or a laboratory.

// offerView is an offer as the API shows it: its status as read today;
// the submitter of a public proposal is never shown (json:"-").
func (h *Handler) offerView(o *content.Offer) content.Offer {
	v := *o
	v.Status = o.StatusOn(h.today())
	return v
}

// ListOffers answers GET /api/v1/offers.
func (h *Handler) ListOffers(c *fiber.Ctx) error {
	q, err := parseQuery(c, "q", "hub", "kind", "sector", "status", "partnership", "company", "page", "per_page")
	if err != nil {
		return err
	}
	f := content.FieldErrors{}
	oq := catalog.OfferQuery{
		Text:         q.one("q"),
		Hubs:         q.checkList(f, "hub", content.ValidHubCode),
		Kinds:        q.checkList(f, "kind", oneOf(content.OfferKinds())),
		Sectors:      q.checkList(f, "sector", content.IsSector),
		Statuses:     q.checkList(f, "status", oneOf(append(content.NeedStatuses(), "open"))),
		Partnerships: q.checkList(f, "partnership", oneOf(content.Partnerships())),
		Company:      q.one("company"),
		Viewer:       viewer(c),
	}
	if oq.Company != "" && !content.ValidSlug(oq.Company) {
		f["company"] = content.FieldError{Rule: content.RuleInvalidSlug}
	}
	oq.Page, oq.PerPage = q.paging(f)
	if err := f.Err(); err != nil {
		return err
	}
	res := h.Catalog.Offers(oq)
	items := make([]content.Offer, len(res.Items))
	for i, o := range res.Items {
		items[i] = h.offerView(o)
	}
	return c.JSON(list[content.Offer]{Items: items, Total: res.Total, Page: res.Page, PerPage: res.PerPage, Facets: res.Facets})
}

// offers describes offers to the generic handlers.
func (h *Handler) offers() *resource[content.Offer] {
	return &resource[content.Offer]{
		path: "/api/v1/offers", param: "ref",
		managed: func(ctx context.Context, st *content.Staff, ref string) (*content.Offer, error) {
			return h.Workspace.ManagedOffer(ctx, st, strings.ToUpper(ref))
		},
		id:      func(o *content.Offer) string { return o.Ref },
		version: func(o *content.Offer) int64 { return o.Version },
		view:    func(o *content.Offer) any { return h.offerView(o) },
	}
}

// GetOffer answers GET /api/v1/offers/{ref}.
func (h *Handler) GetOffer(c *fiber.Ctx) error {
	return h.offers().get(c, func(ref string) (*content.Offer, bool) { return h.Catalog.Offer(ref, viewer(c)) })
}

// CreateOffer answers POST /api/v1/offers: a new draft offer in hubs the
// caller manages.
func (h *Handler) CreateOffer(c *fiber.Ctx) error {
	return create(c, h.offers(), h.Workspace.CreateOffer)
}

// UpdateOffer answers PATCH /api/v1/offers/{ref}; a caller may add or
// remove only hubs they manage.
func (h *Handler) UpdateOffer(c *fiber.Ctx) error {
	return update(c, h.offers(), func(p *content.OfferPatch) *int64 { return &p.Version }, h.Workspace.UpdateOffer)
}

// TransitionOffer answers POST /api/v1/offers/{ref}/publish, /close and
// /archive.
func (h *Handler) TransitionOffer(t content.NeedTransition) fiber.Handler {
	return h.offers().versioned(fiber.StatusOK, func(ctx context.Context, st *content.Staff, ch, ref string, version int64) (*content.Offer, error) {
		return h.Workspace.TransitionOffer(ctx, st, ch, ref, t, version)
	})
}

// DeleteOffer answers DELETE /api/v1/offers/{ref}.
func (h *Handler) DeleteOffer(c *fiber.Ctx) error {
	return h.offers().versioned(fiber.StatusNoContent, h.Workspace.DeleteOffer)(c)
}

// requestReceipt is what a requester gets back for a testing request.
type requestReceipt struct {
	Ref     string `json:"ref"`
	Offer   string `json:"offer,omitempty"`
	Lab     string `json:"lab,omitempty"`
	Status  string `json:"status"`
	Created bool   `json:"created"`
}

// RequestOfferTesting answers POST /api/v1/offers/{ref}/requests: 201 with
// a reference (200 with the first one when the same request was sent
// before); 404 for an offer that is not public, 409 when it is closed or
// expired.
func (h *Handler) RequestOfferTesting(c *fiber.Ctx) error {
	o, ok := h.Catalog.Offer(c.Params("ref"), catalog.Viewer{})
	if !ok || !o.Public() {
		return content.ErrNotFound
	}
	return h.testingRequest(c, content.TestingTarget{Offer: o.Ref})
}

// RequestLabTesting answers POST /api/v1/companies/{slug}/requests for a
// published laboratory, as RequestOfferTesting does.
func (h *Handler) RequestLabTesting(c *fiber.Ctx) error {
	co, ok := h.Catalog.Company(c.Params("slug"), catalog.Viewer{})
	if !ok || !co.Public() || co.Kind != "laboratory" {
		return content.ErrNotFound
	}
	return h.testingRequest(c, content.TestingTarget{Lab: co.Slug})
}

func (h *Handler) testingRequest(c *fiber.Ctx, t content.TestingTarget) error {
	var in content.TestingRequestInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Lang == "" {
		in.Lang = h.locale(c)
	}
	i, created, err := h.Workspace.RequestTesting(c.UserContext(), content.ChannelAPI, t, &in)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(requestReceipt{Ref: i.Ref, Offer: i.Offer, Lab: i.Lab, Status: i.Status, Created: created})
}

// OfferMatches answers GET /api/v1/offers/{ref}/matches: the open needs
// the offer may answer, with the reasons.
func (h *Handler) OfferMatches(c *fiber.Ctx) error {
	if _, ok := h.Catalog.Offer(c.Params("ref"), viewer(c)); !ok {
		return content.ErrNotFound
	}
	type item struct {
		Need    string          `json:"need"`
		Score   float64         `json:"score"`
		Reasons catalog.Reasons `json:"reasons"`
	}
	out := []item{}
	for _, m := range h.Catalog.NeedsForOffer(c.Params("ref"), viewer(c), 10) {
		out = append(out, item{Need: m.Need.Ref, Score: m.Score, Reasons: m.Reasons})
	}
	return c.JSON(map[string]any{"items": out})
}
