package mongo_test

import (
	"context"
	"errors"
	"testing"

	"hubdir/content"
)

func companyInput(slug string) *content.CompanyInput {
	return &content.CompanyInput{Slug: slug, Name: content.Text{"en": "Company " + slug, "fa": "شرکت " + slug},
		Kind: "foreign-company", Country: "TR", Hubs: []string{"TR"}, Sectors: []string{"water"}}
}

// TestImportCompaniesAllOrNone: an import of companies writes every
// company or none. A bad input, an unknown hub or a slug repeated in the
// batch is refused before anything is written; a slug already stored
// (also a deleted company's, which keeps its slug) is found by the insert
// itself, after FerretDB wrote the companies before it one by one, and
// those are deleted again: the error names the input, the stored company
// is untouched and nothing of the import remains. A good batch is stored
// whole, unpublished, each company with its pending event.
func TestImportCompaniesAllOrNone(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	const by = "importer@park.example"
	old, err := s.CreateCompany(ctx, companyInput("old-water"), "someone@park.example")
	if err != nil {
		t.Fatal(err)
	}
	gone, err := s.CreateCompany(ctx, companyInput("gone-water"), "someone@park.example")
	if err == nil {
		_, err = s.DeleteCompany(ctx, gone.Slug, gone.Version, "someone@park.example")
	}
	if err != nil {
		t.Fatal(err)
	}
	noHub := companyInput("new-c")
	noHub.Hubs = []string{"XX"}
	bad := companyInput("new-c")
	bad.Kind = "spaceship"
	cases := []struct {
		name  string
		ins   []*content.CompanyInput
		code  content.Code
		field string
	}{
		{"bad kind", []*content.CompanyInput{companyInput("new-a"), bad}, content.CodeInvalid, ""},
		{"unknown hub", []*content.CompanyInput{companyInput("new-a"), noHub}, content.CodeInvalid, ""},
		{"slug twice in the batch", []*content.CompanyInput{companyInput("new-a"), companyInput("new-b"), companyInput("new-a")}, content.CodeConflict, "2.slug"},
		{"slug of a stored company", []*content.CompanyInput{companyInput("new-a"), companyInput("new-b"), companyInput("old-water"), companyInput("new-c")}, content.CodeConflict, "2.slug"},
		{"slug of a deleted company", []*content.CompanyInput{companyInput("new-a"), companyInput("gone-water")}, content.CodeConflict, "1.slug"},
	}
	for _, c := range cases {
		before, _ := s.Revision(ctx)
		_, err := s.ImportCompanies(ctx, c.ins, by)
		if content.ErrorCode(err) != c.code {
			t.Fatalf("%s: error %v, want %s", c.name, err, c.code)
		}
		if c.field != "" {
			var cerr *content.Error
			if !errors.As(err, &cerr) || cerr.Fields[c.field].Rule == "" {
				t.Errorf("%s: error %v does not name %s", c.name, err, c.field)
			}
		}
		for _, slug := range []string{"new-a", "new-b", "new-c"} {
			if co, err := s.Company(ctx, slug); err == nil {
				t.Errorf("%s: %s was left written (%+v)", c.name, slug, co)
			}
		}
		if c.code == content.CodeInvalid {
			if now, _ := s.Revision(ctx); now != before {
				t.Errorf("%s: the revision moved %d → %d", c.name, before, now)
			}
		}
	}
	if now, err := s.Company(ctx, "old-water"); err != nil || now.Version != old.Version || now.CreatedBy != "someone@park.example" {
		t.Fatalf("the stored company was touched: %+v %v", now, err)
	}

	got, err := s.ImportCompanies(ctx, []*content.CompanyInput{companyInput("new-a"), companyInput("new-b")}, by)
	if err != nil || len(got) != 2 {
		t.Fatalf("good import: %v %v", got, err)
	}
	for _, slug := range []string{"new-a", "new-b"} {
		co, err := s.Company(ctx, slug)
		if err != nil || co.Published || co.CreatedBy != by || co.Version != 1 || len(co.Pending) != 1 || co.Pending[0].Kind != content.EventListingCreated {
			t.Errorf("imported %s: %+v %v", slug, co, err)
		}
	}
}
