package handlers

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
)

// apiSupplyRoutes registers the API of the supply side on /api/v1: public
// reads of offers, testing requests (rate-limited as interests) and staff
// writes.
func (s *Server) apiSupplyRoutes(v1 fiber.Router) {
	a := s.api
	v1.Get("/offers", a.ListOffers)
	v1.Post("/offers", a.CreateOffer)
	v1.Get("/offers/:ref", a.GetOffer)
	v1.Get("/offers/:ref/matches", a.OfferMatches)
	v1.Patch("/offers/:ref", a.UpdateOffer)
	v1.Delete("/offers/:ref", a.DeleteOffer)
	v1.Post("/offers/:ref/publish", a.TransitionOffer(content.Publish))
	v1.Post("/offers/:ref/close", a.TransitionOffer(content.Close))
	v1.Post("/offers/:ref/archive", a.TransitionOffer(content.Archive))
	v1.Post("/offers/:ref/requests", limit(s.interestLimit), a.RequestOfferTesting)
	v1.Post("/companies/:slug/requests", limit(s.interestLimit), a.RequestLabTesting)
}

// supplyRoutes registers the public pages of the supply side (issue 14):
// offers, laboratories, the proposal forms and testing-service requests.
// Fixed paths come before the parameterised ones they would match.
func (s *Server) supplyRoutes(l fiber.Router) {
	w := s.web
	l.Get("/offers", w.Offers)
	l.Get("/offers/feed.atom", w.FeedOffersAtom)
	l.Get("/offers/propose", w.ProposeOffer)
	l.Post("/offers/propose", limit(s.interestLimit), w.PostProposeOffer)
	l.Get("/offers/submitted/:ref", w.Submitted)
	l.Get("/offers/:ref", w.Offer)
	l.Post("/offers/:ref/request", limit(s.interestLimit), w.PostOfferRequest)
	l.Get("/offers/:ref/request/sent", w.RequestSent)
	l.Get("/labs", w.Labs)
	l.Get("/labs/propose", w.ProposeLab)
	l.Post("/labs/propose", limit(s.interestLimit), w.PostProposeLab)
	l.Get("/labs/submitted/:slug", w.Submitted)
	l.Get("/labs/:slug", w.Lab)
	l.Post("/labs/:slug/request", limit(s.interestLimit), w.PostLabRequest)
	l.Get("/labs/:slug/request/sent", w.RequestSent)
}

// staffSupplyRoutes registers the supply side of the staff workspace on
// the signed-in group auth.
func (s *Server) staffSupplyRoutes(auth fiber.Router) {
	w := s.staff
	auth.Get("/offers", w.StaffOffers)
	auth.Get("/offers/new", w.StaffOfferForm)
	auth.Get("/offers/export.:ext", w.StaffOffersExport)
	auth.Post("/offers/new", w.StaffOfferPost)
	auth.Get("/offers/:ref/edit", w.StaffOfferForm)
	auth.Post("/offers/:ref/edit", w.StaffOfferPost)
	auth.Post("/offers/labs/:slug/erase", w.StaffLabErase)
	auth.Post("/offers/:ref/:action", w.StaffOfferAction)
	auth.Get("/matches", w.StaffMatches)
}
