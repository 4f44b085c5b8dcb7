package api

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
)

// ListHubs answers GET /api/v1/hubs.
func (h *Handler) ListHubs(c *fiber.Ctx) error {
	if _, err := parseQuery(c); err != nil {
		return err
	}
	hubs := nonNil(h.Catalog.Hubs())
	return c.JSON(plainList[*content.Hub]{Items: hubs, Total: len(hubs), Page: 1, PerPage: len(hubs)})
}

// GetHub answers GET /api/v1/hubs/{code}.
func (h *Handler) GetHub(c *fiber.Ctx) error {
	hub, ok := h.Catalog.Hub(c.Params("code"))
	if !ok {
		return content.ErrNotFound
	}
	etag(c, hub.Version)
	return c.JSON(hub)
}
