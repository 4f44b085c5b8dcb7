package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz answers GET /healthz: the process is alive.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers GET /readyz: the store answers and the catalog is loaded.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	storeOK := s.cfg.Store.Ping(ctx) == nil
	catalogOK := s.cfg.Catalog.Loaded()
	status := fiber.StatusOK
	if !storeOK || !catalogOK {
		status = fiber.StatusServiceUnavailable
	}
	return c.Status(status).JSON(fiber.Map{"store": storeOK, "catalog": catalogOK})
}

// metrics answers GET /metrics in the Prometheus text format.
func (s *Server) metrics(c *fiber.Ctx) error {
	figures := s.cfg.Catalog.Figures()
	c.Set(fiber.HeaderContentType, "text/plain; version=0.0.4; charset=utf-8")
	out := "# HELP hubdir_catalog_revision Highest store revision applied to the catalog.\n" +
		"# TYPE hubdir_catalog_revision gauge\n" +
		fmt.Sprintf("hubdir_catalog_revision %d\n", s.cfg.Catalog.Rev()) +
		"# HELP hubdir_catalog_needs Public needs in the catalog, by hub.\n" +
		"# TYPE hubdir_catalog_needs gauge\n"
	for hub, f := range figures {
		out += fmt.Sprintf("hubdir_catalog_needs{hub=%q} %d\n", hub, f.Needs)
	}
	return c.SendString(out)
}
