package web

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/handlers/page"
)

// requestFields are the testing-service request form's fields: form name,
// path in content's field errors, label.
var requestFields = []formField{
	{"company_name", "company.name", "web.interest.company_name"},
	{"country", "company.country", "web.interest.country"},
	{"contact_name", "contact_name", "web.interest.contact_name"},
	{"email", "email", "web.interest.email"},
	{"phone", "phone", "web.interest.phone"},
	{"what", "what", "request.what"},
	{"standard", "standard", "request.standard"},
	{"samples", "samples", "request.samples"},
	{"deadline", "deadline", "request.deadline"},
	{"consent", "consent", "web.interest.consent"},
}

// requestForm is the testing-service request form as shown.
type requestForm struct {
	Action    string
	CSRF      string
	Lang      string
	Honeypot  string
	Errors    map[string]string
	Summary   []fieldMsg
	Countries []option
	// Typed values, to show them again.
	CompanyName, Country, ContactName, Email, Phone string
	What, Standard, Samples, Deadline               string
	Consent                                         bool
	Min, Max, MaxSamples                            int
}

// Described returns the ids of the hint and error of a field, for
// aria-describedby.
func (f *requestForm) Described(name string, hint bool) string {
	var ids []string
	if _, bad := f.Errors[name]; bad {
		ids = append(ids, name+"-error")
	}
	if hint {
		ids = append(ids, name+"-hint")
	}
	return strings.Join(ids, " ")
}

// newRequestForm returns an empty request form posting to action, with a
// proposed standard.
func (h *Handler) newRequestForm(c *fiber.Ctx, v *view, action, standard string) *requestForm {
	return &requestForm{
		Action: action, CSRF: h.formToken(c), Lang: v.Lang, Honeypot: honeypotField,
		Errors: map[string]string{}, Countries: h.Countries(v.Lang), Standard: standard, Samples: "1",
		Min: content.MinWhat, Max: content.MaxAnswer, MaxSamples: content.MaxSamples,
	}
}

// readRequest reads the typed values of a request form into form and the
// store's input.
func readRequest(c *fiber.Ctx, form *requestForm, lang string) content.TestingRequestInput {
	echo := func(name string) string {
		s := strings.ToValidUTF8(utils.CopyString(c.FormValue(name)), "\uFFFD")
		if utf8.RuneCountInString(s) > 2*content.MaxAnswer {
			s = string([]rune(s)[:2*content.MaxAnswer])
		}
		return s
	}
	form.CompanyName, form.Country, form.ContactName = echo("company_name"), echo("country"), echo("contact_name")
	form.Email, form.Phone, form.What = echo("email"), echo("phone"), echo("what")
	form.Standard, form.Samples, form.Deadline = echo("standard"), echo("samples"), echo("deadline")
	form.Consent = c.FormValue("consent") != ""
	in := content.TestingRequestInput{
		Company:     content.InterestCompany{Name: formString(c, "company_name"), Country: formString(c, "country")},
		ContactName: formString(c, "contact_name"), Email: formString(c, "email"), Phone: formString(c, "phone"),
		What: formString(c, "what"), Standard: formString(c, "standard"),
		Deadline: content.Date(formString(c, "deadline")), Consent: form.Consent, Lang: lang,
	}
	n, err := strconv.Atoi(strings.TrimSpace(latinDigits(form.Samples)))
	if err != nil {
		n = -1
	}
	in.Samples = n
	return in
}

// postRequest handles a testing-service request to target: CSRF, honeypot,
// the store's validation (422 with messages by each field), a closed offer
// (409), and on success a 303 to the confirmation page. show renders the
// target's page with the given form and status.
func (h *Handler) postRequest(c *fiber.Ctx, v *view, t content.TestingTarget, action string,
	show func(status int, form *requestForm) error) error {
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	if !strings.HasPrefix(ct, fiber.MIMEApplicationForm) {
		return fiber.ErrUnsupportedMediaType
	}
	if !page.CheckCSRF(c) {
		v.Title = v.T("web.error.title")
		v.NoIndex = true
		return h.renderError(c, v, fiber.StatusForbidden, v.T("web.error.csrf"))
	}
	done := action
	if c.FormValue(honeypotField) != "" {
		h.cfg.Logger.InfoContext(c.UserContext(), "testing request form: honeypot filled", "offer", t.Offer, "lab", t.Lab)
		return h.redirectLocal(c, done+"/sent", fiber.StatusSeeOther)
	}
	form := h.newRequestForm(c, v, action, "")
	in := readRequest(c, form, v.Lang)
	i, created, err := h.cfg.Workspace.RequestTesting(c.UserContext(), content.ChannelPublic, t, &in)
	var cerr *content.Error
	switch {
	case err == nil:
	case errors.As(err, &cerr) && cerr.Code == content.CodeInvalid && len(cerr.Fields) > 0:
		for _, f := range requestFields {
			if fe, ok := cerr.Fields[f.Path]; ok {
				msg := v.L.T("field."+string(fe.Rule), map[string]any{"Min": fe.Min, "Max": fe.Max})
				form.Errors[f.Name] = msg
				form.Summary = append(form.Summary, fieldMsg{Field: f.Name, Label: v.T(f.Label), Message: msg})
			}
		}
		if len(form.Summary) == 0 {
			form.Summary = append(form.Summary, fieldMsg{Message: v.T("error.invalid")})
		}
		return show(fiber.StatusUnprocessableEntity, form)
	case errors.Is(err, content.ErrNeedNotOpen):
		return show(fiber.StatusConflict, nil)
	default:
		return err
	}
	h.SetCookie(c, flashCookie, i.Ref, time.Hour, "/")
	target := done + "/sent?ref=" + i.Ref
	if !created {
		target += "&again=1"
	}
	return h.redirectLocal(c, target, fiber.StatusSeeOther)
}

// PostOfferRequest answers POST /{lang}/offers/{ref}/request.
func (h *Handler) PostOfferRequest(c *fiber.Ctx) error {
	o, err := h.lookupOffer(c)
	if err != nil {
		return err
	}
	v, d := h.offerPage(c, o)
	action := v.URL("offers", o.Ref, "request")
	return h.postRequest(c, v, content.TestingTarget{Offer: o.Ref}, action, func(status int, form *requestForm) error {
		d.Form = form
		return h.render(c, status, "offer", v, d)
	})
}

// PostLabRequest answers POST /{lang}/labs/{slug}/request.
func (h *Handler) PostLabRequest(c *fiber.Ctx) error {
	co, err := h.lookupLab(c)
	if err != nil {
		return err
	}
	v, d := h.labPage(c, co)
	action := v.URL("labs", co.Slug, "request")
	return h.postRequest(c, v, content.TestingTarget{Lab: co.Slug}, action, func(status int, form *requestForm) error {
		d.Form = form
		return h.render(c, status, "lab", v, d)
	})
}

// sentData is the data of the confirmation of a request or a submission.
type sentData struct {
	Title   string
	Back    string // the page the request was made on
	Name    localText
	Ref     string // "" on the honeypot's pretend confirmation
	Again   bool
	Text    string
	Status  string // for a submission: its state of review, as a sentence
	Publish string // for a published submission: its public page
}

// RequestSent answers GET /{lang}/offers/{ref}/request/sent and
// /{lang}/labs/{slug}/request/sent: the confirmation with the request's
// reference, shown only to the browser that sent it (its flash cookie).
func (h *Handler) RequestSent(c *fiber.Ctx) error {
	var v *view
	var d sentData
	switch {
	case c.Params("ref") != "":
		o, err := h.lookupOffer(c)
		if err != nil {
			return err
		}
		v = h.pageView(c, "/offers/"+o.Ref+"/request/sent", nil)
		v.Section = "offers"
		d.Back, d.Name = v.URL("offers", o.Ref), v.PickAny(o.Title, o.Hubs)
	default:
		co, err := h.lookupLab(c)
		if err != nil {
			return err
		}
		v = h.pageView(c, "/labs/"+co.Slug+"/request/sent", nil)
		v.Section = "labs"
		d.Back, d.Name = v.URL("labs", co.Slug), v.PickAny(co.Name, co.Hubs)
	}
	ref := utils.CopyString(c.Query("ref"))
	if ref != "" && (!content.ValidInterestRef(ref) || c.Cookies(flashCookie) != ref) {
		return fiber.ErrNotFound
	}
	d.Ref, d.Again = ref, ref != "" && c.Query("again") == "1"
	d.Title, d.Text = v.T("request.sent.title"), v.T("request.sent.text")
	v.Title, v.NoIndex = d.Title, true
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return h.render(c, fiber.StatusOK, "supply_sent", v, d)
}

// latinDigits replaces Persian (۰–۹) and Arabic-Indic (٠–٩) digits with
// ASCII digits.
func latinDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		}
		return r
	}, s)
}
