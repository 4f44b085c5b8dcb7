package mongo_test

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"hubdir/content"
	"hubdir/content/mongo"
)

func offerInput() *content.OfferInput {
	return &content.OfferInput{
		Hubs: []string{"TR", "CN"}, Kind: "testing", Sectors: []string{"automotive", "electronics"},
		Title:     content.Text{"fa": "آزمون سازگاری الکترومغناطیسی", "en": "EMC testing"},
		Standards: []string{"CISPR 25", "iso/iec 17025"}, Deadline: "2026-12-31",
	}
}

func TestOfferLifecycleInStore(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	o, err := s.CreateOffer(ctx, offerInput(), "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if o.Ref != "TR-OF-26-0001" || o.Status != content.NeedDraft || o.Version != 1 || o.Standards[1] != "ISO/IEC 17025" {
		t.Fatalf("created %+v", o)
	}
	o2, err := s.CreateOffer(ctx, offerInput(), "editor@park.ir")
	if err != nil || o2.Ref != "TR-OF-26-0002" {
		t.Fatalf("second offer: %v %v", o2, err)
	}
	got, err := s.Offer(ctx, o.Ref)
	if err != nil || !reflect.DeepEqual(got.Title, o.Title) {
		t.Fatalf("read back: %+v %v", got, err)
	}
	p := &content.OfferPatch{Version: 1, Title: content.Text{"zh": "电磁兼容检测"}}
	up, err := s.UpdateOffer(ctx, o.Ref, p, "editor@park.ir")
	if err != nil || up.Version != 2 || up.Title["zh"] != "电磁兼容检测" || up.Rev <= o.Rev {
		t.Fatalf("update: %+v %v", up, err)
	}
	if _, err := s.UpdateOffer(ctx, o.Ref, p, "editor@park.ir"); content.ErrorCode(err) != content.CodeConflict {
		t.Errorf("stale update: %v", err)
	}
	pub, err := s.TransitionOffer(ctx, o.Ref, content.Publish, 2, "editor@park.ir")
	if err != nil || pub.Status != content.NeedPublished || pub.PublishedAt == nil {
		t.Fatalf("publish: %+v %v", pub, err)
	}
	if _, err := s.TransitionOffer(ctx, o.Ref, content.Publish, 3, "editor@park.ir"); content.ErrorCode(err) != content.CodeBadTransition {
		t.Errorf("publish twice: %v", err)
	}
	snap, err := s.Snapshot(ctx)
	if err != nil || len(snap.Offers) != 2 {
		t.Fatalf("snapshot offers: %d %v", len(snap.Offers), err)
	}
	ch, err := s.Changes(ctx, pub.Rev-1)
	if err != nil || len(ch.Offers) != 1 || ch.Offers[0].Ref != o.Ref {
		t.Fatalf("changes: %+v %v", ch, err)
	}
	del, err := s.DeleteOffer(ctx, o2.Ref, 1, "editor@park.ir")
	if err != nil || del.DeletedAt == nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := s.Offer(ctx, o2.Ref); content.ErrorCode(err) != content.CodeNotFound {
		t.Errorf("deleted offer: %v", err)
	}
}

func TestOfferBadInputChangesNothing(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	rev0, _ := s.Revision(ctx)
	bad := []*content.OfferInput{
		func() *content.OfferInput { in := offerInput(); in.Hubs = []string{"XX"}; return in }(),
		func() *content.OfferInput { in := offerInput(); in.Company = "no-such-company"; return in }(),
		func() *content.OfferInput { in := offerInput(); in.Kind = "investment"; return in }(),
		func() *content.OfferInput {
			in := offerInput()
			in.Title = content.Text{"fa": "\u202Eعنوان"}
			return in
		}(),
	}
	for i, in := range bad {
		if _, err := s.CreateOffer(ctx, in, "editor@park.ir"); content.ErrorCode(err) != content.CodeInvalid {
			t.Errorf("bad offer %d: %v", i, err)
		}
	}
	if rev, _ := s.Revision(ctx); rev != rev0 {
		t.Errorf("revision moved from %d to %d on rejected input", rev0, rev)
	}
	if snap, _ := s.Snapshot(ctx); len(snap.Offers) != 0 {
		t.Errorf("%d offers stored from bad input", len(snap.Offers))
	}
}

func TestSubmissionsAndTestingRequests(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	sub := content.SubmitterInput{Org: "شرکت نمونه", Country: "IR", ContactName: "مریم رضایی", Email: "maryam@example.ir", Consent: true, Lang: "fa"}
	o, err := s.SubmitOffer(ctx, &content.OfferSubmission{Offer: *offerInput(), Submitter: sub})
	if err != nil || o.Status != content.NeedDraft || o.Submission == nil || o.CreatedBy != "" {
		t.Fatalf("submit offer: %+v %v", o, err)
	}
	// A request for a draft offer is refused as not found.
	req := &content.TestingRequestInput{
		Company: content.InterestCompany{Name: "Shenzhen Meter Co.", Country: "CN"}, ContactName: "Li Wei",
		Email: "li@example.cn", What: "EMC test of 3 meter variants", Standard: "CISPR 25", Samples: 3, Consent: true, Lang: "zh",
	}
	if _, _, err := s.CreateTestingRequest(ctx, content.TestingTarget{Offer: o.Ref}, req); content.ErrorCode(err) != content.CodeNotFound {
		t.Fatalf("request on a draft: %v", err)
	}
	if o, err = s.TransitionOffer(ctx, o.Ref, content.Publish, o.Version, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	refs := make([]string, 4)
	for k := range refs {
		wg.Go(func() {
			r := *req
			i, _, err := s.CreateTestingRequest(ctx, content.TestingTarget{Offer: o.Ref}, &r)
			if err != nil {
				t.Error(err)
				return
			}
			refs[k] = i.Ref
		})
	}
	wg.Wait()
	for _, r := range refs[1:] {
		if r != refs[0] {
			t.Errorf("the same request sent concurrently got refs %v", refs)
		}
	}
	i, err := s.Interest(ctx, refs[0])
	if err != nil || i.Offer != o.Ref || i.Hub != "TR" || i.Testing == nil || i.Testing.Samples != 3 || i.Status != content.InterestNew {
		t.Fatalf("stored request: %+v %v", i, err)
	}
	inbox, err := s.Interests(ctx, content.InterestFilter{Hubs: []string{"TR"}})
	if err != nil || len(inbox) != 1 {
		t.Fatalf("inbox: %d %v", len(inbox), err)
	}
	st, err := s.UpdateInterestStatus(ctx, i.Ref, &content.InterestStatusInput{Version: 1, Status: content.InterestMatched}, "editor@park.ir")
	if err != nil || st.Status != content.InterestMatched {
		t.Fatalf("status: %v", err)
	}
	tallies, err := s.InterestTallies(ctx, nil)
	if err != nil || len(tallies) != 1 || tallies[0].Offer != o.Ref || tallies[0].ByStatus[content.InterestMatched] != 1 {
		t.Errorf("tallies: %+v %v", tallies, err)
	}
	bad := *req
	bad.Samples = 0
	if _, _, err := s.CreateTestingRequest(ctx, content.TestingTarget{Offer: o.Ref}, &bad); content.ErrorCode(err) != content.CodeInvalid {
		t.Errorf("bad request: %v", err)
	}
	// A laboratory profile proposed by a lab is an unpublished company.
	lab := &content.LabSubmission{Company: content.CompanyInput{
		Name: content.Text{"fa": "آزمایشگاه نمونه", "en": "Sample Test Lab"}, Country: "IR", Hubs: []string{"TR"},
		Lab: &content.LabProfile{Methods: []content.TestMethod{{Standard: "ASTM D638"}}},
	}, Submitter: sub}
	c, err := s.SubmitLab(ctx, lab)
	if err != nil || c.Slug != "sample-test-lab" || c.Published || c.Kind != "laboratory" || c.Submission == nil {
		t.Fatalf("submit lab: %+v %v", c, err)
	}
	c2, err := s.SubmitLab(ctx, lab)
	if err != nil || c2.Slug != "sample-test-lab-2" {
		t.Fatalf("second lab with the same name: %+v %v", c2, err)
	}
	if _, _, err := s.CreateTestingRequest(ctx, content.TestingTarget{Lab: c.Slug}, req); content.ErrorCode(err) != content.CodeNotFound {
		t.Errorf("request to an unpublished lab: %v", err)
	}
	er, err := s.EraseOfferSubmission(ctx, o.Ref, o.Version, "admin@park.ir")
	if err != nil || er.Submission.Email != content.ErasedMarker {
		t.Errorf("erase submission: %v", err)
	}
}

var _ content.OfferStore = (*mongo.Store)(nil)
