package content

import "testing"

// TestCompanyPatchKindLeavesLab: a laboratory whose kind changes loses its
// profile (it could not be saved otherwise); a profile sent with the new
// kind is refused; a patch that leaves the kind keeps the profile.
func TestCompanyPatchKindLeavesLab(t *testing.T) {
	co := &Company{Slug: "lab-x", Name: Text{"en": "Lab X"}, Kind: "laboratory", Country: "IR", Hubs: []string{"TR"}, Sectors: []string{},
		Lab: &LabProfile{Methods: []TestMethod{{Standard: "ASTM D638"}}, Languages: []string{}}}
	uni := "university"
	out, err := (&CompanyPatch{Kind: &uni}).Apply(co)
	if err != nil || out.Lab != nil || co.Lab == nil {
		t.Fatalf("kind changed: %+v %v (the stored company must keep its profile: %v)", out, err, co.Lab != nil)
	}
	if got := Changes(co, out); len(got) != 2 || got[0] != "kind" || got[1] != "lab" {
		t.Errorf("changes %v, want kind and lab", got)
	}
	if _, err := (&CompanyPatch{Kind: &uni, Lab: &LabProfile{}}).Apply(co); ErrorCode(err) != CodeInvalid {
		t.Errorf("a profile with another kind: %v", err)
	}
	city := Text{"en": "Tabriz"}
	if out, err := (&CompanyPatch{City: city}).Apply(co); err != nil || out.Lab == nil {
		t.Errorf("a patch of the city dropped the profile: %v", err)
	}
}
