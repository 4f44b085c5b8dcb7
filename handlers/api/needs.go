package api

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/i18n"
)

// needView is a need as the API shows it: its status as read today.
func (h *Handler) needView(n *content.Need) content.Need {
	v := *n
	v.Status = n.StatusOn(h.today())
	return v
}

// ListNeeds answers GET /api/v1/needs.
func (h *Handler) ListNeeds(c *fiber.Ctx) error {
	q, err := parseQuery(c, "q", "hub", "sector", "kind", "country", "status", "partnership", "sort", "page", "per_page")
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
	res := h.Catalog.Needs(nq)
	items := make([]content.Need, len(res.Items))
	for i, n := range res.Items {
		items[i] = h.needView(n)
	}
	return c.JSON(list[content.Need]{Items: items, Total: res.Total, Page: res.Page, PerPage: res.PerPage, Facets: res.Facets})
}

// GetNeed answers GET /api/v1/needs/{ref}.
func (h *Handler) GetNeed(c *fiber.Ctx) error {
	n, ok := h.Catalog.Need(c.Params("ref"), viewer(c))
	if !ok {
		return content.ErrNotFound
	}
	etag(c, n.Version)
	return c.JSON(h.needView(n))
}

// CreateNeed answers POST /api/v1/needs: a new draft need.
func (h *Handler) CreateNeed(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	var in content.NeedInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if content.ValidHubCode(in.Hub) && !st.CanManage(in.Hub) {
		return content.ErrForbidden
	}
	n, err := h.Store.CreateNeed(c.UserContext(), &in, st.Email)
	if err != nil {
		return err
	}
	h.Catalog.PutNeed(n)
	c.Location("/api/v1/needs/" + n.Ref)
	etag(c, n.Version)
	return c.Status(fiber.StatusCreated).JSON(h.needView(n))
}

// managedNeed returns the need at ref if the staff member may manage it;
// another hub's need is as unknown as a missing one.
func (h *Handler) managedNeed(c *fiber.Ctx, st *content.Staff) (*content.Need, error) {
	ref := c.Params("ref")
	if !content.ValidRef(ref) {
		return nil, content.ErrNotFound
	}
	n, err := h.Store.Need(c.UserContext(), ref)
	if err != nil {
		return nil, err
	}
	if !st.CanManage(n.Hub) {
		return nil, content.ErrNotFound
	}
	return n, nil
}

// UpdateNeed answers PATCH /api/v1/needs/{ref}.
func (h *Handler) UpdateNeed(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	var p content.NeedPatch
	if err := decode(c, &p); err != nil {
		return err
	}
	if err := ifMatch(c, &p.Version); err != nil {
		return err
	}
	cur, err := h.managedNeed(c, st)
	if err != nil {
		return err
	}
	n, err := h.Store.UpdateNeed(c.UserContext(), cur.Ref, &p, st.Email)
	if err != nil {
		return err
	}
	h.Catalog.PutNeed(n)
	etag(c, n.Version)
	return c.JSON(h.needView(n))
}

// TransitionNeed answers POST /api/v1/needs/{ref}/publish, /close and
// /archive.
func (h *Handler) TransitionNeed(t content.NeedTransition) fiber.Handler {
	return func(c *fiber.Ctx) error {
		st, err := requireStaff(c)
		if err != nil {
			return err
		}
		version, err := versionOf(c)
		if err != nil {
			return err
		}
		cur, err := h.managedNeed(c, st)
		if err != nil {
			return err
		}
		n, err := h.Store.TransitionNeed(c.UserContext(), cur.Ref, t, version, st.Email)
		if err != nil {
			return err
		}
		h.Catalog.PutNeed(n)
		etag(c, n.Version)
		return c.JSON(h.needView(n))
	}
}

// DeleteNeed answers DELETE /api/v1/needs/{ref}.
func (h *Handler) DeleteNeed(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	version, err := versionOf(c)
	if err != nil {
		return err
	}
	cur, err := h.managedNeed(c, st)
	if err != nil {
		return err
	}
	n, err := h.Store.DeleteNeed(c.UserContext(), cur.Ref, version, st.Email)
	if err != nil {
		return err
	}
	h.Catalog.PutNeed(n)
	return c.SendStatus(fiber.StatusNoContent)
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

// isLocale reports whether s is a supported locale.
func isLocale(s string) bool { return i18n.IsSupported(s) }
