package content

import "slices"

// HubOutcome is what one hub achieved: per need, the interests received,
// matched and declined and the agreements that came from it; and the
// hub's totals. These are the figures a park reports upward.
type HubOutcome struct {
	Hub   string
	Needs []NeedOutcome
	// Interests, Matched and Declined count the hub's interests;
	// Agreements the agreements linked to a need; WithNeeds the needs
	// with at least one interest.
	Interests, Matched, Declined, Agreements, WithNeeds int
	// Testing counts the testing requests to the hub's offers and
	// laboratories (interests without a need); TestingMatched those matched.
	Testing, TestingMatched int
}

// NeedOutcome is one need's line of a HubOutcome. Need is nil when the
// need is not known (deleted since).
type NeedOutcome struct {
	Ref                          string
	Need                         *Need
	Interests, Matched, Declined int
	Agreements                   []*Agreement
}

// Outcomes computes the outcomes of hubs (in that order) from the
// interests' tallies, the hubs' agreements (an agreement counts when it
// names at least one need) and need, which finds a need by reference.
// A need with an agreement but no interest has its line too.
func Outcomes(hubs []string, tallies []InterestTally, agreements []*Agreement, need func(ref string) *Need) []HubOutcome {
	out := make([]HubOutcome, 0, len(hubs))
	for _, code := range hubs {
		ho := HubOutcome{Hub: code}
		byNeed := map[string][]*Agreement{}
		for _, a := range agreements {
			if a.Hub != code || len(a.Needs) == 0 {
				continue
			}
			ho.Agreements++
			for _, ref := range a.Needs {
				byNeed[ref] = append(byNeed[ref], a)
			}
		}
		seen := map[string]bool{}
		add := func(ref string, t InterestTally) {
			seen[ref] = true
			ho.Needs = append(ho.Needs, NeedOutcome{Ref: ref, Need: need(ref), Interests: t.Total,
				Matched: t.ByStatus[InterestMatched], Declined: t.ByStatus[InterestDeclined], Agreements: byNeed[ref]})
		}
		for _, t := range tallies {
			if t.Hub != code {
				continue
			}
			if t.Need == "" { // a testing request to an offer or a laboratory
				ho.Testing += t.Total
				ho.TestingMatched += t.ByStatus[InterestMatched]
				continue
			}
			add(t.Need, t)
			ho.Interests += t.Total
			ho.Matched += t.ByStatus[InterestMatched]
			ho.Declined += t.ByStatus[InterestDeclined]
			if t.Total > 0 {
				ho.WithNeeds++
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
			if n := need(ref); n != nil && n.Hub == code {
				add(ref, InterestTally{ByStatus: map[string]int{}})
			}
		}
		out = append(out, ho)
	}
	return out
}
