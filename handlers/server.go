// Package handlers assembles Hubdir's HTTP service: the Fiber app, its
// middleware, the route table (routes.go) and the one error handler that
// maps domain error codes to HTTP statuses.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/api"
	"hubdir/handlers/pagecache"
	"hubdir/handlers/web"
	"hubdir/i18n"
)

// Config holds the dependencies and settings of the HTTP service.
type Config struct {
	Store   content.Store
	Catalog *catalog.Catalog
	Bundle  *i18n.Bundle
	Logger  *slog.Logger
	// Zone is the park's time zone: it decides which day a deadline ends.
	Zone *time.Location
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// DefaultLang is the locale used when a request names none.
	DefaultLang string
	// TrustedProxies lists the addresses or CIDR ranges whose
	// X-Forwarded-For header is believed. Empty: the header is ignored.
	TrustedProxies []string
	// BodyLimit bounds request bodies, in bytes (default 1 MiB).
	BodyLimit int
	// InterestsPerMinute bounds registrations of interest per client
	// address, web form and API together (default 20; negative: no limit,
	// for load tests).
	InterestsPerMinute int
	// APIRequestsPerMinute bounds the API requests per client address
	// (default 600; negative: no limit).
	APIRequestsPerMinute int
	// Limits keeps the rate limiters' counters, shared by every instance
	// of the service. When nil, Store is used if it is a HitCounter (the
	// MongoDB store is), else the limits are counted in this process only.
	Limits HitCounter
	// LoginDelay slows a staff sign-in after the account's third failure
	// in a row (default 1 s; negative: none, for tests).
	LoginDelay time.Duration
	// Quiet turns off the per-request log lines (tests, benchmarks).
	Quiet bool
	// BenchCeiling adds GET /bench/ceiling, a minimal handler answering a
	// fixed small JSON document: the ceiling that `make bench` compares
	// the real endpoints with. Off in production.
	BenchCeiling bool
}

// Server is the HTTP service.
type Server struct {
	app *fiber.App
	cfg Config
	api *api.Handler
	web *web.Handler
	m   *metrics

	interestLimit, apiLimit *rateLimiter // nil: no limit
	apiCache                *pagecache.Cache
}

// Server timeouts and limits. A request's headers must fit in
// readBufferSize (else 431); a request must arrive within readTimeout and
// its answer leave within writeTimeout; an idle keep-alive connection is
// closed after idleTimeout.
const (
	readBufferSize = 16 << 10
	readTimeout    = 15 * time.Second
	writeTimeout   = 30 * time.Second
	idleTimeout    = 90 * time.Second
)

// New returns the service, with every route registered.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Logger = slog.New(LogHandler(cfg.Logger.Handler()))
	if cfg.Zone == nil {
		cfg.Zone = time.UTC
	}
	if cfg.DefaultLang == "" || !i18n.IsSupported(cfg.DefaultLang) {
		cfg.DefaultLang = "en"
	}
	if cfg.InterestsPerMinute == 0 {
		cfg.InterestsPerMinute = 20
	}
	if cfg.APIRequestsPerMinute == 0 {
		cfg.APIRequestsPerMinute = 600
	}
	if cfg.LoginDelay == 0 {
		cfg.LoginDelay = time.Second
	}
	if cfg.BodyLimit == 0 {
		cfg.BodyLimit = 1 << 20
	}
	if cfg.Limits == nil {
		cfg.Limits, _ = cfg.Store.(HitCounter)
	}
	s := &Server{cfg: cfg, m: newMetrics(cfg.Catalog)}
	// The handlers see the store through a wrapper that counts interests.
	cfg.Store = countingStore{Store: cfg.Store, m: s.m}
	s.interestLimit = s.newLimiter("interest", cfg.InterestsPerMinute, time.Minute, 0)
	s.apiLimit = s.newLimiter("api", cfg.APIRequestsPerMinute, time.Minute, time.Second)
	s.api = &api.Handler{
		Store: cfg.Store, Catalog: cfg.Catalog, Bundle: cfg.Bundle, Logger: cfg.Logger,
		Zone: cfg.Zone, Now: cfg.Now, DefaultLang: cfg.DefaultLang,
	}
	s.apiCache = newAPICache(cfg)
	w, err := web.New(web.Config{
		Store: cfg.Store, Catalog: cfg.Catalog, Bundle: cfg.Bundle, Logger: cfg.Logger,
		Zone: cfg.Zone, Now: cfg.Now, DefaultLang: cfg.DefaultLang,
		LoginDelay: cfg.LoginDelay,
	})
	if err != nil {
		return nil, err
	}
	s.web = w
	fc := fiber.Config{
		AppName:               "hubdir",
		BodyLimit:             cfg.BodyLimit,
		ReadTimeout:           readTimeout,
		WriteTimeout:          writeTimeout,
		IdleTimeout:           idleTimeout,
		ReadBufferSize:        readBufferSize,
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		CaseSensitive:         true,
	}
	// Always check: without the check Fiber believes every client's
	// X-Forwarded-Host and X-Forwarded-Proto (canonical links, HSTS).
	fc.EnableTrustedProxyCheck = true
	fc.TrustedProxies = cfg.TrustedProxies
	if len(cfg.TrustedProxies) > 0 {
		fc.ProxyHeader = fiber.HeaderXForwardedFor
	}
	s.app = fiber.New(fc)
	s.app.Use(s.observe) // first: it sees the final status of every request
	s.app.Use(recover.New())
	s.app.Use(securityHeaders)
	s.app.Use(s.invalidateOnWrite)
	s.routes()
	s.m.learnRoutes(s.app)
	return s, nil
}

// App returns the Fiber app, for tests (app.Test) and for Listen.
func (s *Server) App() *fiber.App { return s.app }

// Listen serves on addr until Shutdown.
func (s *Server) Listen(addr string) error { return s.app.Listen(addr) }

// Shutdown stops accepting connections and waits, until ctx ends, for the
// requests in flight.
func (s *Server) Shutdown(ctx context.Context) error { return s.app.ShutdownWithContext(ctx) }

// statusOf is the one table from domain error codes to HTTP statuses.
func statusOf(code content.Code) int {
	switch code {
	case content.CodeInvalid:
		return fiber.StatusBadRequest
	case content.CodeNotFound:
		return fiber.StatusNotFound
	case content.CodeConflict, content.CodeNeedNotOpen, content.CodeBadTransition:
		return fiber.StatusConflict
	case content.CodeUnauthorized:
		return fiber.StatusUnauthorized
	case content.CodeForbidden:
		return fiber.StatusForbidden
	case content.CodeUnavailable:
		return fiber.StatusServiceUnavailable
	}
	return fiber.StatusInternalServerError
}

// codeOfStatus names the errors Fiber itself raises (unknown route, body
// too large...) with codes that have a message in every catalog.
func codeOfStatus(status int) string {
	switch status {
	case fiber.StatusUnauthorized:
		return "unauthorized"
	case fiber.StatusForbidden:
		return "forbidden"
	case fiber.StatusNotFound:
		return "not_found"
	case fiber.StatusMethodNotAllowed:
		return "method_not_allowed"
	case fiber.StatusRequestEntityTooLarge:
		return "too_large"
	case fiber.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case fiber.StatusTooManyRequests:
		return "rate_limited"
	case fiber.StatusServiceUnavailable:
		return "unavailable"
	}
	if status >= 500 {
		return "internal"
	}
	return "invalid"
}

// retryAfter is the Retry-After of 503 answers, in seconds: about the
// time the driver needs to notice that the database is back.
const retryAfter = "5"

// handleError turns any error a handler returns into a response: JSON under
// /api, an HTML page elsewhere. Internal errors are logged, never shown.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status, code := fiber.StatusInternalServerError, "internal"
	var ferr *fiber.Error
	var cerr *content.Error
	switch {
	case errors.As(err, &cerr):
		code, status = string(cerr.Code), statusOf(cerr.Code)
	case errors.As(err, &ferr):
		status, code = ferr.Code, codeOfStatus(ferr.Code)
	case errors.Is(err, context.DeadlineExceeded):
		status, code = fiber.StatusServiceUnavailable, "unavailable"
	}
	if status >= 500 {
		// The route, not the path: a path may carry what a client typed.
		s.cfg.Logger.ErrorContext(c.UserContext(), "request failed", "method", c.Method(),
			"route", c.Route().Path, "status", status, "code", code, "err", err)
		if code == "unavailable" || code == "internal" {
			s.m.storeError(c.Method(), c.Route().Path, code)
		}
	}
	if status == fiber.StatusServiceUnavailable {
		c.Set(fiber.HeaderRetryAfter, retryAfter)
	}
	if strings.HasPrefix(c.Path(), "/api/") || c.Path() == "/api" {
		return s.api.WriteError(c, status, code, cerr)
	}
	return s.web.WriteError(c, status, code)
}
