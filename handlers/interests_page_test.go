package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/sample"
)

// seedInterests stores n generated interests in need through the store,
// numbered from first, the newest created at last; it returns them.
func (e *env) seedInterests(need *content.Need, n, first int, last time.Time) []*content.Interest {
	e.t.Helper()
	is := sample.Interests(need, n, first, last, int64(first))
	if err := e.store.SeedInterests(context.Background(), is); err != nil {
		e.t.Fatal(err)
	}
	return is
}

// TestInterestInboxPages pages through more than 500 interests with the
// API: every interest is reached once, newest first, the total is exact,
// filters and hub scope hold, and page and per_page are checked as in the
// other lists.
func TestInterestInboxPages(t *testing.T) {
	e := newEnv(t, -1)
	now := time.Now().UTC().Truncate(time.Millisecond)
	cn := e.seedInterests(e.publicNeed("CN"), 560, 1, now)
	tr := e.seedInterests(e.publicNeed("TR"), 40, 1000, now.Add(-30*time.Second))
	newestFirst := func(is ...[]*content.Interest) []string {
		var all []*content.Interest
		for _, l := range is {
			all = append(all, l...)
		}
		slices.SortFunc(all, func(a, b *content.Interest) int { return b.CreatedAt.Compare(a.CreatedAt) })
		out := []string{}
		for _, i := range all {
			out = append(out, i.Ref)
		}
		return out
	}
	type page struct {
		Items   []content.Interest `json:"items"`
		Total   *int               `json:"total"`
		Page    int                `json:"page"`
		PerPage int                `json:"per_page"`
	}
	walk := func(token, query string, perPage int) ([]string, int) {
		t.Helper()
		var refs []string
		total := -1
		for p := 1; ; p++ {
			res := e.do("GET", fmt.Sprintf("/api/v1/interests?%sper_page=%d&page=%d", query, perPage, p), nil, bearer(token)...)
			if res.Status != http.StatusOK {
				t.Fatalf("page %d: %d %s", p, res.Status, res.Body)
			}
			var pg page
			if err := json.Unmarshal(res.Body, &pg); err != nil || pg.Total == nil || pg.Page != p || pg.PerPage != perPage {
				t.Fatalf("page %d: %s (%v)", p, res.Body[:min(200, len(res.Body))], err)
			}
			if total >= 0 && *pg.Total != total {
				t.Fatalf("page %d: total %d, was %d", p, *pg.Total, total)
			}
			total = *pg.Total
			if len(pg.Items) > perPage {
				t.Fatalf("page %d: %d items, per_page %d", p, len(pg.Items), perPage)
			}
			if len(pg.Items) == 0 {
				return refs, total
			}
			for _, i := range pg.Items {
				refs = append(refs, i.Ref)
			}
		}
	}
	for _, c := range []struct {
		name, token, query string
		want               []string
	}{
		{"admin, every hub", e.admin, "", newestFirst(cn, tr)},
		{"CN editor", e.cn, "", newestFirst(cn)},
		{"admin, hub TR", e.admin, "hub=TR&", newestFirst(tr)},
		{"status new", e.admin, "status=new&", newestFirst(slices.DeleteFunc(slices.Concat(cn, tr), func(i *content.Interest) bool {
			return i.Status != content.InterestNew
		}))},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, total := walk(c.token, c.query, 100)
			if total != len(c.want) || !slices.Equal(got, c.want) {
				t.Fatalf("total %d, %d interests reached; want %d in order", total, len(got), len(c.want))
			}
		})
	}
	// The default page is the first 20.
	res := e.do("GET", "/api/v1/interests", nil, bearer(e.admin)...).JSON(t)
	if res["page"] != 1.0 || res["per_page"] != 20.0 || res["total"] != 600.0 || len(res["items"].([]any)) != 20 {
		t.Errorf("default page: page %v, per_page %v, total %v, %d items", res["page"], res["per_page"], res["total"], len(res["items"].([]any)))
	}
	// Bad paging is refused as in the other lists; limit is not accepted.
	for query, field := range map[string]string{
		"per_page=101": "per_page", "per_page=0": "per_page", "page=0": "page", "page=x": "page",
		"limit=50": "limit", "since=2026-13-01": "since",
	} {
		got := e.do("GET", "/api/v1/interests?"+query, nil, bearer(e.admin)...)
		if got.Status != http.StatusBadRequest || got.errorCode(t) != "invalid" || got.JSON(t)["error"].(map[string]any)["fields"].(map[string]any)[field] == nil {
			t.Errorf("?%s: %d %s, want 400 naming %s", query, got.Status, got.Body, field)
		}
		needs := e.do("GET", "/api/v1/needs?"+query, nil)
		if field == "per_page" || field == "page" {
			if needs.Status != got.Status || string(needs.Body) != string(got.Body) {
				t.Errorf("?%s: the inbox answers %s, the needs list %s", query, got.Body, needs.Body)
			}
		}
	}
	if got := e.do("GET", "/api/v1/interests?hub=CN&per_page=100", nil, bearer(e.tr)...); got.Status != http.StatusForbidden {
		t.Errorf("TR editor asking for the CN inbox: %d", got.Status)
	}
}
