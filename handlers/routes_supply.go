package handlers

import "github.com/gofiber/fiber/v2"

// supplyRoutes registers the public pages of the supply side (issue 14):
// offers, laboratories, the proposal forms and testing-service requests.
// Fixed paths come before the parameterised ones they would match.
func (s *Server) supplyRoutes(l fiber.Router) {
	w := s.web
	l.Get("/offers", w.Offers)
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
	auth.Post("/offers/new", w.StaffOfferPost)
	auth.Get("/offers/:ref/edit", w.StaffOfferForm)
	auth.Post("/offers/:ref/edit", w.StaffOfferPost)
	auth.Post("/offers/:ref/:action", w.StaffOfferAction)
	auth.Get("/matches", w.StaffMatches)
}
