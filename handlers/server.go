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
	"hubdir/handlers/api"
	"hubdir/handlers/clientaddr"
	"hubdir/handlers/deps"
	"hubdir/handlers/page"
	"hubdir/handlers/pagecache"
	"hubdir/handlers/staff"
	"hubdir/handlers/web"
)

// Config is the service's one configuration struct (declared in
// handlers/deps, read from the environment by ConfigFromEnv).
type Config = deps.Config

// ConfigFromEnv builds the configuration from the environment, checking
// every value.
func ConfigFromEnv(getenv func(string) string) (Config, error) { return deps.FromEnv(getenv) }

// HitCounterOf returns the store's shared rate-limit counters, or nil.
func hitCounterOf(st any) HitCounter {
	hc, _ := st.(HitCounter)
	return hc
}

// Server is the HTTP service.
type Server struct {
	app    *fiber.App
	cfg    deps.Deps
	api    *api.Handler
	web    *web.Handler
	staff  *staff.Handler
	m      *metrics
	limits HitCounter // nil: counted in this process only

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

// newServer returns the HTTP service on its dependencies, with every
// route registered. Assemble (assemble.go) is the one place that calls it.
func newServer(d deps.Deps, m *metrics) (*Server, error) {
	d.Config.Defaults()
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	d.Logger = slog.New(LogHandler(d.Logger.Handler()))
	cfg := d.Config
	s := &Server{cfg: d, limits: hitCounterOf(d.Store), m: m}
	s.apiCache = newAPICache(d)
	s.interestLimit = s.newLimiter("interest", cfg.InterestsPerMinute, time.Minute, 0)
	s.apiLimit = s.newLimiter("api", cfg.APIRequestsPerMinute, time.Minute, time.Second)
	s.api = &api.Handler{Deps: d}
	site, err := page.New(d)
	if err != nil {
		return nil, err
	}
	if s.web, err = web.New(site); err != nil {
		return nil, err
	}
	if s.staff, err = staff.New(site, s.web); err != nil {
		return nil, err
	}
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
	// No fc.ProxyHeader: Fiber's c.IP() would take the leftmost, client-
	// chosen X-Forwarded-For entry. clientaddr.Of gives the client address.
	addrs, err := clientaddr.New(cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	s.app = fiber.New(fc)
	s.app.Server().HeaderReceived = bodyLimit // the import's larger body (bodylimit.go)
	s.app.Use(s.observe)                      // first: it sees the final status of every request
	s.app.Use(addrs.Middleware())
	s.app.Use(recover.New())
	s.app.Use(securityHeaders)
	s.app.Use(newAdmission(cfg.ConcurrentReads, m.admitTimeouts).handler())
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
	case content.CodeConflict, content.CodeNeedNotOpen, content.CodeBadTransition, content.CodeInUse:
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
	if status == fiber.StatusRequestEntityTooLarge {
		if ok, err := s.tooLarge(c); ok {
			return err
		}
	}
	if strings.HasPrefix(c.Path(), "/api/") || c.Path() == "/api" {
		return s.api.WriteError(c, status, code, cerr)
	}
	return s.web.WriteError(c, status, code)
}
