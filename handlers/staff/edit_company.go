package staff

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/workspace"
)

// ---- companies ----

var (
	companyOne  = []string{"kind", "country", "website"}
	companyMany = []string{"sectors", "hubs"}
)

func companyValues(co *content.Company) *editValues {
	ev := newEditValues()
	ev.One["slug"] = co.Slug
	ev.One["kind"], ev.One["country"], ev.One["website"] = co.Kind, co.Country, co.Website
	ev.Many["sectors"], ev.Many["hubs"] = slices.Clone(co.Sectors), slices.Clone(co.Hubs)
	ev.Texts["name"], ev.Texts["city"] = co.Name.Clone(), co.City.Clone()
	ev.Texts["description"], ev.Texts["capabilities"] = co.Description.Clone(), co.Capabilities.Clone()
	labValues(ev, co.Lab)
	return ev
}

func (h *Handler) companyForm(v *view, st *content.Staff, co *content.Company, ev *editValues, errs map[string]string) *editForm {
	f := &editForm{Kind: "companies", Previews: previewOptions(v)}
	if co == nil {
		f.Heading = v.T("staff.edit.company.new")
		f.Action = v.URL("staff", "companies", "new")
		f.Inputs = append(f.Inputs, editInput{Name: "slug", Label: v.T("staff.edit.field.slug"), Type: "text",
			Value: echo(ev.One["slug"], 64), Required: true, Error: errs["slug"], Hint: v.T("staff.edit.hint.slug"), Max: 64, Dir: "ltr"})
	} else {
		f.Heading = v.T("staff.edit.company.edit")
		f.ID, f.Version = co.Slug, co.Version
		f.Status = "unpublished"
		if co.Published {
			f.Status = "published"
			f.Public = v.URL("companies", co.Slug)
			f.Actions = []editAction{{Name: "unpublish", Label: v.T("staff.edit.action.unpublish")}}
		} else {
			f.Actions = []editAction{{Name: "publish", Label: v.T("staff.edit.action.publish")}}
		}
		f.Action = v.URL("staff", "companies", co.Slug, "edit")
	}
	var hubs []string
	for _, hub := range h.cfg.Catalog.Hubs() {
		hubs = append(hubs, hub.Code)
	}
	f.Inputs = append(f.Inputs,
		editInput{Name: "kind", Label: v.T("staff.edit.field.kind"), Type: "select", Value: ev.One["kind"],
			Options: codeOptions(v, content.CompanyKinds(), v.CompanyKind), Required: true, Error: errs["kind"]},
		editInput{Name: "country", Label: v.T("staff.edit.field.country"), Type: "select", Value: ev.One["country"],
			Options: h.Countries(v.Lang), Required: true, Error: errs["country"]},
		editInput{Name: "website", Label: v.T("staff.edit.field.website"), Type: "url", Value: echo(ev.One["website"], 300),
			Error: errs["website"], Max: 300, Dir: "ltr"},
		editInput{Name: "hubs", Label: v.T("staff.edit.field.hubs"), Type: "checks", Values: ev.Many["hubs"],
			Options: codeOptions(v, hubs, func(c string) string { return v.HubName(c).S }), Required: true, Error: errs["hubs"]},
		editInput{Name: "sectors", Label: v.T("staff.edit.field.sectors"), Type: "checks", Values: ev.Many["sectors"],
			Options: codeOptions(v, content.Sectors(), v.Sector), Error: errs["sectors"]},
	)
	f.Tabs = buildTabs(v, companyEdit, ev, errs)
	if isLab(ev) {
		f.Lab = labForm(v, ev, errs)
		f.Notice = labNotice(v, ev)
	}
	return f
}

func (h *Handler) managedCompany(c *fiber.Ctx, st *content.Staff) (*content.Company, error) {
	slug := c.Params("slug")
	if !content.ValidSlug(slug) {
		return nil, staffNotFound
	}
	co, err := h.cfg.Store.Company(c.UserContext(), slug)
	if content.ErrorCode(err) == content.CodeNotFound || (err == nil && !st.CanManageAny(co.Hubs)) {
		return nil, staffNotFound
	}
	return co, err
}

// StaffCompanyForm answers GET /{lang}/staff/companies/new and
// /{lang}/staff/companies/{slug}/edit.
func (h *Handler) StaffCompanyForm(c *fiber.Ctx) error {
	st := staffOf(c)
	if c.Params("slug") == "" {
		v := h.staffView(c, "/staff/companies/new", nil)
		v.Title = v.T("staff.edit.company.new")
		ev := newEditValues()
		ev.Many["hubs"] = h.staffHubs(st)
		if len(ev.Many["hubs"]) > 1 {
			ev.Many["hubs"] = nil
		}
		return h.render(c, fiber.StatusOK, "staff_edit_form", v, h.companyForm(v, st, nil, ev, nil))
	}
	co, err := h.managedCompany(c, st)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/companies/"+co.Slug+"/edit", nil)
	v.Title = v.T("staff.edit.company.edit")
	f := h.companyForm(v, st, co, companyValues(co), nil)
	f.Notice = editNotice(v, c.Query("done"))
	return h.render(c, fiber.StatusOK, "staff_edit_form", v, f)
}

// companyFlow describes companies to the edit flow.
func (h *Handler) companyFlow() *editFlow[content.Company, content.CompanyInput, content.CompanyPatch] {
	ws := h.cfg.Workspace
	return &editFlow[content.Company, content.CompanyInput, content.CompanyPatch]{
		kind: companyEdit, param: "slug", one: companyOne, many: companyMany, newOne: []string{"slug"},
		managed: h.managedCompany, id: func(co *content.Company) string { return co.Slug },
		meta:   func(co *content.Company) (int64, string) { return co.Version, co.UpdatedBy },
		values: companyValues, form: h.companyForm, extra: readLab,
		input: func(st *content.Staff, ev *editValues) (*content.CompanyInput, *content.Company, error) {
			hubs, sectors := orEmpty(ev.Many["hubs"]), orEmpty(ev.Many["sectors"])
			in := &content.CompanyInput{
				Slug: strings.TrimSpace(ev.One["slug"]), Kind: ev.One["kind"], Country: ev.One["country"],
				Website: ev.One["website"], Hubs: hubs, Sectors: sectors,
				Name: nonEmpty(ev.Texts["name"]), City: nonEmpty(ev.Texts["city"]),
				Description: nonEmpty(ev.Texts["description"]), Capabilities: nonEmpty(ev.Texts["capabilities"]),
			}
			var labErrs content.FieldErrors
			var rows map[string][]int
			if isLab(ev) {
				in.Lab, rows, labErrs = labProfile(ev)
			}
			check := *in
			check.Hubs, check.Sectors = slices.Clone(hubs), slices.Clone(sectors)
			if in.Lab != nil {
				lab := *in.Lab
				check.Lab = &lab
			}
			if err := mergeErrs(remapLab(check.Validate(), rows), mergeFields(companyHubErrs(st, nil, hubs), labErrs)); err != nil {
				return nil, nil, err
			}
			return in, check.NewCompany(st.Email, h.cfg.Now()), nil
		},
		patch: func(st *content.Staff, cur *content.Company, ev *editValues) (*content.CompanyPatch, *content.Company, error) {
			hubs, sectors := orEmpty(ev.Many["hubs"]), orEmpty(ev.Many["sectors"])
			p := &content.CompanyPatch{
				Version: ev.Version, Kind: ptr(ev.One["kind"]), Country: ptr(ev.One["country"]),
				Website: ptr(ev.One["website"]), Sectors: &sectors, Hubs: &hubs,
				Name: ev.Texts["name"], City: ev.Texts["city"], Description: ev.Texts["description"], Capabilities: ev.Texts["capabilities"],
			}
			var labErrs content.FieldErrors
			var rows map[string][]int
			if isLab(ev) {
				p.Lab, rows, labErrs = labProfile(ev)
			}
			draft, err := p.Apply(cur)
			if err = mergeErrs(remapLab(err, rows), mergeFields(companyHubErrs(st, cur.Hubs, hubs), labErrs)); err != nil {
				return nil, nil, err
			}
			return p, draft, nil
		},
		create: ws.CreateCompany, update: ws.UpdateCompany, load: h.cfg.Store.Company,
		preview: h.public.PreviewCompany,
	}
}

// companyHubErrs returns the form's problem with a company's hubs under
// the workspace's rule (workspace.HubsAllowed).
func companyHubErrs(st *content.Staff, before, after []string) content.FieldErrors {
	if !workspace.HubsAllowed(st, before, after) {
		return content.FieldErrors{"hubs": {Rule: content.RuleInvalidHub}}
	}
	return nil
}

// orEmpty returns s, or an empty slice for nil.
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// StaffCompanyPost answers POST /{lang}/staff/companies/new and
// /{lang}/staff/companies/{slug}/edit (editPost).
func (h *Handler) StaffCompanyPost(c *fiber.Ctx) error { return editPost(h, c, h.companyFlow()) }

func ptr[T any](v T) *T { return &v }

// StaffCompanyAction answers POST /{lang}/staff/companies/{slug}/publish
// and /unpublish.
func (h *Handler) StaffCompanyAction(c *fiber.Ctx) error {
	st := staffOf(c)
	cur, err := h.managedCompany(c, st)
	if err != nil {
		return err
	}
	action := c.Params("action")
	if action != "publish" && action != "unpublish" {
		return fiber.ErrNotFound
	}
	co, err := h.cfg.Workspace.PublishCompany(c.UserContext(), st, content.ChannelWeb, cur.Slug, action == "publish", parseVersion(c))
	if err != nil {
		v := h.staffView(c, "/staff/companies/"+cur.Slug+"/edit", nil)
		status, msg, ok := actionProblem(v, err)
		if !ok {
			return err
		}
		if fresh, gerr := h.cfg.Store.Company(c.UserContext(), cur.Slug); gerr == nil {
			cur = fresh
		}
		f := h.companyForm(v, st, cur, companyValues(cur), nil)
		f.Problem = msg
		v.Title = f.Heading
		return h.render(c, status, "staff_edit_form", v, f)
	}
	return h.editRedirect(c, "companies", co.Slug, action)
}

// mergeFields returns the problems of a and b together (nil for none).
func mergeFields(a, b content.FieldErrors) content.FieldErrors {
	if len(a)+len(b) == 0 {
		return nil
	}
	out := content.FieldErrors{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
