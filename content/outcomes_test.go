package content

import "testing"

func TestOutcomes(t *testing.T) {
	needs := map[string]*Need{
		"TR-26-0001": {Ref: "TR-26-0001", Hub: "TR"},
		"TR-26-0002": {Ref: "TR-26-0002", Hub: "TR"},
		"CN-26-0001": {Ref: "CN-26-0001", Hub: "CN"},
	}
	tallies := []InterestTally{
		{Hub: "TR", Need: "TR-26-0001", Total: 3, ByStatus: map[string]int{InterestMatched: 1, InterestDeclined: 1, InterestNew: 1}},
		{Hub: "CN", Need: "CN-26-0001", Total: 2, ByStatus: map[string]int{InterestMatched: 2}},
	}
	agreements := []*Agreement{
		{Slug: "a", Hub: "TR", Needs: []string{"TR-26-0001", "TR-26-0002"}},
		{Slug: "b", Hub: "TR"}, // names no need: not an outcome
		{Slug: "c", Hub: "CN", Needs: []string{"CN-26-0001"}},
	}
	out := Outcomes([]string{"TR"}, tallies, agreements, func(ref string) *Need { return needs[ref] })
	if len(out) != 1 {
		t.Fatalf("%d hubs", len(out))
	}
	tr := out[0]
	if tr.Interests != 3 || tr.Matched != 1 || tr.Declined != 1 || tr.Agreements != 1 || tr.WithNeeds != 1 {
		t.Errorf("TR totals %+v", tr)
	}
	if len(tr.Needs) != 2 || tr.Needs[0].Ref != "TR-26-0001" || len(tr.Needs[0].Agreements) != 1 ||
		tr.Needs[1].Ref != "TR-26-0002" || tr.Needs[1].Interests != 0 || tr.Needs[1].Need == nil {
		t.Errorf("TR needs %+v", tr.Needs)
	}
}
