package staff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/i18n"
)

// ---- agreements ----

var (
	agreementOne  = []string{"signed_on", "expires_on", "status"}
	agreementMany = []string{"party_companies", "needs"}
)

// agreementValues returns the form values of an agreement: parties that
// are companies of the directory by slug, named parties as one line per
// party in every locale.
func agreementValues(a *content.Agreement) *editValues {
	ev := newEditValues()
	ev.One["slug"], ev.One["hub"] = a.Slug, a.Hub
	ev.One["signed_on"], ev.One["expires_on"], ev.One["status"] = string(a.SignedOn), string(a.ExpiresOn), a.Status
	ev.Many["needs"] = slices.Clone(a.Needs)
	ev.Texts["title"], ev.Texts["scope"] = a.Title.Clone(), a.Scope.Clone()
	parties := content.Text{}
	var named []content.Text
	for _, p := range a.Parties {
		if p.Company != "" {
			ev.Many["party_companies"] = append(ev.Many["party_companies"], p.Company)
		} else {
			named = append(named, p.Name)
		}
	}
	for _, l := range i18n.Codes() {
		lines := make([]string, len(named))
		any := false
		for i, t := range named {
			lines[i] = t[l]
			any = any || t[l] != ""
		}
		if any {
			parties[l] = strings.Join(lines, "\n")
		}
	}
	ev.Texts["parties"] = parties
	return ev
}

// agreementParties builds the parties from form values: the companies,
// then line i of every locale's list as the i-th named party.
func agreementParties(ev *editValues) []content.Party {
	var out []content.Party
	for _, s := range ev.Many["party_companies"] {
		out = append(out, content.Party{Company: s})
	}
	var named []content.Text
	for _, l := range i18n.Codes() {
		s := strings.ReplaceAll(ev.Texts["parties"][l], "\r", "")
		if strings.TrimSpace(s) == "" {
			continue
		}
		for i, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
			for len(named) <= i {
				named = append(named, content.Text{})
			}
			if line = strings.TrimSpace(line); line != "" {
				named[i][l] = line
			}
		}
	}
	for _, t := range named {
		if len(t) > 0 {
			out = append(out, content.Party{Name: t})
		}
	}
	if out == nil {
		out = []content.Party{}
	}
	return out
}

func (h *Handler) agreementForm(v *view, st *content.Staff, a *content.Agreement, ev *editValues, errs map[string]string) *editForm {
	f := &editForm{Kind: "agreements", Previews: previewOptions(v)}
	if a == nil {
		f.Heading = v.T("staff.edit.agreement.new")
		f.Action = v.URL("staff", "agreements", "new")
		f.Inputs = append(f.Inputs,
			editInput{Name: "slug", Label: v.T("staff.edit.field.slug"), Type: "text", Value: echo(ev.One["slug"], 64),
				Required: true, Error: errs["slug"], Hint: v.T("staff.edit.hint.slug"), Max: 64, Dir: "ltr"},
			editInput{Name: "hub", Label: v.T("staff.edit.field.hub"), Type: "select", Value: ev.One["hub"],
				Options: h.hubOptions(v, st), Required: true, Error: errs["hub"]})
	} else {
		f.Heading = v.T("staff.edit.agreement.edit")
		f.ID, f.Version = a.Slug, a.Version
		f.Status = "unpublished"
		if a.Published {
			f.Status = "published"
			f.Public = v.URL("agreements", a.Slug)
			f.Actions = []editAction{{Name: "unpublish", Label: v.T("staff.edit.action.unpublish")}}
		} else {
			f.Actions = []editAction{{Name: "publish", Label: v.T("staff.edit.action.publish")}}
		}
		f.Action = v.URL("staff", "agreements", a.Slug, "edit")
	}
	partyErr := errs["party_companies"]
	if partyErr == "" {
		partyErr = errs["parties"]
	}
	f.Inputs = append(f.Inputs,
		editInput{Name: "status", Label: v.T("staff.edit.field.status"), Type: "select", Value: ev.One["status"],
			Options:  codeOptions(v, content.AgreementStatuses(), func(s string) string { return v.T("status.agreement." + s) }),
			Required: true, Error: errs["status"]},
		editInput{Name: "signed_on", Label: v.T("staff.edit.field.signed_on"), Type: "date", Value: echo(ev.One["signed_on"], 20),
			Required: true, Error: errs["signed_on"], Dir: "ltr"},
		editInput{Name: "expires_on", Label: v.T("staff.edit.field.expires_on"), Type: "date", Value: echo(ev.One["expires_on"], 20),
			Error: errs["expires_on"], Dir: "ltr"},
		editInput{Name: "party_companies", Label: v.T("staff.edit.field.party_companies"), Type: "text",
			Value: echo(strings.Join(ev.Many["party_companies"], " "), 2000), Error: partyErr,
			Hint: v.T("staff.edit.hint.party_companies"), Dir: "ltr"},
		editInput{Name: "needs", Label: v.T("staff.edit.field.needs"), Type: "text",
			Value: echo(strings.Join(ev.Many["needs"], " "), 2000), Error: errs["needs"], Hint: v.T("staff.edit.hint.needs"), Dir: "ltr"},
	)
	f.Tabs = buildTabs(v, agreementEdit, ev, errs)
	for i := range f.Tabs {
		for j := range f.Tabs[i].Texts {
			if strings.HasPrefix(f.Tabs[i].Texts[j].Name, "parties.") {
				f.Tabs[i].Texts[j].Rows = 4
			}
		}
	}
	return f
}

func (h *Handler) managedAgreement(c *fiber.Ctx, st *content.Staff) (*content.Agreement, error) {
	slug := c.Params("slug")
	if !content.ValidSlug(slug) {
		return nil, staffNotFound
	}
	a, err := h.cfg.Store.Agreement(c.UserContext(), slug)
	if content.ErrorCode(err) == content.CodeNotFound || (err == nil && !st.CanManage(a.Hub)) {
		return nil, staffNotFound
	}
	return a, err
}

// StaffAgreementForm answers GET /{lang}/staff/agreements/new and
// /{lang}/staff/agreements/{slug}/edit.
func (h *Handler) StaffAgreementForm(c *fiber.Ctx) error {
	st := staffOf(c)
	if c.Params("slug") == "" {
		v := h.staffView(c, "/staff/agreements/new", nil)
		v.Title = v.T("staff.edit.agreement.new")
		ev := newEditValues()
		if hubs := h.staffHubs(st); len(hubs) == 1 {
			ev.One["hub"] = hubs[0]
		}
		ev.One["status"] = content.AgreementSigned
		return h.render(c, fiber.StatusOK, "staff_edit_form", v, h.agreementForm(v, st, nil, ev, nil))
	}
	a, err := h.managedAgreement(c, st)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/agreements/"+a.Slug+"/edit", nil)
	v.Title = v.T("staff.edit.agreement.edit")
	f := h.agreementForm(v, st, a, agreementValues(a), nil)
	f.Notice = editNotice(v, c.Query("done"))
	return h.render(c, fiber.StatusOK, "staff_edit_form", v, f)
}

// agreementFlow describes agreements to the edit flow.
func (h *Handler) agreementFlow() *editFlow[content.Agreement, content.AgreementInput, content.AgreementPatch] {
	ws := h.cfg.Workspace
	return &editFlow[content.Agreement, content.AgreementInput, content.AgreementPatch]{
		kind: agreementEdit, param: "slug", one: agreementOne, many: agreementMany, newOne: []string{"slug", "hub"},
		managed: h.managedAgreement, id: func(a *content.Agreement) string { return a.Slug },
		meta:   func(a *content.Agreement) (int64, string) { return a.Version, a.UpdatedBy },
		values: agreementValues, form: h.agreementForm,
		normalize: func(ev *editValues) {
			for i, r := range ev.Many["needs"] {
				ev.Many["needs"][i] = strings.ToUpper(r)
			}
		},
		input: func(st *content.Staff, ev *editValues) (*content.AgreementInput, *content.Agreement, error) {
			parties, needs := agreementParties(ev), orEmpty(ev.Many["needs"])
			in := &content.AgreementInput{
				Slug: strings.TrimSpace(ev.One["slug"]), Hub: ev.One["hub"], Status: ev.One["status"],
				SignedOn: content.Date(asciiNumber(ev.One["signed_on"])), ExpiresOn: content.Date(asciiNumber(ev.One["expires_on"])),
				Title: nonEmpty(ev.Texts["title"]), Scope: nonEmpty(ev.Texts["scope"]), Parties: parties, Needs: needs,
			}
			extra := content.FieldErrors{}
			if content.ValidHubCode(in.Hub) && !st.CanManage(in.Hub) {
				extra["hub"] = content.FieldError{Rule: content.RuleInvalidHub}
			}
			check := *in
			check.Parties, check.Needs = slices.Clone(parties), slices.Clone(needs)
			if err := mergeErrs(check.Validate(), extra); err != nil {
				return nil, nil, err
			}
			return in, check.NewAgreement(st.Email, h.cfg.Now()), nil
		},
		patch: func(st *content.Staff, cur *content.Agreement, ev *editValues) (*content.AgreementPatch, *content.Agreement, error) {
			parties, needs := agreementParties(ev), orEmpty(ev.Many["needs"])
			p := &content.AgreementPatch{
				Version: ev.Version, Status: ptr(ev.One["status"]),
				SignedOn: ptr(content.Date(asciiNumber(ev.One["signed_on"]))), ExpiresOn: ptr(content.Date(asciiNumber(ev.One["expires_on"]))),
				Title: ev.Texts["title"], Scope: ev.Texts["scope"],
			}
			if fmt.Sprint(parties) != fmt.Sprint(agreementParties(agreementValues(cur))) {
				p.Parties = &parties
			}
			if !slices.Equal(needs, cur.Needs) {
				p.Needs = &needs
			}
			draft, err := p.Apply(cur)
			if err != nil {
				return nil, nil, err
			}
			return p, draft, nil
		},
		create: ws.CreateAgreement, update: ws.UpdateAgreement, load: h.cfg.Store.Agreement,
		preview: h.public.PreviewAgreement,
	}
}

// StaffAgreementPost answers POST /{lang}/staff/agreements/new and
// /{lang}/staff/agreements/{slug}/edit (editPost).
func (h *Handler) StaffAgreementPost(c *fiber.Ctx) error { return editPost(h, c, h.agreementFlow()) }

// StaffAgreementAction answers POST /{lang}/staff/agreements/{slug}/publish
// and /unpublish.
func (h *Handler) StaffAgreementAction(c *fiber.Ctx) error {
	st := staffOf(c)
	cur, err := h.managedAgreement(c, st)
	if err != nil {
		return err
	}
	action := c.Params("action")
	if action != "publish" && action != "unpublish" {
		return fiber.ErrNotFound
	}
	a, err := h.cfg.Workspace.PublishAgreement(c.UserContext(), st, content.ChannelWeb, cur.Slug, action == "publish", parseVersion(c))
	if err != nil {
		v := h.staffView(c, "/staff/agreements/"+cur.Slug+"/edit", nil)
		status, msg, ok := actionProblem(v, err)
		if !ok {
			return err
		}
		if fresh, gerr := h.cfg.Store.Agreement(c.UserContext(), cur.Slug); gerr == nil {
			cur = fresh
		}
		f := h.agreementForm(v, st, cur, agreementValues(cur), nil)
		f.Problem = msg
		v.Title = f.Heading
		return h.render(c, status, "staff_edit_form", v, f)
	}
	return h.editRedirect(c, "agreements", a.Slug, action)
}
