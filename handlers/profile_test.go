package handlers_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"hubdir/content"
)

// TestNeedRequesterProfileAPI creates a need with a requester profile
// through the API, reads it back, patches and removes parts of it.
func TestNeedRequesterProfileAPI(t *testing.T) {
	e := newEnv(t, -1)
	tr := bearer(e.tr)
	body := validNeed("TR")
	body["requester"] = map[string]any{"type": "hospital", "size": "large", "named": true, "name": map[string]string{"en": "Ankara City Hospital", "tr": "Ankara Şehir Hastanesi"}}
	body["ip_status"] = "patent-applied"
	body["partner_sought"] = map[string]string{"en": "A manufacturer of medical devices for a licence."}
	body["budget"] = map[string]any{"min": 50000, "max": 250000, "currency": "EUR"}
	res := e.do("POST", "/api/v1/needs", body, tr...)
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var n content.Need
	if err := json.Unmarshal(res.Body, &n); err != nil {
		t.Fatal(err)
	}
	if n.Requester == nil || n.Requester.Type != "hospital" || !n.Requester.Named || n.Requester.Name["tr"] == "" ||
		n.IPStatus != "patent-applied" || n.PartnerSought["en"] == "" || n.Budget == nil || n.Budget.Max != 250000 {
		t.Fatalf("created profile: %+v %+v %+v", n.Requester, n.Budget, n.PartnerSought)
	}
	res = e.do("PATCH", "/api/v1/needs/"+n.Ref, map[string]any{
		"version": n.Version, "requester": map[string]any{"type": "company", "size": "small"}, "budget": map[string]any{}, "ip_status": "",
	}, tr...)
	if res.Status != http.StatusOK {
		t.Fatalf("patch: %d %s", res.Status, res.Body)
	}
	var p map[string]any
	json.Unmarshal(res.Body, &p)
	if _, ok := p["budget"]; ok {
		t.Errorf("budget not removed: %s", res.Body)
	}
	if _, ok := p["ip_status"]; ok {
		t.Errorf("ip_status not removed: %s", res.Body)
	}
	req, _ := p["requester"].(map[string]any)
	if req["type"] != "company" || req["named"] != false || req["name"] != nil {
		t.Errorf("requester after patch: %v", p["requester"])
	}

	// A need stored without a profile (the sample's older ones) still reads.
	old := e.publicNeed("CN")
	if got := e.do("GET", "/api/v1/needs/"+old.Ref, nil); got.Status != http.StatusOK {
		t.Errorf("need without profile: %d", got.Status)
	}
}
