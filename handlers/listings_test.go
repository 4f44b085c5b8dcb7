package handlers_test

import (
	"net/http"
	"testing"
)

func TestCompanyAndAgreementWrites(t *testing.T) {
	e := newEnv(t, -1)
	tr := bearer(e.tr)
	company := map[string]any{
		"slug": "tabriz-optics-lab", "kind": "laboratory", "country": "IR", "hubs": []string{"TR"},
		"name":    map[string]string{"fa": "آزمایشگاه اپتیک تبریز", "en": "Tabriz Optics Lab"},
		"sectors": []string{"electronics"}, "website": "https://optics.example",
	}
	if res := e.do("POST", "/api/v1/companies", company, tr...); res.Status != http.StatusCreated {
		t.Fatalf("create company: %d %s", res.Status, res.Body)
	}
	if res := e.do("POST", "/api/v1/companies", company, tr...); res.Status != http.StatusConflict {
		t.Errorf("same slug again: %d %s", res.Status, res.Body)
	}
	if res := e.do("GET", "/api/v1/companies/tabriz-optics-lab", nil); res.Status != http.StatusNotFound {
		t.Errorf("unpublished company is public: %d", res.Status)
	}
	if res := e.do("POST", "/api/v1/companies/tabriz-optics-lab/publish", nil, append(tr, "If-Match", `"1"`)...); res.Status != http.StatusOK {
		t.Fatalf("publish company: %d %s", res.Status, res.Body)
	}
	if res := e.do("GET", "/api/v1/companies/tabriz-optics-lab", nil); res.Status != http.StatusOK || res.Header.Get("ETag") != `"2"` {
		t.Errorf("published company: %d, ETag %q", res.Status, res.Header.Get("ETag"))
	}
	if res := e.do("PATCH", "/api/v1/companies/tabriz-optics-lab", map[string]any{"version": 2, "hubs": []string{"CN"}}, tr...); res.Status != http.StatusForbidden {
		t.Errorf("TR editor moving a company to CN: %d %s", res.Status, res.Body)
	}
	if res := e.do("PATCH", "/api/v1/companies/tabriz-optics-lab", map[string]any{"version": 2}, bearer(e.cn)...); res.Status != http.StatusNotFound {
		t.Errorf("CN editor editing a TR company: %d", res.Status)
	}

	agreement := map[string]any{
		"slug": "optics-lab-sharing", "hub": "TR", "status": "active", "signed_on": "2026-05-01", "expires_on": "2028-05-01",
		"title":   map[string]string{"en": "Optics lab sharing", "tr": "Optik laboratuvar paylaşımı"},
		"parties": []map[string]any{{"company": "tabriz-optics-lab"}, {"name": map[string]string{"tr": "Bursa Teknopark"}}},
	}
	bad := map[string]any{}
	for k, v := range agreement {
		bad[k] = v
	}
	bad["parties"] = []map[string]any{{"company": "no-such-company"}, {"company": "tabriz-optics-lab"}}
	if res := e.do("POST", "/api/v1/agreements", bad, tr...); res.Status != http.StatusBadRequest {
		t.Errorf("agreement with an unknown party: %d %s", res.Status, res.Body)
	}
	if res := e.do("POST", "/api/v1/agreements", agreement, tr...); res.Status != http.StatusCreated {
		t.Fatalf("create agreement: %d %s", res.Status, res.Body)
	}
	if res := e.do("POST", "/api/v1/agreements/optics-lab-sharing/publish", map[string]any{"version": 1}, tr...); res.Status != http.StatusOK {
		t.Fatalf("publish agreement: %d %s", res.Status, res.Body)
	}
	got := e.do("GET", "/api/v1/agreements?hub=TR&status=active", nil).JSON(t)
	found := false
	for _, it := range got["items"].([]any) {
		found = found || it.(map[string]any)["slug"] == "optics-lab-sharing"
	}
	if !found {
		t.Errorf("published agreement not listed: %v", got["total"])
	}
	if res := e.do("DELETE", "/api/v1/agreements/optics-lab-sharing", nil, append(tr, "If-Match", `"1"`)...); res.Status != http.StatusConflict {
		t.Errorf("delete from a stale version: %d", res.Status)
	}
	if res := e.do("DELETE", "/api/v1/agreements/optics-lab-sharing", nil, append(tr, "If-Match", `"2"`)...); res.Status != http.StatusNoContent {
		t.Errorf("delete: %d %s", res.Status, res.Body)
	}
	if res := e.do("GET", "/api/v1/agreements/optics-lab-sharing", nil); res.Status != http.StatusNotFound {
		t.Errorf("deleted agreement: %d", res.Status)
	}
}
