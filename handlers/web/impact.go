package web

import (
	"context"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// impactTTL is how long the interest counts of the impact page are served
// from memory: they count interests, which only the store knows (a scan of
// every interest), so a public request must not read them every time. The
// counts from the catalog (needs, agreements) follow the catalog at once.
const impactTTL = time.Minute

// hubImpact is one hub's public figures on the impact page.
type hubImpact struct {
	Code       string
	Needs      int // public needs: open, expired or closed
	Interests  int // expressions of interest received
	Matched    int // interests the hub marked as matched
	Agreements int // published agreements that came from a need
}

// impactFigures are the figures of every hub, with the catalog version
// and the interest counts they were made from.
type impactFigures struct {
	Hubs    []hubImpact
	version uint64 // the catalog's Version when counted
	tallies *interestCounts
}

// interestCounts are the interests and matches per hub, as counted in the
// store at a time.
type interestCounts struct {
	byHub map[string][2]int // interests, matched
	at    time.Time
	// gen numbers the counts that differ from the previous ones: the
	// impact page's cached answers are kept under it (pageCacheVary).
	gen uint64
}

// impactCache holds the last impact figures.
type impactCache struct {
	cur atomic.Pointer[impactFigures]
	mu  sync.Mutex
}

// impactFigures returns the impact figures: counted again from the catalog
// when it changed, and the interests counted again in the store when their
// counts are older than impactTTL (one request counts while the others get
// the last figures; the first figures are waited for). When the store
// cannot be read, the interests keep their last counts (zero at first).
func (h *Handler) impactFigures(ctx context.Context) *impactFigures {
	cur := h.impact.cur.Load()
	version, now := h.cfg.Catalog.Version(), h.cfg.Now()
	fresh := func(f *impactFigures) bool {
		return f != nil && f.version == version && now.Sub(f.tallies.at) < impactTTL
	}
	if fresh(cur) {
		return cur
	}
	if cur == nil {
		h.impact.mu.Lock()
	} else if !h.impact.mu.TryLock() {
		return cur
	}
	defer h.impact.mu.Unlock()
	if cur = h.impact.cur.Load(); fresh(cur) {
		return cur
	}
	var counts *interestCounts
	if cur != nil && now.Sub(cur.tallies.at) < impactTTL {
		counts = cur.tallies
	} else {
		var last *interestCounts
		if cur != nil {
			last = cur.tallies
		}
		counts = h.countInterests(ctx, last, now)
	}
	figs := h.cfg.Catalog.Figures()
	next := &impactFigures{version: version, tallies: counts}
	byHub := map[string]*hubImpact{}
	for _, hub := range h.cfg.Catalog.Hubs() {
		c := counts.byHub[hub.Code]
		next.Hubs = append(next.Hubs, hubImpact{Code: hub.Code, Needs: figs[hub.Code].Needs, Interests: c[0], Matched: c[1]})
	}
	for i := range next.Hubs {
		byHub[next.Hubs[i].Code] = &next.Hubs[i]
	}
	for _, a := range h.storyAgreements(nil) {
		if hi := byHub[a.Hub]; hi != nil {
			hi.Agreements++
		}
	}
	h.impact.cur.Store(next)
	return next
}

// countInterests counts the interests and matches per hub in the store;
// when it cannot, the last counts stay (counted again after impactTTL).
func (h *Handler) countInterests(ctx context.Context, last *interestCounts, now time.Time) *interestCounts {
	next := &interestCounts{byHub: map[string][2]int{}, at: now}
	if last != nil {
		next.gen = last.gen
	}
	tctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	tallies, err := h.cfg.Store.InterestTallies(tctx, nil)
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "impact: interest tallies", "err", err)
		if last != nil {
			next.byHub = last.byHub
		}
		return next
	}
	for _, t := range tallies {
		c := next.byHub[t.Hub]
		c[0] += t.Total
		c[1] += t.ByStatus[content.InterestMatched]
		next.byHub[t.Hub] = c
	}
	if last == nil || !maps.Equal(last.byHub, next.byHub) {
		next.gen++
	}
	return next
}

// storyAgreements returns the public agreements that came from a public
// need (of the given hubs; nil: all), newest signed first: a link to a
// draft need does not make a story (catalog.PublicAgreement).
func (h *Handler) storyAgreements(hubs []string) []*content.Agreement {
	var out []*content.Agreement
	for page := 1; page <= 50; page++ {
		r := h.cfg.Catalog.Agreements(catalog.AgreementQuery{Hubs: hubs, Page: page, PerPage: catalog.MaxPerPage})
		for _, a := range r.Items {
			if a.Public() && len(h.cfg.Catalog.PublicAgreement(a).Needs) > 0 {
				out = append(out, a)
			}
		}
		if page*r.PerPage >= r.Total || len(r.Items) == 0 {
			break
		}
	}
	slices.SortStableFunc(out, func(a, b *content.Agreement) int {
		switch {
		case a.SignedOn > b.SignedOn:
			return -1
		case a.SignedOn < b.SignedOn:
			return 1
		}
		return 0
	})
	return out
}

// story is an agreement told as a success story.
type story struct {
	Agreement *content.Agreement
	Title     localText
	Scope     localText
	Parties   []localText
	Needs     []storyNeed
}

// storyNeed is a need an agreement came from.
type storyNeed struct {
	Ref   string
	Title localText
}

// impactData is the data of the impact page.
type impactData struct {
	Hubs    []impactRow
	Chart   chart
	Stories []story
}

// impactRow is one hub's line of the figures table.
type impactRow struct {
	hubImpact
	Name localText
}

// Impact answers GET /{lang}/impact: per hub, the needs published, the
// interests received, the matches and the agreements signed that came
// from a need, as a table and a chart drawn on the server (SVG, no
// script), then those agreements as success stories.
func (h *Handler) Impact(c *fiber.Ctx) error {
	v := h.pageView(c, "/impact", nil)
	v.Section = "impact"
	v.Title = v.T("site.impact.title")
	v.Description = v.T("site.impact.intro")
	figs := h.impactFigures(c.UserContext())
	d := impactData{}
	for _, hi := range figs.Hubs {
		d.Hubs = append(d.Hubs, impactRow{hubImpact: hi, Name: v.HubName(hi.Code)})
	}
	d.Chart = impactChart(v, d.Hubs)
	for _, a := range h.storyAgreements(nil) {
		t := v.Listing([]string{a.Hub}, a.Title, a.Scope)
		s := story{Agreement: a, Title: t[0], Scope: t[1]}
		for _, p := range a.Parties {
			if p.Company != "" {
				if co, ok := h.cfg.Catalog.Company(p.Company, catalog.Viewer{}); ok && co.Public() {
					s.Parties = append(s.Parties, v.PickAny(co.Name, co.Hubs))
				}
				continue
			}
			s.Parties = append(s.Parties, v.Pick(p.Name, a.Hub))
		}
		for _, ref := range a.Needs {
			if n, ok := h.cfg.Catalog.Need(ref, catalog.Viewer{}); ok && n.Public() {
				s.Needs = append(s.Needs, storyNeed{Ref: n.Ref, Title: v.NeedTexts(n).Title})
			}
		}
		d.Stories = append(d.Stories, s)
	}
	return h.render(c, fiber.StatusOK, "impact", v, d)
}
