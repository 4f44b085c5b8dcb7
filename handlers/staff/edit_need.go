package staff

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
)

// ---- needs ----

// needOne and needMany are the language-independent fields of the need form.
var (
	needOne  = append([]string{"kind", "country", "trl", "deadline"}, profileOne...)
	needMany = append([]string{"sectors", "partnerships"}, profileMany...)
)

// needValues returns the form values of a stored need.
func needValues(n *content.Need) *editValues {
	ev := newEditValues()
	ev.One["hub"] = n.Hub
	ev.One["kind"] = n.Kind
	ev.One["country"] = n.Country
	if n.TRL != 0 {
		ev.One["trl"] = strconv.Itoa(n.TRL)
	}
	ev.One["deadline"] = string(n.Deadline)
	ev.Many["sectors"] = slices.Clone(n.Sectors)
	ev.Many["partnerships"] = slices.Clone(n.Partnerships)
	ev.Texts["title"], ev.Texts["summary"], ev.Texts["body"] = n.Title.Clone(), n.Summary.Clone(), n.Body.Clone()
	profileValues(ev, n)
	return ev
}

// needForm returns the need form with values ev and messages errs.
func (h *Handler) needForm(v *view, st *content.Staff, n *content.Need, ev *editValues, errs map[string]string) *editForm {
	f := &editForm{Kind: "needs", Previews: previewOptions(v)}
	if n == nil {
		f.Heading = v.T("staff.edit.need.new")
		f.Action = v.URL("staff", "needs", "new")
		f.Inputs = append(f.Inputs, editInput{Name: "hub", Label: v.T("staff.edit.field.hub"), Type: "select",
			Value: ev.One["hub"], Options: h.hubOptions(v, st), Required: true, Error: errs["hub"]})
	} else {
		f.Heading = v.T("staff.edit.need.edit")
		f.ID, f.Version, f.Status = n.Ref, n.Version, n.StatusOn(v.Today)
		f.Action = v.URL("staff", "needs", n.Ref, "edit")
		f.Review = n.ReviewRequestedBy
		if n.Public() {
			f.Public = v.URL("needs", n.Ref)
		}
		hub, _ := h.cfg.Catalog.Hub(n.Hub)
		f.Actions = needActions(v, n, hub != nil && hub.RequireReview)
		f.Deadline = string(v.Today.Time().AddDate(0, 1, 0).Format("2006-01-02"))
	}
	trlOpts := []option{}
	for i := 1; i <= 9; i++ {
		trlOpts = append(trlOpts, option{Value: strconv.Itoa(i), Label: v.Num(i)})
	}
	f.Inputs = append(f.Inputs,
		editInput{Name: "kind", Label: v.T("staff.edit.field.kind"), Type: "select", Value: ev.One["kind"],
			Options: codeOptions(v, content.NeedKinds(), v.NeedKind), Required: true, Error: errs["kind"]},
		editInput{Name: "country", Label: v.T("staff.edit.field.country"), Type: "select", Value: ev.One["country"],
			Options: h.Countries(v.Lang), Required: true, Error: errs["country"]},
		jalaliInput(v, editInput{Name: "deadline", Label: v.T("staff.edit.field.deadline"), Type: "date", Value: echo(ev.One["deadline"], 20),
			Required: true, Error: errs["deadline"], Dir: "ltr"}),
		editInput{Name: "trl", Label: v.T("staff.edit.field.trl"), Type: "select", Value: ev.One["trl"], Options: trlOpts, Error: errs["trl"]},
		editInput{Name: "sectors", Label: v.T("staff.edit.field.sectors"), Type: "checks", Values: ev.Many["sectors"],
			Options: codeOptions(v, content.Sectors(), v.Sector), Required: true, Error: errs["sectors"],
			Hint: v.T("staff.edit.hint.sectors", "Max", v.Num(content.MaxSectors))},
		editInput{Name: "partnerships", Label: v.T("staff.edit.field.partnerships"), Type: "checks", Values: ev.Many["partnerships"],
			Options: codeOptions(v, content.Partnerships(), v.Partnership), Error: errs["partnerships"]},
	)
	f.Inputs = append(f.Inputs, profileInputs(v, ev, errs)...)
	f.Tabs = buildTabs(v, needEdit, ev, errs)
	return f
}

// needActions returns the status changes offered for n.
func needActions(v *view, n *content.Need, review bool) []editAction {
	var out []editAction
	add := func(name string, date bool) {
		out = append(out, editAction{Name: name, Label: v.T("staff.edit.action." + name), Date: date})
	}
	status := n.StatusOn(v.Today)
	if n.ReviewRequestedBy == "" && (n.Status == content.NeedDraft || review && n.Status == content.NeedClosed) {
		add("review", false)
	}
	if _, err := content.Publish.Target(n.Status); err == nil {
		add("publish", false)
	}
	if _, err := content.Close.Target(n.Status); err == nil {
		add("close", false)
	}
	if status == content.NeedExpired || status == content.NeedClosed ||
		(status == content.NeedPublished && n.Deadline.DaysUntil(v.Today) <= 14) {
		add("renew", true)
	}
	if _, err := content.Archive.Target(n.Status); err == nil {
		add("archive", false)
	}
	return out
}

// needInput builds a create input from form values.
func needInput(ev *editValues) (*content.NeedInput, content.FieldErrors) {
	fe := content.FieldErrors{}
	in := &content.NeedInput{
		Hub: ev.One["hub"], Kind: ev.One["kind"], Country: ev.One["country"],
		Sectors: ev.Many["sectors"], Partnerships: ev.Many["partnerships"],
		Deadline: content.Date(strings.TrimSpace(ev.One["deadline"])),
		Title:    nonEmpty(ev.Texts["title"]), Summary: nonEmpty(ev.Texts["summary"]), Body: nonEmpty(ev.Texts["body"]),
	}
	if in.Sectors == nil {
		in.Sectors = []string{}
	}
	if in.Partnerships == nil {
		in.Partnerships = []string{}
	}
	if s := asciiNumber(ev.One["trl"]); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			fe["trl"] = content.FieldError{Rule: content.RuleInvalidType}
		}
		in.TRL = n
	}
	profileInput(ev, in, fe)
	return in, fe
}

// nonEmpty returns the locales of t that have text.
func nonEmpty(t content.Text) content.Text {
	out := content.Text{}
	for l, s := range t {
		if strings.TrimSpace(s) != "" {
			out[l] = s
		}
	}
	return out
}

// mergeErrs returns the union of two sets of field errors as an error.
func mergeErrs(err error, extra content.FieldErrors) error {
	if len(extra) == 0 {
		return err
	}
	all := content.FieldErrors{}
	var cerr *content.Error
	if errors.As(err, &cerr) {
		for k, v := range cerr.Fields {
			all[k] = v
		}
	}
	for k, v := range extra {
		all[k] = v
	}
	return all.Err()
}

// managedNeed returns the need at {ref} if the member may manage it.
func (h *Handler) managedNeed(c *fiber.Ctx, st *content.Staff) (*content.Need, error) {
	ref := strings.ToUpper(c.Params("ref"))
	if !content.ValidRef(ref) {
		return nil, staffNotFound
	}
	n, err := h.cfg.Store.Need(c.UserContext(), ref)
	if content.ErrorCode(err) == content.CodeNotFound || (err == nil && !st.CanManage(n.Hub)) {
		return nil, staffNotFound
	}
	return n, err
}

// StaffNeedForm answers GET /{lang}/staff/needs/new and
// /{lang}/staff/needs/{ref}/edit.
func (h *Handler) StaffNeedForm(c *fiber.Ctx) error {
	st := staffOf(c)
	if c.Params("ref") == "" {
		v := h.staffView(c, "/staff/needs/new", nil)
		v.Title = v.T("staff.edit.need.new")
		ev := newEditValues()
		if hubs := h.staffHubs(st); len(hubs) == 1 {
			ev.One["hub"] = hubs[0]
		}
		if hub := c.Query("hub"); st.CanManage(hub) {
			ev.One["hub"] = utils.CopyString(hub)
		}
		return h.render(c, fiber.StatusOK, "staff_edit_form", v, h.needForm(v, st, nil, ev, nil))
	}
	n, err := h.managedNeed(c, st)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/needs/"+n.Ref+"/edit", nil)
	v.Title = v.T("staff.edit.need.edit")
	f := h.needForm(v, st, n, needValues(n), nil)
	f.Notice = editNotice(v, c.Query("done"))
	return h.render(c, fiber.StatusOK, "staff_edit_form", v, f)
}

// needFlow describes needs to the edit flow.
func (h *Handler) needFlow() *editFlow[content.Need, content.NeedInput, content.NeedPatch] {
	ws := h.cfg.Workspace
	return &editFlow[content.Need, content.NeedInput, content.NeedPatch]{
		kind: needEdit, param: "ref", one: needOne, many: needMany, newOne: []string{"hub"},
		managed: h.managedNeed, id: func(n *content.Need) string { return n.Ref },
		meta:   func(n *content.Need) (int64, string) { return n.Version, n.UpdatedBy },
		values: needValues, form: h.needForm,
		input: func(st *content.Staff, ev *editValues) (*content.NeedInput, *content.Need, error) {
			in, extra := needInput(ev)
			if in.Hub != "" && content.ValidHubCode(in.Hub) && !st.CanManage(in.Hub) {
				extra["hub"] = content.FieldError{Rule: content.RuleInvalidHub}
			}
			check := *in
			check.Sectors, check.Partnerships = slices.Clone(in.Sectors), slices.Clone(in.Partnerships)
			if err := mergeErrs(check.Validate(content.Today(h.cfg.Now(), h.cfg.Zone)), extra); err != nil {
				return nil, nil, err
			}
			return in, check.NewNeed(check.Hub+"-…", st.Email, h.cfg.Now()), nil
		},
		patch: func(st *content.Staff, cur *content.Need, ev *editValues) (*content.NeedPatch, *content.Need, error) {
			in, extra := needInput(ev)
			p := &content.NeedPatch{
				Version: ev.Version, Kind: &in.Kind, Country: &in.Country, TRL: &in.TRL, Deadline: &in.Deadline,
				Sectors: &in.Sectors, Partnerships: &in.Partnerships,
				Title: ev.Texts["title"], Summary: ev.Texts["summary"], Body: ev.Texts["body"],
			}
			profilePatch(p, in, ev)
			draft, err := p.Apply(cur, content.Today(h.cfg.Now(), h.cfg.Zone))
			if err = mergeErrs(err, extra); err != nil {
				return nil, nil, err
			}
			return p, draft, nil
		},
		confirm: h.confirmNewNeed,
		create:  ws.CreateNeed, update: ws.UpdateNeed, load: h.cfg.Store.Need,
		preview: h.public.PreviewNeed,
	}
}

// confirmNewNeed shows the new-need form again (409) with the existing
// needs of its hub that look like the same request, unless the editor
// confirmed that it is not a duplicate.
func (h *Handler) confirmNewNeed(c *fiber.Ctx, v *view, in *content.NeedInput, show showFunc) (bool, error) {
	if c.FormValue("confirm_duplicate") != "" {
		return false, nil
	}
	dups := h.cfg.Catalog.SimilarNeeds(in.Hub, in.Title, "")
	if len(dups) == 0 {
		return false, nil
	}
	return true, show(fiber.StatusConflict, nil, func(f *editForm) {
		for _, d := range dups {
			f.Dups = append(f.Dups, editDup{Ref: d.Ref, URL: v.URL("staff", "needs", d.Ref, "edit"),
				Title: v.Pick(d.Title, d.Hub), Status: v.NeedStatusName(d)})
		}
	})
}

// StaffNeedPost answers POST /{lang}/staff/needs/new and
// /{lang}/staff/needs/{ref}/edit: save, preview or re-apply (editPost).
func (h *Handler) StaffNeedPost(c *fiber.Ctx) error { return editPost(h, c, h.needFlow()) }

// StaffNeedAction answers POST /{lang}/staff/needs/{ref}/{action}:
// publish, close, archive, review (send for review) and renew (a new
// deadline, published again if it had expired or was closed).
func (h *Handler) StaffNeedAction(c *fiber.Ctx) error {
	st := staffOf(c)
	cur, err := h.managedNeed(c, st)
	if err != nil {
		return err
	}
	ctx, version := c.UserContext(), parseVersion(c)
	action := c.Params("action")
	ws := h.cfg.Workspace
	var n *content.Need
	switch action {
	case "publish":
		hub, _ := h.cfg.Catalog.Hub(cur.Hub)
		if err = cur.CanPublish(hub, st.Email); err == nil {
			n, err = ws.TransitionNeed(ctx, st, content.ChannelWeb, cur.Ref, content.Publish, version)
		}
	case "close":
		n, err = ws.TransitionNeed(ctx, st, content.ChannelWeb, cur.Ref, content.Close, version)
	case "archive":
		n, err = ws.TransitionNeed(ctx, st, content.ChannelWeb, cur.Ref, content.Archive, version)
	case "review":
		n, err = ws.RequestReview(ctx, st, content.ChannelWeb, cur.Ref, version)
	case "renew":
		n, err = ws.RenewNeed(ctx, st, content.ChannelWeb, cur.Ref, version, content.Date(asciiNumber(c.FormValue("deadline"))))
	default:
		return fiber.ErrNotFound
	}
	if err != nil {
		v := h.staffView(c, "/staff/needs/"+cur.Ref+"/edit", nil)
		status, msg, ok := actionProblem(v, err)
		if !ok {
			return err
		}
		if fresh, gerr := h.cfg.Store.Need(ctx, cur.Ref); gerr == nil {
			cur = fresh
		}
		f := h.needForm(v, st, cur, needValues(cur), nil)
		f.Problem = msg
		v.Title = f.Heading
		return h.render(c, status, "staff_edit_form", v, f)
	}
	return h.editRedirect(c, "needs", n.Ref, action)
}
