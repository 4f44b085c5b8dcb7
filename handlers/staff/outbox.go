package staff

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/notify"
	"hubdir/i18n"
)

// mailOff answers not found when the mail side is not configured.
func (h *Handler) mailOff() bool { return h.cfg.Mail == nil }

// outboxData is the data of the staff outbox page.
type outboxData struct {
	Sending  bool
	State    string
	States   []string
	Messages []*notify.Message
	Modes    []option
	Langs    []option
	Notice   string
}

// outboxHubs returns the hubs whose messages s may read: nil (all) for an
// admin, else theirs. Messages without a hub (alerts, link requests) are
// an admin's only.
func outboxHubs(s *content.Staff) []string {
	if s.Role == content.RoleAdmin {
		return nil
	}
	return append([]string{}, s.Hubs...)
}

// StaffOutbox answers GET /{lang}/staff/outbox?state=…: the newest
// messages of the staff member's hubs, with their state, attempts and
// last error (failures stay listed), and the member's own choice of
// notifications.
func (h *Handler) StaffOutbox(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	st := staffOf(c)
	v := h.staffView(c, "/staff/outbox", nil)
	v.Title = v.T("notify.outbox.title")
	state := c.Query("state")
	states := []string{notify.StatePending, notify.StateSent, notify.StateFailed, notify.StateErased}
	if state != "" && !slices.Contains(states, state) {
		return fiber.ErrBadRequest
	}
	msgs, err := h.cfg.Mail.Outbox.Messages(c.UserContext(), state, outboxHubs(st), 200)
	if err != nil {
		return err
	}
	prefs, err := h.cfg.Mail.State.StaffPrefs(c.UserContext())
	if err != nil {
		return err
	}
	mode, lang := notify.ModeEach, h.cfg.DefaultLang
	if p := prefs[st.Email]; p != nil {
		mode, lang = p.Mode, p.Lang
	}
	d := outboxData{Sending: h.cfg.Mail.Sending, State: state, States: states, Messages: msgs}
	for _, m := range []string{notify.ModeEach, notify.ModeDaily, notify.ModeNone} {
		d.Modes = append(d.Modes, option{Value: m, Label: v.T("notify.outbox.prefs_" + m), Selected: m == mode})
	}
	for _, code := range i18n.Codes() {
		d.Langs = append(d.Langs, option{Value: code, Label: h.cfg.Bundle.Localizer(code).T("locale.name"), Selected: code == lang})
	}
	if c.Query("saved") == "1" {
		d.Notice = v.T("notify.outbox.saved")
	}
	return h.render(c, fiber.StatusOK, "staff_outbox", v, d)
}

// outboxItem is the data of one message's page.
type outboxItem struct {
	Message *notify.Message
	Text    string
	Dir     string
}

// StaffOutboxItem answers GET /{lang}/staff/outbox/{id}: one message as it
// was (or will be) sent, its personal link shown as a placeholder.
// Another hub's message is not found.
func (h *Handler) StaffOutboxItem(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	st := staffOf(c)
	m, err := h.cfg.Mail.Outbox.Message(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	if hubs := outboxHubs(st); hubs != nil && !slices.Contains(hubs, m.Hub) {
		return fiber.ErrNotFound
	}
	v := h.staffView(c, "/staff/outbox/"+m.ID, nil)
	v.Title = m.Subject
	dir := "ltr"
	if loc, ok := i18n.Lookup(m.Lang); ok {
		dir = loc.Dir
	}
	text := strings.ReplaceAll(m.Text, notify.LinkSlot, v.T("notify.outbox.link_slot"))
	return h.render(c, fiber.StatusOK, "staff_outbox_item", v, outboxItem{Message: m, Text: text, Dir: dir})
}

// StaffOutboxPrefs answers POST /{lang}/staff/outbox/prefs: the signed-in
// member's choice of one message per interest, a daily digest or none,
// and the language of those messages.
func (h *Handler) StaffOutboxPrefs(c *fiber.Ctx) error {
	if h.mailOff() {
		return fiber.ErrNotFound
	}
	st := staffOf(c)
	mode, lang := c.FormValue("mode"), c.FormValue("lang")
	if !slices.Contains([]string{notify.ModeEach, notify.ModeDaily, notify.ModeNone}, mode) || !i18n.IsSupported(lang) {
		return fiber.ErrBadRequest
	}
	err := h.cfg.Mail.State.PutStaffPref(c.UserContext(), &notify.StaffPref{Email: st.Email, Mode: mode, Lang: lang})
	if err != nil {
		return err
	}
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/outbox?saved=1", fiber.StatusSeeOther)
}
