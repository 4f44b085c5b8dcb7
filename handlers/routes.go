package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"hubdir/content"
)

// routes is the whole route table of the service.
func (s *Server) routes() {
	app, a := s.app, s.api

	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/metrics", s.metrics)

	v1 := app.Group("/api/v1", a.Locale, a.Authenticate)
	v1.Get("/openapi.json", a.OpenAPI)
	v1.Get("/hubs", a.ListHubs)
	v1.Get("/hubs/:code", a.GetHub)

	v1.Get("/needs", a.ListNeeds)
	v1.Post("/needs", a.CreateNeed)
	v1.Get("/needs/:ref", a.GetNeed)
	v1.Patch("/needs/:ref", a.UpdateNeed)
	v1.Delete("/needs/:ref", a.DeleteNeed)
	v1.Post("/needs/:ref/publish", a.TransitionNeed(content.Publish))
	v1.Post("/needs/:ref/close", a.TransitionNeed(content.Close))
	v1.Post("/needs/:ref/archive", a.TransitionNeed(content.Archive))
	v1.Post("/needs/:ref/interests", s.interestLimiter(), a.RegisterInterest)

	v1.Get("/companies", a.ListCompanies)
	v1.Post("/companies", a.CreateCompany)
	v1.Get("/companies/:slug", a.GetCompany)
	v1.Patch("/companies/:slug", a.UpdateCompany)
	v1.Delete("/companies/:slug", a.DeleteCompany)
	v1.Post("/companies/:slug/publish", a.PublishCompany(true))
	v1.Post("/companies/:slug/unpublish", a.PublishCompany(false))

	v1.Get("/agreements", a.ListAgreements)
	v1.Post("/agreements", a.CreateAgreement)
	v1.Get("/agreements/:slug", a.GetAgreement)
	v1.Patch("/agreements/:slug", a.UpdateAgreement)
	v1.Delete("/agreements/:slug", a.DeleteAgreement)
	v1.Post("/agreements/:slug/publish", a.PublishAgreement(true))
	v1.Post("/agreements/:slug/unpublish", a.PublishAgreement(false))

	v1.Get("/interests", a.ListInterests)
	v1.Get("/interests/:ref", a.GetInterest)
	v1.Post("/interests/:ref/status", a.UpdateInterestStatus)

	v1.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })

	s.webRoutes()
}

// interestLimiter bounds registrations of interest per client address
// (c.IP honours X-Forwarded-For only from trusted proxies).
func (s *Server) interestLimiter() fiber.Handler {
	if s.cfg.InterestsPerMinute < 0 {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	return limiter.New(limiter.Config{
		Max:          s.cfg.InterestsPerMinute,
		Expiration:   time.Minute,
		LimitReached: func(c *fiber.Ctx) error { return fiber.ErrTooManyRequests },
	})
}

// webRoutes registers the HTML pages, their static files and the
// discovery files (feed, sitemap, robots.txt).
func (s *Server) webRoutes() {
	app, w := s.app, s.web
	app.Get("/", w.Root)
	app.Get("/static/:hash/*", w.Static)
	app.Get("/sitemap.xml", w.Sitemap)
	app.Get("/robots.txt", w.Robots)

	// Every /{lang}/... request passes the locale middleware: an unknown
	// {lang} is the localized not-found page.
	l := app.Group("/:lang", w.Locale)
	l.Get("/", w.Home)
	l.Get("/feed.atom", w.FeedAtom)
	l.Get("/hubs/:code", w.Hub)
	l.Get("/needs", w.Needs)
	l.Get("/needs/:ref", w.Need)
	l.Post("/needs/:ref/interest", s.interestLimiter(), w.PostInterest)
	l.Get("/needs/:ref/interest/:eoi", w.InterestDone)
	l.Get("/companies", w.Companies)
	l.Get("/companies/:slug", w.Company)
	l.Get("/agreements", w.Agreements)
	l.Get("/agreements/:slug", w.Agreement)
}
