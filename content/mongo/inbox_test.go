package mongo_test

import (
	"context"
	"testing"

	"hubdir/content"
)

func TestEraseInterestAndTallies(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	n := publishedNeed(t, s)
	a, _, err := s.CreateInterest(ctx, n.Ref, interestInput("first@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := s.CreateInterest(ctx, n.Ref, interestInput("second@example.org"))
	if err != nil {
		t.Fatal(err)
	}
	b, err = s.UpdateInterestStatus(ctx, b.Ref, &content.InterestStatusInput{Version: b.Version, Status: content.InterestMatched, Note: "met them"}, "staff@example.org")
	if err != nil {
		t.Fatal(err)
	}
	before, err := s.InterestTallies(ctx, []string{n.Hub})
	if err != nil {
		t.Fatal(err)
	}

	_, err = s.EraseInterest(ctx, b.Ref, b.Version-1, "admin@example.org")
	wantCode(t, err, content.CodeConflict)
	e, err := s.EraseInterest(ctx, b.Ref, b.Version, "admin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Interest(ctx, b.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != content.ErasedMarker || got.ContactName != content.ErasedMarker || got.Answers.Fit != content.ErasedMarker ||
		got.Company.Name != content.ErasedMarker || got.History[0].Note != content.ErasedMarker {
		t.Errorf("personal data kept: %+v", got)
	}
	if got.Status != content.InterestMatched || got.Need != n.Ref || got.Erased == nil || got.Erased.By != "admin@example.org" || got.Version != e.Version {
		t.Errorf("erased interest: %+v", got)
	}
	_, err = s.EraseInterest(ctx, b.Ref, got.Version, "admin@example.org")
	wantCode(t, err, content.CodeBadTransition)

	// The same email may register again; the figures are unchanged.
	if _, created, err := s.CreateInterest(ctx, n.Ref, interestInput("second@example.org")); err != nil || !created {
		t.Fatalf("register again after erasure: created %v, %v", created, err)
	}
	after, err := s.InterestTallies(ctx, []string{n.Hub})
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 1 || before[0].Total != 2 || before[0].ByStatus[content.InterestMatched] != 1 {
		t.Fatalf("tallies before: %+v", before)
	}
	if after[0].Total != 3 || after[0].ByStatus[content.InterestMatched] != 1 || after[0].ByStatus[content.InterestNew] != 2 {
		t.Errorf("tallies after: %+v", after)
	}
	if other, err := s.InterestTallies(ctx, []string{"XX"}); err != nil || len(other) != 0 {
		t.Errorf("tallies of another hub: %+v %v", other, err)
	}
	_ = a
}

func TestImportNeeds(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	bad := needInput("TR")
	bad.Kind = "spaceship"
	before, _ := s.Revision(ctx)
	_, err := s.ImportNeeds(ctx, []*content.NeedInput{needInput("TR"), bad}, "importer@park.ir")
	wantCode(t, err, content.CodeInvalid)
	if now, _ := s.Revision(ctx); now != before {
		t.Fatalf("a bad input changed the revision %d → %d", before, now)
	}
	needs, err := s.ImportNeeds(ctx, []*content.NeedInput{needInput("TR"), needInput("CN"), needInput("TR")}, "importer@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if len(needs) != 3 || needs[0].Hub != "TR" || needs[1].Hub != "CN" || needs[0].Ref == needs[2].Ref {
		t.Fatalf("imported: %+v", needs)
	}
	for _, n := range needs {
		got, err := s.Need(ctx, n.Ref)
		if err != nil || got.Status != content.NeedDraft || got.CreatedBy != "importer@park.ir" || got.Rev <= before {
			t.Errorf("stored %s: %+v %v", n.Ref, got, err)
		}
	}
	// CreateNeed does not allocate an imported reference again.
	n := createNeed(t, s, "TR")
	if n.Ref == needs[0].Ref || n.Ref == needs[2].Ref {
		t.Errorf("CreateNeed reused %s", n.Ref)
	}
}
