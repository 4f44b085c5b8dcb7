// Package deps declares, once, what the handler packages share: the
// service's configuration (Config, read from the environment by FromEnv)
// and the dependencies every handler package is built with (Deps).
//
// It is a leaf package so that handlers, handlers/web, handlers/staff and
// handlers/api can all use the same struct without importing each other.
package deps

import (
	"context"
	"log/slog"
	"time"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/notify"
	"hubdir/content/tabular"
	"hubdir/content/workspace"
	"hubdir/i18n"
)

// Config is the service's whole configuration: every setting is declared
// here once. FromEnv reads it from the environment; tests fill it in.
type Config struct {
	MongoURI string // MONGODB_URI; empty: the embedded store
	Database string // MONGODB_DB, default "hubdir"
	Addr     string // HUBDIR_ADDR, default ":8080"
	DataDir  string // HUBDIR_DATA: the embedded store's folder, default "./data"
	// EmbeddedAddr is HUBDIR_EMBEDDED_ADDR: the address the embedded store
	// listens on ("127.0.0.1:27017"), so that a second instance can use it
	// through MONGODB_URI; default a free loopback port.
	EmbeddedAddr string
	// DefaultLang (HUBDIR_DEFAULT_LANG, default "en") is the locale used
	// when a request names none.
	DefaultLang string
	// TrustedProxies (HUBDIR_TRUSTED_PROXIES, comma-separated) lists the
	// addresses or CIDR ranges whose X-Forwarded-For header is believed.
	// Empty: the header is ignored.
	TrustedProxies []string
	// Zone (HUBDIR_TIMEZONE, default Asia/Tehran) is the park's time zone:
	// it decides which day a deadline ends.
	Zone *time.Location
	// PublicURL is HUBDIR_PUBLIC_URL, the site's public address and the
	// base of every absolute link ("https://hub.example.org", no trailing
	// slash; checked by ParsePublicURL): canonical links, og:url, JSON-LD,
	// sitemap, feed, robots.txt, and links in e-mail. Empty: links follow
	// the request's host, and the answers that carry them are never cached
	// publicly (page.Site.PublicBase).
	PublicURL string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// ImportGate bounds the staff imports read at the same time (a gate
	// of DefaultImportsAtOnce places when nil); one more is refused at
	// once. Tests pass their own, to hold its places.
	ImportGate *tabular.Gate
	// InterestsPerMinute (HUBDIR_INTEREST_RATE, default 20) bounds
	// registrations of interest per client address, web form and API
	// together; APIRequestsPerMinute (HUBDIR_API_RATE, default 600) bounds
	// API requests per client address. Negative: no limit.
	InterestsPerMinute, APIRequestsPerMinute int
	// BodyLimit bounds request bodies, in bytes (default 1 MiB).
	BodyLimit int
	// LoginDelay slows a staff sign-in after the account's third failure
	// in a row (default 1 s; negative: none, for tests).
	LoginDelay time.Duration
	// ShutdownTimeout (HUBDIR_SHUTDOWN_TIMEOUT, default 15s) bounds how long
	// serve waits for requests in flight on SIGTERM.
	ShutdownTimeout time.Duration
	// Quiet turns off the per-request log lines (tests, benchmarks).
	Quiet bool
	// Sample (HUBDIR_SAMPLE) says whether serve loads the sample content
	// into an empty store: "" only into the embedded store, never into one
	// named by MONGODB_URI; "1" into any empty store; "0" never.
	Sample string
	// SMTPURL (HUBDIR_SMTP_URL) is where mail goes: smtp://user:pass@host:587
	// (STARTTLS when offered; ?starttls=required insists), smtps:// for
	// implicit TLS. Empty: messages stay in the outbox, read by staff.
	SMTPURL string
	// MailFrom (HUBDIR_MAIL_FROM) is the sender of mail, default
	// "Hubdir <hubdir@localhost>".
	MailFrom string
	// MailLease (HUBDIR_MAIL_LEASE, default 2m) is how long a sender holds
	// a message it is sending: a sender killed mid-send leaves its message
	// to the others for that long.
	MailLease time.Duration
	// BenchCeiling (HUBDIR_BENCH_CEILING=1) adds GET /bench/ceiling, a
	// minimal handler answering a fixed small JSON document: the ceiling
	// that `make bench` compares the real endpoints with. Off in production.
	BenchCeiling bool
	// Pprof (HUBDIR_PPROF, a loopback host:port) serves Go's profiler
	// there, for profiling a load run; empty: off.
	Pprof string
	// TextDir (HUBDIR_TEXT_DIR) is the folder in which the catalog keeps
	// the titles, summaries and bodies of needs out of the heap, in a file
	// of its own mapped into memory (catalog.MapTexts); empty or "off": in
	// the heap. serve sets it to HUBDIR_DATA (the embedded store) or the
	// system's temporary folder (MONGODB_URI) unless it is "off".
	TextDir string
	// ConcurrentReads (HUBDIR_CONCURRENT_READS) bounds the public reads
	// served from memory that run at once, so that under many readers
	// the writes' goroutines are not queued behind them (handlers/admit.go):
	// 0 means one fewer than GOMAXPROCS (at least 1), negative no bound.
	ConcurrentReads int
}

// DefaultImportsAtOnce is how many staff imports may read their files at
// the same time: each may unpack and stream up to 64 MiB of a spreadsheet.
const DefaultImportsAtOnce = 2

// WantsSample reports whether serve may load the sample content into an
// empty store (Sample): never into a store named by MONGODB_URI, a
// production database, unless HUBDIR_SAMPLE=1 asks for it.
func (c *Config) WantsSample() bool {
	switch c.Sample {
	case "1":
		return true
	case "0":
		return false
	}
	return c.MongoURI == ""
}

// Defaults fills in the zero settings that have a default.
func (c *Config) Defaults() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Zone == nil {
		c.Zone = time.UTC
	}
	if c.DefaultLang == "" || !i18n.IsSupported(c.DefaultLang) {
		c.DefaultLang = "en"
	}
	if c.InterestsPerMinute == 0 {
		c.InterestsPerMinute = 20
	}
	if c.APIRequestsPerMinute == 0 {
		c.APIRequestsPerMinute = 600
	}
	if c.LoginDelay == 0 {
		c.LoginDelay = time.Second
	}
	if c.BodyLimit == 0 {
		c.BodyLimit = 1 << 20
	}
	if c.ImportGate == nil {
		c.ImportGate = tabular.NewGate(DefaultImportsAtOnce)
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 15 * time.Second
	}
}

// Reader is what the handler packages read from the store directly: the
// documents the catalog does not hold (drafts being edited, interests,
// staff, tokens, the audit log). Writes go through the workspace.
type Reader interface {
	Ping(ctx context.Context) error
	Hubs(ctx context.Context) ([]*content.Hub, error)
	Need(ctx context.Context, ref string) (*content.Need, error)
	Company(ctx context.Context, slug string) (*content.Company, error)
	Agreement(ctx context.Context, slug string) (*content.Agreement, error)
	Interest(ctx context.Context, ref string) (*content.Interest, error)
	Interests(ctx context.Context, f content.InterestFilter) ([]*content.Interest, error)
	InterestPage(ctx context.Context, f content.InterestFilter) ([]*content.Interest, int, error)
	InterestTallies(ctx context.Context, hubs []string) ([]content.InterestTally, error)
	Staff(ctx context.Context, email string) (*content.Staff, error)
	StaffByToken(ctx context.Context, token string) (*content.Staff, error)
	ListStaff(ctx context.Context) ([]*content.Staff, error)
	Tokens(ctx context.Context, email string) ([]*content.Token, error)
	Audit(ctx context.Context, f content.AuditFilter) ([]*content.AuditEntry, error)
}

// Deps are the dependencies of a handler package: the configuration (its
// fields are promoted, so h.cfg.Zone reads Config.Zone) and the services.
type Deps struct {
	Config
	// Store is what handlers read of the content store; every write goes
	// through Workspace (Reader has no write method, and
	// handlers/lint_test.go checks the rule too).
	Store     Reader
	Workspace *workspace.Service
	Catalog   *catalog.Catalog
	Bundle    *i18n.Bundle
	Logger    *slog.Logger
	// Mail is the mail side (the firm's page, alerts, the staff outbox);
	// nil: those pages are not found.
	Mail *notify.Service
}
