package web_test

// The harness of the browser tests: a real HTTP server on 127.0.0.1:0
// with the sample content, a headless Chromium driven by chromedp, and
// axe-core injected into pages.
//
// Environment:
//
//	HUBDIR_REQUIRE_BROWSER=1  fail (instead of skip) when Chromium or axe-core is missing
//	HUBDIR_CHROMIUM           path of the browser binary (default: chromium, chromium-browser, google-chrome)
//	HUBDIR_AXE_JS             path of axe.min.js (default: node_modules/axe-core/axe.min.js
//	                          in the package directory or any parent)
//	HUBDIR_SCREENSHOTS        directory for screenshots (default: a test temp dir)

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/mongo/mongotest"
	"hubdir/handlers/servicetest"
)

// TestMain starts the shared test database for the package's tests.
func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

// testServer is a running Hubdir service with the sample content.
type testServer struct {
	URL     string
	Store   content.Store
	Catalog *catalog.Catalog
}

// startServer serves the service with the sample content on a real
// listener (servicetest) until the test ends.
func startServer(t testing.TB) *testServer {
	t.Helper()
	e := servicetest.Start(t, servicetest.Options{})
	return &testServer{URL: e.Listen(t), Store: e.Store, Catalog: e.Catalog}
}

// browserAndServer starts the server and then the browser, so that the
// browser, and its keep-alive connections, are gone before the server
// shuts down (which otherwise waits for them). It skips the test without
// starting anything when Chromium is not installed.
func browserAndServer(t testing.TB) (context.Context, *testServer) {
	t.Helper()
	servicetest.ChromiumOrSkip(t)
	srv := startServer(t)
	return servicetest.NewBrowser(t), srv
}

// Short names for the browser harness of servicetest.
const (
	desktopWidth, desktopHeight = servicetest.DesktopWidth, servicetest.DesktopHeight
	mobileWidth, mobileHeight   = servicetest.MobileWidth, servicetest.MobileHeight
)

func run(t testing.TB, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	servicetest.Run(t, ctx, what, actions...)
}
func axeSource(t testing.TB) string { return servicetest.AxeSource(t) }
func checkAxe(t testing.TB, ctx context.Context, axeJS, page string) {
	t.Helper()
	servicetest.CheckAxe(t, ctx, axeJS, page)
}
func screenshotDir(t testing.TB) string { return servicetest.ScreenshotDir(t) }

// staffToken adds an admin staff member to the store and returns a new API
// token for them.
func (s *testServer) staffToken(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	email := fmt.Sprintf("staff-%d@example.org", time.Now().UnixNano())
	in := &content.StaffInput{Email: email, Name: "Browser Test", Role: content.RoleAdmin}
	if _, err := s.Store.AddStaff(ctx, in, "not-a-real-hash"); err != nil {
		t.Fatalf("add staff: %v", err)
	}
	tok, err := s.Store.CreateToken(ctx, email)
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	return tok
}

// getJSON sends an authorised GET to the server and decodes the answer.
func (s *testServer) getJSON(t testing.TB, path, token string, v any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: decode: %v", path, err)
	}
}
