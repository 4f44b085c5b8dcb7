package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"hubdir/content"
)

// cachedLocales are the locales the page-cache test looks at: one
// left-to-right, one right-to-left (the cache keys on the path, so every
// locale is its own entry).
var cachedLocales = []string{"en", "fa"}

// warmPages loads every page twice, so that each is in the page cache, and
// checks that the second answer came through the cache (it has an ETag).
func (e *env) warmPages(paths []string) {
	e.t.Helper()
	for _, p := range paths {
		e.do("GET", p, nil)
		if res := e.do("GET", p, nil); res.Status == http.StatusOK && res.Header.Get("ETag") == "" {
			e.t.Fatalf("GET %s: not served through the page cache (no ETag)", p)
		}
	}
}

// pagesShow checks that every page (200) contains want, or (want empty)
// that none contains gone; a page answering 404 counts as not showing it.
func (e *env) pagesShow(step string, paths []string, want, gone string) {
	e.t.Helper()
	for _, p := range paths {
		res := e.do("GET", p, nil)
		body := string(res.Body)
		if want != "" {
			if res.Status != http.StatusOK || !strings.Contains(body, want) {
				e.t.Errorf("after %s: GET %s (%d) does not show %q", step, p, res.Status, want)
			}
		}
		if gone != "" && res.Status == http.StatusOK && strings.Contains(body, gone) {
			e.t.Errorf("after %s: GET %s still shows %q", step, p, gone)
		}
	}
}

// pagesOf returns the public pages, in every tested locale, of the given
// paths after /{lang}.
func pagesOf(paths ...string) []string {
	var out []string
	for _, l := range cachedLocales {
		for _, p := range paths {
			out = append(out, "/"+l+p)
		}
	}
	return out
}

// TestCachedPagesFollowWrites: after each kind of write, every cached page
// that shows the listing shows the new text (or no longer shows it), at
// once: the write's answer is not sent before its pages are current. It
// covers writes through the API (this process) and a change arriving in
// the catalog as another instance's write does (through Sync).
func TestCachedPagesFollowWrites(t *testing.T) {
	e := newEnv(t, -1)
	tr := bearer(e.tr)

	// Needs: create (a draft: on no page), publish, update, close,
	// another instance's edit, delete.
	body := validNeed("TR")
	body["title"] = map[string]string{"en": "Cachetest alpha spectrometer"}
	res := e.do("POST", "/api/v1/needs", body, tr...)
	if res.Status != http.StatusCreated {
		t.Fatalf("create need: %d %s", res.Status, res.Body)
	}
	var n content.Need
	json.Unmarshal(res.Body, &n)
	needPages := pagesOf("/", "/needs", "/needs?q=cachetest", "/hubs/TR", "/needs/"+n.Ref, "/feed.atom")
	e.warmPages(needPages)
	e.pagesShow("creating a draft", needPages, "", "Cachetest alpha")

	if res := e.do("POST", "/api/v1/needs/"+n.Ref+"/publish", nil, append(tr, "If-Match", `"1"`)...); res.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	e.pagesShow("publishing a need", needPages, "Cachetest alpha", "")

	e.warmPages(needPages)
	res = e.do("PATCH", "/api/v1/needs/"+n.Ref, map[string]any{"version": 2, "title": map[string]string{"en": "Cachetest bravo spectrometer"}}, tr...)
	if res.Status != http.StatusOK {
		t.Fatalf("update need: %d %s", res.Status, res.Body)
	}
	e.pagesShow("updating a need", needPages, "Cachetest bravo", "Cachetest alpha")

	detail := pagesOf("/needs/" + n.Ref)
	e.warmPages(detail)
	if res := e.do("POST", "/api/v1/needs/"+n.Ref+"/close", map[string]any{"version": 3}, tr...); res.Status != http.StatusOK {
		t.Fatalf("close: %d %s", res.Status, res.Body)
	}
	e.pagesShow("closing a need", pagesOf("/needs/"+n.Ref), "state-notice", "")
	e.pagesShow("closing a need", pagesOf("/needs/"+n.Ref), "", `name="_csrf"`) // no form on a closed need

	// Another instance's edit: written to the store by "another process"
	// and applied to this catalog as Sync applies it, with no request of
	// this process.
	e.warmPages(append(needPages, pagesOf("/needs?status=closed")...))
	edited, err := e.store.UpdateNeed(context.Background(), n.Ref,
		&content.NeedPatch{Version: 4, Title: content.Text{"en": "Cachetest charlie spectrometer"}}, "other@park.example")
	if err != nil {
		t.Fatalf("update need in the store: %v", err)
	}
	e.catalog.PutNeed(edited)
	e.pagesShow("another instance's edit", pagesOf("/needs/"+n.Ref, "/needs?status=closed"), "Cachetest charlie", "Cachetest bravo")

	e.warmPages(needPages)
	if res := e.do("DELETE", fmt.Sprintf("/api/v1/needs/%s?version=%d", n.Ref, 5), nil, tr...); res.Status != http.StatusNoContent {
		t.Fatalf("delete need: %d %s", res.Status, res.Body)
	}
	e.pagesShow("deleting a need", append(needPages, pagesOf("/needs?status=closed")...), "", "Cachetest")

	// Companies: create (unpublished), publish, update, unpublish, delete.
	company := map[string]any{
		"slug": "cachetest-optics", "kind": "laboratory", "country": "IR", "hubs": []string{"TR"},
		"name":    map[string]string{"en": "Cachetest Optics Alpha"},
		"sectors": []string{"electronics"},
	}
	compPages := pagesOf("/companies", "/companies/cachetest-optics", "/hubs/TR")
	e.warmPages(compPages)
	if res := e.do("POST", "/api/v1/companies", company, tr...); res.Status != http.StatusCreated {
		t.Fatalf("create company: %d %s", res.Status, res.Body)
	}
	e.pagesShow("creating a company", compPages, "", "Cachetest Optics")
	if res := e.do("POST", "/api/v1/companies/cachetest-optics/publish", nil, append(tr, "If-Match", `"1"`)...); res.Status != http.StatusOK {
		t.Fatalf("publish company: %d %s", res.Status, res.Body)
	}
	e.pagesShow("publishing a company", compPages, "Cachetest Optics Alpha", "")
	e.warmPages(compPages)
	if res := e.do("PATCH", "/api/v1/companies/cachetest-optics", map[string]any{"version": 2, "name": map[string]string{"en": "Cachetest Optics Bravo"}}, tr...); res.Status != http.StatusOK {
		t.Fatalf("update company: %d %s", res.Status, res.Body)
	}
	e.pagesShow("updating a company", compPages, "Cachetest Optics Bravo", "Cachetest Optics Alpha")
	e.warmPages(compPages)
	if res := e.do("POST", "/api/v1/companies/cachetest-optics/unpublish", nil, append(tr, "If-Match", `"3"`)...); res.Status != http.StatusOK {
		t.Fatalf("unpublish company: %d %s", res.Status, res.Body)
	}
	e.pagesShow("unpublishing a company", compPages, "", "Cachetest Optics")
	if res := e.do("POST", "/api/v1/companies/cachetest-optics/publish", nil, append(tr, "If-Match", `"4"`)...); res.Status != http.StatusOK {
		t.Fatalf("publish company again: %d %s", res.Status, res.Body)
	}
	e.warmPages(compPages)
	if res := e.do("DELETE", "/api/v1/companies/cachetest-optics", nil, append(tr, "If-Match", `"5"`)...); res.Status != http.StatusNoContent {
		t.Fatalf("delete company: %d %s", res.Status, res.Body)
	}
	e.pagesShow("deleting a company", compPages, "", "Cachetest Optics")

	// Agreements: create, publish, update, unpublish, delete.
	agreement := map[string]any{
		"slug": "cachetest-accord", "hub": "TR", "status": "active", "signed_on": "2026-05-01", "expires_on": "2028-05-01",
		"title":   map[string]string{"en": "Cachetest accord alpha"},
		"parties": []map[string]any{{"name": map[string]string{"en": "Tabriz Park"}}, {"name": map[string]string{"tr": "Bursa Teknopark"}}},
	}
	agrPages := pagesOf("/agreements", "/agreements/cachetest-accord", "/hubs/TR")
	e.warmPages(agrPages)
	if res := e.do("POST", "/api/v1/agreements", agreement, tr...); res.Status != http.StatusCreated {
		t.Fatalf("create agreement: %d %s", res.Status, res.Body)
	}
	e.pagesShow("creating an agreement", agrPages, "", "Cachetest accord")
	if res := e.do("POST", "/api/v1/agreements/cachetest-accord/publish", map[string]any{"version": 1}, tr...); res.Status != http.StatusOK {
		t.Fatalf("publish agreement: %d %s", res.Status, res.Body)
	}
	e.pagesShow("publishing an agreement", agrPages, "Cachetest accord alpha", "")
	e.warmPages(agrPages)
	if res := e.do("PATCH", "/api/v1/agreements/cachetest-accord", map[string]any{"version": 2, "title": map[string]string{"en": "Cachetest accord bravo"}}, tr...); res.Status != http.StatusOK {
		t.Fatalf("update agreement: %d %s", res.Status, res.Body)
	}
	e.pagesShow("updating an agreement", agrPages, "Cachetest accord bravo", "Cachetest accord alpha")
	e.warmPages(agrPages)
	if res := e.do("POST", "/api/v1/agreements/cachetest-accord/unpublish", map[string]any{"version": 3}, tr...); res.Status != http.StatusOK {
		t.Fatalf("unpublish agreement: %d %s", res.Status, res.Body)
	}
	e.pagesShow("unpublishing an agreement", agrPages, "", "Cachetest accord")
	if res := e.do("POST", "/api/v1/agreements/cachetest-accord/publish", map[string]any{"version": 4}, tr...); res.Status != http.StatusOK {
		t.Fatalf("publish agreement again: %d %s", res.Status, res.Body)
	}
	e.warmPages(agrPages)
	if res := e.do("DELETE", "/api/v1/agreements/cachetest-accord", nil, append(tr, "If-Match", `"5"`)...); res.Status != http.StatusNoContent {
		t.Fatalf("delete agreement: %d %s", res.Status, res.Body)
	}
	e.pagesShow("deleting an agreement", agrPages, "", "Cachetest accord")

	e.offerFiguresFollowWrites() // pagecache_offers_test.go
}
