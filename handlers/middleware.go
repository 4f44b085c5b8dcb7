package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"regexp"
	"runtime/trace"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// contentSecurityPolicy allows only this site's own scripts, styles, fonts
// and images, and no framing. JSON-LD blocks are data, not script, so they
// need no exception.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaderList are the headers every response carries, as
// canonical names and constant values (set without Fiber's per-call
// normalising and scanning for line breaks: a tenth of the CPU of a
// cached page).
var securityHeaderList = [][2][]byte{
	{[]byte(fiber.HeaderContentSecurityPolicy), []byte(contentSecurityPolicy)},
	{[]byte(fiber.HeaderXContentTypeOptions), []byte("nosniff")},
	{[]byte(fiber.HeaderXFrameOptions), []byte("DENY")},
	{[]byte(fiber.HeaderReferrerPolicy), []byte("strict-origin-when-cross-origin")},
	{[]byte("Permissions-Policy"), []byte("camera=(), microphone=(), geolocation=(), interest-cohort=()")},
	{[]byte("Cross-Origin-Opener-Policy"), []byte("same-origin")},
}

// securityHeaders sets the headers every response carries.
func securityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	for _, kv := range securityHeaderList {
		h.SetCanonical(kv[0], kv[1])
	}
	// c.Protocol honours X-Forwarded-Proto only from trusted proxies.
	if c.Protocol() == "https" {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}

// requestIDKey is the context key of the request id (see RequestID).
type requestIDKey struct{}

// requestIDLocal is the c.Locals key of the request id.
const requestIDLocal = "hubdir.request_id"

// RequestID returns the request id that ctx carries, "" when none. Every
// request's c.UserContext() carries its id.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// validRequestID accepts the X-Request-ID a client or proxy sends only
// when it is short and plain, so that it cannot smuggle text into logs or
// headers.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// newRequestID returns 16 random bytes in hex.
func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// observe is the first middleware: it gives the request an id (the
// incoming X-Request-ID when it is well-formed, else a new one), sets it in
// the response header and in c.UserContext() so that every log line of the
// request carries it, answers errors (so that the status is final), and
// then records the request's metrics and logs one line for it. That line
// has no query string or body, which may carry personal data.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	id := c.Get(fiber.HeaderXRequestID)
	if !validRequestID.MatchString(id) {
		id = newRequestID()
	} else {
		id = string([]byte(id)) // Fiber reuses the header's buffer
	}
	c.Set(fiber.HeaderXRequestID, id)
	c.Locals(requestIDLocal, id)
	ctx := context.WithValue(c.UserContext(), requestIDKey{}, id)
	if trace.IsEnabled() {
		// While Go's execution tracer runs (HUBDIR_PPROF's
		// /debug/pprof/trace), each request is a task named by its
		// method, so that `go tool trace` breaks a registration's time
		// down (docs/performance.md, "third round").
		var task *trace.Task
		ctx, task = trace.NewTask(ctx, "http "+c.Method())
		defer task.End()
		defer trace.StartRegion(ctx, "http "+c.Method()).End()
	}
	c.SetUserContext(ctx)

	if err := c.Next(); err != nil {
		if herr := s.handleError(c, err); herr != nil {
			return herr
		}
	}
	status := c.Response().StatusCode()
	route := c.Route().Path
	took := time.Since(start)
	s.m.observe(route, c.Method(), status, took)
	if s.cfg.Quiet {
		return nil
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.cfg.Logger.Log(c.UserContext(), level, "request",
		"method", c.Method(),
		"route", route,
		"status", status,
		"duration_ms", float64(took.Microseconds())/1000,
	)
	return nil
}

// logger returns the service's logger for use during a request: pass it
// c.UserContext() (the ...Context methods) and the line carries the
// request id.
func (s *Server) logger(*fiber.Ctx) *slog.Logger { return s.cfg.Logger }

// LogHandler wraps h so that every record logged with a context that
// carries a request id (a request's c.UserContext(), or a context derived
// from it, as the store receives) has a "request_id" attribute, and so
// that e-mail addresses and phone numbers in string and error values are
// masked. Wrapping twice has no further effect.
func LogHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(*logHandler); ok {
		return h
	}
	return &logHandler{h: h}
}

// logHandler is the slog.Handler of LogHandler.
type logHandler struct{ h slog.Handler }

// Enabled implements slog.Handler.
func (l *logHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return l.h.Enabled(ctx, level)
}

// Handle implements slog.Handler.
func (l *logHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, redact(r.Message), r.PC)
	if id := RequestID(ctx); id != "" {
		out.AddAttrs(slog.String("request_id", id))
	}
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return l.h.Handle(ctx, out)
}

// WithAttrs implements slog.Handler.
func (l *logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = redactAttr(a)
	}
	return &logHandler{h: l.h.WithAttrs(clean)}
}

// WithGroup implements slog.Handler.
func (l *logHandler) WithGroup(name string) slog.Handler {
	return &logHandler{h: l.h.WithGroup(name)}
}

// Patterns of personal data that must not reach the logs. An error from a
// lower layer (a driver message quoting a document, say) could carry them.
var (
	emailPattern = regexp.MustCompile(`[^\s"'<>@,;:()\[\]]+@[^\s"'<>@,;:()\[\]]+\.[A-Za-z]{2,}`)
	phonePattern = regexp.MustCompile(`\+?[0-9][0-9 ().-]{6,}[0-9]`)
	// datePattern and ipPattern spare digit runs that are not phones.
	datePattern = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}`)
	ipPattern   = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{1,3}){3}$`)
)

// redact masks e-mail addresses, and runs of nine or more digits written
// as phone numbers are ("+98 41 3333 4444", "09123456789"), in s. Dates,
// IPv4 addresses and reference codes ("EOI-26-00042") are left alone.
func redact(s string) string {
	if len(s) < 7 || !strings.ContainsAny(s, "@0123456789") {
		return s
	}
	if strings.IndexByte(s, '@') >= 0 {
		s = emailPattern.ReplaceAllString(s, "[email]")
	}
	return phonePattern.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for i := 0; i < len(m); i++ {
			if m[i] >= '0' && m[i] <= '9' {
				digits++
			}
		}
		if digits < 9 || datePattern.MatchString(m) || ipPattern.MatchString(m) {
			return m
		}
		return "[number]"
	})
}

// redactAttr masks personal data in a string, error or other value of a,
// and in groups. Times, numbers and booleans pass unchanged; so does
// request_id, which is checked or generated.
func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		if a.Key == "request_id" {
			return a
		}
		return slog.String(a.Key, redact(v.String()))
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, redact(err.Error()))
		}
		return slog.String(a.Key, redact(v.String()))
	case slog.KindGroup:
		g := v.Group()
		out := make([]any, len(g))
		for i, x := range g {
			out[i] = redactAttr(x)
		}
		return slog.Group(a.Key, out...)
	}
	return slog.Attr{Key: a.Key, Value: v}
}
