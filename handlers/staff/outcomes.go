package staff

// Outcomes of the staff workspace (issue 5, part C): per hub the member
// manages, the interests per need, how many were matched and declined,
// and the agreements signed that came from a need (linked through the
// agreement's needs) — the figures a park reports upward.

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// outcomeNeed is one need's line of the outcomes.
type outcomeNeed struct {
	Ref        string
	URL        string
	Title      localText
	Interests  string
	Matched    string
	Declined   string
	Agreements []outcomeAgreement
}

// outcomeAgreement is an agreement linked to a need.
type outcomeAgreement struct {
	Slug  string
	Title localText
}

// outcomeHub is one hub's outcomes.
type outcomeHub struct {
	Code       string
	Name       localText
	Needs      []outcomeNeed
	Interests  string
	Matched    string
	Declined   string
	Agreements string
	WithNeeds  string // needs with at least one interest
	// Testing requests to offers and laboratories (issue 14), and those
	// matched: matches that came from the supply side.
	Testing, TestingMatched string
}

// StaffOutcomes answers GET /{lang}/staff/outcomes.
func (h *Handler) StaffOutcomes(c *fiber.Ctx) error {
	st, err := staffOrForbidden(c)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/outcomes", nil)
	v.Title = v.T("staff.outcomes.title")
	hubs := h.managedHubs(st)
	tallies, err := h.cfg.Store.InterestTallies(c.UserContext(), hubs)
	if err != nil {
		return err
	}
	viewer := catalog.Viewer{Staff: st}
	var out []outcomeHub
	for _, code := range hubs {
		// Agreements of the hub linked to needs, by need.
		byNeed := map[string][]outcomeAgreement{}
		signed := 0
		for page := 1; ; page++ {
			r := h.cfg.Catalog.Agreements(catalog.AgreementQuery{Hubs: []string{code}, Page: page, PerPage: catalog.MaxPerPage, Viewer: viewer})
			for _, a := range r.Items {
				if len(a.Needs) == 0 {
					continue
				}
				signed++
				for _, ref := range a.Needs {
					byNeed[ref] = append(byNeed[ref], outcomeAgreement{Slug: a.Slug, Title: v.Pick(a.Title, a.Hub)})
				}
			}
			if page*r.PerPage >= r.Total || len(r.Items) == 0 {
				break
			}
		}
		oh := outcomeHub{Code: code, Name: v.HubName(code)}
		var interests, matched, declined, with int
		seen := map[string]bool{}
		add := func(ref string, t content.InterestTally) {
			seen[ref] = true
			on := outcomeNeed{Ref: ref, URL: v.URL("staff", "inbox") + "?need=" + ref,
				Interests: v.Num(t.Total), Matched: v.Num(t.ByStatus[content.InterestMatched]),
				Declined: v.Num(t.ByStatus[content.InterestDeclined]), Agreements: byNeed[ref]}
			if n, ok := h.cfg.Catalog.Need(ref, viewer); ok {
				on.Title = v.Pick(n.Title, n.Hub)
			}
			oh.Needs = append(oh.Needs, on)
		}
		testing, testingMatched := 0, 0
		for _, t := range tallies {
			if t.Hub != code {
				continue
			}
			if t.Need == "" { // a testing request to an offer or a laboratory
				testing += t.Total
				testingMatched += t.ByStatus[content.InterestMatched]
				continue
			}
			add(t.Need, t)
			interests += t.Total
			matched += t.ByStatus[content.InterestMatched]
			declined += t.ByStatus[content.InterestDeclined]
			if t.Total > 0 {
				with++
			}
		}
		var extra []string
		for ref := range byNeed {
			if !seen[ref] {
				extra = append(extra, ref)
			}
		}
		slices.Sort(extra)
		for _, ref := range extra {
			if n, ok := h.cfg.Catalog.Need(ref, viewer); ok && n.Hub == code {
				add(ref, content.InterestTally{ByStatus: map[string]int{}})
			}
		}
		oh.Interests, oh.Matched, oh.Declined = v.Num(interests), v.Num(matched), v.Num(declined)
		oh.Agreements, oh.WithNeeds = v.Num(signed), v.Num(with)
		oh.Testing, oh.TestingMatched = v.Num(testing), v.Num(testingMatched)
		out = append(out, oh)
	}
	return h.render(c, fiber.StatusOK, "staff_outcomes", v, out)
}
