package handlers

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
)

// mailRoutes registers the firm's own page and the e-mail alerts. Link and
// sign-up requests share the interest form's limit per client address;
// the mail side also limits them per e-mail address.
func (s *Server) mailRoutes(l fiber.Router) {
	w := s.web
	l.Get("/my", w.My)
	l.Post("/my/link", limit(s.interestLimit), w.MyLink)
	l.Get("/my/open", w.MyOpen)
	l.Post("/my/open", limit(s.interestLimit), w.MyOpenPost)
	l.Post("/my/signout", w.MySignOut)
	l.Post("/my/withdraw", w.MyChange(content.FirmWithdraw))
	l.Post("/my/contact", w.MyChange(content.FirmContact))
	l.Get("/alerts", w.Alerts)
	l.Post("/alerts", limit(s.interestLimit), w.AlertsPost)
	l.Post("/alerts/manage", limit(s.interestLimit), w.AlertsManageRequest)
	l.Get("/alerts/manage", w.AlertsManage)
	l.Post("/alerts/manage/delete", w.AlertsManageDelete)
	l.Get("/alerts/confirm", w.AlertsConfirm)
	l.Post("/alerts/confirm", limit(s.interestLimit), w.AlertsConfirmPost)
	l.Get("/alerts/unsubscribe", w.Unsubscribe)
	l.Post("/alerts/unsubscribe", w.UnsubscribePost)
}
