package handlers

import "github.com/gofiber/fiber/v2"

// invalidateOnWrite starts a new era of the page cache after every request
// that may write (any method but GET, HEAD and OPTIONS), before its
// response is sent: a write is visible on this process's pages when its
// answer arrives, even a write the catalog does not hold. Writes to the
// catalog change its version too, which the cache also keys on.
func (s *Server) invalidateOnWrite(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	defer s.web.Invalidate()
	return c.Next()
}
