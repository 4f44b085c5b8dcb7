package handlers

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// TestAdmittedPath: public reads served from memory take a slot; the
// staff workspace, a firm's pages, alerts, a registration's confirmation,
// staff API reads and the operator's endpoints do not.
func TestAdmittedPath(t *testing.T) {
	for path, want := range map[string]bool{
		"/": true, "/en/": true, "/fa/needs": true, "/zh/needs/TR-26-0001": true, "/tr/offers/CN-OF-26-0003": true,
		"/en/labs/x": true, "/api/v1/needs": true, "/api/v1/needs/TR-26-0001": true, "/sitemap.xml": true,
		"/static/abc/site.css": true, "/en/feed.atom": true, "/en": true,
		"/en/staff": false, "/en/staff/login": false, "/fa/staff/needs/TR-26-0001/edit": false,
		"/en/my": false, "/en/my/open": false, "/en/alerts": false, "/en/alerts/manage": false,
		"/en/needs/TR-26-0001/interest/EOI-26-00001": false, "/api/v1/interests": false,
		"/api/v1/interests/EOI-26-00001": false, "/healthz": false, "/readyz": false, "/metrics": false,
	} {
		if got := admittedPath(path); got != want {
			t.Errorf("admittedPath(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestAdmissionBoundsReads: with two slots, at most two public reads run
// at once while more wait; a request with credentials, a staff page and a
// POST run beside them; every read is answered once the slots free.
func TestAdmissionBoundsReads(t *testing.T) {
	adm := newAdmission(2, prometheus.NewCounter(prometheus.CounterOpts{Name: "t"}))
	adm.wait = time.Hour // no read runs without a slot in this test
	app := fiber.New()
	app.Use(adm.handler())
	release := make(chan struct{})
	var running, most atomic.Int64
	entered := make(chan struct{}, 16)
	hold := func(c *fiber.Ctx) error {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		entered <- struct{}{}
		<-release
		running.Add(-1)
		return c.SendString("ok")
	}
	app.Get("/en/needs", hold)
	app.Get("/en/staff/needs", func(c *fiber.Ctx) error { return c.SendString("staff") })
	app.Get("/api/v1/needs", func(c *fiber.Ctx) error { return c.SendString("api") })
	app.Post("/en/needs", func(c *fiber.Ctx) error { return c.SendString("post") })

	const readers = 5
	var wg sync.WaitGroup
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := app.Test(httptest.NewRequest(http.MethodGet, "/en/needs", nil), -1)
			if err != nil || res.StatusCode != http.StatusOK {
				t.Errorf("read: %v %v", res, err)
			}
		}()
	}
	<-entered
	<-entered
	// Both slots are taken: requests that take none still run.
	unbounded := []*http.Request{
		httptest.NewRequest(http.MethodGet, "/en/staff/needs", nil),
		httptest.NewRequest(http.MethodPost, "/en/needs", nil),
	}
	withToken := httptest.NewRequest(http.MethodGet, "/api/v1/needs", nil)
	withToken.Header.Set("Authorization", "Bearer x")
	unbounded = append(unbounded, withToken)
	for _, req := range unbounded {
		res, err := app.Test(req, -1)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Errorf("%s %s beside full slots: %v %v", req.Method, req.URL.Path, res, err)
		}
	}
	if n := running.Load(); n != 2 {
		t.Errorf("%d reads running with two slots", n)
	}
	close(release)
	wg.Wait()
	if m := most.Load(); m != 2 {
		t.Errorf("at most %d reads ran at once, want 2", m)
	}
}
