package staff

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
)

// inboxPage returns the page of the inbox the query's page parameter
// names (inboxPerPage interests, newest first), the number of all the
// interests that match filter and the page shown. A page that is not a
// positive number is the first; a page past the end is the last.
func (h *Handler) inboxPage(c *fiber.Ctx, filter content.InterestFilter) ([]*content.Interest, int, int, error) {
	pg, err := strconv.Atoi(c.Query("page"))
	if err != nil || pg < 1 || pg > 1_000_000 {
		pg = 1
	}
	filter.Skip, filter.Limit = (pg-1)*inboxPerPage, inboxPerPage
	items, total, err := h.cfg.Store.InterestPage(c.UserContext(), filter)
	if err != nil {
		return nil, 0, 0, err
	}
	if last := max((total+inboxPerPage-1)/inboxPerPage, 1); pg > last {
		pg = last
		filter.Skip = (pg - 1) * inboxPerPage
		if items, total, err = h.cfg.Store.InterestPage(c.UserContext(), filter); err != nil {
			return nil, 0, 0, err
		}
	}
	return items, total, pg, nil
}

// inboxPageURL returns the address of page n of the inbox filtered by q.
func inboxPageURL(v *view, q inboxQuery, n int) string {
	vals := q.values()
	if n > 1 {
		vals.Set("page", strconv.Itoa(n))
	}
	u := v.URL("staff", "inbox")
	if s := vals.Encode(); s != "" {
		u += "?" + s
	}
	return u
}
