package mongo_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
)

// TestExportImportOffers round-trips offers, a public submission and
// testing requests (to an offer and to a laboratory) through a backup.
func TestExportImportOffers(t *testing.T) {
	ctx := context.Background()
	src := open(t)
	lab, err := src.CreateCompany(ctx, &content.CompanyInput{
		Slug: "emc-lab", Name: content.Text{"en": "EMC Lab"}, Kind: "laboratory", Country: "IR", Hubs: []string{"TR"},
		Lab: &content.LabProfile{Methods: []content.TestMethod{{Standard: "CISPR 25", Name: content.Text{"zh": "车辆零部件发射"}}}},
	}, "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.PublishCompany(ctx, lab.Slug, true, lab.Version, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	in := offerInput()
	in.Company = lab.Slug
	o, err := src.CreateOffer(ctx, in, "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if o, err = src.TransitionOffer(ctx, o.Ref, content.Publish, o.Version, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	sub := content.SubmitterInput{Org: "شرکت نمونه", Country: "IR", ContactName: "مریم", Email: "m@example.ir", Consent: true, Lang: "fa"}
	if _, err := src.SubmitOffer(ctx, &content.OfferSubmission{Offer: *offerInput(), Submitter: sub}); err != nil {
		t.Fatal(err)
	}
	req := content.TestingRequestInput{
		Company: content.InterestCompany{Name: "Meter Co", Country: "CN"}, ContactName: "Li", Email: "li@example.cn",
		What: "EMC test of three meters", Samples: 3, Consent: true, Lang: "zh",
	}
	r1, _, err := src.CreateTestingRequest(ctx, content.TestingTarget{Offer: o.Ref}, &req)
	if err != nil {
		t.Fatal(err)
	}
	r2 := req
	if _, _, err := src.CreateTestingRequest(ctx, content.TestingTarget{Lab: lab.Slug}, &r2); err != nil {
		t.Fatal(err)
	}
	if _, err := src.EraseInterest(ctx, r1.Ref, r1.Version, "admin@park.ir"); err != nil {
		t.Fatal(err)
	}
	lines := export(t, src)
	dst := mongotest.Open(t, mongo.Config{Now: fixedNow})
	stats, err := dst.Import(ctx, join(lines))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if stats.Offers != 2 || stats.Interests != 2 {
		t.Errorf("stats %v", stats)
	}
	a, _ := src.Snapshot(ctx)
	b, _ := dst.Snapshot(ctx)
	sortSnapshot(a)
	sortSnapshot(b)
	if !reflect.DeepEqual(a.Offers, b.Offers) || !reflect.DeepEqual(a.Companies, b.Companies) {
		t.Error("offers or laboratories differ after the round trip")
	}
	is, _ := dst.Interests(ctx, content.InterestFilter{})
	if len(is) != 2 {
		t.Fatalf("%d interests after import", len(is))
	}
	next, err := dst.CreateOffer(ctx, offerInput(), "editor@park.ir")
	if err != nil || next.Ref != "TR-OF-26-0003" {
		t.Errorf("new offer after import: %v %v", next, err)
	}
	// A backup whose request names an offer that is not in it is refused.
	var cut []string
	for _, l := range lines {
		if !strings.HasPrefix(l, `{"collection":"offers"`) {
			cut = append(cut, l)
		}
	}
	fresh := mongotest.Open(t, mongo.Config{Now: fixedNow})
	if _, err := fresh.Import(ctx, join(fixEnd(cut))); content.ErrorCode(err) != content.CodeInvalid {
		t.Errorf("import without the offers: %v", err)
	}
	if snap, _ := fresh.Snapshot(ctx); len(snap.Hubs) != 0 {
		t.Error("a refused import wrote documents")
	}
}

// fixEnd rewrites the end line of a backup to count its documents.
func fixEnd(lines []string) []string {
	out := append([]string(nil), lines[:len(lines)-1]...)
	return append(out, `{"hubdir_export_end":`+itoa(len(out)-1)+`}`)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
