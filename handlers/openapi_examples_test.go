package handlers_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// How the examples of openapi.json make requests:
//
//   - An operation's request set is the names of the examples of its
//     request body and parameters (examples: {name: {value}}); a name is one
//     request. An operation without named examples is one request made of
//     the single examples (example: …) of its parameters and body.
//   - In a named request, a parameter takes its example of that name, a
//     required parameter without one its single example; the body is the
//     body's example of that name, or none.
//   - An example may say the status it expects with "x-status"; otherwise
//     the answer must be a 2xx. Either way the status must be listed in the
//     operation's responses (or its class, 4XX) and the answer must be
//     valid against that response's schema.
//   - Operations with security get an admin's token.
//
// Identifiers in paths (TR-26-0042, a company's slug, EOI-26-00042) stand
// for listings of the reader's store: the test replaces them with a fresh
// listing of the state the operation needs (standIns), created through the
// API, so that each example's version (1 for a new draft, 2 once
// published) is the listing's.

// exampleRequest is one request of the document's examples.
type exampleRequest struct {
	op, name string // "POST /api/v1/needs/{ref}/publish", "if-match"
	method   string
	path     string // with the example's path values
	params   map[string]string
	query    url.Values
	header   http.Header
	body     any // nil: none
	hasBody  bool
	status   int // expected; 0: any 2xx
	secured  bool
	bodyDoc  any // the body's schema
}

// exampleRequests builds every example request of the document, and lists
// the problems of the examples themselves (a required parameter or body
// without an example, an example body that does not fit its schema).
func exampleRequests(doc *apiDoc) ([]exampleRequest, []string) {
	var out []exampleRequest
	var problems []string
	paths, _ := doc.root["paths"].(map[string]any)
	for _, path := range sortedKeys(paths) {
		ops := paths[path].(map[string]any)
		for _, method := range sortedKeys(ops) {
			op := ops[method].(map[string]any)
			key := strings.ToUpper(method) + " " + path
			var params []map[string]any
			for _, p := range asList(op["parameters"]) {
				pm, err := doc.deref(p)
				if err != nil {
					problems = append(problems, key+": "+err.Error())
					continue
				}
				params = append(params, pm)
			}
			var body map[string]any
			bodyRequired := false
			if rb, ok := op["requestBody"]; ok {
				rbm, _ := doc.deref(rb)
				bodyRequired = rbm["required"] == true
				content, _ := rbm["content"].(map[string]any)
				body, _ = content["application/json"].(map[string]any)
			}
			names := map[string]bool{}
			for _, p := range params {
				for n := range mapOf(p["examples"]) {
					names[n] = true
				}
			}
			for n := range mapOf(body["examples"]) {
				names[n] = true
			}
			named := len(names) > 0
			if !named {
				names[""] = true
			}
			_, secured := op["security"]
			for _, name := range sortedKeys(names) {
				r := exampleRequest{op: key, name: name, method: strings.ToUpper(method), path: path,
					params: map[string]string{}, query: url.Values{}, header: http.Header{}, secured: secured}
				if body != nil {
					r.bodyDoc = body["schema"]
				}
				for _, p := range params {
					pname, _ := p["name"].(string)
					v, ok, status := exampleOf(p, name, named && p["required"] != true)
					if status != 0 {
						r.status = status
					}
					if !ok {
						if p["required"] == true {
							problems = append(problems, fmt.Sprintf("%s (%s): the required parameter %s has no example", key, name, pname))
						}
						continue
					}
					switch p["in"] {
					case "path":
						r.params[pname] = fmt.Sprint(v)
					case "query":
						if l, isList := v.([]any); isList {
							for _, e := range l {
								r.query.Add(pname, fmt.Sprint(e))
							}
						} else {
							r.query.Set(pname, fmt.Sprint(v))
						}
					case "header":
						r.header.Set(pname, fmt.Sprint(v))
					default:
						problems = append(problems, fmt.Sprintf("%s: parameter %s in %v", key, pname, p["in"]))
					}
				}
				if body != nil {
					v, ok, status := exampleOf(body, name, named)
					if status != 0 {
						r.status = status
					}
					r.body, r.hasBody = v, ok
					if !ok && bodyRequired {
						problems = append(problems, fmt.Sprintf("%s (%s): the required body has no example", key, name))
					}
					if ok && (r.status == 0 || r.status < 300) {
						for _, p := range doc.validate(body["schema"], v, "body") {
							problems = append(problems, fmt.Sprintf("%s (%s): the example %s", key, name, p))
						}
					}
				}
				out = append(out, r)
			}
		}
	}
	return out, problems
}

// exampleOf returns the example of name of a parameter or media type (its
// single example when name is "" or, unless onlyNamed, when it has no
// example of that name) and its x-status.
func exampleOf(m map[string]any, name string, onlyNamed bool) (any, bool, int) {
	if ex, ok := mapOf(m["examples"])[name].(map[string]any); ok && name != "" {
		status := 0
		if s, ok := ex["x-status"].(json.Number); ok {
			n, _ := s.Int64()
			status = int(n)
		}
		v, has := ex["value"]
		return v, has, status
	}
	if onlyNamed {
		return nil, false, 0
	}
	v, ok := m["example"]
	return v, ok, 0
}

// send makes the request on the test server and checks the answer against
// the document. It returns the problems found.
func (e *env) send(doc *apiDoc, r exampleRequest) []string {
	e.t.Helper()
	path := r.path
	for k, v := range r.params {
		path = strings.ReplaceAll(path, "{"+k+"}", url.PathEscape(v))
	}
	if len(r.query) > 0 {
		path += "?" + r.query.Encode()
	}
	var headers []string
	for k := range r.header {
		headers = append(headers, k, r.header.Get(k))
	}
	if r.secured {
		headers = append(headers, bearer(e.admin)...)
	}
	var body any
	if r.hasBody {
		b, err := json.Marshal(r.body)
		if err != nil {
			return []string{err.Error()}
		}
		body = b
	}
	res := e.do(r.method, path, body, headers...)
	what := fmt.Sprintf("%s %s (example %q): %d", r.method, path, r.name, res.Status)
	e.t.Logf("%s, %d bytes", what, len(res.Body))
	var problems []string
	switch {
	case r.status != 0 && res.Status != r.status:
		problems = append(problems, fmt.Sprintf("%s, the example expects %d: %s", what, r.status, clip(res.Body)))
	case r.status == 0 && (res.Status < 200 || res.Status > 299):
		problems = append(problems, fmt.Sprintf("%s, the example expects success: %s", what, clip(res.Body)))
	}
	op, _ := doc.pointer("#/paths/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(r.path) + "/" + strings.ToLower(r.method))
	responses := mapOf(mapOf(op)["responses"])
	resp, ok := responses[strconv.Itoa(res.Status)]
	if !ok {
		resp, ok = responses[strconv.Itoa(res.Status/100)+"XX"]
	}
	if !ok {
		return append(problems, what+": the status is not documented")
	}
	rm, err := doc.deref(resp)
	if err != nil {
		return append(problems, what+": "+err.Error())
	}
	media, described := mapOf(rm["content"])["application/json"].(map[string]any)
	switch {
	case len(res.Body) == 0 && !described:
		return problems
	case len(res.Body) == 0:
		return append(problems, what+": no body, the document describes one")
	case !described:
		return append(problems, what+": a body the document does not describe: "+clip(res.Body))
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		problems = append(problems, what+": Content-Type "+ct)
	}
	v, err := decodeJSON(res.Body)
	if err != nil {
		return append(problems, what+": the body is not JSON: "+err.Error())
	}
	for _, p := range doc.validate(media["schema"], v, "$") {
		problems = append(problems, what+": "+p)
	}
	return problems
}

// TestOpenAPIExamples sends every example request of openapi.json to the
// server and validates every answer against the document's schemas.
func TestOpenAPIExamples(t *testing.T) {
	e := newEnv(t, -1)
	res := e.do("GET", "/api/v1/openapi.json", nil)
	doc, err := parseAPIDoc(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	// Three interests, so that the inbox examples list some.
	for range 3 {
		e.newInterest()
	}
	requests, problems := exampleRequests(doc)
	for _, p := range problems {
		t.Error(p)
	}
	ops := map[string]bool{}
	for _, r := range requests {
		ops[r.op] = true
		if set, ok := standIns[r.op]; ok {
			for k, v := range set(e) {
				r.params[k] = v
			}
		}
		for _, p := range e.send(doc, r) {
			t.Error(p)
		}
	}
	if len(ops) < 30 || len(requests) < 40 {
		t.Errorf("only %d example requests over %d operations", len(requests), len(ops))
	}
}

// standIns makes, per operation, a fresh listing in the state the
// operation's examples need, and returns its path values.
var standIns = map[string]func(e *env) map[string]string{
	"GET /api/v1/needs/{ref}":            func(e *env) map[string]string { return ref(e.newNeed("TR", true)) },
	"GET /api/v1/needs/{ref}/matches":    func(e *env) map[string]string { return ref(e.newNeed("TR", true)) },
	"PATCH /api/v1/needs/{ref}":          func(e *env) map[string]string { return ref(e.newNeed("TR", false)) },
	"DELETE /api/v1/needs/{ref}":         func(e *env) map[string]string { return ref(e.newNeed("TR", false)) },
	"POST /api/v1/needs/{ref}/publish":   func(e *env) map[string]string { return ref(e.newNeed("TR", false)) },
	"POST /api/v1/needs/{ref}/close":     func(e *env) map[string]string { return ref(e.newNeed("TR", true)) },
	"POST /api/v1/needs/{ref}/archive":   func(e *env) map[string]string { return ref(e.newNeed("TR", true)) },
	"POST /api/v1/needs/{ref}/interests": func(e *env) map[string]string { return ref(e.newNeed("TR", true)) },
	"GET /api/v1/interests/{ref}":        func(e *env) map[string]string { return ref(e.newInterest()) },
	"POST /api/v1/interests/{ref}/status": func(e *env) map[string]string {
		return ref(e.newInterest())
	},
	"GET /api/v1/companies/{slug}":             func(e *env) map[string]string { return slug(e.newListing("companies", true)) },
	"GET /api/v1/companies/{slug}/matches":     func(e *env) map[string]string { return slug(e.newListing("companies", true)) },
	"PATCH /api/v1/companies/{slug}":           func(e *env) map[string]string { return slug(e.newListing("companies", false)) },
	"DELETE /api/v1/companies/{slug}":          func(e *env) map[string]string { return slug(e.newListing("companies", false)) },
	"POST /api/v1/companies/{slug}/publish":    func(e *env) map[string]string { return slug(e.newListing("companies", false)) },
	"POST /api/v1/companies/{slug}/unpublish":  func(e *env) map[string]string { return slug(e.newListing("companies", true)) },
	"GET /api/v1/agreements/{slug}":            func(e *env) map[string]string { return slug(e.newListing("agreements", true)) },
	"PATCH /api/v1/agreements/{slug}":          func(e *env) map[string]string { return slug(e.newListing("agreements", false)) },
	"DELETE /api/v1/agreements/{slug}":         func(e *env) map[string]string { return slug(e.newListing("agreements", false)) },
	"POST /api/v1/agreements/{slug}/publish":   func(e *env) map[string]string { return slug(e.newListing("agreements", false)) },
	"POST /api/v1/agreements/{slug}/unpublish": func(e *env) map[string]string { return slug(e.newListing("agreements", true)) },
}

func ref(s string) map[string]string  { return map[string]string{"ref": s} }
func slug(s string) map[string]string { return map[string]string{"slug": s} }

// newNeed creates a need of hub through the API (version 1, a draft) and,
// when published, publishes it (version 2). It returns the reference.
func (e *env) newNeed(hub string, published bool) string {
	e.t.Helper()
	res := e.do("POST", "/api/v1/needs", validNeed(hub), bearer(e.admin)...)
	if res.Status != http.StatusCreated {
		e.t.Fatalf("create need: %d %s", res.Status, res.Body)
	}
	r := res.JSON(e.t)["ref"].(string)
	if published {
		if res := e.do("POST", "/api/v1/needs/"+r+"/publish", map[string]any{"version": 1}, bearer(e.admin)...); res.Status != http.StatusOK {
			e.t.Fatalf("publish need: %d %s", res.Status, res.Body)
		}
	}
	return r
}

// newInterest registers a new interest (version 1) in a new need.
func (e *env) newInterest() string {
	e.t.Helper()
	need := e.newNeed("TR", true)
	res := e.do("POST", "/api/v1/needs/"+need+"/interests", validInterest("stand-in@firm.example"))
	if res.Status != http.StatusCreated {
		e.t.Fatalf("register interest: %d %s", res.Status, res.Body)
	}
	return res.JSON(e.t)["ref"].(string)
}

// newListing creates a company or an agreement through the API (version
// 1, unpublished) and, when published, publishes it (version 2). It
// returns the slug.
func (e *env) newListing(kind string, published bool) string {
	e.t.Helper()
	s := fmt.Sprintf("stand-in-%s-%s", kind, strings.ToLower(rand.Text()[:8]))
	body := map[string]any{
		"slug": s, "name": map[string]string{"en": "Stand-in Labs"}, "kind": "foreign-company", "country": "TR",
		"sectors": []string{"ai"}, "hubs": []string{"TR"},
	}
	if kind == "agreements" {
		body = map[string]any{
			"slug": s, "hub": "TR", "title": map[string]string{"en": "Stand-in MoU"}, "status": "signed",
			"signed_on": "2025-05-01", "parties": []map[string]any{{"name": map[string]string{"en": "A park"}}, {"name": map[string]string{"en": "A firm"}}},
		}
	}
	res := e.do("POST", "/api/v1/"+kind, body, bearer(e.admin)...)
	if res.Status != http.StatusCreated {
		e.t.Fatalf("create %s: %d %s", kind, res.Status, res.Body)
	}
	if published {
		if res := e.do("POST", "/api/v1/"+kind+"/"+s+"/publish", map[string]any{"version": 1}, bearer(e.admin)...); res.Status != http.StatusOK {
			e.t.Fatalf("publish %s: %d %s", kind, res.Status, res.Body)
		}
	}
	return s
}

// TestSchemaValidator checks the validator on what it must refuse.
func TestSchemaValidator(t *testing.T) {
	doc, err := parseAPIDoc([]byte(`{"components": {"schemas": {
		"Thing": {"type": "object", "additionalProperties": false, "required": ["name"], "properties": {
			"name": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[a-zé]+$"},
			"n": {"type": "integer", "minimum": 1, "maximum": 9},
			"kind": {"type": "string", "enum": ["a", "b"]},
			"on": {"type": "string", "format": "date"},
			"tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
			"text": {"$ref": "#/components/schemas/Text"},
			"maybe": {"type": "string", "nullable": true},
			"odd": {"type": "string", "oneOf": []}
		}},
		"Text": {"type": "object", "additionalProperties": {"type": "string"}}
	}}}`))
	if err != nil {
		t.Fatal(err)
	}
	thing := map[string]any{"$ref": "#/components/schemas/Thing"}
	for body, want := range map[string]string{
		`{"name": "été"}`:                         "",
		`{"name": "ab", "maybe": null}`:           "",
		`{"n": 3}`:                                `the required "name" is missing`,
		`{"name": "ab", "extra": 1}`:              "$.extra: not in the schema",
		`{"name": "a"}`:                           "fewer than minLength",
		`{"name": "abcde"}`:                       "more than maxLength",
		`{"name": "AB"}`:                          "does not match",
		`{"name": "ab", "n": 1.5}`:                "where the schema wants integer",
		`{"name": "ab", "n": 10}`:                 "above the maximum",
		`{"name": "ab", "kind": "c"}`:             "is not one of",
		`{"name": "ab", "on": "2026-2-1"}`:        "cannot parse",
		`{"name": "ab", "tags": ["a", 1]}`:        "$.tags[1]: a number where the schema wants string",
		`{"name": "ab", "tags": ["a", "b", "c"]}`: "more than maxItems",
		`{"name": "ab", "text": {"en": 1}}`:       "$.text.en: a number",
		`{"name": "ab", "kind": null}`:            "null where the schema has no nullable",
		`{"name": "ab", "odd": "x"}`:              `the validator does not know`,
		`[]`:                                      "an array where the schema wants object",
	} {
		v, err := decodeJSON([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(doc.validate(thing, v, "$"), "; ")
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
}

// mapOf returns v as an object (nil when it is not one).
func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// clip shortens a body for a message.
func clip(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
