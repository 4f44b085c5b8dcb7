package web

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// impactTTL is how long the impact figures are served from memory: they
// count interests, which only the store knows, so a public request must
// not read them every time.
const impactTTL = time.Minute

// hubImpact is one hub's public figures on the impact page.
type hubImpact struct {
	Code       string
	Needs      int // public needs: open, expired or closed
	Interests  int // expressions of interest received
	Matched    int // interests the hub marked as matched
	Agreements int // published agreements that came from a need
}

// impactFigures are the figures of every hub, with when they were made.
type impactFigures struct {
	Hubs []hubImpact
	at   time.Time
}

// impactCache holds the last impact figures.
type impactCache struct {
	cur atomic.Pointer[impactFigures]
	mu  sync.Mutex
}

// figures returns the impact figures, counting again when they are older
// than impactTTL; when the store cannot be read, the interests are left at
// their last counts (zero at first).
func (h *Handler) impactFigures(ctx context.Context) *impactFigures {
	cur := h.impact.cur.Load()
	if cur != nil && time.Since(cur.at) < impactTTL {
		return cur
	}
	h.impact.mu.Lock()
	defer h.impact.mu.Unlock()
	if cur = h.impact.cur.Load(); cur != nil && time.Since(cur.at) < impactTTL {
		return cur
	}
	figs := h.cfg.Catalog.Figures()
	next := &impactFigures{at: time.Now()}
	byHub := map[string]*hubImpact{}
	for _, hub := range h.cfg.Catalog.Hubs() {
		next.Hubs = append(next.Hubs, hubImpact{Code: hub.Code, Needs: figs[hub.Code].Needs})
	}
	for i := range next.Hubs {
		byHub[next.Hubs[i].Code] = &next.Hubs[i]
	}
	for _, a := range h.storyAgreements(nil) {
		if hi := byHub[a.Hub]; hi != nil {
			hi.Agreements++
		}
	}
	tctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	tallies, err := h.cfg.Store.InterestTallies(tctx, nil)
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "impact: interest tallies", "err", err)
		if cur != nil {
			for i := range next.Hubs {
				for _, old := range cur.Hubs {
					if old.Code == next.Hubs[i].Code {
						next.Hubs[i].Interests, next.Hubs[i].Matched = old.Interests, old.Matched
					}
				}
			}
		}
	} else {
		for _, t := range tallies {
			if hi := byHub[t.Hub]; hi != nil {
				hi.Interests += t.Total
				hi.Matched += t.ByStatus[content.InterestMatched]
			}
		}
	}
	h.impact.cur.Store(next)
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
