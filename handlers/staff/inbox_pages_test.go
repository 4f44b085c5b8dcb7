package staff_test

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hubdir/content"
	"hubdir/content/sample"
)

var (
	inboxRefPattern  = regexp.MustCompile(`href="/en/staff/inbox/(EOI-[0-9]{2}-[0-9]{5,7})"`)
	inboxNextPattern = regexp.MustCompile(`rel="next" href="([^"]+)"`)
)

// TestStaffInboxReachesEveryInterest seeds 550 interests (more than the
// old 500 cap) and follows the inbox's page links: every interest is
// listed once, newest first, with the exact count; the CSV and XLSX
// exports hold every one of them.
func TestStaffInboxReachesEveryInterest(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	need := func(ref string) *content.Need {
		n, err := s.store.Need(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	seeded := append(sample.Interests(need(s.openNeedOf(t, "TR")), 520, 1, now, 1),
		sample.Interests(need(s.openNeedOf(t, "CN")), 30, 600, now.Add(-30*time.Second), 2)...)
	if err := s.store.SeedInterests(ctx, seeded); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(seeded, func(a, b *content.Interest) int { return b.CreatedAt.Compare(a.CreatedAt) })
	want := func(hub string) []string {
		var out []string
		for _, i := range seeded {
			if hub == "" || i.Hub == hub {
				out = append(out, i.Ref)
			}
		}
		return out
	}
	admin := signIn(t, s, "admin@example.org", addStaff(t, s, "admin@example.org", content.RoleAdmin))
	editor := signIn(t, s, "editor-tr@example.org", addStaff(t, s, "editor-tr@example.org", content.RoleEditor, "TR"))

	walk := func(t *testing.T, ck []*http.Cookie, target string) ([]string, int) {
		var refs []string
		pages := 0
		for target != "" {
			r := staffGet(t, s, target, ck)
			if r.status != http.StatusOK {
				t.Fatalf("%s: status %d", target, r.status)
			}
			pages++
			seen := map[string]bool{}
			for _, m := range inboxRefPattern.FindAllStringSubmatch(r.body, -1) {
				if !seen[m[1]] {
					seen[m[1]] = true
					refs = append(refs, m[1])
				}
			}
			if len(seen) > 50 {
				t.Fatalf("%s: %d interests on one page", target, len(seen))
			}
			target = ""
			if m := inboxNextPattern.FindStringSubmatch(r.body); m != nil {
				target = html.UnescapeString(m[1])
			}
			if pages > 20 {
				t.Fatal("more than 20 pages")
			}
		}
		return refs, pages
	}
	for _, c := range []struct {
		name, target string
		ck           []*http.Cookie
		want         []string
		pages        int
	}{
		{"admin", "/en/staff/inbox", admin, want(""), 11},
		{"admin, hub CN", "/en/staff/inbox?hub=CN", admin, want("CN"), 1},
		{"TR editor", "/en/staff/inbox", editor, want("TR"), 11},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, pages := walk(t, c.ck, c.target)
			if !slices.Equal(got, c.want) || pages != c.pages {
				t.Fatalf("%d pages, %d interests reached; want %d pages, %d in order", pages, len(got), c.pages, len(c.want))
			}
		})
	}
	// The count is of every match, not of the page.
	if r := staffGet(t, s, "/en/staff/inbox?page=2", admin); !strings.Contains(r.body, "550") || !strings.Contains(r.body, `aria-current="page">2<`) {
		t.Errorf("page 2 does not show the count 550 or itself as the current page")
	}
	// A page past the end shows the last; a malformed page the first.
	if got, _ := walk(t, admin, "/en/staff/inbox?page=999"); !slices.Equal(got, want("")[500:]) {
		t.Errorf("page 999: %d interests, want the last page's 50", len(got))
	}
	if r := staffGet(t, s, "/en/staff/inbox?page=x", admin); r.status != http.StatusOK || !strings.Contains(r.body, want("")[0]) {
		t.Errorf("page=x: status %d, or not the first page", r.status)
	}

	// The exports hold every interest that matches.
	r := staffGet(t, s, "/en/staff/inbox/export.csv", admin)
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 551 {
		t.Fatalf("csv: %d rows (%v), want 551", len(recs), err)
	}
	var refs []string
	for _, rec := range recs[1:] {
		refs = append(refs, rec[0])
	}
	if !slices.Equal(refs, want("")) {
		t.Error("the csv does not hold every interest, newest first")
	}
	r = staffGet(t, s, "/en/staff/inbox/export.xlsx?hub=TR", editor)
	f, err := excelize.OpenReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) != 521 {
		t.Fatalf("xlsx: %d rows (%v), want 521", len(rows), err)
	}
}
