package staff_test

// The harness of the staff workspace's tests: the whole service from
// servicetest, through app.Test (site) or a real listener (testServer).

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/tabular"
	"hubdir/handlers"
	"hubdir/handlers/servicetest"
)

// TestMain starts the shared test database for the package's tests.
func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

// site is the service under test with its store and catalog.
type site struct {
	env   *servicetest.Env
	srv   *handlers.Server
	store *mongo.Store
	cat   *catalog.Catalog
	zone  *time.Location
}

// siteOptions tune newSite.
type siteOptions struct {
	perMinute      int      // interests per minute per address; 0: no limit
	trustedProxies []string // handlers.Config.TrustedProxies
	importGate     *tabular.Gate
}

// newSite builds the whole service on a fresh database with the sample
// content (servicetest).
func newSite(t testing.TB, opt siteOptions) *site {
	t.Helper()
	e := servicetest.Start(t, servicetest.Options{InterestsPerMinute: opt.perMinute, TrustedProxies: opt.trustedProxies,
		ImportGate: opt.importGate})
	return &site{env: e, srv: e.Server, store: e.Store, cat: e.Catalog, zone: e.Zone}
}

// response is an answer as the tests read it.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends req to the service (servicetest.Env.Test).
func (s *site) do(t *testing.T, req *http.Request) response {
	t.Helper()
	res, b := s.env.Test(t, req)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// get sends a GET with optional header name/value pairs.
func (s *site) get(t *testing.T, target string, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(t, req)
}

// sampleRefs returns the sample needs: one open, one closed, one expired
// and one draft reference.
func (s *site) sampleRefs(t *testing.T) (open, closed, expired, draft string) {
	t.Helper()
	return servicetest.SampleRefs(t, s.store, s.zone)
}

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
