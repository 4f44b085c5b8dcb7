package api

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// openAPIDocument describes every route under /api/v1; a test keeps it and
// the route table in step.
//
//go:embed openapi.json
var openAPIDocument []byte

// OpenAPI answers GET /api/v1/openapi.json.
func (h *Handler) OpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(openAPIDocument)
}
