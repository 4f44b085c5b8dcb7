package web

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/handlers/page"
)

// Names of the form's cookies and special fields.
const (
	// honeypotField is a text field hidden from people; a bot that fills it
	// gets a confirmation page and nothing is stored.
	honeypotField = "website"
	// flashCookie carries the reference of the interest just registered to
	// its confirmation page, which shows it only to that browser.
	flashCookie = "hubdir_eoi"
)

// formField is one field of the register-interest form: its name in the
// form and in content's field errors, and its label's message.
type formField struct {
	Name, Path, Label string
}

// interestFields are the form's fields in display order.
var interestFields = []formField{
	{"company_name", "company.name", "web.interest.company_name"},
	{"registration", "company.registration", "web.interest.registration"},
	{"country", "company.country", "web.interest.country"},
	{"contact_name", "contact_name", "web.interest.contact_name"},
	{"email", "email", "web.interest.email"},
	{"phone", "phone", "web.interest.phone"},
	{"offer", "answers.offer", "web.interest.offer"},
	{"fit", "answers.fit", "web.interest.fit"},
	{"proposal", "answers.proposal", "web.interest.proposal"},
	{"consent", "consent", "web.interest.consent"},
}

// formValues are the values of the form as typed, to show them again.
type formValues struct {
	CompanyName, Registration, Country, ContactName, Email, Phone string
	Offer, Fit, Proposal                                          string
	Consent                                                       bool
}

// Answer returns the typed answer named "offer", "fit" or "proposal".
func (f formValues) Answer(name string) string {
	switch name {
	case "offer":
		return f.Offer
	case "fit":
		return f.Fit
	case "proposal":
		return f.Proposal
	}
	return ""
}

// interestForm is the register-interest form as shown.
type interestForm struct {
	Action    string
	CSRF      string
	Lang      string
	Honeypot  string
	In        formValues
	Errors    map[string]string // form field name → message
	Summary   []fieldMsg
	Countries []option
	Min, Max  int
}

// Described returns the ids of the hint (when hint) and of the error
// message of the field name, for aria-describedby; "" for none.
func (f *interestForm) Described(name string, hint bool) string {
	var ids []string
	if _, bad := f.Errors[name]; bad {
		ids = append(ids, name+"-error")
	}
	if hint {
		ids = append(ids, name+"-hint")
	}
	return strings.Join(ids, " ")
}

// newInterestForm returns an empty form for need n, making sure the
// browser has a CSRF token cookie.
func (h *Handler) newInterestForm(c *fiber.Ctx, v *view, n *content.Need) *interestForm {
	return &interestForm{
		Action: v.URL("needs", n.Ref, "interest"), CSRF: h.formToken(c), Lang: v.Lang,
		Honeypot: honeypotField, Errors: map[string]string{},
		Countries: h.Countries(v.Lang), Min: content.MinAnswer, Max: content.MaxAnswer,
	}
}

// PostInterest answers POST /{lang}/needs/{ref}/interest: it checks the
// CSRF token, stores the expression of interest through the store (which
// validates it) and redirects (303) to the confirmation page. Invalid
// input shows the form again (422) with localized messages beside each
// field and what was typed; a closed or expired need shows its state
// (409). A filled honeypot gets a confirmation page and nothing is stored.
func (h *Handler) PostInterest(c *fiber.Ctx) error {
	n, err := h.lookupNeed(c)
	if err != nil {
		return err
	}
	v, d := h.needPage(c, n)
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	if !strings.HasPrefix(ct, fiber.MIMEApplicationForm) {
		return fiber.ErrUnsupportedMediaType
	}
	if !page.CheckCSRF(c) {
		v.Title = v.T("web.error.title")
		v.NoIndex = true
		return h.renderError(c, v, fiber.StatusForbidden, v.T("web.error.csrf"))
	}
	if !n.OpenOn(v.Today) {
		return h.render(c, fiber.StatusConflict, "need", v, d)
	}
	if c.FormValue(honeypotField) != "" {
		h.cfg.Logger.InfoContext(c.UserContext(), "interest form: honeypot filled", "need", n.Ref)
		v.NoIndex = true
		v.Title = v.T("web.interest.done_title")
		return h.render(c, fiber.StatusOK, "interest_done", v, doneData{Need: n, Title: d.Title, ReviewBy: reviewBy(n)})
	}
	vals := formValues{
		CompanyName: formString(c, "company_name"), Registration: formString(c, "registration"),
		Country: formString(c, "country"), ContactName: formString(c, "contact_name"),
		Email: formString(c, "email"), Phone: formString(c, "phone"),
		Offer: formString(c, "offer"), Fit: formString(c, "fit"), Proposal: formString(c, "proposal"),
		Consent: c.FormValue("consent") != "",
	}
	in := content.InterestInput{
		Company:     content.InterestCompany{Name: vals.CompanyName, Registration: vals.Registration, Country: vals.Country},
		ContactName: vals.ContactName, Email: vals.Email, Phone: vals.Phone,
		Answers: content.Answers{Offer: vals.Offer, Fit: vals.Fit, Proposal: vals.Proposal},
		Consent: vals.Consent, Lang: v.Lang,
	}
	i, created, err := h.cfg.Workspace.RegisterInterest(c.UserContext(), content.ChannelPublic, n.Ref, &in)
	var cerr *content.Error
	switch {
	case err == nil:
	case errors.As(err, &cerr) && cerr.Code == content.CodeInvalid && len(cerr.Fields) > 0:
		form := h.newInterestForm(c, v, n)
		form.In = echoValues(vals)
		for _, f := range interestFields {
			fe, ok := cerr.Fields[f.Path]
			if !ok {
				continue
			}
			msg := v.L.T("field."+string(fe.Rule), map[string]any{"Min": fe.Min, "Max": fe.Max})
			form.Errors[f.Name] = msg
			form.Summary = append(form.Summary, fieldMsg{Field: f.Name, Label: v.T(f.Label), Message: msg})
		}
		if len(form.Summary) == 0 { // a problem with no field of the form (lang)
			form.Summary = append(form.Summary, fieldMsg{Message: v.T("error.invalid")})
		}
		d.Form = form
		return h.render(c, fiber.StatusUnprocessableEntity, "need", v, d)
	case errors.Is(err, content.ErrNeedNotOpen):
		return h.render(c, fiber.StatusConflict, "need", v, d)
	default:
		return err
	}
	h.SetCookie(c, flashCookie, i.Ref, time.Hour, "/")
	target := v.URL("needs", n.Ref, "interest", i.Ref)
	if !created {
		target += "?again=1"
	}
	return h.redirectLocal(c, target, fiber.StatusSeeOther)
}

// formString returns a form value, copied out of Fiber's buffers.
func formString(c *fiber.Ctx, name string) string { return utils.CopyString(c.FormValue(name)) }

// echoValues prepares typed values for showing them again: invalid UTF-8
// is replaced and an oversized value cut, so the page stays valid and
// small (the store has refused them anyway).
func echoValues(f formValues) formValues {
	clean := func(s string) string {
		s = strings.ToValidUTF8(s, "\uFFFD")
		if utf8.RuneCountInString(s) > 2*content.MaxAnswer {
			s = string([]rune(s)[:2*content.MaxAnswer])
		}
		return s
	}
	f.CompanyName, f.Registration, f.Country = clean(f.CompanyName), clean(f.Registration), clean(f.Country)
	f.ContactName, f.Email, f.Phone = clean(f.ContactName), clean(f.Email), clean(f.Phone)
	f.Offer, f.Fit, f.Proposal = clean(f.Offer), clean(f.Fit), clean(f.Proposal)
	return f
}

// doneData is the data of the confirmation page.
type doneData struct {
	Need  *content.Need
	Title localText
	Ref   string // "" on the honeypot's pretend confirmation
	Again bool   // the email had registered before: Ref is the first one
	// Interest is the registration, to repeat the firm's answers (nil on
	// the honeypot's pretend confirmation, or when it cannot be read).
	Interest *content.Interest
	// ReviewBy is the day by which the firm hears from the hub.
	ReviewBy content.Date
}

// InterestDone answers GET /{lang}/needs/{ref}/interest/{eoi}: the
// confirmation with the interest's reference. Only the browser that just
// registered it (its flash cookie names the reference) sees it; anyone
// else gets not found, so references cannot be probed.
func (h *Handler) InterestDone(c *fiber.Ctx) error {
	n, err := h.lookupNeed(c)
	if err != nil {
		return err
	}
	eoi := c.Params("eoi")
	if !content.ValidInterestRef(eoi) || c.Cookies(flashCookie) != eoi {
		return fiber.ErrNotFound
	}
	again := c.Query("again") == "1"
	v := h.pageView(c, "/needs/"+n.Ref+"/interest/"+eoi, nil)
	if again {
		v.Query = "again=1"
	}
	v.Section = "needs"
	v.NoIndex = true
	v.Title = v.T("web.interest.done_title")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	d := doneData{
		Need: n, Title: v.NeedTexts(n).Title, Ref: utils.CopyString(eoi), Again: again,
		ReviewBy: reviewBy(n),
	}
	// One lookup by _id; a failure only leaves the answers out.
	if i, err := h.cfg.Store.Interest(c.UserContext(), d.Ref); err == nil && i.Need == n.Ref && i.Erased == nil {
		d.Interest = i
	}
	return h.render(c, fiber.StatusOK, "interest_done", v, d)
}

// reviewDays is how long after a need's deadline the hub's staff take to
// review the interests and answer every firm: the date the confirmation
// page promises.
const reviewDays = 14

// reviewBy returns the day by which a firm that registered interest in n
// hears from the hub: reviewDays after the deadline.
func reviewBy(n *content.Need) content.Date {
	return content.Date(n.Deadline.Time().AddDate(0, 0, reviewDays).Format("2006-01-02"))
}
