package staff

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/page"
)

// matchesPerPage is how many needs a page of the possible matches shows.
const matchesPerPage = 50

// matchesPage is the data of the possible-matches page.
type matchesPage struct {
	Hubs  []option
	Hub   string
	Rows  []catalog.NeedSupply
	Count string
	Pager page.Pager
}

// StaffMatches answers GET /{lang}/staff/matches?hub=&page=: the open
// needs of a hub with the offers and laboratories that may serve them,
// best first, matchesPerPage needs a page, so that staff can broker
// introductions. A page that is not a positive number is the first; a
// page past the end is the last.
func (h *Handler) StaffMatches(c *fiber.Ctx) error {
	st := staffOf(c)
	v := h.staffView(c, "/staff/matches", nil)
	v.Title = v.T("staffoffers.matches.title")
	hubs := h.staffHubs(st)
	d := matchesPage{}
	if hub := strings.ToUpper(c.Query("hub")); slices.Contains(hubs, hub) {
		d.Hub = hub
	} else if len(hubs) > 0 {
		d.Hub = hubs[0]
	}
	for _, code := range hubs {
		d.Hubs = append(d.Hubs, option{Value: code, Label: v.HubName(code).S, Selected: code == d.Hub})
	}
	if d.Hub == "" {
		return h.render(c, fiber.StatusOK, "staff_matches", v, d)
	}
	rows := h.matches.list(h.cfg.Catalog.Version(), string(v.Today), d.Hub, st, func() []catalog.NeedSupply {
		return h.cfg.Catalog.PossibleMatches(d.Hub, catalog.Viewer{Staff: st}, 3)
	})
	pg, err := strconv.Atoi(c.Query("page"))
	if err != nil || pg < 1 {
		pg = 1
	}
	pg = min(pg, max((len(rows)+matchesPerPage-1)/matchesPerPage, 1))
	d.Rows = rows[min((pg-1)*matchesPerPage, len(rows)):min(pg*matchesPerPage, len(rows))]
	d.Count = v.N("staff.matches.count", len(rows), "Count", v.Num(len(rows)))
	d.Pager = page.NewPager(pg, len(rows), matchesPerPage, func(n int) string {
		u := v.URL("staff", "matches") + "?hub=" + d.Hub
		if n > 1 {
			u += "&page=" + strconv.Itoa(n)
		}
		return u
	})
	return h.render(c, fiber.StatusOK, "staff_matches", v, d)
}

// matchCache keeps the possible-matches lists of the current catalog
// version and day: computing one reads every open need of a hub (a
// quarter of a second at 10,000 needs), and staff page through it.
type matchCache struct {
	mu      sync.Mutex
	version uint64
	day     string
	lists   map[string][]catalog.NeedSupply // by hub and what the viewer may see
}

// list returns the list of hub for st at the catalog's version and day,
// computed by compute when it is not kept.
func (m *matchCache) list(version uint64, day, hub string, st *content.Staff, compute func() []catalog.NeedSupply) []catalog.NeedSupply {
	// What a list shows depends on the hubs the viewer manages (drafts of
	// offers in them), so the key holds them.
	key := hub + "|" + st.Role + "|" + strings.Join(slices.Sorted(slices.Values(st.Hubs)), ",")
	m.mu.Lock()
	if m.version != version || m.day != day {
		m.version, m.day, m.lists = version, day, map[string][]catalog.NeedSupply{}
	}
	rows, ok := m.lists[key]
	m.mu.Unlock()
	if ok {
		return rows
	}
	rows = compute()
	m.mu.Lock()
	if m.version == version && m.day == day {
		m.lists[key] = rows
	}
	m.mu.Unlock()
	return rows
}
