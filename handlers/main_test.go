package handlers_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/handlers"
	"hubdir/handlers/servicetest"
)

func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

// env is a whole service on a fresh database with the sample content, and
// API tokens for an admin and for an editor of each hub.
type env struct {
	t       *testing.T
	srv     *handlers.Server
	base    string // http://127.0.0.1:port of the listening server
	store   *mongo.Store
	catalog *catalog.Catalog
	admin   string // token of an admin
	tr, cn  string // tokens of editors of the TR and CN hubs
	now     time.Time
	zone    *time.Location
	// settle waits for the events of the public's writes, which are
	// relayed just after their answer (workspace.Service.Settled).
	settle func(context.Context) error
}

// newEnv starts a service. interestsPerMinute configures the limiter
// (negative: off).
func newEnv(t *testing.T, interestsPerMinute int) *env {
	t.Helper()
	se := servicetest.Start(t, servicetest.Options{InterestsPerMinute: interestsPerMinute})
	se.Listen(t)
	e := &env{t: t, srv: se.Server, base: se.URL, store: se.Store, catalog: se.Catalog, now: time.Now(), zone: se.Zone,
		settle: se.Service.Workspace.Settled}
	e.admin = e.staffToken("admin@park.example", content.RoleAdmin)
	e.tr = e.staffToken("tr-editor@park.example", content.RoleEditor, "TR")
	e.cn = e.staffToken("cn-editor@park.example", content.RoleEditor, "CN")
	return e
}

func (e *env) staffToken(email, role string, hubs ...string) string {
	e.t.Helper()
	return servicetest.Token(e.t, e.store, email, role, hubs...)
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value.
func (r response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.Body)
	}
	return v
}

// errorCode returns the code of an API error answer, failing the test when
// the body does not have the error shape.
func (r response) errorCode(t *testing.T) string {
	t.Helper()
	var v struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &v); err != nil || v.Error.Code == "" || v.Error.Message == "" {
		t.Fatalf("status %d: body is not the error shape: %s", r.Status, r.Body)
	}
	return v.Error.Code
}

// do sends one request. body may be a string (sent as is) or a value (sent
// as JSON). headers are name, value pairs.
func (e *env) do(method, path string, body any, headers ...string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case oversized:
		return e.doOversized(method, path, int(b), headers...)
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.base+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: out}
}

// bearer returns the header pair for a token.
func bearer(token string) []string { return []string{"Authorization", "Bearer " + token} }

// revision returns the store's newest revision: any listing write changes it.
func (e *env) revision() int64 {
	e.t.Helper()
	rev, err := e.store.Revision(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return rev
}

// interestCount returns how many interests the store holds.
func (e *env) interestCount() int {
	e.t.Helper()
	list, err := e.store.Interests(context.Background(), content.InterestFilter{Limit: 5000})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(list)
}

// publicNeed returns a published, open need of the given hub.
func (e *env) publicNeed(hub string) *content.Need {
	e.t.Helper()
	res := e.catalog.Needs(catalog.NeedQuery{Hubs: []string{hub}, Statuses: []string{content.NeedPublished}, PerPage: 1})
	if len(res.Items) == 0 {
		e.t.Fatalf("no open need in hub %s", hub)
	}
	return res.Items[0]
}

// needIn returns a need of the hub whose status (as read today) is status,
// from the store's snapshot (drafts included).
func (e *env) needIn(hub, status string) *content.Need {
	e.t.Helper()
	snap, err := e.store.Snapshot(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	today := content.Today(time.Now(), e.zone)
	for _, n := range snap.Needs {
		if (hub == "" || n.Hub == hub) && n.StatusOn(today) == status {
			return n
		}
	}
	e.t.Fatalf("the sample has no %s need in hub %q", status, hub)
	return nil
}

// validNeed returns a valid create body for hub.
func validNeed(hub string) map[string]any {
	return map[string]any{
		"hub": hub, "kind": "technology", "partnerships": []string{"licence"},
		"sectors": []string{"ai"}, "country": "TR", "trl": 6,
		"title":    map[string]string{"fa": "سامانهٔ پایش هوشمند", "en": "Smart monitoring system"},
		"summary":  map[string]string{"en": "A summary."},
		"deadline": time.Now().AddDate(0, 2, 0).Format("2006-01-02"),
	}
}

// validInterest returns a valid registration body for email.
func validInterest(email string) map[string]any {
	return map[string]any{
		"company":      map[string]string{"name": "شرکت دانش‌بنیان آزمون", "registration": "14006789012", "country": "IR"},
		"contact_name": "Sara Ahmadi",
		"email":        email,
		"phone":        "+98 41 3333 4444",
		"answers": map[string]string{
			"offer":    "We build industrial vision systems for quality control.",
			"fit":      "Our products have run on three production lines since 2021.",
			"proposal": "A pilot installation followed by a licence agreement.",
		},
		"consent": true,
	}
}

func catalogPublic() catalog.Viewer { return catalog.Viewer{} }

// oversized is a request body of the given length that the client
// announces but never sends: the server must refuse it from its headers.
type oversized int

// doOversized sends only the request's headers, announcing size bytes of
// body, and reads the answer (a server that reads bodies it will refuse
// could otherwise be flooded).
func (e *env) doOversized(method, path string, size int, headers ...string) response {
	e.t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.base, "http://"))
	if err != nil {
		e.t.Fatal(err)
	}
	defer conn.Close()
	req := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", method, path, size)
	for i := 0; i+1 < len(headers); i += 2 {
		req += headers[i] + ": " + headers[i+1] + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n{\"title\":"); err != nil {
		e.t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Header: res.Header, Body: out}
}
