package handlers

import (
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
)

// contentSecurityPolicy allows only this site's own scripts, styles, fonts
// and images, and no framing. JSON-LD blocks are data, not script, so they
// need no exception.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentSecurityPolicy, contentSecurityPolicy)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderReferrerPolicy, "strict-origin-when-cross-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	// c.Protocol honours X-Forwarded-Proto only from trusted proxies.
	if c.Protocol() == "https" {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}

// logRequests logs one line per request with its request id, method, route,
// status and duration. It logs no query strings or bodies, which may carry
// personal data.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	if err := c.Next(); err != nil {
		// Answer the error now, so that the line has the final status.
		if herr := s.handleError(c, err); herr != nil {
			return herr
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.cfg.Logger.Log(c.UserContext(), level, "request",
		"request_id", c.GetRespHeader(fiber.HeaderXRequestID),
		"method", c.Method(),
		"route", c.Route().Path,
		"status", status,
		"duration_ms", float64(time.Since(start).Microseconds())/1000,
	)
	return nil
}
