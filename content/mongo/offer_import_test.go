package mongo_test

import (
	"context"
	"testing"

	"hubdir/content"
)

// TestImportOffers: a batch with one bad input, an unknown hub or an
// unknown company writes nothing; a good batch gets consecutive references
// per first hub, drafts by the importer, each with its pending event, and
// CreateOffer does not allocate an imported reference again.
func TestImportOffers(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	before, _ := s.Revision(ctx)
	bad := offerInput()
	bad.Kind = "spaceship"
	noHub := offerInput()
	noHub.Hubs = []string{"XX"}
	noCompany := offerInput()
	noCompany.Company = "no-such-lab"
	for name, in := range map[string]*content.OfferInput{"bad kind": bad, "unknown hub": noHub, "unknown company": noCompany} {
		_, err := s.ImportOffers(ctx, []*content.OfferInput{offerInput(), in}, "importer@park.ir")
		wantCode(t, err, content.CodeInvalid)
		if now, _ := s.Revision(ctx); now != before {
			t.Fatalf("%s: the revision moved %d → %d", name, before, now)
		}
	}
	cn := offerInput()
	cn.Hubs = []string{"CN"}
	offers, err := s.ImportOffers(ctx, []*content.OfferInput{offerInput(), cn, offerInput()}, "importer@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) != 3 || offers[1].Ref[:2] != "CN" || offers[0].Ref == offers[2].Ref || offers[0].Ref[:6] != "TR-OF-" {
		t.Fatalf("imported: %v %v %v", offers[0].Ref, offers[1].Ref, offers[2].Ref)
	}
	for _, o := range offers {
		got, err := s.Offer(ctx, o.Ref)
		if err != nil || got.Status != content.NeedDraft || got.CreatedBy != "importer@park.ir" || got.Rev <= before || len(got.Pending) != 1 {
			t.Errorf("stored %s: %+v %v", o.Ref, got, err)
		}
	}
	// The catalog's sync sees the imported offers (on FerretDB through the
	// change log, which the import must write as every listing write does).
	changes, err := s.Changes(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	synced := map[string]bool{}
	for _, o := range changes.Offers {
		synced[o.Ref] = true
	}
	for _, o := range offers {
		if !synced[o.Ref] {
			t.Errorf("the sync does not see the imported offer %s", o.Ref)
		}
	}
	o, err := s.CreateOffer(ctx, offerInput(), "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if o.Ref == offers[0].Ref || o.Ref == offers[2].Ref {
		t.Errorf("CreateOffer reused %s", o.Ref)
	}
}
