package mongo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/sample"
)

// TestInterestPages seeds more than 500 interests in two hubs and pages
// through them: the pages, in order, are every matching interest newest
// first, each exactly once, and the total is exact, with and without
// filters.
func TestInterestPages(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	tr := publishedNeed(t, s)
	cn := createNeed(t, s, "CN")
	cn, err := s.TransitionNeed(ctx, cn.Ref, content.Publish, cn.Version, "x")
	if err != nil {
		t.Fatal(err)
	}
	// 700 in TR and 150 in CN, interleaved in time (CN one half-minute
	// later), all but the first CN one within the last 700 minutes.
	seeded := append(sample.Interests(tr, 700, 1, clock, 1), sample.Interests(cn, 150, 701, clock.Add(30*time.Second), 2)...)
	if err := s.SeedInterests(ctx, seeded); err != nil {
		t.Fatal(err)
	}
	newestFirst := func(keep func(*content.Interest) bool) []string {
		var is []*content.Interest
		for _, i := range seeded {
			if keep(i) {
				is = append(is, i)
			}
		}
		slices.SortFunc(is, func(a, b *content.Interest) int { return b.CreatedAt.Compare(a.CreatedAt) })
		out := []string{}
		for _, i := range is {
			out = append(out, i.Ref)
		}
		return out
	}
	since, until := clock.Add(-300*time.Minute), clock.Add(-100*time.Minute)
	for _, c := range []struct {
		name string
		f    content.InterestFilter
		keep func(*content.Interest) bool
	}{
		{"all", content.InterestFilter{}, func(*content.Interest) bool { return true }},
		{"hub TR", content.InterestFilter{Hubs: []string{"TR"}}, func(i *content.Interest) bool { return i.Hub == "TR" }},
		{"need and status", content.InterestFilter{Need: cn.Ref, Status: content.InterestNew}, func(i *content.Interest) bool {
			return i.Need == cn.Ref && i.Status == content.InterestNew
		}},
		{"since and until", content.InterestFilter{Since: since, Until: until}, func(i *content.Interest) bool {
			return !i.CreatedAt.Before(since) && i.CreatedAt.Before(until)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := newestFirst(c.keep)
			var got []string
			for page := 0; ; page++ {
				f := c.f
				f.Skip, f.Limit = page*100, 100
				items, total, err := s.InterestPage(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if total != len(want) {
					t.Fatalf("page %d: total %d, want %d", page+1, total, len(want))
				}
				if len(items) == 0 {
					break
				}
				for _, i := range items {
					got = append(got, i.Ref)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("paged through %d interests, want %d in order (first %v, want %v)", len(got), len(want), got[:min(3, len(got))], want[:min(3, len(want))])
			}
			all, err := s.Interests(ctx, c.f)
			if err != nil || len(all) != len(want) {
				t.Fatalf("Interests without a limit: %d, %v; want %d", len(all), err, len(want))
			}
		})
	}
	// A whole page's interests are complete documents.
	items, _, err := s.InterestPage(ctx, content.InterestFilter{Limit: 1})
	if err != nil || len(items) != 1 {
		t.Fatal(items, err)
	}
	if got, _ := s.Interest(ctx, items[0].Ref); got.Answers != items[0].Answers || got.Email != items[0].Email {
		t.Errorf("page item %+v differs from the stored %+v", items[0], got)
	}
	if _, total, _ := s.InterestPage(ctx, content.InterestFilter{Hubs: []string{}}); total != 0 {
		t.Errorf("no hubs: total %d", total)
	}
	// New registrations do not take a seeded reference.
	i, _, err := s.CreateInterest(ctx, tr.Ref, interestInput("new@firm.example"))
	if err != nil || i.Ref <= seeded[len(seeded)-1].Ref {
		t.Errorf("new interest %v after seeding up to %s: %v", i, seeded[len(seeded)-1].Ref, err)
	}
	// SeedInterests refuses an interest of another hub's need, writing nothing.
	bad := sample.Interests(tr, 2, 900, clock, 3)
	bad[1].Hub = "CN"
	if err := s.SeedInterests(ctx, bad); content.ErrorCode(err) != content.CodeInvalid {
		t.Errorf("interest of a TR need in hub CN: %v", err)
	}
	if _, err := s.Interest(ctx, bad[0].Ref); content.ErrorCode(err) != content.CodeNotFound {
		t.Errorf("a refused seed wrote %s: %v", bad[0].Ref, err)
	}
}

// BenchmarkInterestPage measures one page of 100 of 3000 interests with
// its exact total, as the API's inbox asks for it.
func BenchmarkInterestPage(b *testing.B) {
	ctx := context.Background()
	s := mongotest.Open(b, mongo.Config{Now: fixedNow})
	if err := s.PutHub(ctx, hub("TR", "TR")); err != nil {
		b.Fatal(err)
	}
	n, err := s.CreateNeed(ctx, needInput("TR"), "editor@park.ir")
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SeedInterests(ctx, sample.Interests(n, 3000, 1, clock, 1)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		items, total, err := s.InterestPage(ctx, content.InterestFilter{Hubs: []string{"TR"}, Skip: 1500, Limit: 100})
		if err != nil || total != 3000 || len(items) != 100 {
			b.Fatal(len(items), total, err)
		}
	}
}
