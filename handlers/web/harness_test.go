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
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/mongo/mongotest"
)

// TestMain starts the shared test database for the package's tests.
func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

// requireBrowser reports whether a missing browser or axe-core fails the
// tests instead of skipping them (HUBDIR_REQUIRE_BROWSER=1, set in CI).
func requireBrowser() bool { return os.Getenv("HUBDIR_REQUIRE_BROWSER") == "1" }

// skipOrFail skips the test, or fails it when the browser is required.
func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if requireBrowser() {
		t.Fatal(msg + " (HUBDIR_REQUIRE_BROWSER=1)")
	}
	t.Skip(msg)
}

// testServer is a running Hubdir service with the sample content.
type testServer struct {
	URL     string
	Store   content.Store
	Catalog *catalog.Catalog
}

// startServer serves handlers.New with the sample content on a real
// listener on 127.0.0.1:0 until the test ends, and returns its base URL
// ("http://127.0.0.1:port") and store.
func startServer(t testing.TB) *testServer {
	t.Helper()
	site := newSite(t, siteOptions{})
	srv := site.srv
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.App().Listener(ln) }()
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		<-done
	})
	return &testServer{URL: "http://" + ln.Addr().String(), Store: site.store, Catalog: site.cat}
}

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

// findChromium returns the browser binary: HUBDIR_CHROMIUM, then
// /usr/bin/chromium, then chromium, chromium-browser or google-chrome in
// PATH; "" when there is none.
func findChromium() string {
	if p := os.Getenv("HUBDIR_CHROMIUM"); p != "" {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
		return ""
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Viewport sizes of the tests.
const (
	desktopWidth, desktopHeight = 1280, 1000
	mobileWidth, mobileHeight   = 360, 800
)

// chromiumOrSkip returns the browser binary, or skips the test when there
// is none (fails it when HUBDIR_REQUIRE_BROWSER=1).
func chromiumOrSkip(t testing.TB) string {
	t.Helper()
	bin := findChromium()
	if bin == "" {
		skipOrFail(t, "chromium not installed: apt-get install -y chromium")
	}
	return bin
}

// browserAndServer starts the server and then the browser, so that the
// browser, and its keep-alive connections, are gone before the server
// shuts down (which otherwise waits for them). It skips the test without
// starting anything when Chromium is not installed.
func browserAndServer(t testing.TB) (context.Context, *testServer) {
	t.Helper()
	chromiumOrSkip(t)
	srv := startServer(t)
	return newBrowser(t), srv
}

// newBrowser starts a headless Chromium for the test (one per test; tabs
// are reused through the returned context) with a 1280×1000 window, and
// stops it when the test ends. It skips the test when Chromium is not
// installed, unless HUBDIR_REQUIRE_BROWSER=1.
func newBrowser(t testing.TB) context.Context {
	t.Helper()
	bin := chromiumOrSkip(t)
	// Not t.TempDir: Chromium's helper processes may still write to the
	// profile for a moment after the browser exits.
	profile, err := os.MkdirTemp("", "hubdir-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	// chromedp's defaults (headless, no first run, no background
	// networking, no sync, no extensions...) and ours.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // CI runs the tests as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(desktopWidth, desktopHeight),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// Start the browser now, so that a broken installation fails here.
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
		cancelCtx()
		cancelAlloc()
		removeAllRetry(profile)
		if requireBrowser() {
			t.Fatalf("start chromium %s: %v", bin, err)
		}
		t.Skipf("chromium %s does not start: %v", bin, err)
	}
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
		removeAllRetry(profile)
	})
	return ctx
}

// removeAllRetry removes dir, retrying for a second while something still
// writes to it.
func removeAllRetry(dir string) {
	for range 10 {
		if os.RemoveAll(dir) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// run runs chromedp actions with a time limit, failing the test on error.
func run(t testing.TB, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Run(tctx, actions...); err != nil {
		var url string
		_ = chromedp.Run(ctx, chromedp.Location(&url))
		t.Fatalf("%s (at %s): %v", what, url, err)
	}
}

// awaitPromise makes chromedp.Evaluate wait for the promise the
// expression returns.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// axeSource returns the source of axe.min.js: HUBDIR_AXE_JS, or
// node_modules/axe-core/axe.min.js in the current directory or a parent.
// It skips the test when there is none, unless HUBDIR_REQUIRE_BROWSER=1.
func axeSource(t testing.TB) string {
	t.Helper()
	path := os.Getenv("HUBDIR_AXE_JS")
	if path == "" {
		dir, err := os.Getwd()
		for err == nil {
			p := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
			if _, serr := os.Stat(p); serr == nil {
				path = p
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	if path == "" {
		skipOrFail(t, "axe-core not found: npm install axe-core@4 and set HUBDIR_AXE_JS=.../node_modules/axe-core/axe.min.js")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		skipOrFail(t, fmt.Sprintf("axe-core: %v", err))
	}
	return string(src)
}

// axeResult is the part of axe.run's result the tests read.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target         []any  `json:"target"`
			HTML           string `json:"html"`
			FailureSummary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// checkAxe injects axe-core into the current page (once per document),
// runs it, and reports every serious or critical violation as a test
// error.
func checkAxe(t testing.TB, ctx context.Context, axeJS, page string) {
	t.Helper()
	var loaded bool
	run(t, ctx, "axe: probe", chromedp.Evaluate(`typeof window.axe === "object"`, &loaded))
	if !loaded {
		run(t, ctx, "axe: inject", chromedp.Evaluate(axeJS, nil))
	}
	var res axeResult
	run(t, ctx, "axe: run", chromedp.Evaluate(
		`axe.run(document, {resultTypes: ["violations"]}).then(r => ({violations: r.violations}))`,
		&res, awaitPromise,
	))
	for _, v := range res.Violations {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s (%s): %s", page, v.ID, v.Impact, v.Help)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "\n    ... and %d more", len(v.Nodes)-5)
				break
			}
			fmt.Fprintf(&b, "\n    %v %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.FailureSummary, "\n", "\n      "))
		}
		t.Error(b.String())
	}
}

// screenshotDir returns the directory screenshots are written to:
// HUBDIR_SCREENSHOTS (created if needed) or a temporary one.
func screenshotDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("HUBDIR_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}
