package web

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/handlers/page"
)

// The public submission of an offer or a laboratory profile (issue 14): a
// firm proposes it in its language; it is stored as a draft offer or an
// unpublished laboratory for staff review, with the same CSRF check, rate
// limit, honeypot and consent as an expression of interest. The submitter
// gets a secret link to a page that tells the outcome of the review.

// proposeField is one field of a proposal form: its form name, the path
// (or prefix of paths) of content's field errors it shows, and its label.
type proposeField struct{ Name, Path, Label string }

// offerProposeFields and labProposeFields are the forms' fields in order.
var (
	submitterFields = []proposeField{
		{"org", "submitter.org", "propose.org"},
		{"org_country", "submitter.country", "web.interest.country"},
		{"contact_name", "submitter.contact_name", "web.interest.contact_name"},
		{"email", "submitter.email", "web.interest.email"},
		{"phone", "submitter.phone", "web.interest.phone"},
		{"consent", "consent", "web.interest.consent"},
	}
	offerProposeFields = append([]proposeField{
		{"kind", "kind", "offers.field.kind"},
		{"hubs", "hubs", "offers.field.hubs"},
		{"sectors", "sectors", "offers.field.sectors"},
		{"title", "title", "offers.field.title"},
		{"summary", "summary", "offers.field.summary"},
		{"body", "body", "offers.field.body"},
		{"standards", "standards", "offers.field.standards"},
		{"trl", "trl", "offers.field.trl"},
		{"ip_status", "ip_status", "offers.field.ip_status"},
		{"partnerships", "partnerships", "offers.field.partnerships"},
		{"deadline", "deadline", "offers.field.expiry"},
	}, submitterFields...)
	labProposeFields = append([]proposeField{
		{"name", "name", "labs.field.name"},
		{"city", "city", "labs.field.city"},
		{"country", "country", "web.company.country"},
		{"hubs", "hubs", "offers.field.hubs"},
		{"sectors", "sectors", "offers.field.sectors"},
		{"website", "website", "web.company.website"},
		{"description", "description", "labs.field.description"},
		{"acc_standard", "lab.accreditations.0.standard", "labs.field.acc_standard"},
		{"acc_body", "lab.accreditations.0.body", "labs.field.acc_body"},
		{"acc_number", "lab.accreditations.0.number", "labs.field.acc_number"},
		{"acc_expires", "lab.accreditations.0.expires", "labs.field.acc_expires"},
		{"acc_scope", "lab.accreditations.0.scope", "labs.field.acc_scope"},
		{"methods", "lab.methods", "labs.field.methods"},
		{"equipment", "lab.equipment", "labs.field.equipment"},
		{"sample_types", "lab.sample_types", "labs.field.sample_types"},
		{"lead_time_days", "lab.lead_time_days", "labs.field.lead_time"},
		{"price_band", "lab.price_band", "labs.field.price_band"},
		{"languages", "lab.languages", "labs.field.languages"},
	}, submitterFields...)
)

// proposeForm is a proposal form as shown.
type proposeForm struct {
	Lab       bool // a laboratory profile, else an offer
	Action    string
	CSRF      string
	Lang      string
	Honeypot  string
	Val       map[string]string   // typed single values
	Multi     map[string][]string // typed multiple values
	Errors    map[string]string
	Summary   []fieldMsg
	Countries []option
	Hubs      []option
	Sectors   []option
}

// Has reports whether value v of the multiple field name was chosen.
func (f *proposeForm) Has(name, v string) bool { return slices.Contains(f.Multi[name], v) }

// Described returns the ids of the hint and error of a field.
func (f *proposeForm) Described(name string, hint bool) string {
	var ids []string
	if _, bad := f.Errors[name]; bad {
		ids = append(ids, name+"-error")
	}
	if hint {
		ids = append(ids, name+"-hint")
	}
	return strings.Join(ids, " ")
}

// newProposeForm returns an empty proposal form in the view's locale.
func (h *Handler) newProposeForm(c *fiber.Ctx, v *view, lab bool) *proposeForm {
	f := &proposeForm{
		Lab: lab, CSRF: h.formToken(c), Lang: v.Lang, Honeypot: honeypotField,
		Val: map[string]string{}, Multi: map[string][]string{}, Errors: map[string]string{},
		Countries: h.Countries(v.Lang),
	}
	f.Action = v.URL("offers", "propose")
	if lab {
		f.Action = v.URL("labs", "propose")
	}
	for _, hub := range h.cfg.Catalog.Hubs() {
		f.Hubs = append(f.Hubs, option{Value: hub.Code, Label: v.Pick(hub.Name, hub.Code).S})
	}
	for _, s := range content.Sectors() {
		f.Sectors = append(f.Sectors, option{Value: s, Label: v.Sector(s)})
	}
	sortOptions(v.Loc, f.Sectors)
	return f
}

// ProposeOffer answers GET /{lang}/offers/propose and ProposeLab GET
// /{lang}/labs/propose: the empty forms.
func (h *Handler) ProposeOffer(c *fiber.Ctx) error { return h.proposePage(c, false) }

// ProposeLab answers GET /{lang}/labs/propose.
func (h *Handler) ProposeLab(c *fiber.Ctx) error { return h.proposePage(c, true) }

func (h *Handler) proposePage(c *fiber.Ctx, lab bool) error {
	v, f := h.proposeView(c, lab)
	return h.render(c, fiber.StatusOK, "propose", v, f)
}

// proposeView returns the view and empty form of a proposal page.
func (h *Handler) proposeView(c *fiber.Ctx, lab bool) (*view, *proposeForm) {
	path, section, title := "/offers/propose", "offers", "propose.offer.title"
	if lab {
		path, section, title = "/labs/propose", "labs", "propose.lab.title"
	}
	v := h.pageView(c, path, nil)
	v.Section = section
	v.Title = v.T(title)
	v.Description = v.T("propose.intro")
	return v, h.newProposeForm(c, v, lab)
}

// PostProposeOffer answers POST /{lang}/offers/propose and PostProposeLab
// POST /{lang}/labs/propose.
func (h *Handler) PostProposeOffer(c *fiber.Ctx) error { return h.postPropose(c, false) }

// PostProposeLab answers POST /{lang}/labs/propose.
func (h *Handler) PostProposeLab(c *fiber.Ctx) error { return h.postPropose(c, true) }

// postPropose checks the CSRF token and the honeypot, stores the proposal
// through the store (which validates it) and redirects (303) to the
// submission's status page; invalid input shows the form again (422).
func (h *Handler) postPropose(c *fiber.Ctx, lab bool) error {
	v, f := h.proposeView(c, lab)
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	if !strings.HasPrefix(ct, fiber.MIMEApplicationForm) {
		return fiber.ErrUnsupportedMediaType
	}
	if !page.CheckCSRF(c) {
		v.Title = v.T("web.error.title")
		v.NoIndex = true
		return h.renderError(c, v, fiber.StatusForbidden, v.T("web.error.csrf"))
	}
	if c.FormValue(honeypotField) != "" {
		h.cfg.Logger.InfoContext(c.UserContext(), "proposal form: honeypot filled", "lab", lab)
		v.NoIndex = true
		return h.render(c, fiber.StatusOK, "supply_sent", v, sentData{Title: v.T("propose.sent.title"), Text: v.T("propose.sent.text")})
	}
	fields := offerProposeFields
	if lab {
		fields = labProposeFields
	}
	for _, fl := range fields {
		switch fl.Name {
		case "hubs", "sectors", "partnerships", "languages":
			for _, raw := range c.Context().PostArgs().PeekMulti(fl.Name) {
				if len(f.Multi[fl.Name]) < 40 {
					f.Multi[fl.Name] = append(f.Multi[fl.Name], strings.ToValidUTF8(string(raw), "\uFFFD"))
				}
			}
		default:
			s := strings.ToValidUTF8(utils.CopyString(c.FormValue(fl.Name)), "\uFFFD")
			if utf8.RuneCountInString(s) > 2*content.MaxBody {
				s = string([]rune(s)[:2*content.MaxBody])
			}
			f.Val[fl.Name] = s
		}
	}
	key := page.NewToken()
	sub := content.SubmitterInput{
		Org: formString(c, "org"), Country: formString(c, "org_country"), ContactName: formString(c, "contact_name"),
		Email: formString(c, "email"), Phone: formString(c, "phone"), Consent: c.FormValue("consent") != "",
		Lang: v.Lang, Key: key,
	}
	var target string
	var err error
	if lab {
		var co *content.Company
		co, err = h.cfg.Workspace.SubmitLab(c.UserContext(), content.ChannelPublic, &content.LabSubmission{Company: h.labInput(c, v.Lang), Submitter: sub})
		if err == nil {
			target = v.URL("labs", "submitted", co.Slug) + "?key=" + key
		}
	} else {
		var o *content.Offer
		o, err = h.cfg.Workspace.SubmitOffer(c.UserContext(), content.ChannelPublic, &content.OfferSubmission{Offer: h.offerInput(c, v.Lang), Submitter: sub})
		if err == nil {
			target = v.URL("offers", "submitted", o.Ref) + "?key=" + key
		}
	}
	var cerr *content.Error
	switch {
	case err == nil:
		return h.redirectLocal(c, target, fiber.StatusSeeOther)
	case errors.As(err, &cerr) && cerr.Code == content.CodeInvalid && len(cerr.Fields) > 0:
		for _, fl := range fields {
			for path, fe := range cerr.Fields {
				if path != fl.Path && !strings.HasPrefix(path, fl.Path+".") {
					continue
				}
				if _, dup := f.Errors[fl.Name]; dup {
					continue
				}
				msg := v.L.T("field."+string(fe.Rule), map[string]any{"Min": fe.Min, "Max": fe.Max})
				f.Errors[fl.Name] = msg
				f.Summary = append(f.Summary, fieldMsg{Field: fl.Name, Label: v.T(fl.Label), Message: msg})
			}
		}
		if len(f.Summary) == 0 {
			f.Summary = append(f.Summary, fieldMsg{Message: v.T("error.invalid")})
		}
		return h.render(c, fiber.StatusUnprocessableEntity, "propose", v, f)
	}
	return err
}

// multi returns the copied values of a repeated form field.
func multi(c *fiber.Ctx, name string) []string {
	var out []string
	for _, raw := range c.Context().PostArgs().PeekMulti(name) {
		if len(out) < 40 {
			out = append(out, string(raw))
		}
	}
	return out
}

// lines returns the non-empty lines of a form field, at most max.
func lines(c *fiber.Ctx, name string, max int) []string {
	var out []string
	for _, l := range strings.Split(formString(c, name), "\n") {
		if l = strings.TrimSpace(l); l != "" && len(out) < max+1 {
			out = append(out, l)
		}
	}
	return out
}

// localized returns text in the form's locale, nil when empty.
func localized(lang, s string) content.Text {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return content.Text{lang: s}
}

// offerInput reads the offer of a proposal; the text is in the page's
// language.
func (h *Handler) offerInput(c *fiber.Ctx, lang string) content.OfferInput {
	in := content.OfferInput{
		Hubs: multi(c, "hubs"), Kind: formString(c, "kind"), Sectors: multi(c, "sectors"),
		IPStatus: formString(c, "ip_status"), Partnerships: multi(c, "partnerships"),
		Title: localized(lang, formString(c, "title")), Summary: localized(lang, formString(c, "summary")),
		Body: localized(lang, formString(c, "body")), Standards: lines(c, "standards", content.MaxStandards),
		Deadline: content.Date(latinDigits(formString(c, "deadline"))),
	}
	if t := formString(c, "trl"); t != "" {
		if n, err := strconv.Atoi(latinDigits(t)); err == nil {
			in.TRL = n
		} else {
			in.TRL = -1
		}
	}
	return in
}

// labInput reads the laboratory of a proposal: methods one per line as
// "code | name", equipment as "name | maker | range".
func (h *Handler) labInput(c *fiber.Ctx, lang string) content.CompanyInput {
	p := &content.LabProfile{
		SampleTypes: localized(lang, formString(c, "sample_types")), PriceBand: formString(c, "price_band"),
		Languages: multi(c, "languages"),
	}
	if std := formString(c, "acc_standard"); strings.TrimSpace(std) != "" {
		p.Accreditations = []content.Accreditation{{
			Standard: std, Body: formString(c, "acc_body"), Number: formString(c, "acc_number"),
			Expires: content.Date(latinDigits(formString(c, "acc_expires"))), Scope: localized(lang, formString(c, "acc_scope")),
		}}
	}
	for _, l := range lines(c, "methods", content.MaxMethods) {
		parts := strings.SplitN(l, "|", 2)
		m := content.TestMethod{Standard: strings.TrimSpace(parts[0])}
		if len(parts) == 2 {
			m.Name = localized(lang, parts[1])
		}
		p.Methods = append(p.Methods, m)
	}
	for _, l := range lines(c, "equipment", content.MaxEquipment) {
		parts := strings.SplitN(l, "|", 3)
		e := content.Equipment{Name: localized(lang, parts[0])}
		if len(parts) > 1 {
			e.Maker = strings.TrimSpace(parts[1])
		}
		if len(parts) > 2 {
			e.Range = strings.TrimSpace(parts[2])
		}
		p.Equipment = append(p.Equipment, e)
	}
	if t := strings.TrimSpace(formString(c, "lead_time_days")); t != "" {
		if n, err := strconv.Atoi(latinDigits(t)); err == nil {
			p.LeadTimeDays = n
		} else {
			p.LeadTimeDays = -1
		}
	}
	return content.CompanyInput{
		Name: localized(lang, formString(c, "name")), Country: formString(c, "country"),
		City: localized(lang, formString(c, "city")), Sectors: multi(c, "sectors"), Website: formString(c, "website"),
		Description: localized(lang, formString(c, "description")), Hubs: multi(c, "hubs"), Lab: p,
	}
}

// Submitted answers GET /{lang}/offers/submitted/{ref}?key= and
// /{lang}/labs/submitted/{slug}?key=: the outcome of the review of a
// proposal, for whoever holds its secret link; not found otherwise.
func (h *Handler) Submitted(c *fiber.Ctx) error {
	key := utils.CopyString(c.Query("key"))
	if !page.ValidToken(key) {
		return fiber.ErrNotFound
	}
	var v *view
	d := sentData{Ref: "", Text: ""}
	if ref := c.Params("ref"); ref != "" {
		o, ok := h.cfg.Catalog.SubmittedOffer(ref, key)
		if !ok {
			return fiber.ErrNotFound
		}
		v = h.pageView(c, "/offers/submitted/"+o.Ref, nil)
		v.Section = "offers"
		d.Ref, d.Name = o.Ref, v.PickAny(o.Title, o.Hubs)
		switch st := o.StatusOn(v.Today); st {
		case content.NeedDraft:
			d.Status = v.T("propose.status.review")
		case content.NeedPublished, content.NeedExpired, content.NeedClosed:
			d.Status, d.Publish = v.T("propose.status.published"), v.URL("offers", o.Ref)
		default:
			d.Status = v.T("propose.status.declined")
		}
	} else {
		co, ok := h.cfg.Catalog.SubmittedLab(c.Params("slug"), key)
		if !ok {
			return fiber.ErrNotFound
		}
		v = h.pageView(c, "/labs/submitted/"+co.Slug, nil)
		v.Section = "labs"
		d.Name = v.PickAny(co.Name, co.Hubs)
		if co.Public() {
			d.Status, d.Publish = v.T("propose.status.published"), v.URL("labs", co.Slug)
		} else {
			d.Status = v.T("propose.status.review")
		}
	}
	v.Query = "key=" + key
	d.Title, d.Text = v.T("propose.sent.title"), v.T("propose.sent.text")
	v.Title, v.NoIndex = d.Title, true
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return h.render(c, fiber.StatusOK, "supply_sent", v, d)
}
