package staff_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/sample"
)

// TestStaffMatchesPages: the possible-matches list of a hub with many
// open needs comes in pages of 50 with a count and a pager; a page past
// the end is the last and a bad page the first; and the list kept for the
// catalog's version follows a change of a need (a need closed since is no
// longer listed).
func TestStaffMatchesPages(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	if err := sample.LoadSynthetic(ctx, s.store, 600, 7, time.Now(), s.zone); err != nil {
		t.Fatal(err)
	}
	snap, err := s.store.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.cat.Load(snap)
	pw := addStaff(t, s, "matcher@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "matcher@example.org", pw)

	needRef := regexp.MustCompile(`<span class="ref" dir="ltr">(TR-\d\d-\d+)</span></td>`)
	get := func(query string) (int, []string, string) {
		t.Helper()
		r := staffDo(t, s, http.MethodGet, "/en/staff/matches?hub=TR"+query, ck, nil)
		var refs []string
		for _, m := range needRef.FindAllStringSubmatch(r.body, -1) {
			refs = append(refs, m[1])
		}
		return r.status, refs, r.body
	}
	status, first, body := get("")
	m := regexp.MustCompile(`<p class="count" role="status">([\d,]+) open needs with possible partners</p>`).FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("first page: status %d, no count", status)
	}
	total, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	if total <= 100 || len(first) != 50 {
		t.Fatalf("%d needs in all, %d on the first page; want more than 100 and 50", total, len(first))
	}
	if !strings.Contains(body, `href="/en/staff/matches?hub=TR&amp;page=2"`) {
		t.Error("no link to page 2")
	}
	last := (total + 49) / 50
	_, second, _ := get("&page=2")
	_, past, _ := get("&page=" + strconv.Itoa(last+5))
	_, lastPage, _ := get("&page=" + strconv.Itoa(last))
	_, bad, _ := get("&page=x")
	if len(second) != 50 || second[0] == first[0] || strings.Join(past, " ") != strings.Join(lastPage, " ") ||
		len(lastPage) != total-(last-1)*50 || strings.Join(bad, " ") != strings.Join(first, " ") {
		t.Errorf("pages: second %d (first %s), past the end %d, last %d, bad page %d", len(second), second[0], len(past), len(lastPage), len(bad))
	}

	// Close the first need listed: the next answer no longer lists it.
	n, err := s.store.Need(ctx, first[0])
	if err != nil {
		t.Fatal(err)
	}
	closed := *n
	closed.Status = content.NeedClosed
	closed.Version++
	closed.Rev = s.cat.Rev() + 1
	s.cat.PutNeed(&closed)
	if _, now, _ := get(""); len(now) != 50 || now[0] == first[0] {
		t.Errorf("after the need was closed the list still starts with it: %v", now[:1])
	}
}
