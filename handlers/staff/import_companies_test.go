package staff_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"hubdir/content"
)

// TestStaffImportCompaniesAllOrNone: a companies file whose slug is taken
// by a company the check cannot see (a deleted one keeps its slug) is
// refused by the store during the import itself: 409, the page names the
// row and says nothing was written, and the file's other companies,
// written before it, are not left in the store.
func TestStaffImportCompaniesAllOrNone(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "co-importer@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "co-importer@example.org", pw)
	gone, err := s.store.CreateCompany(ctx, &content.CompanyInput{Slug: "tabriz-gone", Name: content.Text{"en": "Tabriz Gone"},
		Kind: "knowledge-based", Country: "IR", Hubs: []string{"TR"}, Sectors: []string{"ai"}}, "someone@example.org")
	if err == nil {
		_, err = s.store.DeleteCompany(ctx, gone.Slug, gone.Version, "someone@example.org")
	}
	if err != nil {
		t.Fatal(err)
	}
	file := "slug,kind,country,name_fa,name_en,sectors,hubs\r\n" +
		"tabriz-first,knowledge-based,IR,حسگر اول,First Sensors,ai,TR\r\n" +
		"tabriz-gone,knowledge-based,IR,حسگر رفته,Gone Again,ai,TR\r\n" +
		"tabriz-third,knowledge-based,IR,حسگر سوم,Third Sensors,ai,TR\r\n"
	r := upload(t, s, ck, "companies", "check", "companies.csv", []byte(file))
	if r.status != http.StatusOK {
		t.Fatalf("check: status %d (the deleted company's slug is expected to pass the check)\n%s", r.status, r.body)
	}
	r = upload(t, s, ck, "companies", "import", "companies.csv", []byte(file))
	if r.status != http.StatusConflict || !strings.Contains(r.body, "Row 3: A company with this slug already exists.") ||
		!strings.Contains(r.body, "nothing was written") {
		t.Fatalf("import: status %d, want 409 naming row 3\n%s", r.status, r.body)
	}
	for _, slug := range []string{"tabriz-first", "tabriz-third"} {
		if co, err := s.store.Company(ctx, slug); err == nil {
			t.Errorf("%s was left written: %+v", slug, co)
		}
	}
}
