package staff

// Admin pages of the staff workspace (issue 5, part A): staff members,
// API tokens and the audit log. Every route here is behind RequireStaff
// and RequireAdmin (routes.go); every change is in the audit log.

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/content/workspace"
)

// staffForm is what was typed into the add-staff form.
type staffForm struct {
	Email, Name, Role string
	Hubs              []string
}

// Has reports whether hub is ticked.
func (f staffForm) Has(hub string) bool { return slices.Contains(f.Hubs, hub) }

// adminStaffData is the data of the staff list and of one member's page.
type adminStaffData struct {
	Staff   []*content.Staff
	Member  *content.Staff
	Hubs    []string
	Form    staffForm
	Error   string
	Saved   bool
	Self    bool
	Roles   []string
	Tokens  []tokenRow
	Action  string
	BaseURL string
}

// hubCodes returns the codes of every hub.
func (h *Handler) hubCodes(c *fiber.Ctx) ([]string, error) {
	hubs, err := h.cfg.Store.Hubs(c.UserContext())
	if err != nil {
		return nil, err
	}
	var out []string
	for _, hb := range hubs {
		out = append(out, hb.Code)
	}
	return out, nil
}

// formList returns every value of a repeated form field, copied.
func formList(c *fiber.Ctx, name string) []string {
	var out []string
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if string(k) == name {
			out = append(out, string(v))
		}
	})
	return out
}

// AdminStaff answers GET /{lang}/staff/admin/staff: every staff member and
// the form to add one.
func (h *Handler) AdminStaff(c *fiber.Ctx) error {
	return h.renderStaffList(c, fiber.StatusOK, staffForm{Role: content.RoleEditor}, "")
}

func (h *Handler) renderStaffList(c *fiber.Ctx, status int, f staffForm, msg string) error {
	all, err := h.cfg.Store.ListStaff(c.UserContext())
	if err != nil {
		return err
	}
	hubs, err := h.hubCodes(c)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/admin/staff", nil)
	v.Title = v.T("staff.admin.title")
	return h.render(c, status, "staff_admin", v, adminStaffData{
		Staff: all, Hubs: hubs, Form: f, Error: msg, Roles: content.Roles(),
		Action: v.URL("staff", "admin", "staff"),
	})
}

// AdminStaffAdd answers POST /{lang}/staff/admin/staff: a new staff member
// with an initial password; then their page (303).
func (h *Handler) AdminStaffAdd(c *fiber.Ctx) error {
	f := staffForm{
		Email: formString(c, "email"), Name: formString(c, "name"),
		Role: formString(c, "role"), Hubs: formList(c, "hubs"),
	}
	v := h.newView(h.locale(c), "/", nil)
	in := &content.StaffInput{Email: f.Email, Name: f.Name, Role: f.Role, Hubs: f.Hubs}
	st, err := h.cfg.Workspace.AddStaff(c.UserContext(), staffOf(c), content.ChannelWeb, in, c.FormValue("password"))
	switch content.ErrorCode(err) {
	case "":
	case content.CodeInvalid:
		if msg := passwordMessage(v, err); msg != "" {
			return h.renderStaffList(c, fiber.StatusUnprocessableEntity, echoStaff(f), msg)
		}
		return h.renderStaffList(c, fiber.StatusUnprocessableEntity, echoStaff(f), v.T("staff.admin.invalid"))
	case content.CodeConflict:
		return h.renderStaffList(c, fiber.StatusConflict, echoStaff(f), v.T("staff.admin.exists"))
	default:
		return err
	}
	return h.redirectLocal(c, memberURL(h.locale(c), st.Email)+"?saved=1", fiber.StatusSeeOther)
}

// echoStaff makes typed values safe to show again.
func echoStaff(f staffForm) staffForm {
	clean := func(s string) string {
		s = strings.ToValidUTF8(s, "\uFFFD")
		if len(s) > 300 {
			s = s[:300]
		}
		return s
	}
	f.Email, f.Name, f.Role = clean(f.Email), clean(f.Name), clean(f.Role)
	return f
}

// memberURL returns the local URL of a staff member's admin page.
func memberURL(lang, email string) string {
	return "/" + lang + "/staff/admin/staff/" + url.PathEscape(email)
}

// member returns the staff member the route's :email names; ErrNotFound.
func (h *Handler) member(c *fiber.Ctx) (*content.Staff, error) {
	email, err := url.PathUnescape(c.Params("email"))
	if err != nil || email == "" || len(email) > 254 || !utf8.ValidString(email) {
		return nil, content.ErrNotFound
	}
	return h.cfg.Store.Staff(c.UserContext(), email)
}

// AdminStaffEdit answers GET /{lang}/staff/admin/staff/{email}: the
// member's role and hubs, access and password forms, and tokens.
func (h *Handler) AdminStaffEdit(c *fiber.Ctx) error {
	m, err := h.member(c)
	if err != nil {
		return err
	}
	return h.renderMember(c, fiber.StatusOK, m, "", c.Query("saved") != "")
}

func (h *Handler) renderMember(c *fiber.Ctx, status int, m *content.Staff, msg string, saved bool) error {
	hubs, err := h.hubCodes(c)
	if err != nil {
		return err
	}
	toks, err := h.cfg.Store.Tokens(c.UserContext(), m.Email)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/admin/staff/"+url.PathEscape(m.Email), nil)
	v.Title = m.Email
	return h.render(c, status, "staff_admin_edit", v, adminStaffData{
		Member: m, Hubs: hubs, Error: msg, Saved: saved, Roles: content.Roles(),
		Form: staffForm{Email: m.Email, Name: m.Name, Role: m.Role, Hubs: m.Hubs},
		Self: m.Email == staffOf(c).Email, Tokens: tokenRows(toks),
		BaseURL: memberURL(v.Lang, m.Email),
	})
}

// AdminStaffRole answers POST .../staff/{email}/role: a new role and hubs.
// Admins cannot take their own admin role away.
func (h *Handler) AdminStaffRole(c *fiber.Ctx) error {
	m, err := h.member(c)
	if err != nil {
		return err
	}
	v := h.newView(h.locale(c), "/", nil)
	in := &content.StaffRoleInput{Role: formString(c, "role"), Hubs: formList(c, "hubs")}
	_, err = h.cfg.Workspace.SetStaffRole(c.UserContext(), staffOf(c), content.ChannelWeb, m.Email, in)
	switch {
	case workspace.IsSelf(err):
		return h.renderMember(c, fiber.StatusUnprocessableEntity, m, v.T("staff.admin.self"), false)
	case content.ErrorCode(err) == content.CodeInvalid:
		return h.renderMember(c, fiber.StatusUnprocessableEntity, m, v.T("staff.admin.invalid"), false)
	case err != nil:
		return err
	}
	return h.redirectLocal(c, memberURL(h.locale(c), m.Email)+"?saved=1", fiber.StatusSeeOther)
}

// AdminStaffDisable answers POST .../staff/{email}/disable and /enable. A
// disabled member's sessions end at once (their tokens stop working too:
// StaffByToken refuses disabled members). Admins cannot disable themselves.
func (h *Handler) AdminStaffDisable(disable bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		m, err := h.member(c)
		if err != nil {
			return err
		}
		_, err = h.cfg.Workspace.SetStaffDisabled(c.UserContext(), staffOf(c), content.ChannelWeb, m.Email, disable)
		if workspace.IsSelf(err) {
			v := h.newView(h.locale(c), "/", nil)
			return h.renderMember(c, fiber.StatusUnprocessableEntity, m, v.T("staff.admin.self"), false)
		}
		if err != nil {
			return err
		}
		return h.redirectLocal(c, memberURL(h.locale(c), m.Email)+"?saved=1", fiber.StatusSeeOther)
	}
}

// AdminStaffPassword answers POST .../staff/{email}/password: a new
// password; the member's sessions end.
func (h *Handler) AdminStaffPassword(c *fiber.Ctx) error {
	m, err := h.member(c)
	if err != nil {
		return err
	}
	// Every other session of the member ends; a member changing their own
	// password keeps the session they made the change from.
	err = h.cfg.Workspace.SetPassword(c.UserContext(), staffOf(c), content.ChannelWeb, m.Email, c.FormValue("password"), c.Cookies(sessionCookie))
	if msg := passwordMessage(h.newView(h.locale(c), "/", nil), err); msg != "" {
		return h.renderMember(c, fiber.StatusUnprocessableEntity, m, msg, false)
	}
	if err != nil {
		return err
	}
	return h.redirectLocal(c, memberURL(h.locale(c), m.Email)+"?saved=1", fiber.StatusSeeOther)
}

// tokenRow is an API token as listed: never the token, the start of its hash.
type tokenRow struct {
	Hash, Prefix, Email string
	Created             time.Time
}

// tokenPrefixLen is how much of a token's hash the lists show.
const tokenPrefixLen = 12

func tokenRows(toks []*content.Token) []tokenRow {
	out := make([]tokenRow, 0, len(toks))
	for _, t := range toks {
		out = append(out, tokenRow{Hash: t.Hash, Prefix: t.Hash[:min(tokenPrefixLen, len(t.Hash))], Email: t.Email, Created: t.CreatedAt})
	}
	return out
}

// adminTokensData is the data of the tokens page.
type adminTokensData struct {
	Tokens   []tokenRow
	Staff    []*content.Staff
	NewToken string
	NewFor   string
	Revoked  bool
	Action   string
}

// AdminTokens answers GET /{lang}/staff/admin/tokens: every API token
// (hash prefix, owner, created) with revoke buttons, and the form to
// create one for a staff member.
func (h *Handler) AdminTokens(c *fiber.Ctx) error {
	return h.renderTokens(c, fiber.StatusOK, adminTokensData{Revoked: c.Query("revoked") != ""})
}

func (h *Handler) renderTokens(c *fiber.Ctx, status int, d adminTokensData) error {
	ctx := c.UserContext()
	toks, err := h.cfg.Store.Tokens(ctx, "")
	if err != nil {
		return err
	}
	all, err := h.cfg.Store.ListStaff(ctx)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/admin/tokens", nil)
	v.Title = v.T("staff.admin.tokens_title")
	d.Tokens, d.Staff, d.Action = tokenRows(toks), all, v.URL("staff", "admin", "tokens")
	return h.render(c, status, "staff_admin_tokens", v, d)
}

// AdminTokenCreate answers POST /{lang}/staff/admin/tokens: a new token for
// the staff member "email", shown on this answer only (never in a URL).
func (h *Handler) AdminTokenCreate(c *fiber.Ctx) error {
	email := strings.ToLower(formString(c, "email"))
	st, err := h.cfg.Store.Staff(c.UserContext(), email)
	if err != nil {
		if errors.Is(err, content.ErrNotFound) {
			return content.ErrInvalid
		}
		return err
	}
	tok, err := h.cfg.Workspace.CreateToken(c.UserContext(), staffOf(c), content.ChannelWeb, st.Email)
	if err != nil {
		return err
	}
	return h.renderTokens(c, fiber.StatusOK, adminTokensData{NewToken: tok, NewFor: st.Email})
}

// AdminTokenRevoke answers POST /{lang}/staff/admin/tokens/{hash}/revoke.
func (h *Handler) AdminTokenRevoke(c *fiber.Ctx) error {
	hash := utils.CopyString(c.Params("hash"))
	if len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != "" {
		return content.ErrNotFound
	}
	if _, err := h.cfg.Workspace.RevokeToken(c.UserContext(), staffOf(c), content.ChannelWeb, hash); err != nil {
		return err
	}
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/admin/tokens?revoked=1", fiber.StatusSeeOther)
}

// auditData is the data of the audit log page.
type auditData struct {
	By, ID, From, To string
	Entries          []*content.AuditEntry
	Action           string
}

// AdminAudit answers GET /{lang}/staff/admin/audit: the audit log, newest
// first, filtered by who (email), listing (reference or slug) and dates
// (from, to: YYYY-MM-DD, inclusive, in the park's time zone).
func (h *Handler) AdminAudit(c *fiber.Ctx) error {
	q := url.Values{}
	d := auditData{
		By: strings.TrimSpace(formString(c, "by")), ID: strings.TrimSpace(formString(c, "id")),
		From: strings.TrimSpace(formString(c, "from")), To: strings.TrimSpace(formString(c, "to")),
	}
	f := content.AuditFilter{By: d.By, ID: d.ID, Limit: 500}
	if from, ok := content.ParseDate(d.From); ok {
		f.Since = dateStart(from, h.cfg.Zone)
	} else {
		d.From = ""
	}
	if to, ok := content.ParseDate(d.To); ok {
		f.Until = dateStart(to, h.cfg.Zone).AddDate(0, 0, 1)
	} else {
		d.To = ""
	}
	if !utf8.ValidString(d.By) || len(d.By) > 254 {
		d.By, f.By = "", ""
	}
	if !utf8.ValidString(d.ID) || len(d.ID) > 200 {
		d.ID, f.ID = "", ""
	}
	for k, val := range map[string]string{"by": d.By, "id": d.ID, "from": d.From, "to": d.To} {
		if val != "" {
			q.Set(k, val)
		}
	}
	entries, err := h.cfg.Store.Audit(c.UserContext(), f)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/admin/audit", q)
	v.Title = v.T("staff.audit.title")
	d.Entries, d.Action = entries, v.URL("staff", "admin", "audit")
	return h.render(c, fiber.StatusOK, "staff_audit", v, d)
}

// dateStart returns the first instant of day d in zone.
func dateStart(d content.Date, zone *time.Location) time.Time {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, zone)
}
