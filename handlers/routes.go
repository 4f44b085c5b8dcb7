package handlers

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
)

// routes is the whole route table of the service.
func (s *Server) routes() {
	app, a := s.app, s.api

	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/metrics", s.metrics)
	if s.cfg.BenchCeiling {
		app.Get("/bench/ceiling", benchCeiling)
	}

	// The API limit applies before authentication, so that guessing
	// tokens is limited too.
	// Anonymous GET answers come from the API cache (newAPICache).
	v1 := app.Group("/api/v1", a.Locale, limit(s.apiLimit), a.Authenticate, s.apiCache.Handler)
	v1.Get("/openapi.json", a.OpenAPI)
	v1.Get("/hubs", a.ListHubs)
	v1.Get("/hubs/:code", a.GetHub)
	v1.Get("/suggest", a.Suggest)

	v1.Get("/needs", a.ListNeeds)
	v1.Post("/needs", a.CreateNeed)
	v1.Get("/needs/:ref", a.GetNeed)
	v1.Get("/needs/:ref/matches", a.NeedMatches)
	v1.Patch("/needs/:ref", a.UpdateNeed)
	v1.Delete("/needs/:ref", a.DeleteNeed)
	v1.Post("/needs/:ref/publish", a.TransitionNeed(content.Publish))
	v1.Post("/needs/:ref/close", a.TransitionNeed(content.Close))
	v1.Post("/needs/:ref/archive", a.TransitionNeed(content.Archive))
	v1.Post("/needs/:ref/interests", limitWrite(s.interestLimit), a.RegisterInterest)

	v1.Get("/companies", a.ListCompanies)
	v1.Post("/companies", a.CreateCompany)
	v1.Get("/companies/:slug", a.GetCompany)
	v1.Get("/companies/:slug/matches", a.CompanyMatches)
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

	s.apiSupplyRoutes(v1)

	v1.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })

	s.webRoutes()
}

// ceilingJSON is the fixed answer of benchCeiling.
var ceilingJSON = []byte(`{"status":"ok","items":[],"total":0}`)

// benchCeiling answers a fixed small JSON document, with nothing behind it
// but the service's global middleware: the load run's ceiling
// (Config.BenchCeiling).
func benchCeiling(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(ceilingJSON)
}

// webRoutes registers the HTML pages, their static files and the
// discovery files (feed, sitemap, robots.txt).
func (s *Server) webRoutes() {
	app, w := s.app, s.web
	app.Get("/", w.Root)
	app.Get("/static/:hash/*", w.Static)
	app.Get("/sitemap.xml", w.Sitemap)
	app.Get("/sitemap-:n.xml", w.SitemapPart)
	app.Get("/robots.txt", w.PageCache, w.Robots)
	app.Get("/site/logo", w.Logo)

	// Every /{lang}/... request passes the locale middleware: an unknown
	// {lang} is the localized not-found page. Anonymous GET pages are
	// served from the page cache (web.PageCache).
	l := app.Group("/:lang", w.Locale, w.PageCache)
	l.Get("/", w.Home)
	l.Get("/feed.atom", w.FeedAtom)
	l.Get("/hubs/:code", w.Hub)
	l.Get("/needs", w.Needs)
	l.Get("/needs/:ref", w.Need)
	l.Post("/needs/:ref/interest", limitWrite(s.interestLimit), w.PostInterest)
	l.Get("/needs/:ref/interest/:eoi", w.InterestDone)
	l.Get("/companies", w.Companies)
	l.Get("/companies/:slug", w.Company)
	l.Get("/agreements", w.Agreements)
	l.Get("/agreements/:slug", w.Agreement)
	l.Get("/impact", w.Impact)
	for _, id := range content.SitePages() {
		l.Get("/"+id, w.SitePage(id))
	}
	s.supplyRoutes(l)
	s.mailRoutes(l)

	s.staffRoutes(l)
}

// staffRoutes registers the staff workspace under /{lang}/staff. Every
// route passes StaffSession (session, no-store, CSRF on unsafe methods);
// the auth group answers only to signed-in staff, admin only to admins.
func (s *Server) staffRoutes(l fiber.Router) {
	w := s.staff
	st := l.Group("/staff", w.StaffSession)
	st.Get("/login", w.LoginForm)
	st.Post("/login", w.Login)
	st.Post("/logout", w.Logout)

	auth := st.Group("", w.RequireStaff)

	// A: staff and token management, audit log (admins only).
	admin := auth.Group("/admin", w.RequireAdmin)
	admin.Get("/staff", w.AdminStaff)
	admin.Post("/staff", w.AdminStaffAdd)
	admin.Get("/staff/:email", w.AdminStaffEdit)
	admin.Post("/staff/:email/role", w.AdminStaffRole)
	admin.Post("/staff/:email/disable", w.AdminStaffDisable(true))
	admin.Post("/staff/:email/enable", w.AdminStaffDisable(false))
	admin.Post("/staff/:email/password", w.AdminStaffPassword)
	admin.Get("/tokens", w.AdminTokens)
	admin.Post("/tokens", w.AdminTokenCreate)
	admin.Post("/tokens/:hash/revoke", w.AdminTokenRevoke)
	admin.Get("/audit", w.AdminAudit)
	admin.Get("/pages", w.AdminSitePages)
	admin.Post("/pages/settings", w.AdminSiteSettingsSave)
	admin.Get("/pages/:id", w.AdminSitePage)
	admin.Post("/pages/:id", w.AdminSitePageSave)

	// B: dashboard and editing
	auth.Get("/", w.StaffDashboard)
	auth.Post("/hubs/:code/review", w.StaffHubReview)
	auth.Get("/needs", w.StaffList("needs"))
	auth.Get("/needs/new", w.StaffNeedForm)
	auth.Post("/needs/new", w.StaffNeedPost)
	auth.Get("/needs/:ref/edit", w.StaffNeedForm)
	auth.Post("/needs/:ref/edit", w.StaffNeedPost)
	auth.Post("/needs/:ref/:action", w.StaffNeedAction)
	auth.Get("/companies", w.StaffList("companies"))
	auth.Get("/companies/new", w.StaffCompanyForm)
	auth.Post("/companies/new", w.StaffCompanyPost)
	auth.Get("/companies/:slug/edit", w.StaffCompanyForm)
	auth.Post("/companies/:slug/edit", w.StaffCompanyPost)
	auth.Post("/companies/:slug/:action", w.StaffCompanyAction)
	auth.Get("/agreements", w.StaffList("agreements"))
	auth.Get("/agreements/new", w.StaffAgreementForm)
	auth.Post("/agreements/new", w.StaffAgreementPost)
	auth.Get("/agreements/:slug/edit", w.StaffAgreementForm)
	auth.Post("/agreements/:slug/edit", w.StaffAgreementPost)
	auth.Post("/agreements/:slug/:action", w.StaffAgreementAction)

	// C: inbox, exports, import, outcomes
	auth.Get("/inbox", w.StaffInbox)
	auth.Get("/inbox/export.csv", w.StaffInboxCSV)
	auth.Get("/inbox/export.xlsx", w.StaffInboxXLSX)
	auth.Get("/inbox/:ref", w.StaffInterest)
	auth.Post("/inbox/:ref/status", w.StaffInterestStatus)
	auth.Post("/inbox/:ref/erase", w.StaffInterestErase)
	auth.Get("/import", w.StaffImport)
	auth.Post("/import", w.StaffImportPost)
	auth.Get("/import/template/:file", w.StaffImportTemplate)
	auth.Get("/outcomes", w.StaffOutcomes)
	s.staffSupplyRoutes(auth)
	auth.Get("/outbox", w.StaffOutbox)
	auth.Post("/outbox/prefs", w.StaffOutboxPrefs)
	auth.Get("/outbox/:id", w.StaffOutboxItem)

	_ = auth
}
