package handlers_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"hubdir/content"
)

// TestScopeBeforeValidationAPI checks issue 16 item 2 through the API: a
// CN editor posting {} to publish a TR need gets 404 (the version is
// missing, but the listing is not theirs to know of), as do other bad
// writes to another hub's listings; the hub's own editor gets the 400.
func TestScopeBeforeValidationAPI(t *testing.T) {
	e := newEnv(t, -1)
	ref := e.needIn("TR", content.NeedDraft).Ref
	cn, tr := bearer(e.cn), bearer(e.tr)
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/v1/needs/" + ref + "/publish", `{}`},
		{"POST", "/api/v1/needs/" + ref + "/close", `{"version":"x"}`},
		{"DELETE", "/api/v1/needs/" + ref, ``},
		{"PATCH", "/api/v1/needs/" + ref, `{"title":{"en":"x"},"status":"published"}`},
		{"PATCH", "/api/v1/needs/" + ref, `not json`},
	} {
		if res := e.do(c.method, c.path, c.body, cn...); res.Status != http.StatusNotFound {
			t.Errorf("%s %s %s by the CN editor: %d %s, want 404", c.method, c.path, c.body, res.Status, res.Body)
		}
	}
	if res := e.do("POST", "/api/v1/needs/"+ref+"/publish", `{}`, tr...); res.Status != http.StatusBadRequest {
		t.Errorf("publish without a version by the TR editor: %d %s", res.Status, res.Body)
	}
}

// TestSharedCompanyAPI checks issue 10 item 3 through the API: a TR editor
// cannot take a company shared with CN out of CN, nor delete or unpublish
// it; a company an agreement names cannot be deleted or unpublished (409
// naming the agreements), by anyone.
func TestSharedCompanyAPI(t *testing.T) {
	e := newEnv(t, -1)
	admin, tr := bearer(e.admin), bearer(e.tr)
	company := map[string]any{
		"slug": "shared-optics", "kind": "laboratory", "country": "IR", "hubs": []string{"TR", "CN"},
		"name": map[string]string{"en": "Shared Optics"}, "sectors": []string{"electronics"},
	}
	if res := e.do("POST", "/api/v1/companies", company, admin...); res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	if res := e.do("PATCH", "/api/v1/companies/shared-optics", map[string]any{"version": 1, "hubs": []string{"TR"}}, tr...); res.Status != http.StatusForbidden {
		t.Errorf("TR editor removes CN: %d %s", res.Status, res.Body)
	}
	if res := e.do("DELETE", "/api/v1/companies/shared-optics", nil, append(tr, "If-Match", `"1"`)...); res.Status != http.StatusForbidden {
		t.Errorf("TR editor deletes the shared company: %d %s", res.Status, res.Body)
	}
	if res := e.do("PATCH", "/api/v1/companies/shared-optics", map[string]any{"version": 1, "hubs": []string{"TR", "CN"}, "name": map[string]string{"tr": "Ortak Optik"}}, tr...); res.Status != http.StatusOK {
		t.Errorf("TR editor edits within their hubs: %d %s", res.Status, res.Body)
	}
	agreement := map[string]any{
		"slug": "cn-optics-mou", "hub": "CN", "status": "signed", "signed_on": "2026-01-10",
		"title":   map[string]string{"en": "Optics MoU"},
		"parties": []map[string]any{{"company": "shared-optics"}, {"name": map[string]string{"en": "Shenzhen park"}}},
	}
	if res := e.do("POST", "/api/v1/agreements", agreement, admin...); res.Status != http.StatusCreated {
		t.Fatalf("create agreement: %d %s", res.Status, res.Body)
	}
	for _, c := range []struct{ method, path string }{
		{"DELETE", "/api/v1/companies/shared-optics"},
		{"POST", "/api/v1/companies/shared-optics/unpublish"},
	} {
		res := e.do(c.method, c.path, nil, append(admin, "If-Match", `"2"`)...)
		if res.Status != http.StatusConflict || res.errorCode(t) != "in_use" || !strings.Contains(string(res.Body), "cn-optics-mou") {
			t.Errorf("%s %s of a company an agreement names: %d %s", c.method, c.path, res.Status, res.Body)
		}
	}
	if co, err := e.store.Company(context.Background(), "shared-optics"); err != nil || !slices.Equal(co.Hubs, []string{"TR", "CN"}) || co.DeletedAt != nil {
		t.Errorf("company changed: %+v %v", co, err)
	}
}

// TestAPIWritesEvents checks that API writes record exactly one event per
// change in the event log, with the API as channel.
func TestAPIWritesEvents(t *testing.T) {
	e := newEnv(t, -1)
	tr := bearer(e.tr)
	res := e.do("POST", "/api/v1/needs", validNeed("TR"), tr...)
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	ref := res.JSON(t)["ref"].(string)
	e.do("PATCH", "/api/v1/needs/"+ref, map[string]any{"version": 1, "title": map[string]string{"en": "Evented"}}, tr...)
	e.do("PATCH", "/api/v1/needs/"+ref, map[string]any{"version": 1, "title": map[string]string{"en": "Stale"}}, tr...) // 409: no event
	e.do("POST", "/api/v1/needs/"+ref+"/publish", map[string]any{"version": 2}, tr...)
	if res := e.do("POST", "/api/v1/needs/"+ref+"/interests", validInterest("evented@firm.example")); res.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", res.Status, res.Body)
	}
	e.do("POST", "/api/v1/needs/"+ref+"/interests", validInterest("evented@firm.example")) // the same again: no event
	// The public's events are relayed just after the answer.
	if err := e.settle(context.Background()); err != nil {
		t.Fatal(err)
	}
	evs, err := e.store.EventsAfter(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range evs {
		if ev.Ref == ref || ev.Need == ref {
			kinds = append(kinds, ev.Kind+"/"+ev.Channel)
		}
	}
	want := []string{"listing.created/api", "listing.updated/api", "need.published/api", "interest.received/api"}
	if !slices.Equal(kinds, want) {
		t.Errorf("events %v, want %v", kinds, want)
	}
}
