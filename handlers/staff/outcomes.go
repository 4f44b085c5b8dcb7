package staff

// Outcomes of the staff workspace (issue 5, part C): per hub the member
// manages, the interests per need, how many were matched and declined,
// and the agreements signed that came from a need (linked through the
// agreement's needs). The figures are content.Outcomes'; this page
// gathers its inputs and shows them.

import (
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
	Code                    string
	Name                    localText
	Needs                   []outcomeNeed
	Interests               string
	Matched                 string
	Declined                string
	Agreements              string
	WithNeeds               string // needs with at least one interest
	Testing, TestingMatched string // testing requests to offers and laboratories
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
	var agreements []*content.Agreement
	for page := 1; ; page++ {
		r := h.cfg.Catalog.Agreements(catalog.AgreementQuery{Hubs: hubs, Page: page, PerPage: catalog.MaxPerPage, Viewer: viewer})
		agreements = append(agreements, r.Items...)
		if page*r.PerPage >= r.Total || len(r.Items) == 0 {
			break
		}
	}
	need := func(ref string) *content.Need {
		if n, ok := h.cfg.Catalog.Need(ref, viewer); ok {
			return n
		}
		return nil
	}
	var out []outcomeHub
	for _, ho := range content.Outcomes(hubs, tallies, agreements, need) {
		oh := outcomeHub{Code: ho.Hub, Name: v.HubName(ho.Hub),
			Interests: v.Num(ho.Interests), Matched: v.Num(ho.Matched), Declined: v.Num(ho.Declined),
			Agreements: v.Num(ho.Agreements), WithNeeds: v.Num(ho.WithNeeds),
			Testing: v.Num(ho.Testing), TestingMatched: v.Num(ho.TestingMatched)}
		for _, no := range ho.Needs {
			on := outcomeNeed{Ref: no.Ref, URL: v.URL("staff", "inbox") + "?need=" + no.Ref,
				Interests: v.Num(no.Interests), Matched: v.Num(no.Matched), Declined: v.Num(no.Declined)}
			if no.Need != nil {
				on.Title = v.Pick(no.Need.Title, no.Need.Hub)
			}
			for _, a := range no.Agreements {
				on.Agreements = append(on.Agreements, outcomeAgreement{Slug: a.Slug, Title: v.Pick(a.Title, a.Hub)})
			}
			oh.Needs = append(oh.Needs, on)
		}
		out = append(out, oh)
	}
	return h.render(c, fiber.StatusOK, "staff_outcomes", v, out)
}
