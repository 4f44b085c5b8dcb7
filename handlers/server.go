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
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/api"
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
	// address (default 20; negative: no limit, for load tests).
	InterestsPerMinute int
	// Quiet turns off the per-request log lines (tests, benchmarks).
	Quiet bool
}

// Server is the HTTP service.
type Server struct {
	app *fiber.App
	cfg Config
	api *api.Handler
	web *web.Handler
}

// New returns the service, with every route registered.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Zone == nil {
		cfg.Zone = time.UTC
	}
	if cfg.DefaultLang == "" || !i18n.IsSupported(cfg.DefaultLang) {
		cfg.DefaultLang = "en"
	}
	if cfg.InterestsPerMinute == 0 {
		cfg.InterestsPerMinute = 20
	}
	if cfg.BodyLimit == 0 {
		cfg.BodyLimit = 1 << 20
	}
	s := &Server{cfg: cfg}
	s.api = &api.Handler{
		Store: cfg.Store, Catalog: cfg.Catalog, Bundle: cfg.Bundle, Logger: cfg.Logger,
		Zone: cfg.Zone, Now: cfg.Now, DefaultLang: cfg.DefaultLang,
	}
	w, err := web.New(web.Config{
		Store: cfg.Store, Catalog: cfg.Catalog, Bundle: cfg.Bundle, Logger: cfg.Logger,
		Zone: cfg.Zone, Now: cfg.Now, DefaultLang: cfg.DefaultLang,
	})
	if err != nil {
		return nil, err
	}
	s.web = w
	fc := fiber.Config{
		AppName:               "hubdir",
		BodyLimit:             cfg.BodyLimit,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           90 * time.Second,
		ReadBufferSize:        16 << 10,
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
	s.app.Use(recover.New())
	s.app.Use(requestid.New())
	if !cfg.Quiet {
		s.app.Use(s.logRequests)
	}
	s.app.Use(securityHeaders)
	s.routes()
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
		s.cfg.Logger.Error("request failed", "method", c.Method(), "path", c.Path(),
			"status", status, "request_id", c.GetRespHeader(fiber.HeaderXRequestID), "err", err)
	}
	if status == fiber.StatusServiceUnavailable {
		c.Set(fiber.HeaderRetryAfter, "10")
	}
	if strings.HasPrefix(c.Path(), "/api/") || c.Path() == "/api" {
		return s.api.WriteError(c, status, code, cerr)
	}
	return s.web.WriteError(c, status, code)
}
