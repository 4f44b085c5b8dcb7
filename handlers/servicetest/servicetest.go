// Package servicetest is the one test harness of the HTTP service: the
// whole service (handlers.Assemble, as `hubdir serve` builds it) on a
// fresh database of the shared test store with the sample content,
// reached through app.Test or a real listener, plus staff members and the
// headless-browser helpers (browser.go). Tests of handlers, handlers/web
// and handlers/staff use it; their TestMain must call mongotest.Main.
package servicetest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/sample"
	"hubdir/content/tabular"
	"hubdir/handlers"
)

// Options tune Start. Zero values mean: no rate limits, no sign-in delay,
// the real clock, the park's zone (Asia/Tehran), the sample content.
type Options struct {
	// InterestsPerMinute and APIRequestsPerMinute are the rate limits;
	// 0 means none (the service's default would be 20 and 600).
	InterestsPerMinute, APIRequestsPerMinute int
	TrustedProxies                           []string
	// ImportGate bounds concurrent staff imports; a gate of the default
	// size when nil.
	ImportGate *tabular.Gate
	// PublicURL is HUBDIR_PUBLIC_URL ("https://hub.example.org"); empty:
	// links follow the request.
	PublicURL string
	// Now is the service's clock; time.Now when nil.
	Now func() time.Time
	// LoginDelay slows sign-in after failures; 0: none.
	LoginDelay time.Duration
	// Store, when set, is used instead of a fresh database.
	Store *mongo.Store
	// NoSample leaves the database empty.
	NoSample bool
	// SampleFlows plays the sample flows (sample.LoadFlows: interests,
	// their status changes, alerts) through the assembled service's
	// workspace and mail side, as `hubdir serve` does on its first start;
	// their messages are made once the test starts the mail side.
	SampleFlows bool
	// Logger receives the service's logs; discarded when nil.
	Logger *slog.Logger
	// Sync, when positive, keeps the catalog current with other writers,
	// polling at that interval, until the test ends.
	Sync time.Duration
}

// Env is a running service under test.
type Env struct {
	Service *handlers.Service
	Server  *handlers.Server
	Store   *mongo.Store
	Catalog *catalog.Catalog
	Zone    *time.Location
	// URL is the base URL ("http://127.0.0.1:port") once Listen was called.
	URL string
}

// Zone returns the park's time zone of the tests.
func Zone() *time.Location {
	zone, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		zone = time.FixedZone("IRST", 3*3600+1800)
	}
	return zone
}

// Start assembles the service on a fresh database with the sample content.
func Start(tb testing.TB, opt Options) *Env {
	tb.Helper()
	ctx := context.Background()
	zone := Zone()
	st := opt.Store
	if st == nil {
		st = mongotest.Open(tb, mongo.Config{Zone: zone})
	}
	if !opt.NoSample {
		if err := sample.Load(ctx, st, time.Now(), zone); err != nil {
			tb.Fatalf("load sample: %v", err)
		}
	}
	limit := func(n int) int {
		if n == 0 {
			return -1
		}
		return n
	}
	delay := opt.LoginDelay
	if delay == 0 {
		delay = -1
	}
	logger := opt.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg := handlers.Config{
		Zone: zone, Now: opt.Now, DefaultLang: "en", TrustedProxies: opt.TrustedProxies,
		InterestsPerMinute: limit(opt.InterestsPerMinute), APIRequestsPerMinute: limit(opt.APIRequestsPerMinute),
		LoginDelay: delay, Quiet: true, PublicURL: opt.PublicURL,
		ImportGate: opt.ImportGate,
		// The texts of needs in a mapped file, as serve keeps them.
		TextDir: tb.TempDir(),
	}
	svc, err := handlers.Assemble(ctx, cfg, st, logger)
	if err != nil {
		tb.Fatalf("assemble: %v", err)
	}
	if opt.SampleFlows {
		if _, err := sample.LoadFlows(ctx, svc.Workspace, svc.Server.Mail(), st, time.Now(), zone); err != nil {
			tb.Fatalf("sample flows: %v", err)
		}
	}
	if opt.Sync > 0 {
		tb.Cleanup(svc.StartSync(opt.Sync))
	}
	return &Env{Service: svc, Server: svc.Server, Store: st, Catalog: svc.Catalog, Zone: zone}
}

// Listen serves the service on a real listener on 127.0.0.1:0 until the
// test ends and returns (and keeps in URL) its base URL.
func (e *Env) Listen(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- e.Server.App().Listener(ln) }()
	tb.Cleanup(func() {
		Shutdown(e.Server)
		<-done
	})
	e.URL = "http://" + ln.Addr().String()
	return e.URL
}

// Shutdown stops a test server, waiting at most a few seconds for its
// connections: a keep-alive connection left open by a client must not
// hold the test binary until its timeout.
func Shutdown(srv *handlers.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}

// Test sends req through app.Test (no listener); a request without a
// host gets "hub.example.org". The body is read and returned.
func (e *Env) Test(tb testing.TB, req *http.Request) (*http.Response, []byte) {
	tb.Helper()
	if req.Host == "" || req.Host == "example.com" {
		req.Host = "hub.example.org"
	}
	res, err := e.Server.App().Test(req, -1)
	if err != nil {
		tb.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return res, b
}

// SampleRefs returns references of the sample needs as they read today
// in zone: one open, one closed, one expired and one draft.
func SampleRefs(tb testing.TB, st content.Store, zone *time.Location) (open, closed, expired, draft string) {
	tb.Helper()
	snap, err := st.Snapshot(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	today := content.Today(time.Now(), zone)
	for _, n := range snap.Needs {
		switch st := n.StatusOn(today); {
		case st == content.NeedPublished && open == "":
			open = n.Ref
		case st == content.NeedClosed && closed == "":
			closed = n.Ref
		case st == content.NeedExpired && expired == "":
			expired = n.Ref
		case st == content.NeedDraft && draft == "":
			draft = n.Ref
		}
	}
	if open == "" || closed == "" || draft == "" {
		tb.Fatalf("sample lacks needs: open %q closed %q expired %q draft %q", open, closed, expired, draft)
	}
	return open, closed, expired, draft
}

// TestPassword is the password AddStaff gives every staff member.
const TestPassword = "correct horse battery staple"

// AddStaff adds a staff member (role content.RoleAdmin or RoleEditor, with
// hubs) whose password is TestPassword.
func AddStaff(tb testing.TB, st content.Store, email, name, role string, hubs ...string) *content.Staff {
	tb.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(TestPassword), bcrypt.MinCost)
	if err != nil {
		tb.Fatal(err)
	}
	in := &content.StaffInput{Email: email, Name: name, Role: role, Hubs: hubs}
	s, err := st.AddStaff(context.Background(), in, string(hash))
	if err != nil {
		tb.Fatalf("add staff %s: %v", email, err)
	}
	return s
}

// Token adds a staff member and returns a new API token of theirs.
func Token(tb testing.TB, st content.Store, email, role string, hubs ...string) string {
	tb.Helper()
	AddStaff(tb, st, email, "Test "+role, role, hubs...)
	tok, err := st.CreateToken(context.Background(), email)
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}
