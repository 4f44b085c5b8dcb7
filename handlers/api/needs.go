package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// needView is a need as the API shows it: its status as read today.
func (h *Handler) needView(n *content.Need) content.Need {
	v := *n
	v.Status = n.StatusOn(h.today())
	return v
}

// ListNeeds answers GET /api/v1/needs.
func (h *Handler) ListNeeds(c *fiber.Ctx) error {
	q, err := parseQuery(c, "q", "hub", "sector", "kind", "country", "status", "partnership", "requester", "sort", "page", "per_page")
	if err != nil {
		return err
	}
	f := content.FieldErrors{}
	nq := catalog.NeedQuery{
		Text:         q.one("q"),
		Hubs:         q.checkList(f, "hub", content.ValidHubCode),
		Sectors:      q.checkList(f, "sector", content.IsSector),
		Kinds:        q.checkList(f, "kind", oneOf(content.NeedKinds())),
		Countries:    q.checkList(f, "country", content.IsCountry),
		Statuses:     q.checkList(f, "status", oneOf(content.NeedStatuses())),
		Partnerships: q.checkList(f, "partnership", oneOf(content.Partnerships())),
		Requesters:   q.checkList(f, "requester", oneOf(content.RequesterTypes())),
		Sort:         q.one("sort"),
		Viewer:       viewer(c),
	}
	if nq.Sort != "" && !oneOf([]string{"newest", "deadline", "relevance"})(nq.Sort) {
		f["sort"] = content.FieldError{Rule: content.RuleUnknownValue}
	}
	nq.Page, nq.PerPage = q.paging(f)
	if err := f.Err(); err != nil {
		return err
	}
	return h.sendNeedList(c, h.Catalog.Needs(nq))
}

// needs describes needs to the generic handlers.
func (h *Handler) needs() *resource[content.Need] {
	return &resource[content.Need]{
		path: "/api/v1/needs", param: "ref", managed: h.Workspace.ManagedNeed,
		id:      func(n *content.Need) string { return n.Ref },
		version: func(n *content.Need) int64 { return n.Version },
		view:    func(n *content.Need) any { return h.needView(n) },
	}
}

// GetNeed answers GET /api/v1/needs/{ref}.
func (h *Handler) GetNeed(c *fiber.Ctx) error {
	n, ok := h.Catalog.Need(c.Params("ref"), viewer(c))
	if !ok {
		return content.ErrNotFound
	}
	b, err := h.needJSON(n, h.today())
	if err != nil {
		return err
	}
	etag(c, n.Version)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(b)
}

// CreateNeed answers POST /api/v1/needs: a new draft need, with the
// existing needs of its hub that look like the same request (duplicates).
func (h *Handler) CreateNeed(c *fiber.Ctx) error {
	r := h.needs()
	r.view = func(n *content.Need) any { return h.withDuplicates(n) }
	return create(c, r, h.Workspace.CreateNeed)
}

// UpdateNeed answers PATCH /api/v1/needs/{ref}.
func (h *Handler) UpdateNeed(c *fiber.Ctx) error {
	return update(c, h.needs(), func(p *content.NeedPatch) *int64 { return &p.Version }, h.Workspace.UpdateNeed)
}

// TransitionNeed answers POST /api/v1/needs/{ref}/publish, /close and
// /archive.
func (h *Handler) TransitionNeed(t content.NeedTransition) fiber.Handler {
	return h.needs().versioned(fiber.StatusOK, func(ctx context.Context, st *content.Staff, ch, ref string, version int64) (*content.Need, error) {
		return h.Workspace.TransitionNeed(ctx, st, ch, ref, t, version)
	})
}

// DeleteNeed answers DELETE /api/v1/needs/{ref}.
func (h *Handler) DeleteNeed(c *fiber.Ctx) error {
	return h.needs().versioned(fiber.StatusNoContent, h.Workspace.DeleteNeed)(c)
}

// oneOf returns a predicate for membership of list.
func oneOf(list []string) func(string) bool {
	return func(s string) bool {
		for _, v := range list {
			if v == s {
				return true
			}
		}
		return false
	}
}
