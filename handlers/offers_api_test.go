package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"hubdir/content"
)

// validOffer returns a valid offer body of hub TR.
func validOffer() map[string]any {
	return map[string]any{
		"hubs": []string{"TR"}, "kind": "testing", "company": "azarbaijan-emc-lab",
		"sectors": []string{"automotive", "electronics"}, "standards": []string{"iso 11452-2"},
		"title": map[string]string{"fa": "آزمون ایمنی تابشی", "en": "Radiated immunity testing"},
	}
}

// newOffer creates an offer through the API (a draft, version 1) and,
// when published, publishes it (version 2). It returns the reference.
func (e *env) newOffer(published bool) string {
	e.t.Helper()
	res := e.do("POST", "/api/v1/offers", validOffer(), bearer(e.admin)...)
	if res.Status != http.StatusCreated {
		e.t.Fatalf("create offer: %d %s", res.Status, res.Body)
	}
	r := res.JSON(e.t)["ref"].(string)
	if published {
		if res := e.do("POST", "/api/v1/offers/"+r+"/publish", map[string]any{"version": 1}, bearer(e.admin)...); res.Status != http.StatusOK {
			e.t.Fatalf("publish offer: %d %s", res.Status, res.Body)
		}
	}
	return r
}

func TestOffersAPI(t *testing.T) {
	e := newEnv(t, -1)
	// Public list: only public offers, with facets; a standard code run
	// together finds its offer.
	res := e.do("GET", "/api/v1/offers?q=CISPR25&per_page=5", nil)
	body := res.JSON(t)
	if res.Status != 200 || body["total"].(float64) < 1 || body["facets"] == nil {
		t.Fatalf("list: %d %s", res.Status, res.Body)
	}
	if strings.Contains(string(res.Body), "submission") || strings.Contains(string(res.Body), `"rev"`) {
		t.Error("the list shows internal fields")
	}
	draft := e.newOffer(false)
	if res := e.do("GET", "/api/v1/offers/"+draft, nil); res.Status != 404 {
		t.Errorf("a draft to the public: %d", res.Status)
	}
	if res := e.do("GET", "/api/v1/offers/"+draft, nil, bearer(e.cn)...); res.Status != 404 {
		t.Errorf("a TR draft to a CN editor: %d", res.Status)
	}
	if res := e.do("GET", "/api/v1/offers/"+draft, nil, bearer(e.tr)...); res.Status != 200 {
		t.Errorf("a TR draft to a TR editor: %d", res.Status)
	}
	// Bad input: 400, nothing stored.
	ctx := context.Background()
	before, _ := e.store.Snapshot(ctx)
	for _, mut := range []func(map[string]any){
		func(b map[string]any) { b["kind"] = "investment" },
		func(b map[string]any) { b["standards"] = []string{"no code"} },
		func(b map[string]any) { b["status"] = "published" },
		func(b map[string]any) { b["hubs"] = []string{"XX"} },
		func(b map[string]any) { b["company"] = "no-such-company" },
	} {
		b := validOffer()
		mut(b)
		if res := e.do("POST", "/api/v1/offers", b, bearer(e.admin)...); res.Status != 400 {
			t.Errorf("bad offer %v: %d %s", b, res.Status, res.Body)
		}
	}
	if res := e.do("POST", "/api/v1/offers", validOffer(), bearer(e.cn)...); res.Status != 403 {
		t.Errorf("a CN editor creates a TR offer: %d", res.Status)
	}
	if res := e.do("POST", "/api/v1/offers", validOffer()); res.Status != 401 {
		t.Errorf("create without a token: %d", res.Status)
	}
	after, _ := e.store.Snapshot(ctx)
	if len(after.Offers) != len(before.Offers) {
		t.Errorf("%d offers stored by rejected requests", len(after.Offers)-len(before.Offers))
	}
	// A stale version changes nothing.
	if res := e.do("PATCH", "/api/v1/offers/"+draft, map[string]any{"version": 3, "trl": 5}, bearer(e.tr)...); res.Status != 409 {
		t.Errorf("stale patch: %d", res.Status)
	}
	// Testing requests: 201 with a reference, in the TR inbox; bad ones 400.
	pub := e.newOffer(true)
	req := map[string]any{
		"company": map[string]any{"name": "Meter Co", "country": "CN"}, "contact_name": "Li Wei",
		"email": "li@meter.example", "what": "Radiated immunity of three boards", "samples": 3, "consent": true,
	}
	res = e.do("POST", "/api/v1/offers/"+pub+"/requests", req)
	if res.Status != 201 || !strings.HasPrefix(res.JSON(t)["ref"].(string), "EOI-") {
		t.Fatalf("request: %d %s", res.Status, res.Body)
	}
	refReq := res.JSON(t)["ref"].(string)
	if res := e.do("POST", "/api/v1/offers/"+pub+"/requests", req); res.Status != 200 || res.JSON(t)["ref"] != refReq {
		t.Errorf("the same request again: %d %s", res.Status, res.Body)
	}
	for _, mut := range []func(map[string]any){
		func(b map[string]any) { b["samples"] = 0 },
		func(b map[string]any) { b["consent"] = false },
		func(b map[string]any) { b["what"] = "x" },
		func(b map[string]any) { b["extra"] = true },
	} {
		b := map[string]any{}
		for k, v := range req {
			b[k] = v
		}
		b["email"] = "other@meter.example"
		mut(b)
		if res := e.do("POST", "/api/v1/offers/"+pub+"/requests", b); res.Status != 400 {
			t.Errorf("bad request %v: %d", b, res.Status)
		}
	}
	if res := e.do("POST", "/api/v1/offers/"+draft+"/requests", req); res.Status != 404 {
		t.Errorf("request to a draft: %d", res.Status)
	}
	res = e.do("GET", "/api/v1/interests/"+refReq, nil, bearer(e.tr)...)
	if res.Status != 200 || !strings.Contains(string(res.Body), `"testing"`) {
		t.Errorf("the request in the TR inbox: %d %s", res.Status, res.Body)
	}
	if res := e.do("GET", "/api/v1/interests/"+refReq, nil, bearer(e.cn)...); res.Status != 404 {
		t.Errorf("the request in the CN inbox: %d", res.Status)
	}
	list, _ := e.store.Interests(ctx, content.InterestFilter{Hubs: []string{"TR"}})
	found := false
	for _, i := range list {
		found = found || i.Ref == refReq && i.Offer == pub
	}
	if !found {
		t.Error("the request is not an interest of the TR hub")
	}
}
