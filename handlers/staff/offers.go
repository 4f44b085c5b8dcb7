package staff

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/i18n"
)

// The supply side of the staff workspace (issue 14): offers of the
// member's hubs with their state and the proposals that came through the
// public form, create and edit, publish/close/archive, erasure of a
// submitter's data, the proposed laboratories, and the "possible matches"
// of a hub's open needs with offers and laboratories.

// offerRow is one offer in the staff list.
type offerRow struct {
	Offer     *content.Offer
	Title     localText
	Status    string
	Submitter *content.Submission
}

// labRow is one proposed laboratory waiting for review.
type labRow struct {
	Company   *content.Company
	Name      localText
	Submitter *content.Submission
}

// offersPage is the data of the staff offers page.
type offersPage struct {
	Rows []offerRow
	Labs []labRow
	Done string
}

// StaffOffers answers GET /{lang}/staff/offers: every offer of the
// member's hubs, drafts and public proposals first, and the proposed
// laboratories.
func (h *Handler) StaffOffers(c *fiber.Ctx) error {
	st := staffOf(c)
	v := h.staffView(c, "/staff/offers", nil)
	v.Title = v.T("staffoffers.title")
	vw := catalog.Viewer{Staff: st}
	res := h.cfg.Catalog.Offers(catalog.OfferQuery{Hubs: h.staffHubs(st), Statuses: content.NeedStatuses(), PerPage: catalog.MaxPerPage, Viewer: vw})
	d := offersPage{Done: c.Query("done")}
	for _, o := range res.Items {
		d.Rows = append(d.Rows, offerRow{Offer: o, Title: v.PickAny(o.Title, o.Hubs), Status: o.StatusOn(v.Today), Submitter: o.Submission})
	}
	slices.SortStableFunc(d.Rows, func(a, b offerRow) int {
		return boolRank(a.Status == content.NeedDraft) - boolRank(b.Status == content.NeedDraft)
	})
	for page := 1; page <= 20; page++ {
		cs := h.cfg.Catalog.Companies(catalog.CompanyQuery{Kinds: []string{"laboratory"}, Hubs: h.staffHubs(st), Locale: v.Lang, Page: page, PerPage: catalog.MaxPerPage, Viewer: vw})
		for _, co := range cs.Items {
			if !co.Published && co.Submission != nil {
				d.Labs = append(d.Labs, labRow{Company: co, Name: v.PickAny(co.Name, co.Hubs), Submitter: co.Submission})
			}
		}
		if page*cs.PerPage >= cs.Total {
			break
		}
	}
	return h.render(c, fiber.StatusOK, "staff_offers", v, d)
}

func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}

// managedOffer returns the offer at {ref} when the member manages one of
// its hubs; not found otherwise.
func (h *Handler) managedOffer(c *fiber.Ctx, st *content.Staff) (*content.Offer, error) {
	ref := strings.ToUpper(c.Params("ref"))
	if !content.ValidOfferRef(ref) {
		return nil, staffNotFound
	}
	o, err := h.cfg.Workspace.ManagedOffer(c.UserContext(), st, ref)
	if content.ErrorCode(err) == content.CodeNotFound {
		return nil, staffNotFound
	}
	return o, err
}

// StaffOfferAction answers POST /{lang}/staff/offers/{ref}/{action}:
// publish, close, archive, or erase the submitter's personal data, from
// the version the form read.
func (h *Handler) StaffOfferAction(c *fiber.Ctx) error {
	st := staffOf(c)
	cur, err := h.managedOffer(c, st)
	if err != nil {
		return err
	}
	ctx, version, action := c.UserContext(), parseVersion(c), c.Params("action")
	switch action {
	case "publish":
		_, err = h.cfg.Workspace.TransitionOffer(ctx, st, content.ChannelWeb, cur.Ref, content.Publish, version)
	case "close":
		_, err = h.cfg.Workspace.TransitionOffer(ctx, st, content.ChannelWeb, cur.Ref, content.Close, version)
	case "archive":
		_, err = h.cfg.Workspace.TransitionOffer(ctx, st, content.ChannelWeb, cur.Ref, content.Archive, version)
	case "erase":
		_, err = h.cfg.Workspace.EraseOfferSubmission(ctx, st, content.ChannelWeb, cur.Ref, version)
	default:
		return fiber.ErrNotFound
	}
	if err != nil {
		v := h.staffView(c, "/staff/offers", nil)
		status, msg, ok := actionProblem(v, err)
		if !ok {
			return err
		}
		v.Title = v.T("staffoffers.title")
		return h.renderError(c, v, status, msg)
	}
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/offers?done="+action, fiber.StatusSeeOther)
}

// StaffLabErase answers POST /{lang}/staff/offers/labs/{slug}/erase:
// erase the personal data of whoever proposed the laboratory, from the
// version the form read.
func (h *Handler) StaffLabErase(c *fiber.Ctx) error {
	st := staffOf(c)
	ctx := c.UserContext()
	cur, err := h.cfg.Workspace.ManagedCompany(ctx, st, c.Params("slug"))
	if content.ErrorCode(err) == content.CodeNotFound {
		return staffNotFound
	}
	if err != nil {
		return err
	}
	_, err = h.cfg.Workspace.EraseLabSubmission(ctx, st, content.ChannelWeb, cur.Slug, parseVersion(c))
	if err != nil {
		v := h.staffView(c, "/staff/offers", nil)
		status, msg, ok := actionProblem(v, err)
		if !ok {
			return err
		}
		v.Title = v.T("staffoffers.title")
		return h.renderError(c, v, status, msg)
	}
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/offers?done=erase", fiber.StatusSeeOther)
}

// offerForm is the staff form to create or edit an offer.
type offerForm struct {
	Offer    *content.Offer // nil for a new one
	Action   string
	Version  int64
	Val      map[string]string
	Multi    map[string][]string
	Locales  []i18n.Locale
	Hubs     []option
	Sectors  []option
	Problems []fieldMsg
}

// Has reports whether value x of the multiple field name is chosen.
func (f *offerForm) Has(name, x string) bool { return slices.Contains(f.Multi[name], x) }

// Text returns the typed text of field (title, summary, body) in locale.
func (f *offerForm) Text(field, locale string) string { return f.Val[field+"."+locale] }

// newOfferForm returns the form for o (nil: a new offer).
func (h *Handler) newOfferForm(v *view, st *content.Staff, o *content.Offer) *offerForm {
	f := &offerForm{Offer: o, Val: map[string]string{}, Multi: map[string][]string{}, Locales: i18n.Locales()}
	f.Action = v.URL("staff", "offers", "new")
	if o != nil {
		f.Action, f.Version = v.URL("staff", "offers", o.Ref, "edit"), o.Version
		f.Val["kind"], f.Val["company"], f.Val["ip_status"], f.Val["deadline"] = o.Kind, o.Company, o.IPStatus, string(o.Deadline)
		if o.TRL > 0 {
			f.Val["trl"] = strconv.Itoa(o.TRL)
		}
		f.Val["standards"] = strings.Join(o.Standards, "\n")
		f.Multi["hubs"], f.Multi["sectors"], f.Multi["partnerships"] = o.Hubs, o.Sectors, o.Partnerships
		for _, l := range i18n.Codes() {
			f.Val["title."+l], f.Val["summary."+l], f.Val["body."+l] = o.Title[l], o.Summary[l], o.Body[l]
		}
	}
	for _, code := range h.staffHubs(st) {
		f.Hubs = append(f.Hubs, option{Value: code, Label: v.HubName(code).S})
	}
	for _, s := range content.Sectors() {
		f.Sectors = append(f.Sectors, option{Value: s, Label: v.Sector(s)})
	}
	sortOptions(v.Loc, f.Sectors)
	return f
}

// StaffOfferForm answers GET /{lang}/staff/offers/new and
// /{lang}/staff/offers/{ref}/edit.
func (h *Handler) StaffOfferForm(c *fiber.Ctx) error {
	st := staffOf(c)
	var o *content.Offer
	if c.Params("ref") != "" {
		var err error
		if o, err = h.managedOffer(c, st); err != nil {
			return err
		}
	}
	v := h.staffView(c, "/staff/offers/new", nil)
	f := h.newOfferForm(v, st, o)
	v.Title = v.T("staffoffers.new")
	if o != nil {
		v.Title = v.T("staffoffers.edit", "Ref", o.Ref)
	}
	return h.render(c, fiber.StatusOK, "staff_offer_form", v, f)
}

// StaffOfferPost answers POST /{lang}/staff/offers/new and
// /{lang}/staff/offers/{ref}/edit: create a draft or apply the edit from
// the version the form read (409 when stale); invalid input shows the
// form again (422) with what was typed.
func (h *Handler) StaffOfferPost(c *fiber.Ctx) error {
	st := staffOf(c)
	var cur *content.Offer
	if c.Params("ref") != "" {
		var err error
		if cur, err = h.managedOffer(c, st); err != nil {
			return err
		}
	}
	v := h.staffView(c, "/staff/offers/new", nil)
	f := h.newOfferForm(v, st, nil)
	f.Offer = cur
	if cur != nil {
		f.Action = v.URL("staff", "offers", cur.Ref, "edit")
	}
	f.Version = parseVersion(c)
	for _, name := range []string{"kind", "company", "ip_status", "deadline", "trl", "standards"} {
		f.Val[name] = formString(c, name)
	}
	for _, name := range []string{"hubs", "sectors", "partnerships"} {
		for _, raw := range c.Context().PostArgs().PeekMulti(name) {
			if len(f.Multi[name]) < 40 {
				f.Multi[name] = append(f.Multi[name], string(raw))
			}
		}
	}
	texts := map[string]content.Text{"title": {}, "summary": {}, "body": {}}
	for _, l := range i18n.Codes() {
		for field, t := range texts {
			s := formString(c, field+"."+l)
			f.Val[field+"."+l] = s
			t[l] = s // "" removes the locale on edit
		}
	}
	var standards []string
	for _, l := range strings.Split(f.Val["standards"], "\n") {
		if l = strings.TrimSpace(l); l != "" {
			standards = append(standards, l)
		}
	}
	trl := 0
	if f.Val["trl"] != "" {
		if n, err := strconv.Atoi(asciiNumber(f.Val["trl"])); err == nil {
			trl = n
		} else {
			trl = -1
		}
	}
	ctx := c.UserContext()
	var err error
	deadline := content.Date(asciiNumber(f.Val["deadline"]))
	if cur == nil {
		in := content.OfferInput{
			Hubs: f.Multi["hubs"], Kind: f.Val["kind"], Company: f.Val["company"], Sectors: f.Multi["sectors"],
			TRL: trl, IPStatus: f.Val["ip_status"], Partnerships: f.Multi["partnerships"],
			Title: texts["title"], Summary: texts["summary"], Body: texts["body"], Standards: standards, Deadline: deadline,
		}
		for _, l := range i18n.Codes() { // a new offer stores no empty locale
			for _, t := range []content.Text{in.Title, in.Summary, in.Body} {
				if t[l] == "" {
					delete(t, l)
				}
			}
		}
		if slices.ContainsFunc(in.Hubs, func(h string) bool { return !st.CanManage(h) }) {
			return fiber.ErrForbidden
		}
		_, err = h.cfg.Workspace.CreateOffer(ctx, st, content.ChannelWeb, &in)
	} else {
		hubs, sectors, parts := f.Multi["hubs"], f.Multi["sectors"], f.Multi["partnerships"]
		// A member may add or remove only the hubs they manage.
		changed := func(h string) bool { return slices.Contains(hubs, h) != slices.Contains(cur.Hubs, h) }
		if slices.ContainsFunc(append(slices.Clone(hubs), cur.Hubs...), func(h string) bool { return changed(h) && !st.CanManage(h) }) {
			return fiber.ErrForbidden
		}
		kind, company, ip := f.Val["kind"], f.Val["company"], f.Val["ip_status"]
		p := content.OfferPatch{
			Version: f.Version, Hubs: &hubs, Kind: &kind, Company: &company, Sectors: &sectors, TRL: &trl,
			IPStatus: &ip, Partnerships: &parts, Title: texts["title"], Summary: texts["summary"], Body: texts["body"],
			Standards: &standards, Deadline: &deadline,
		}
		_, err = h.cfg.Workspace.UpdateOffer(ctx, st, content.ChannelWeb, cur.Ref, &p)
	}
	if err != nil {
		status, msg, ok := actionProblem(v, err)
		if !ok {
			return err
		}
		var ce *content.Error
		if errors.As(err, &ce) && len(ce.Fields) > 0 {
			_, f.Problems = fieldMessages(v, err, map[string]bool{})
		}
		if len(f.Problems) == 0 {
			f.Problems = []fieldMsg{{Message: msg}}
		}
		v.Title = v.T("staffoffers.new")
		return h.render(c, status, "staff_offer_form", v, f)
	}
	action := content.AuditCreate
	if cur != nil {
		action = content.AuditUpdate
	}
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/offers?done="+action, fiber.StatusSeeOther)
}

// testingTarget returns the title of the offer or the name of the
// laboratory a testing request is addressed to.
func (h *Handler) testingTarget(v *view, st *content.Staff, i *content.Interest) localText {
	vw := catalog.Viewer{Staff: st}
	if o, ok := h.cfg.Catalog.Offer(i.Offer, vw); ok && i.Offer != "" {
		return v.PickAny(o.Title, o.Hubs)
	}
	if co, ok := h.cfg.Catalog.Company(i.Lab, vw); ok && i.Lab != "" {
		return v.PickAny(co.Name, co.Hubs)
	}
	return localText{S: i.Offer + i.Lab, Lang: "en", Dir: "ltr", Fallback: true}
}
