package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"hubdir/content"
)

// TestOpenAPIMatchesRoutes checks that every API route is described and
// every described operation is routed.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, -1)
	res := e.do("GET", "/api/v1/openapi.json", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("openapi.json: %d", res.Status)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(res.Body, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	described := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			described[strings.ToUpper(method)+" "+path] = true
		}
	}
	param := regexp.MustCompile(`:([a-z]+)`)
	routed := map[string]bool{}
	for _, r := range e.srv.App().GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == "HEAD" || strings.HasSuffix(r.Path, "*") || r.Path == "/api/v1/" {
			continue
		}
		routed[r.Method+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
	}
	var missing, extra []string
	for k := range routed {
		if !described[k] {
			missing = append(missing, k)
		}
	}
	for k := range described {
		if !routed[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("routes not in openapi.json: %v\noperations in openapi.json without a route: %v", missing, extra)
	}
	if len(routed) < 25 {
		t.Errorf("only %d API routes found; the route walk is broken", len(routed))
	}
}

func TestPublicReads(t *testing.T) {
	e := newEnv(t, -1)
	res := e.do("GET", "/api/v1/needs?per_page=100", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("list: %d %s", res.Status, res.Body)
	}
	var list struct {
		Items   []content.Need            `json:"items"`
		Total   int                       `json:"total"`
		Page    int                       `json:"page"`
		PerPage int                       `json:"per_page"`
		Facets  map[string]map[string]int `json:"facets"`
	}
	if err := json.Unmarshal(res.Body, &list); err != nil {
		t.Fatal(err)
	}
	if list.Total < 15 || len(list.Items) != list.Total || list.PerPage != 100 || list.Page != 1 {
		t.Fatalf("total %d, items %d, page %d, per_page %d", list.Total, len(list.Items), list.Page, list.PerPage)
	}
	for _, n := range list.Items {
		if n.Status == content.NeedDraft || n.Status == content.NeedArchived {
			t.Errorf("public list shows %s need %s", n.Status, n.Ref)
		}
	}
	if list.Facets["hub"]["TR"]+list.Facets["hub"]["CN"] != list.Total {
		t.Errorf("hub facets %v do not add up to %d", list.Facets["hub"], list.Total)
	}

	draft := e.needIn("", content.NeedDraft)
	if got := e.do("GET", "/api/v1/needs/"+draft.Ref, nil); got.Status != http.StatusNotFound || got.errorCode(t) != "not_found" {
		t.Errorf("draft need: %d %s", got.Status, got.Body)
	}
	if got := e.do("GET", "/api/v1/needs/"+draft.Ref, nil, bearer(e.tokenFor(draft.Hub))...); got.Status != http.StatusOK {
		t.Errorf("draft need for its hub's editor: %d", got.Status)
	}
	if got := e.do("GET", "/api/v1/needs/TR-99-9999", nil); got.Status != http.StatusNotFound {
		t.Errorf("unknown need: %d", got.Status)
	}

	filtered := e.do("GET", "/api/v1/needs?hub=CN&kind=technology", nil).JSON(t)
	for _, it := range filtered["items"].([]any) {
		n := it.(map[string]any)
		if n["hub"] != "CN" || n["kind"] != "technology" {
			t.Errorf("filter hub=CN&kind=technology returned %v/%v", n["hub"], n["kind"])
		}
	}
	for _, path := range []string{"/api/v1/hubs", "/api/v1/hubs/TR", "/api/v1/companies", "/api/v1/agreements", "/healthz", "/readyz"} {
		if got := e.do("GET", path, nil); got.Status != http.StatusOK {
			t.Errorf("GET %s: %d %s", path, got.Status, got.Body)
		}
	}
}

func (e *env) tokenFor(hub string) string {
	if hub == "TR" {
		return e.tr
	}
	return e.cn
}

// TestBadQueries: hostile or malformed query strings get a 400 with the
// error shape.
func TestBadQueries(t *testing.T) {
	e := newEnv(t, -1)
	for _, path := range []string{
		"/api/v1/needs?hub[$ne]=x",
		"/api/v1/needs?hub=XX1",
		"/api/v1/needs?sector=not-a-sector",
		"/api/v1/needs?per_page=101",
		"/api/v1/needs?page=0",
		"/api/v1/needs?sort=random",
		"/api/v1/needs?status=$where",
		"/api/v1/needs?q=%ff%fe",
		"/api/v1/companies?kind=pirate",
		"/api/v1/agreements?status[$gt]=",
	} {
		res := e.do("GET", path, nil)
		if res.Status != http.StatusBadRequest || res.errorCode(t) != "invalid" {
			t.Errorf("GET %s: %d %s", path, res.Status, res.Body)
		}
	}
	res := e.do("GET", "/api/v1/needs?hub=TR&sector=nope", nil, "Accept-Language", "fa-IR,fa;q=0.9")
	var body struct {
		Error struct {
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	json.Unmarshal(res.Body, &body)
	if body.Error.Fields["sector"] == "" || !containsArabicScript(body.Error.Message) {
		t.Errorf("Persian error expected, got %s", res.Body)
	}
}

func containsArabicScript(s string) bool {
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06FF {
			return true
		}
	}
	return false
}

// TestBadInputChangesNothing sends malformed and hostile bodies to the
// write endpoints: each is a 4xx with the error shape and the store's
// revision does not move.
func TestBadInputChangesNothing(t *testing.T) {
	e := newEnv(t, -1)
	need := e.publicNeed("TR")
	with := func(change func(map[string]any)) map[string]any {
		b := validNeed("TR")
		change(b)
		return b
	}
	deep := strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000)
	cases := []struct {
		name, method, path string
		body               any
		headers            []string
		status             int
	}{
		{"operator object in title", "POST", "/api/v1/needs", with(func(b map[string]any) { b["title"] = map[string]any{"en": map[string]any{"$ne": nil}} }), nil, 400},
		{"status in create body", "POST", "/api/v1/needs", with(func(b map[string]any) { b["status"] = "published" }), nil, 400},
		{"version in create body", "POST", "/api/v1/needs", with(func(b map[string]any) { b["version"] = 7 }), nil, 400},
		{"ref in create body", "POST", "/api/v1/needs", with(func(b map[string]any) { b["ref"] = "TR-26-9999" }), nil, 400},
		{"created_at in create body", "POST", "/api/v1/needs", with(func(b map[string]any) { b["created_at"] = "2020-01-01T00:00:00Z" }), nil, 400},
		{"bidi override in title", "POST", "/api/v1/needs", with(func(b map[string]any) { b["title"] = map[string]string{"en": "abc\u202Egnp.exe"} }), nil, 400},
		{"unknown locale", "POST", "/api/v1/needs", with(func(b map[string]any) { b["title"] = map[string]string{"xx": "hello"} }), nil, 400},
		{"unknown sector", "POST", "/api/v1/needs", with(func(b map[string]any) { b["sectors"] = []string{"alchemy"} }), nil, 400},
		{"unknown country", "POST", "/api/v1/needs", with(func(b map[string]any) { b["country"] = "XX" }), nil, 400},
		{"overlong title", "POST", "/api/v1/needs", with(func(b map[string]any) { b["title"] = map[string]string{"en": strings.Repeat("a", content.MaxTitle+1)} }), nil, 400},
		{"past deadline", "POST", "/api/v1/needs", with(func(b map[string]any) { b["deadline"] = "2001-01-01" }), nil, 400},
		{"bad date", "POST", "/api/v1/needs", with(func(b map[string]any) { b["deadline"] = "tomorrow" }), nil, 400},
		{"trl out of range", "POST", "/api/v1/needs", with(func(b map[string]any) { b["trl"] = 12 }), nil, 400},
		{"invalid UTF-8", "POST", "/api/v1/needs", []byte("{\"hub\":\"TR\",\"title\":{\"en\":\"\xff\xfe\"}}"), nil, 400},
		{"deeply nested JSON", "POST", "/api/v1/needs", deep, nil, 400},
		{"oversized body", "POST", "/api/v1/needs", oversized(2 << 20), nil, 413},
		{"not JSON", "POST", "/api/v1/needs", "hub=TR", nil, 400},
		{"two values", "POST", "/api/v1/needs", `{"hub":"TR"} {"hub":"CN"}`, nil, 400},
		{"wrong content type", "POST", "/api/v1/needs", validNeed("TR"), []string{"Content-Type", "text/plain"}, 415},
		{"no token", "POST", "/api/v1/needs", validNeed("TR"), []string{"Authorization", ""}, 401},
		{"bad token", "POST", "/api/v1/needs", validNeed("TR"), bearer("hd_forged"), 401},
		{"other hub's token creating", "POST", "/api/v1/needs", validNeed("CN"), nil, 403},
		{"unknown hub", "POST", "/api/v1/needs", validNeed("ZZ"), bearer(""), 400},
		{"unknown requester type", "POST", "/api/v1/needs", with(func(b map[string]any) { b["requester"] = map[string]any{"type": "bank"} }), nil, 400},
		{"anonymous requester with a name", "POST", "/api/v1/needs", with(func(b map[string]any) {
			b["requester"] = map[string]any{"type": "company", "named": false, "name": map[string]string{"en": "Hidden Ltd"}}
		}), nil, 400},
		{"requester as operator", "POST", "/api/v1/needs", `{"hub":"TR","requester":{"$ne":null}}`, nil, 400},
		{"unknown requester field", "POST", "/api/v1/needs", with(func(b map[string]any) { b["requester"] = map[string]any{"type": "company", "vat": "1"} }), nil, 400},
		{"unknown ip status", "POST", "/api/v1/needs", with(func(b map[string]any) { b["ip_status"] = "stolen" }), nil, 400},
		{"budget max below min", "POST", "/api/v1/needs", with(func(b map[string]any) { b["budget"] = map[string]any{"min": 10, "max": 5, "currency": "EUR"} }), nil, 400},
		{"budget without currency", "POST", "/api/v1/needs", with(func(b map[string]any) { b["budget"] = map[string]any{"min": 10} }), nil, 400},
		{"budget as text", "POST", "/api/v1/needs", with(func(b map[string]any) { b["budget"] = map[string]any{"min": "ten", "currency": "EUR"} }), nil, 400},
		{"patch budget without currency", "PATCH", "/api/v1/needs/" + need.Ref, map[string]any{"version": need.Version, "budget": map[string]any{"max": 5}}, nil, 400},
		{"other hub's token editing", "PATCH", "/api/v1/needs/" + e.publicNeed("CN").Ref, map[string]any{"version": 1, "title": map[string]string{"en": "Taken over"}}, nil, 404},
		{"other hub's token publishing", "POST", "/api/v1/needs/" + e.publicNeed("CN").Ref + "/close", map[string]any{"version": 1}, nil, 404},
		{"stale version", "PATCH", "/api/v1/needs/" + need.Ref, map[string]any{"version": need.Version + 5, "title": map[string]string{"en": "Late edit"}}, nil, 409},
		{"no version", "PATCH", "/api/v1/needs/" + need.Ref, map[string]any{"title": map[string]string{"en": "No version"}}, nil, 400},
		{"malformed ref", "PATCH", "/api/v1/needs/..%2f..%2fetc", map[string]any{"version": 1}, nil, 404},
		{"bad transition", "POST", "/api/v1/needs/" + need.Ref + "/publish", map[string]any{"version": need.Version}, nil, 409},
		{"company slug malformed", "POST", "/api/v1/companies", map[string]any{"slug": "Bad Slug!", "name": map[string]string{"en": "X"}, "kind": "laboratory", "country": "IR", "hubs": []string{"TR"}}, nil, 400},
		{"company name with bidi isolate", "POST", "/api/v1/companies", map[string]any{"slug": "bidi-co", "name": map[string]string{"en": "Acme\u2067Corp"}, "kind": "laboratory", "country": "IR", "hubs": []string{"TR"}}, nil, 400},
		{"company hubs as operator", "POST", "/api/v1/companies", `{"slug":"op-co","name":{"en":"Op"},"kind":"laboratory","country":"IR","hubs":{"$in":["TR"]}}`, nil, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, interests := e.revision(), e.interestCount()
			headers := append(bearer(e.tr), tc.headers...)
			for i := 0; i+1 < len(headers); i += 2 {
				if headers[i] == "Authorization" && headers[i+1] == "Bearer " {
					headers[i+1] = "Bearer " + e.admin
				}
			}
			res := e.do(tc.method, tc.path, tc.body, headers...)
			if res.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tc.status, res.Body)
			}
			res.errorCode(t)
			if after := e.revision(); after != before {
				t.Errorf("revision moved from %d to %d: something was written", before, after)
			}
			if e.interestCount() != interests {
				t.Errorf("an interest was stored")
			}
		})
	}
}

func TestNeedLifecycle(t *testing.T) {
	e := newEnv(t, -1)
	tr := bearer(e.tr)
	res := e.do("POST", "/api/v1/needs", validNeed("TR"), tr...)
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var n content.Need
	json.Unmarshal(res.Body, &n)
	if !content.ValidRef(n.Ref) || !strings.HasPrefix(n.Ref, "TR-") || n.Status != content.NeedDraft || n.Version != 1 {
		t.Fatalf("created %+v", n)
	}
	if got := e.do("GET", "/api/v1/needs/"+n.Ref, nil); got.Status != http.StatusNotFound {
		t.Fatalf("draft visible to the public: %d", got.Status)
	}
	res = e.do("POST", "/api/v1/needs/"+n.Ref+"/publish", nil, append(tr, "If-Match", `"1"`)...)
	if res.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	if got := e.do("GET", "/api/v1/needs/"+n.Ref, nil); got.Status != http.StatusOK {
		t.Fatalf("published need not public: %d", got.Status)
	}
	res = e.do("PATCH", "/api/v1/needs/"+n.Ref, map[string]any{"version": 2, "title": map[string]string{"zh": "智能监测系统", "en": ""}}, tr...)
	if res.Status != http.StatusOK {
		t.Fatalf("patch: %d %s", res.Status, res.Body)
	}
	n = content.Need{}
	json.Unmarshal(res.Body, &n)
	if n.Title["zh"] != "智能监测系统" || n.Title["en"] != "" || n.Title["fa"] == "" || n.Version != 3 {
		t.Fatalf("patched title %v version %d", n.Title, n.Version)
	}
	if got := e.do("GET", "/api/v1/needs?q=智能监测", nil).JSON(t); got["total"].(float64) < 1 {
		t.Errorf("the edit is not searchable in the catalog: %v", got["total"])
	}
	if got := e.do("POST", "/api/v1/needs/"+n.Ref+"/close", map[string]any{"version": 3}, tr...); got.Status != http.StatusOK {
		t.Fatalf("close: %d %s", got.Status, got.Body)
	}
	if got := e.do("POST", "/api/v1/needs/"+n.Ref+"/interests", validInterest("late@firm.example")); got.Status != http.StatusConflict || got.errorCode(t) != "need_not_open" {
		t.Errorf("interest on closed need: %d %s", got.Status, got.Body)
	}
	if got := e.do("POST", "/api/v1/needs/"+n.Ref+"/archive", map[string]any{"version": 4}, tr...); got.Status != http.StatusOK {
		t.Fatalf("archive: %d %s", got.Status, got.Body)
	}
	if got := e.do("GET", "/api/v1/needs/"+n.Ref, nil); got.Status != http.StatusNotFound {
		t.Errorf("archived need public: %d", got.Status)
	}
	if got := e.do("DELETE", "/api/v1/needs/"+n.Ref+"?version=5", nil, tr...); got.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", got.Status, got.Body)
	}
	if got := e.do("GET", "/api/v1/needs/"+n.Ref, nil, tr...); got.Status != http.StatusNotFound {
		t.Errorf("deleted need visible to its editor: %d", got.Status)
	}
}

func TestInterests(t *testing.T) {
	e := newEnv(t, -1)
	open := e.publicNeed("CN")
	path := "/api/v1/needs/" + open.Ref + "/interests"
	first := e.do("POST", path, validInterest("a.firm@example.com"), "Accept-Language", "fa")
	if first.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", first.Status, first.Body)
	}
	again := e.do("POST", path, validInterest("A.Firm@Example.com"))
	if again.Status != http.StatusOK || again.JSON(t)["ref"] != first.JSON(t)["ref"] {
		t.Fatalf("second registration: %d %s, first %s", again.Status, again.Body, first.Body)
	}
	for _, tc := range []struct {
		name   string
		need   *content.Need
		status int
	}{
		{"draft", e.needIn("", content.NeedDraft), 404},
		{"closed", e.needIn("", content.NeedClosed), 409},
		{"expired", e.needIn("", content.NeedExpired), 409},
		{"archived", e.needIn("", content.NeedArchived), 404},
	} {
		got := e.do("POST", "/api/v1/needs/"+tc.need.Ref+"/interests", validInterest("x@example.com"))
		if got.Status != tc.status {
			t.Errorf("%s need: %d %s", tc.name, got.Status, got.Body)
		}
	}
	bad := validInterest("bad@example.com")
	bad["consent"] = false
	bad["answers"] = map[string]string{"offer": "<script>alert(1)</script>", "fit": "", "proposal": "x"}
	if got := e.do("POST", path, bad); got.Status != http.StatusBadRequest {
		t.Errorf("invalid interest: %d", got.Status)
	}
	if n := e.interestCount(); n != 1 {
		t.Fatalf("%d interests stored, want 1", n)
	}

	inbox := func(token string) []any {
		res := e.do("GET", "/api/v1/interests", nil, bearer(token)...)
		if res.Status != http.StatusOK {
			t.Fatalf("inbox: %d %s", res.Status, res.Body)
		}
		return res.JSON(t)["items"].([]any)
	}
	if got := inbox(e.cn); len(got) != 1 {
		t.Errorf("CN inbox has %d interests", len(got))
	}
	if got := inbox(e.tr); len(got) != 0 {
		t.Errorf("TR editor sees %d CN interests", len(got))
	}
	if got := e.do("GET", "/api/v1/interests?hub=CN", nil, bearer(e.tr)...); got.Status != http.StatusForbidden {
		t.Errorf("TR editor asking for CN inbox: %d", got.Status)
	}
	if got := e.do("GET", "/api/v1/interests", nil); got.Status != http.StatusUnauthorized {
		t.Errorf("anonymous inbox: %d", got.Status)
	}
	ref := first.JSON(t)["ref"].(string)
	if got := e.do("POST", "/api/v1/interests/"+ref+"/status", map[string]any{"version": 1, "status": "declined"}, bearer(e.cn)...); got.Status != http.StatusBadRequest {
		t.Errorf("decline without reason: %d", got.Status)
	}
	if got := e.do("POST", "/api/v1/interests/"+ref+"/status", map[string]any{"version": 1, "status": "contacted"}, bearer(e.tr)...); got.Status != http.StatusNotFound {
		t.Errorf("TR editor changing a CN interest: %d", got.Status)
	}
	got := e.do("POST", "/api/v1/interests/"+ref+"/status", map[string]any{"version": 1, "status": "declined", "decline_reason": "not-a-fit", "note": "Capacity too small"}, bearer(e.cn)...)
	if got.Status != http.StatusOK || got.JSON(t)["status"] != "declined" {
		t.Errorf("decline: %d %s", got.Status, got.Body)
	}
}

// TestConcurrentEdits: 50 edits of one need from the same version: exactly
// one wins, the rest get 409, and the stored need is the winner's.
func TestConcurrentEdits(t *testing.T) {
	e := newEnv(t, -1)
	n := e.publicNeed("TR")
	var wg sync.WaitGroup
	statuses := make([]int, 50)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := map[string]any{"version": n.Version, "title": map[string]string{"en": fmt.Sprintf("Edit number %d", i)}}
			statuses[i] = e.do("PATCH", "/api/v1/needs/"+n.Ref, body, bearer(e.tr)...).Status
		}()
	}
	wg.Wait()
	winner, conflicts := -1, 0
	for i, s := range statuses {
		switch s {
		case http.StatusOK:
			if winner >= 0 {
				t.Fatalf("two edits succeeded: %d and %d", winner, i)
			}
			winner = i
		case http.StatusConflict:
			conflicts++
		default:
			t.Errorf("edit %d: status %d", i, s)
		}
	}
	if winner < 0 || conflicts != 49 {
		t.Fatalf("winner %d, conflicts %d", winner, conflicts)
	}
	stored, err := e.store.Need(t.Context(), n.Ref)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("Edit number %d", winner)
	if stored.Title["en"] != want || stored.Version != n.Version+1 {
		t.Errorf("stored title %q version %d, want %q version %d", stored.Title["en"], stored.Version, want, n.Version+1)
	}
	if c, _ := e.catalog.Need(n.Ref, catalogPublic()); c.Title["en"] != want {
		t.Errorf("catalog title %q, want %q", c.Title["en"], want)
	}
}

// TestConcurrentInterests: 100 registrations at once get 100 distinct
// references, all stored.
func TestConcurrentInterests(t *testing.T) {
	e := newEnv(t, -1)
	n := e.publicNeed("TR")
	refs := make([]string, 100)
	var wg sync.WaitGroup
	for i := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := e.do("POST", "/api/v1/needs/"+n.Ref+"/interests", validInterest(fmt.Sprintf("firm%03d@example.com", i)))
			if res.Status != http.StatusCreated {
				t.Errorf("registration %d: %d %s", i, res.Status, res.Body)
				return
			}
			var r struct{ Ref string }
			json.Unmarshal(res.Body, &r)
			refs[i] = r.Ref
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, r := range refs {
		if !content.ValidInterestRef(r) || seen[r] {
			t.Errorf("bad or repeated reference %q", r)
		}
		seen[r] = true
	}
	if got := e.interestCount(); got != 100 {
		t.Errorf("%d interests stored, want 100", got)
	}
}

// TestInterestRateLimit: the limiter keys on the peer address, so a forged
// X-Forwarded-For from an untrusted peer does not buy more attempts.
func TestInterestRateLimit(t *testing.T) {
	e := newEnv(t, 3)
	n := e.publicNeed("TR")
	var last int
	for i := range 4 {
		last = e.do("POST", "/api/v1/needs/"+n.Ref+"/interests", validInterest(fmt.Sprintf("r%d@example.com", i)),
			"X-Forwarded-For", fmt.Sprintf("10.0.0.%d", i)).Status
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("fourth registration from one peer: %d, want 429", last)
	}
}
