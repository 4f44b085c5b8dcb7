package catalog

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/sample"
)

// sampleSnapshot returns the sample content as a snapshot, without a
// store: needs get reference codes TR-26-0001, … and CN-26-0001, … in the
// order of data/needs.json, and the status the data gives them.
func sampleSnapshot(t testing.TB, now time.Time) *content.Snapshot {
	t.Helper()
	snap, err := sampleSnapshotOf(now)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// sampleSnapshotOf is sampleSnapshot without a testing.TB.
func sampleSnapshotOf(now time.Time) (*content.Snapshot, error) {
	d, err := sample.Parse()
	if err != nil {
		return nil, err
	}
	today := content.Today(now, tehran)
	snap := &content.Snapshot{Hubs: d.Hubs}
	rev := int64(0)
	next := func() int64 { rev++; return rev }
	count := map[string]int{}
	refs := make([]string, len(d.Needs))
	for i := range d.Needs {
		nd := &d.Needs[i]
		count[nd.Hub]++
		ref := fmt.Sprintf("%s-26-%04d", nd.Hub, count[nd.Hub])
		refs[i] = ref
		n := nd.NeedInput.NewNeed(ref, sample.Author, now.Add(time.Duration(i)*time.Minute))
		n.Status, n.Deadline, n.Rev = nd.Status, nd.Deadline(today), next()
		if n.Status != content.NeedDraft {
			n.PublishedAt = tp(n.CreatedAt)
		}
		snap.Needs = append(snap.Needs, n)
	}
	for i := range d.Companies {
		cd := &d.Companies[i]
		co := cd.CompanyInput.NewCompany(sample.Author, now)
		co.Published, co.Rev = cd.Published, next()
		snap.Companies = append(snap.Companies, co)
	}
	for i := range d.Agreements {
		ad := &d.Agreements[i]
		a := ad.AgreementInput.NewAgreement(sample.Author, now)
		a.Published, a.Rev = ad.Published, next()
		for _, x := range ad.NeedIndexes {
			a.Needs = append(a.Needs, refs[x])
		}
		snap.Agreements = append(snap.Agreements, a)
	}
	snap.Offers = sample.SampleOffers(d, now, today, next)
	snap.Rev = rev
	return snap, nil
}

// relevanceCase is one query of testdata/relevance.json.
type relevanceCase struct {
	Q      string   `json:"q"`
	Lang   string   `json:"lang"`   // the language the query is typed in
	Kind   string   `json:"kind"`   // need (default), company, agreement, offer or lab
	Note   string   `json:"note"`   // what the query checks
	First  bool     `json:"first"`  // the first expected listing must rank first
	Expect []string `json:"expect"` // listings that must be in the top 10
}

// TestRelevance runs the relevance test set over the sample content: every
// expected listing must be among the first 10 results. It logs recall@10
// (over all expected listings) and MRR (of the first expected listing
// found), per language and overall; docs/search.md reports them.
func TestRelevance(t *testing.T) {
	raw, err := os.ReadFile("testdata/relevance.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []relevanceCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 60 {
		t.Fatalf("%d queries; the set needs at least 60", len(cases))
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c := New(tehran, func() time.Time { return now })
	c.Load(sampleSnapshot(t, now))
	type stat struct {
		queries, expected, found int
		rr                       float64
	}
	stats := map[string]*stat{}
	for _, tc := range cases {
		got, ok := relevanceTop10(c, &tc)
		if !ok {
			t.Fatalf("%q: unknown kind %q", tc.Q, tc.Kind)
		}
		rank := 0
		found := 0
		for i, ref := range got {
			if slices.Contains(tc.Expect, ref) {
				found++
				if rank == 0 {
					rank = i + 1
				}
			}
		}
		for _, key := range []string{tc.Lang, "all"} {
			s := stats[key]
			if s == nil {
				s = &stat{}
				stats[key] = s
			}
			s.queries++
			s.expected += len(tc.Expect)
			s.found += found
			if rank > 0 {
				s.rr += 1 / float64(rank)
			}
		}
		if found < len(tc.Expect) {
			t.Errorf("%s %q (%s): top 10 %v misses some of %v", tc.Lang, tc.Q, tc.Note, got, tc.Expect)
		}
		if tc.First && (len(got) == 0 || got[0] != tc.Expect[0]) {
			t.Errorf("%s %q (%s): got %v, want %s first", tc.Lang, tc.Q, tc.Note, got, tc.Expect[0])
		}
	}
	for _, key := range []string{"fa", "zh", "en", "tr", "all"} {
		s := stats[key]
		if s == nil {
			continue
		}
		t.Logf("%-3s %3d queries: recall@10 %.3f, MRR %.3f", key, s.queries,
			float64(s.found)/float64(s.expected), s.rr/float64(s.queries))
	}
}

// relevanceTop10 returns the ids of the first 10 results of a query of
// the old set; ok is false for an unknown kind.
func relevanceTop10(c *Catalog, tc *relevanceCase) (got []string, ok bool) {
	switch tc.Kind {
	case "", "need":
		for _, n := range c.Needs(NeedQuery{Text: tc.Q, PerPage: 10}).Items {
			got = append(got, n.Ref)
		}
	case "company":
		for _, co := range c.Companies(CompanyQuery{Text: tc.Q, PerPage: 10, Locale: tc.Lang}).Items {
			got = append(got, co.Slug)
		}
	case "agreement":
		for _, a := range c.Agreements(AgreementQuery{Text: tc.Q, PerPage: 10}).Items {
			got = append(got, a.Slug)
		}
	case "offer":
		for _, o := range c.Offers(OfferQuery{Text: tc.Q, PerPage: 10}).Items {
			got = append(got, o.Ref)
		}
	case "lab":
		for _, co := range c.Companies(CompanyQuery{Text: tc.Q, Kinds: []string{"laboratory"}, PerPage: 10, Locale: tc.Lang}).Items {
			got = append(got, co.Slug)
		}
	default:
		return nil, false
	}
	return got, true
}
