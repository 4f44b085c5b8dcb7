package servicetest

// The browser harness: a headless Chromium driven by chromedp, and
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
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// RequireBrowser reports whether a missing browser or axe-core fails the
// tests instead of skipping them (HUBDIR_REQUIRE_BROWSER=1, set in CI).
func RequireBrowser() bool { return os.Getenv("HUBDIR_REQUIRE_BROWSER") == "1" }

// SkipOrFail skips the test, or fails it when the browser is required.
func SkipOrFail(t testing.TB, msg string) {
	t.Helper()
	if RequireBrowser() {
		t.Fatal(msg + " (HUBDIR_REQUIRE_BROWSER=1)")
	}
	t.Skip(msg)
}

// FindChromium returns the browser binary: HUBDIR_CHROMIUM, then
// /usr/bin/chromium, then chromium, chromium-browser or google-chrome in
// PATH; "" when there is none.
func FindChromium() string {
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
	DesktopWidth, DesktopHeight = 1280, 1000
	MobileWidth, MobileHeight   = 360, 800
)

// ChromiumOrSkip returns the browser binary, or skips the test when there
// is none (fails it when HUBDIR_REQUIRE_BROWSER=1).
func ChromiumOrSkip(t testing.TB) string {
	t.Helper()
	bin := FindChromium()
	if bin == "" {
		SkipOrFail(t, "chromium not installed: apt-get install -y chromium")
	}
	return bin
}

// NewBrowser starts a headless Chromium for the test (one per test; tabs
// are reused through the returned context) with a 1280×1000 window, and
// stops it when the test ends. It skips the test when Chromium is not
// installed, unless HUBDIR_REQUIRE_BROWSER=1.
func NewBrowser(t testing.TB) context.Context {
	t.Helper()
	bin := ChromiumOrSkip(t)
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
		chromedp.WindowSize(DesktopWidth, DesktopHeight),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// Start the browser now, so that a broken installation fails here.
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(DesktopWidth, DesktopHeight)); err != nil {
		cancelCtx()
		cancelAlloc()
		removeAllRetry(profile)
		if RequireBrowser() {
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

// Run runs chromedp actions with a time limit, failing the test on error.
func Run(t testing.TB, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Run(tctx, actions...); err != nil {
		var url string
		_ = chromedp.Run(ctx, chromedp.Location(&url))
		t.Fatalf("%s (at %s): %v", what, url, err)
	}
}

// AwaitPromise makes chromedp.Evaluate wait for the promise the
// expression returns.
func AwaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// AxeSource returns the source of axe.min.js: HUBDIR_AXE_JS, or
// node_modules/axe-core/axe.min.js in the current directory or a parent.
// It skips the test when there is none, unless HUBDIR_REQUIRE_BROWSER=1.
func AxeSource(t testing.TB) string {
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
		SkipOrFail(t, "axe-core not found: npm install axe-core@4 and set HUBDIR_AXE_JS=.../node_modules/axe-core/axe.min.js")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		SkipOrFail(t, fmt.Sprintf("axe-core: %v", err))
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

// CheckAxe injects axe-core into the current page (once per document),
// runs it, and reports every serious or critical violation as a test
// error.
func CheckAxe(t testing.TB, ctx context.Context, axeJS, page string) {
	t.Helper()
	var loaded bool
	Run(t, ctx, "axe: probe", chromedp.Evaluate(`typeof window.axe === "object"`, &loaded))
	if !loaded {
		Run(t, ctx, "axe: inject", chromedp.Evaluate(axeJS, nil))
	}
	var res axeResult
	Run(t, ctx, "axe: run", chromedp.Evaluate(
		`axe.run(document, {resultTypes: ["violations"]}).then(r => ({violations: r.violations}))`,
		&res, AwaitPromise,
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

// ScreenshotDir returns the directory screenshots are written to:
// HUBDIR_SCREENSHOTS (created if needed) or a temporary one.
func ScreenshotDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("HUBDIR_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// EvalString evaluates a JavaScript expression that yields a string.
func EvalString(t testing.TB, ctx context.Context, expr string) string {
	t.Helper()
	var s string
	Run(t, ctx, "evaluate "+expr, chromedp.Evaluate(expr, &s))
	return s
}

// EvalStrings evaluates a JavaScript expression that yields strings.
func EvalStrings(t testing.TB, ctx context.Context, expr string) []string {
	t.Helper()
	var s []string
	Run(t, ctx, "evaluate "+expr, chromedp.Evaluate(expr, &s))
	return s
}

// Location returns the tab's current URL.
func Location(t testing.TB, ctx context.Context) *url.URL {
	t.Helper()
	var s string
	Run(t, ctx, "read location", chromedp.Location(&s))
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("location %q: %v", s, err)
	}
	return u
}

// LatinDigits replaces Persian and Arabic-Indic digits with ASCII ones.
func LatinDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		}
		return r
	}, s)
}
