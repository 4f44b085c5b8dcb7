package staff

// The interest inbox of the staff workspace (issue 5, part C): the
// interests of the member's hubs, filtered by hub, need, status and date;
// one interest with the firm's answers, its history and a status change;
// erasure of an interest's personal data; the filtered inbox as CSV and
// XLSX.

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/page"
)

// inboxPerPage is how many interests a page of the inbox shows; the
// exports hold every interest that matches.
const inboxPerPage = 50

// inboxQuery is the inbox's filter as typed (the query string).
type inboxQuery struct {
	Hub, Need, Status, From, To string
}

// values returns the query string of the filter.
func (q inboxQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"hub": q.Hub, "need": q.Need, "status": q.Status, "from": q.From, "to": q.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// managedHubs returns the codes of the hubs the member manages: every hub
// for an admin.
func (h *Handler) managedHubs(st *content.Staff) []string {
	var out []string
	for _, hub := range h.cfg.Catalog.Hubs() {
		if st.CanManage(hub.Code) {
			out = append(out, hub.Code)
		}
	}
	if st.Role != content.RoleAdmin {
		for _, code := range st.Hubs {
			if !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
	}
	slices.Sort(out)
	return out
}

// parseInbox reads the inbox filter from the query. A hub the member does
// not manage is not found; other bad values are field errors (by query
// parameter, as rules).
func (h *Handler) parseInbox(c *fiber.Ctx, st *content.Staff) (content.InterestFilter, inboxQuery, content.FieldErrors, error) {
	q := inboxQuery{
		Hub: strings.ToUpper(utils.CopyString(c.Query("hub"))), Need: strings.ToUpper(utils.CopyString(c.Query("need"))),
		Status: utils.CopyString(c.Query("status")), From: utils.CopyString(c.Query("from")), To: utils.CopyString(c.Query("to")),
	}
	f := content.FieldErrors{}
	filter := content.InterestFilter{Hubs: h.managedHubs(st)}
	if q.Hub != "" {
		if !content.ValidHubCode(q.Hub) || !st.CanManage(q.Hub) {
			return filter, q, nil, content.ErrNotFound
		}
		filter.Hubs = []string{q.Hub}
	}
	if q.Need != "" {
		if !content.ValidRef(q.Need) {
			f["need"] = content.FieldError{Rule: content.RuleInvalidRef}
		} else {
			filter.Need = q.Need
		}
	}
	if q.Status != "" {
		if !slices.Contains(content.InterestStatuses(), q.Status) {
			f["status"] = content.FieldError{Rule: content.RuleUnknownValue}
		} else {
			filter.Status = q.Status
		}
	}
	zone := h.cfg.Zone
	if q.From != "" {
		if d, ok := content.ParseDate(q.From); ok {
			t := d.Time()
			filter.Since = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, zone)
			q.From = string(d)
		} else {
			f["from"] = content.FieldError{Rule: content.RuleInvalidDate}
		}
	}
	if q.To != "" {
		if d, ok := content.ParseDate(q.To); ok {
			t := d.Time()
			filter.Until = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, zone)
			q.To = string(d)
		} else {
			f["to"] = content.FieldError{Rule: content.RuleInvalidDate}
		}
	}
	if !filter.Since.IsZero() && !filter.Until.IsZero() && !filter.Since.Before(filter.Until) {
		f["to"] = content.FieldError{Rule: content.RuleDateOrder}
	}
	return filter, q, f, nil
}

// inboxItem is one interest as listed.
type inboxItem struct {
	I         *content.Interest
	NeedTitle localText
	Status    string
	Reason    string
	Created   string
	URL       string
}

// inboxData is the data of the inbox page.
type inboxData struct {
	Q        inboxQuery
	Hubs     []option
	Statuses []option
	Errors   map[string]string
	Items    []inboxItem
	Count    string
	Pager    page.Pager
	Start    int // the number of the page's first interest
	CSV      string
	XLSX     string
	Filtered bool
}

// staffOrForbidden returns the signed-in member; RequireStaff makes sure
// there is one.
func staffOrForbidden(c *fiber.Ctx) (*content.Staff, error) {
	st := staffOf(c)
	if st == nil {
		return nil, content.ErrForbidden
	}
	return st, nil
}

// fieldMessage returns the localized message of a field problem.
func fieldMessage(v *view, fe content.FieldError) string {
	key := "field." + string(fe.Rule)
	if slices.Contains(content.ImportRules(), fe.Rule) {
		key = "staff.import.rule." + string(fe.Rule)
	}
	return v.L.T(key, map[string]any{"Min": v.Num(fe.Min), "Max": v.Num(fe.Max)})
}

// interestItem prepares an interest for a page.
func (h *Handler) interestItem(v *view, st *content.Staff, i *content.Interest) inboxItem {
	it := inboxItem{I: i, Status: v.T("status.interest." + i.Status), Created: v.Time(i.CreatedAt),
		URL: v.URL("staff", "inbox", i.Ref)}
	if i.IsTesting() {
		it.NeedTitle = h.testingTarget(v, st, i)
	} else if n, ok := h.cfg.Catalog.Need(i.Need, catalog.Viewer{Staff: st}); ok {
		it.NeedTitle = v.Pick(n.Title, n.Hub)
	} else {
		it.NeedTitle = localText{S: i.Need, Lang: "en", Dir: "ltr", Fallback: true}
	}
	if i.DeclineReason != "" {
		it.Reason = v.T("decline." + i.DeclineReason)
	}
	return it
}

// StaffInbox answers GET /{lang}/staff/inbox: the interests of the
// member's hubs, newest first, filtered by the query (hub, need, status,
// from, to).
func (h *Handler) StaffInbox(c *fiber.Ctx) error {
	st, err := staffOrForbidden(c)
	if err != nil {
		return err
	}
	filter, q, fe, err := h.parseInbox(c, st)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/inbox", q.values())
	v.Title = v.T("staff.inbox.title")
	d := inboxData{Q: q, Errors: map[string]string{}, Filtered: len(q.values()) > 0}
	for _, code := range h.managedHubs(st) {
		d.Hubs = append(d.Hubs, option{Value: code, Label: v.HubName(code).S, Selected: code == q.Hub})
	}
	for _, s := range content.InterestStatuses() {
		d.Statuses = append(d.Statuses, option{Value: s, Label: v.T("status.interest." + s), Selected: s == q.Status})
	}
	for k, e := range fe {
		d.Errors[k] = fieldMessage(v, e)
	}
	status := fiber.StatusOK
	var items []*content.Interest
	total, pg := 0, 1
	if len(fe) > 0 {
		status = fiber.StatusUnprocessableEntity
	} else if items, total, pg, err = h.inboxPage(c, filter); err != nil {
		return err
	}
	for _, i := range items {
		d.Items = append(d.Items, h.interestItem(v, st, i))
	}
	d.Count = v.N("staff.inbox.count", total, "Count", v.Num(total))
	d.Pager = page.NewPager(pg, total, inboxPerPage, func(n int) string { return inboxPageURL(v, q, n) })
	d.Start = (pg-1)*inboxPerPage + 1
	qs := q.values().Encode()
	d.CSV, d.XLSX = v.URL("staff", "inbox", "export.csv"), v.URL("staff", "inbox", "export.xlsx")
	if qs != "" {
		d.CSV += "?" + qs
		d.XLSX += "?" + qs
	}
	return h.render(c, status, "staff_inbox", v, d)
}

// managedInterest returns the interest of the :ref parameter if the
// member manages its hub; not found otherwise.
func (h *Handler) managedInterest(c *fiber.Ctx, st *content.Staff) (*content.Interest, error) {
	return h.cfg.Workspace.ManagedInterest(c.UserContext(), st, c.Params("ref"))
}

// historyItem is one status change as shown.
type historyItem struct {
	At, By, From, To, Reason, Note string
}

// interestPage is the data of one interest's page.
type interestPage struct {
	inboxItem
	History []historyItem
	// The status form: its values as typed and its problems.
	Statuses []option
	Reasons  []option
	Note     string
	Errors   map[string]string
	Message  string // a problem of the form as a whole (conflict)
	Erased   string // "erased by X on D", when erased
	Country  string
	Lang     string
	Reply    string // the reply link (mailto:), "" when there is no email
}

// interestPageData prepares the page of interest i.
func (h *Handler) interestPageData(v *view, st *content.Staff, i *content.Interest, status, reason, note string) *interestPage {
	d := &interestPage{inboxItem: h.interestItem(v, st, i), Note: note, Errors: map[string]string{},
		Country: v.Country(i.Company.Country), Lang: v.LocaleName(i.Lang), Reply: h.replyMailto(st, i)}
	for _, s := range content.InterestStatuses() {
		d.Statuses = append(d.Statuses, option{Value: s, Label: v.T("status.interest." + s), Selected: s == status})
	}
	for _, r := range content.DeclineReasons() {
		d.Reasons = append(d.Reasons, option{Value: r, Label: v.T("decline." + r), Selected: r == reason})
	}
	for _, hc := range slices.Backward(i.History) {
		it := historyItem{At: v.Time(hc.At) + " " + v.Digits(hc.At.In(h.cfg.Zone).Format("15:04")), By: hc.By,
			From: v.T("status.interest." + hc.From), To: v.T("status.interest." + hc.To), Note: hc.Note}
		if hc.Reason != "" {
			it.Reason = v.T("decline." + hc.Reason)
		}
		d.History = append(d.History, it)
	}
	if i.Erased != nil {
		d.Erased = v.T("staff.inbox.erased_by", "By", i.Erased.By, "Date", v.Time(i.Erased.At))
	}
	return d
}

// StaffInterest answers GET /{lang}/staff/inbox/{ref}: one interest with
// the firm's answers, its history and the status and erase forms.
func (h *Handler) StaffInterest(c *fiber.Ctx) error {
	st, err := staffOrForbidden(c)
	if err != nil {
		return err
	}
	i, err := h.managedInterest(c, st)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/inbox/"+i.Ref, nil)
	v.Title = v.T("staff.inbox.item_title", "Ref", i.Ref)
	return h.render(c, fiber.StatusOK, "staff_inbox_item", v, h.interestPageData(v, st, i, "", "", ""))
}

// StaffInterestStatus answers POST /{lang}/staff/inbox/{ref}/status: a
// status change from the version the form was made from, with a note and,
// to decline, a reason from the fixed list. Invalid input shows the form
// again (422) with localized messages and what was typed; a stale version
// or a change the status does not allow shows the current interest (409).
func (h *Handler) StaffInterestStatus(c *fiber.Ctx) error {
	st, err := staffOrForbidden(c)
	if err != nil {
		return err
	}
	cur, err := h.managedInterest(c, st)
	if err != nil {
		return err
	}
	version, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
	in := content.InterestStatusInput{
		Version: version, Status: formString(c, "status"),
		DeclineReason: formString(c, "decline_reason"), Note: formString(c, "note"),
	}
	typed := in
	i, err := h.cfg.Workspace.UpdateInterestStatus(c.UserContext(), st, content.ChannelWeb, cur.Ref, &in)
	if err == nil {
		v := h.staffView(c, "/staff/inbox/"+i.Ref, nil)
		return h.redirectLocal(c, v.URL("staff", "inbox", i.Ref), fiber.StatusSeeOther)
	}
	v := h.staffView(c, "/staff/inbox/"+cur.Ref, nil)
	v.Title = v.T("staff.inbox.item_title", "Ref", cur.Ref)
	var cerr *content.Error
	switch {
	case errors.As(err, &cerr) && cerr.Code == content.CodeInvalid:
		d := h.interestPageData(v, st, cur, typed.Status, typed.DeclineReason, echoText(typed.Note))
		for k, fe := range cerr.Fields {
			d.Errors[k] = fieldMessage(v, fe)
		}
		d.Message = v.T("error.invalid")
		return h.render(c, fiber.StatusUnprocessableEntity, "staff_inbox_item", v, d)
	case errors.Is(err, content.ErrConflict), errors.Is(err, content.ErrBadTransition):
		now, gerr := h.cfg.Store.Interest(c.UserContext(), cur.Ref)
		if gerr != nil {
			return gerr
		}
		d := h.interestPageData(v, st, now, typed.Status, typed.DeclineReason, echoText(typed.Note))
		if errors.Is(err, content.ErrConflict) {
			d.Message = v.T("staff.inbox.conflict")
		} else {
			d.Message = v.T("staff.inbox.bad_transition", "From", v.T("status.interest."+now.Status), "To", v.T("status.interest."+typed.Status))
		}
		return h.render(c, fiber.StatusConflict, "staff_inbox_item", v, d)
	}
	return err
}

// echoText prepares typed text for showing it again.
func echoText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if r := []rune(s); len(r) > 2*content.MaxStaffNote {
		s = string(r[:2*content.MaxStaffNote])
	}
	return s
}

// StaffInterestErase answers POST /{lang}/staff/inbox/{ref}/erase: the
// interest's personal data is replaced by a marker, from the version the
// form was made from, once the confirmation box is ticked. The interest
// stays for the figures.
func (h *Handler) StaffInterestErase(c *fiber.Ctx) error {
	st, err := staffOrForbidden(c)
	if err != nil {
		return err
	}
	cur, err := h.managedInterest(c, st)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/inbox/"+cur.Ref, nil)
	v.Title = v.T("staff.inbox.item_title", "Ref", cur.Ref)
	if c.FormValue("confirm") != "yes" {
		d := h.interestPageData(v, st, cur, "", "", "")
		d.Errors["confirm"] = v.T("staff.inbox.erase_confirm_required")
		return h.render(c, fiber.StatusUnprocessableEntity, "staff_inbox_item", v, d)
	}
	version, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
	i, err := h.cfg.Workspace.EraseInterest(c.UserContext(), st, content.ChannelWeb, cur.Ref, version)
	switch {
	case err == nil:
	case errors.Is(err, content.ErrConflict), errors.Is(err, content.ErrBadTransition), errors.Is(err, content.ErrInvalid):
		now, gerr := h.cfg.Store.Interest(c.UserContext(), cur.Ref)
		if gerr != nil {
			return gerr
		}
		d := h.interestPageData(v, st, now, "", "", "")
		d.Message = v.T("staff.inbox.conflict")
		return h.render(c, fiber.StatusConflict, "staff_inbox_item", v, d)
	default:
		return err
	}
	return h.redirectLocal(c, v.URL("staff", "inbox", i.Ref), fiber.StatusSeeOther)
}
