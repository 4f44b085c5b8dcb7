package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// readyTimeout bounds the store's ping in /readyz.
const readyTimeout = 2 * time.Second

// healthz answers GET /healthz: the process is alive.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers GET /readyz: the store answers and the catalog is loaded.
// While it answers 503, a load balancer sends no new traffic here; the
// service itself keeps serving public reads from the catalog.
func (s *Server) readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	ctx, cancel := context.WithTimeout(c.UserContext(), readyTimeout)
	defer cancel()
	storeOK := s.cfg.Store.Ping(ctx) == nil
	catalogOK := s.cfg.Catalog.Loaded()
	status := fiber.StatusOK
	if !storeOK || !catalogOK {
		status = fiber.StatusServiceUnavailable
	}
	return c.Status(status).JSON(fiber.Map{"store": storeOK, "catalog": catalogOK})
}
