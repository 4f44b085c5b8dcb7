package staff_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"hubdir/content"
)

// TestStaffOffersExport: the offers of the member's hubs (drafts too, no
// other hub's) as CSV and XLSX in the import's columns; a file without
// the ref, status and updated_at columns passes the import's check.
func TestStaffOffersExport(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "tr-export@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "tr-export@example.org", pw)
	snap, err := s.store.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var mine, others []string
	for _, o := range snap.Offers {
		if o.DeletedAt != nil {
			continue
		}
		if slices.Contains(o.Hubs, "TR") {
			mine = append(mine, o.Ref)
		} else {
			others = append(others, o.Ref)
		}
	}
	if len(mine) == 0 || len(others) == 0 {
		t.Fatalf("sample: %d TR offers, %d others", len(mine), len(others))
	}
	r := staffGet(t, s, "/en/staff/offers/export.csv", ck)
	if r.status != http.StatusOK || !strings.Contains(r.header.Get("Content-Disposition"), ".csv") {
		t.Fatalf("csv: status %d", r.status)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{"ref", "status", "updated_at"}, content.OfferColumns()...)
	if !slices.Equal(recs[0], want) {
		t.Fatalf("header %q", recs[0])
	}
	var got []string
	for _, rec := range recs[1:] {
		got = append(got, rec[0])
	}
	slices.Sort(got)
	slices.Sort(mine)
	if !slices.Equal(got, mine) {
		t.Errorf("csv offers %v, want the TR offers %v", got, mine)
	}
	// Re-import: without the first three columns, the offers of TR alone
	// pass the check (an offer shared with CN needs a member of CN too).
	var trimmed [][]string
	for i, rec := range recs {
		if i == 0 || rec[3] == "TR" {
			trimmed = append(trimmed, rec[3:])
		}
	}
	if len(trimmed) < 2 {
		t.Fatal("no offer of TR alone in the sample")
	}
	var b strings.Builder
	csv.NewWriter(&b).WriteAll(trimmed)
	if c := upload(t, s, ck, "offers", "check", "again.csv", []byte(b.String())); c.status != http.StatusOK {
		t.Errorf("exported offers do not pass the import's check: %d\n%s", c.status, c.body)
	}

	x := staffGet(t, s, "/fa/staff/offers/export.xlsx", ck)
	f, err := excelize.OpenReader(strings.NewReader(x.body))
	if err != nil {
		t.Fatalf("xlsx: status %d, %v", x.status, err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) != len(recs) || rows[0][0] != "ref" {
		t.Errorf("xlsx: %d rows, want %d", len(rows), len(recs))
	}
	if r := staffGet(t, s, "/en/staff/offers/export.pdf", ck); r.status != http.StatusNotFound {
		t.Errorf("export.pdf: status %d, want 404", r.status)
	}
	// Signed out: no export.
	if r := staffGet(t, s, "/en/staff/offers/export.csv", nil); r.status == http.StatusOK {
		t.Error("signed-out export answered 200")
	}
}
