package handlers_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"hubdir/content/mongo/mongotest"
	"hubdir/handlers/servicetest"
)

// hostileRequest is one raw request of the route walk.
type hostileRequest struct {
	name   string
	method string
	target string // request target, sent as is (may hold raw bytes)
	header []string
	body   []byte
	// announce, when set, is the Content-Length announced instead of
	// len(body): the rest of the body is never sent.
	announce int
}

// Markers of injected text: no response header may contain them, and no
// page may link to the forged host.
const (
	injected   = "injected"
	forgedHost = "evil.example"
)

// TestHostileRouteWalk sends hostile input to every route, anonymously and
// with an admin's token: operator injection in bodies, forms and query
// strings, invalid UTF-8 and bidi controls in path, query and body, a
// 10 MB body, 10,000-deep JSON, CR/LF meant to reach headers, forged proxy
// headers and unknown methods. No answer may be a 5xx, no response header
// may carry injected text, no page may use the forged host or turn on HSTS,
// and the store must be unchanged.
func TestHostileRouteWalk(t *testing.T) {
	e := newEnv(t, 5)
	need := e.publicNeed("TR")
	snap, err := e.store.Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	company, agreement := snap.Companies[0].Slug, snap.Agreements[0].Slug
	revBefore, interestsBefore := e.revision(), e.interestCount()

	routes := e.srv.App().GetRoutes(true)
	seen := map[string]bool{}
	var walked int
	for _, r := range routes {
		if r.Method == http.MethodHead || seen[r.Method+" "+r.Path] {
			continue
		}
		seen[r.Method+" "+r.Path] = true
		walked++
		valid := fillParams(r.Path, map[string]string{
			"lang": "en", "ref": need.Ref, "code": "TR", "eoi": "EOI-26-00001", "hash": "0", "*": "app.css",
			"slug": slugFor(r.Path, company, agreement),
		})
		for _, who := range []string{"anonymous", "admin"} {
			var auth []string
			if who == "admin" {
				auth = []string{"Authorization", "Bearer " + e.admin}
			}
			for _, req := range hostileRequests(r.Method, r.Path, valid) {
				req.header = append(req.header, auth...)
				res, err := e.raw(req)
				if err != nil {
					t.Errorf("%s %s (%s, %s): %v", r.Method, r.Path, req.name, who, err)
					continue
				}
				checkHostileAnswer(t, fmt.Sprintf("%s %s (%s, %s)", r.Method, r.Path, req.name, who), res)
			}
		}
	}
	if walked < 40 {
		t.Errorf("walked only %d routes", walked)
	}

	// A whole 10 MB body, sent, on the routes that take bodies from anyone.
	big := bytes.Repeat([]byte("a"), 10<<20)
	for _, target := range []string{"/api/v1/needs/" + need.Ref + "/interests", "/en/needs/" + need.Ref + "/interest", "/api/v1/needs"} {
		res, err := e.raw(hostileRequest{name: "10 MB sent", method: "POST", target: target,
			header: []string{"Content-Type", "application/json"}, body: big})
		if err != nil {
			continue // the server may close the connection while the body is still coming
		}
		checkHostileAnswer(t, "POST "+target+" (10 MB sent)", res)
	}

	if rev := e.revision(); rev != revBefore {
		t.Errorf("store revision %d after the walk, was %d", rev, revBefore)
	}
	if n := e.interestCount(); n != interestsBefore {
		t.Errorf("%d interests after the walk, was %d", n, interestsBefore)
	}
}

// slugFor returns the slug of a real company or agreement for a route.
func slugFor(path, company, agreement string) string {
	if strings.Contains(path, "agreements") {
		return agreement
	}
	return company
}

// fillParams replaces a route's :params and * by values.
func fillParams(path string, values map[string]string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		switch {
		case strings.HasPrefix(p, ":"):
			name := strings.TrimSuffix(strings.TrimPrefix(p, ":"), "?")
			parts[i] = values[name]
		case p == "*":
			parts[i] = values["*"]
		}
	}
	return strings.Join(parts, "/")
}

// hostileRequests returns the hostile variants of a request to path
// (filled with valid values) for a route.
func hostileRequests(method, pattern, path string) []hostileRequest {
	jsonCT := []string{"Content-Type", "application/json"}
	formCT := []string{"Content-Type", "application/x-www-form-urlencoded"}
	// Every parameter replaced by a hostile value.
	withParams := func(v string) string {
		return fillParams(pattern, map[string]string{"lang": v, "ref": v, "code": v, "eoi": v, "hash": v, "*": v, "slug": v})
	}
	deepArray := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	deepObject := strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000)
	return []hostileRequest{
		{name: "operator body", method: method, target: path, header: jsonCT,
			body: []byte(`{"$ne":null,"title":{"$ne":null},"email":{"$regex":".*"},"version":{"$gt":0},"status":"published"}`)},
		{name: "operator array body", method: method, target: path, header: jsonCT, body: []byte(`[{"$where":"1"}]`)},
		{name: "operator form", method: method, target: path, header: formCT,
			body: []byte(`email[$ne]=1&company_name[$gt]=&_csrf[$ne]=x&consent[$exists]=true`)},
		{name: "operator query", method: method, target: path + `?x[$ne]=1&hub[$ne]=TR&q%5B%24regex%5D=.*&page[$gt]=0&status[$in]=draft`},
		{name: "invalid UTF-8 path (escaped)", method: method, target: withParams("%FF%FE%C0%AF")},
		{name: "invalid UTF-8 path (raw)", method: method, target: withParams("\xff\xfe")},
		{name: "invalid UTF-8 query", method: method, target: path + "?q=%FF%FE&lang=%C0%AF&hub=\xff"},
		{name: "invalid UTF-8 body", method: method, target: path, header: jsonCT, body: []byte("{\"email\":\"\xff\xfe\",\"title\":{\"en\":\"\xc0\xaf\"}}")},
		{name: "invalid UTF-8 form", method: method, target: path, header: formCT, body: []byte("company_name=%FF%FE&email=a%C0%AF@x.org")},
		{name: "bidi controls", method: method, target: withParams("%E2%80%AEabc%E2%81%A6") + "?q=%E2%80%AEadmin&sector=%E2%81%A7",
			header: jsonCT, body: []byte(`{"title":{"en":"\u202egnp.exe"},"email":"a\u2066@x.org"}`)},
		{name: "10 MB announced", method: method, target: path, header: jsonCT, body: []byte(`{"title":`), announce: 10 << 20},
		{name: "10,000-deep array", method: method, target: path, header: jsonCT, body: []byte(deepArray)},
		{name: "10,000-deep object", method: method, target: path, header: jsonCT, body: []byte(deepObject)},
		{name: "CR/LF to headers", method: method,
			target: path + "?setlang=1&next=%0D%0ASet-Cookie:%20" + injected + "=1&q=%0d%0aX-" + injected + ":%201&lang=en%0d%0aX-" + injected + ":1"},
		{name: "CR/LF in a redirect target", method: method, target: withParams("en%0d%0aLocation:%20http://"+forgedHost) + "?setlang=1"},
		{name: "forged proxy headers", method: method, target: path + "?setlang=1", header: []string{
			"X-Forwarded-For", "203.0.113.9, 10.0.0.1", "X-Forwarded-Host", forgedHost, "X-Forwarded-Proto", "https",
			"Forwarded", "for=203.0.113.9;host=" + forgedHost + ";proto=https", "X-Real-IP", "203.0.113.9",
			"X-Request-ID", "x\u202e" + injected, "X-Original-URL", "/metrics", "X-HTTP-Method-Override", "DELETE"}},
		{name: "PROPFIND", method: "PROPFIND", target: path, header: []string{"Depth", "infinity"}},
		{name: "TRACE", method: "TRACE", target: path, header: []string{"X-" + injected, "1"}},
		{name: "unknown method", method: "FOOBAR", target: path},
	}
}

// checkHostileAnswer fails the test for a 5xx, injected text in a response
// header, a link to the forged host or HSTS from a forged scheme.
func checkHostileAnswer(t *testing.T, what string, res response) {
	t.Helper()
	if res.Status >= 500 {
		t.Errorf("%s: status %d: %.300s", what, res.Status, res.Body)
	}
	// Injected text may come back percent-encoded inside a value (a
	// redirect keeps the query string); it must never make a header or a
	// cookie of its own, nor send the browser to another host.
	for name, values := range res.Header {
		if strings.Contains(strings.ToLower(name), injected) {
			t.Errorf("%s: injected response header %s", what, name)
		}
		for _, v := range values {
			low := strings.ToLower(v)
			if strings.ContainsAny(v, "\r\n") || strings.Contains(low, forgedHost) ||
				name == "Set-Cookie" && strings.Contains(low, injected) {
				t.Errorf("%s: response header %s: %q carries injected text", what, name, v)
			}
		}
	}
	if loc := res.Header.Get("Location"); loc != "" && (!strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\")) {
		t.Errorf("%s: redirect to %q, not a local path", what, loc)
	}
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("%s: HSTS set from a forged X-Forwarded-Proto", what)
	}
	if bytes.Contains(res.Body, []byte(forgedHost)) {
		t.Errorf("%s: the body uses the forged host", what)
	}
	if res.Status >= 400 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if res.errorCodeQuiet() == "" {
			t.Errorf("%s: %d without the error shape: %.200s", what, res.Status, res.Body)
		}
	}
}

// errorCodeQuiet returns the code of an API error body, "" when it has not
// the error shape.
func (r response) errorCodeQuiet() string {
	var v struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &v); err != nil || v.Error.Message == "" {
		return ""
	}
	return v.Error.Code
}

// raw sends one request as raw bytes on a new connection and reads the
// answer.
func (e *env) raw(req hostileRequest) (response, error) {
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.base, "http://"))
	if err != nil {
		return response{}, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	var head bytes.Buffer
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: hub.example.org\r\nConnection: close\r\n", req.method, req.target)
	for i := 0; i+1 < len(req.header); i += 2 {
		fmt.Fprintf(&head, "%s: %s\r\n", req.header[i], req.header[i+1])
	}
	length := len(req.body)
	if req.announce > 0 {
		length = req.announce
	}
	if req.body != nil || req.announce > 0 {
		fmt.Fprintf(&head, "Content-Length: %d\r\n", length)
	}
	head.WriteString("\r\n")
	go func() {
		// Written beside the read: the server may answer (413) before
		// reading a large body.
		if _, err := conn.Write(head.Bytes()); err != nil {
			return
		}
		conn.Write(req.body)
	}()
	res, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: req.method})
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: body}, nil
}

// TestInterestLimitShared: two instances on one store share the interest
// limit: hits on one count on the other.
func TestInterestLimitShared(t *testing.T) {
	a := newEnv(t, 3)
	b := a.second(3)
	need := a.publicNeed("TR")
	path := "/api/v1/needs/" + need.Ref + "/interests"
	steps := []struct {
		env  *env
		want int
	}{
		{a, http.StatusCreated}, {b, http.StatusCreated}, {a, http.StatusCreated},
		{b, http.StatusTooManyRequests}, {a, http.StatusTooManyRequests},
	}
	for i, s := range steps {
		res := s.env.do("POST", path, validInterest(fmt.Sprintf("shared-%d@example.com", i)))
		if res.Status != s.want {
			t.Errorf("registration %d: %d, want %d", i+1, res.Status, s.want)
		}
		if res.Status == http.StatusTooManyRequests {
			if res.errorCode(t) != "rate_limited" || res.Header.Get("Retry-After") == "" {
				t.Errorf("registration %d: 429 without code rate_limited and Retry-After", i+1)
			}
		}
	}
}

// second starts a second instance of the service on e's database, with its
// own store connection and catalog, and the interest limit per minute.
func (e *env) second(interestsPerMinute int) *env {
	e.t.Helper()
	st := mongotest.OpenSame(e.t, e.store)
	se := servicetest.Start(e.t, servicetest.Options{Store: st, NoSample: true, InterestsPerMinute: interestsPerMinute})
	srv, cat := se.Server, se.Catalog
	se.Listen(e.t)
	out := *e
	out.srv, out.base, out.store, out.catalog = srv, se.URL, st, cat
	return &out
}
