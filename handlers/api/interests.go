package api

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// interestReceipt is what a firm gets back for its registration.
type interestReceipt struct {
	Ref     string `json:"ref"`
	Need    string `json:"need"`
	Status  string `json:"status"`
	Created bool   `json:"created"`
}

// RegisterInterest answers POST /api/v1/needs/{ref}/interests: 201 with a
// reference, or 200 with the first reference when the same email already
// registered for this need.
func (h *Handler) RegisterInterest(c *fiber.Ctx) error {
	ref := c.Params("ref")
	if _, ok := h.Catalog.Need(ref, catalog.Viewer{}); !ok {
		return content.ErrNotFound
	}
	var in content.InterestInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Lang == "" {
		in.Lang = h.locale(c)
	}
	i, created, err := h.Workspace.RegisterInterest(c.UserContext(), content.ChannelAPI, ref, &in)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(interestReceipt{Ref: i.Ref, Need: i.Need, Status: i.Status, Created: created})
}

// ListInterests answers GET /api/v1/interests: the staff inbox, limited to
// the caller's hubs, newest first, one page (page, per_page ≤ 100) with
// the exact total of the interests that match the filters (hub, need,
// status, since).
func (h *Handler) ListInterests(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	q, err := parseQuery(c, "hub", "need", "status", "since", "page", "per_page")
	if err != nil {
		return err
	}
	f := content.FieldErrors{}
	filter := content.InterestFilter{Need: q.one("need"), Status: q.one("status")}
	hubs := q.checkList(f, "hub", content.ValidHubCode)
	for _, hub := range hubs {
		if !st.CanManage(hub) {
			return content.ErrForbidden
		}
	}
	switch {
	case len(hubs) > 0:
		filter.Hubs = hubs
	case st.Role != content.RoleAdmin:
		filter.Hubs = append([]string{}, st.Hubs...)
	}
	if filter.Need != "" && !content.ValidRef(filter.Need) {
		f["need"] = content.FieldError{Rule: content.RuleInvalidRef}
	}
	if filter.Status != "" && !oneOf(content.InterestStatuses())(filter.Status) {
		f["status"] = content.FieldError{Rule: content.RuleUnknownValue}
	}
	if s := q.one("since"); s != "" {
		d, ok := content.ParseDate(s)
		if !ok {
			f["since"] = content.FieldError{Rule: content.RuleInvalidDate}
		}
		filter.Since = d.Time()
	}
	page, perPage := q.paging(f)
	if err := f.Err(); err != nil {
		return err
	}
	filter.Skip, filter.Limit = (page-1)*perPage, perPage
	items, total, err := h.Store.InterestPage(c.UserContext(), filter)
	if err != nil {
		return err
	}
	return c.JSON(plainList[*content.Interest]{Items: nonNil(items), Total: total, Page: page, PerPage: perPage})
}

// managedInterest returns the interest at ref if the caller manages its
// hub (the workspace's scope rule).
func (h *Handler) managedInterest(c *fiber.Ctx, st *content.Staff) (*content.Interest, error) {
	return h.Workspace.ManagedInterest(c.UserContext(), st, c.Params("ref"))
}

// GetInterest answers GET /api/v1/interests/{ref}.
func (h *Handler) GetInterest(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	i, err := h.managedInterest(c, st)
	if err != nil {
		return err
	}
	etag(c, i.Version)
	return c.JSON(i)
}

// UpdateInterestStatus answers POST /api/v1/interests/{ref}/status.
func (h *Handler) UpdateInterestStatus(c *fiber.Ctx) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	var in content.InterestStatusInput
	if err := decode(c, &in); err != nil {
		return scopeFirst(h.managedInterest(c, st))(err)
	}
	if err := ifMatch(c, &in.Version); err != nil {
		return scopeFirst(h.managedInterest(c, st))(err)
	}
	i, err := h.Workspace.UpdateInterestStatus(c.UserContext(), st, content.ChannelAPI, c.Params("ref"), &in)
	if err != nil {
		return err
	}
	etag(c, i.Version)
	return c.JSON(i)
}

// scopeFirst returns, for a request that is bad, the error of its scope
// check when there is one, else the request's own error.
func scopeFirst[T any](_ T, scopeErr error) func(bad error) error {
	return func(bad error) error {
		if scopeErr != nil {
			return scopeErr
		}
		return bad
	}
}
