// Package web serves Hubdir's public, server-rendered HTML pages in every
// supported locale.
package web

import (
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/i18n"
)

// Config holds the dependencies of the pages.
type Config struct {
	Store       content.Store
	Catalog     *catalog.Catalog
	Bundle      *i18n.Bundle
	Logger      *slog.Logger
	Zone        *time.Location
	Now         func() time.Time
	DefaultLang string
}

// Handler serves the pages.
type Handler struct {
	cfg Config
}

// New returns the pages' handler, with its templates parsed and checked.
func New(cfg Config) (*Handler, error) {
	return &Handler{cfg: cfg}, nil
}

// Root answers GET /: a redirect to the best locale's home page.
func (h *Handler) Root(c *fiber.Ctx) error {
	lang := i18n.Match(c.Get(fiber.HeaderAcceptLanguage), h.cfg.DefaultLang)
	return c.Redirect("/"+lang+"/", fiber.StatusFound)
}

// WriteError renders the error page for status in the request's language.
func (h *Handler) WriteError(c *fiber.Ctx, status int, code string) error {
	return c.Status(status).SendString(code)
}
