package staff

// Editing needs, companies and agreements in the staff workspace (issue 5,
// part B).
//
// One form per listing with a section per locale (a <details> each, no
// script), the inputs of a locale marked with its lang and dir. A post
// either saves (action=save), shows the public page with the unsaved
// values (action=preview, in the locale preview_lang, marked as a preview
// and not indexed), or, after a conflict, shows the form again with the
// editor's values on the current version (action=reapply). Invalid input
// shows the form again (422) with localized messages and what was typed.
//
// Concurrency: the form carries the version it was made from. When the
// store answers ErrConflict, the conflict page shows the stored version
// and the editor's side by side per field, and a button that opens the
// form again with the editor's values and the current version: nothing is
// overwritten silently and nothing typed is lost.
//
// Every editor sees and changes only the listings of their hubs: any other
// listing is not found (404), by every page and action.

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/i18n"
)

// Form actions.
const (
	editSave    = "save"
	editPreview = "preview"
	editReapply = "reapply"
)

// editInput is one language-independent input of an edit form.
type editInput struct {
	Name     string
	Label    string
	Type     string // text, url, date, number, select, checks, textarea
	Value    string
	Values   []string // checks: the checked values
	Options  []option
	Required bool
	Error    string
	Hint     string
	Max      int
	Dir      string // "ltr" for codes, URLs and dates
}

// Checked reports whether value is among the input's checked values.
func (in editInput) Checked(value string) bool { return slices.Contains(in.Values, value) }

// editText is the input of one text field in one locale.
type editText struct {
	Name  string // "title.fa"
	ID    string // "f-title-fa"
	Label string
	Value string
	Multi bool
	Rows  int
	Max   int
	Error string
}

// editTab is the section of one locale: its inputs carry its lang and dir.
type editTab struct {
	Code, Name, Dir string
	Open            bool
	Texts           []editText
	Missing         bool // no text in this locale at all
}

// editAction is a status change offered beside the form.
type editAction struct {
	Name  string // publish, close, archive, review, renew, unpublish
	Label string
	Date  bool // asks for a new deadline (renew)
}

// editForm is the edit page's data.
type editForm struct {
	Kind     string // "needs", "companies", "agreements"
	Heading  string
	ID       string // ref or slug; "" on create
	Action   string
	Version  int64
	Status   string
	Inputs   []editInput
	Tabs     []editTab
	Summary  []fieldMsg
	Notice   string // the outcome of the last action
	Problem  string // why the last action failed
	Dups     []editDup
	Previews []option
	Actions  []editAction
	Public   string // URL of the public page, when public
	Review   string // who sent the need for review, if someone did
	Deadline string // renew: the proposed new deadline
}

// editDup is a near-duplicate of a new need.
type editDup struct {
	Ref, URL string
	Title    localText
	Status   string
}

// editKind describes one kind of listing to the shared form code.
type editKind struct {
	name   string   // "needs"
	audit  string   // content.KindNeed
	texts  []string // text fields in form order
	multi  map[string]bool
	limits map[string]int
}

var (
	needEdit = editKind{name: "needs", audit: content.KindNeed,
		texts: []string{"title", "summary", "body", "requester.name", "partner_sought"},
		multi: map[string]bool{"summary": true, "body": true, "partner_sought": true},
		limits: map[string]int{"title": content.MaxTitle, "summary": content.MaxSummary, "body": content.MaxBody,
			"requester.name": 200, "partner_sought": content.MaxPartnerSought}}
	companyEdit = editKind{name: "companies", audit: content.KindCompany,
		texts: []string{"name", "city", "description", "capabilities"}, multi: map[string]bool{"description": true, "capabilities": true},
		limits: map[string]int{"name": 160, "city": 80, "description": 4000, "capabilities": 4000}}
	agreementEdit = editKind{name: "agreements", audit: content.KindAgreement,
		texts: []string{"title", "scope", "parties"}, multi: map[string]bool{"scope": true, "parties": true},
		limits: map[string]int{"title": content.MaxTitle, "scope": 4000, "parties": 2000}}
)

// editValues are the values of an edit form as posted (or as stored):
// single values, lists and text per field per locale.
type editValues struct {
	One   map[string]string
	Many  map[string][]string
	Texts map[string]content.Text
}

func newEditValues() *editValues {
	return &editValues{One: map[string]string{}, Many: map[string][]string{}, Texts: map[string]content.Text{}}
}

// readEditValues reads the posted form: the single fields one, the list
// fields many and the text fields of k in every locale. Values are copied
// out of Fiber's buffers; invalid UTF-8 is left for validation to refuse.
func readEditValues(c *fiber.Ctx, k editKind, one, many []string) *editValues {
	ev := newEditValues()
	for _, n := range one {
		ev.One[n] = utils.CopyString(c.FormValue(n))
	}
	fromJalaliForm(c, ev.One)
	args := c.Request().PostArgs()
	for _, n := range many {
		var vals []string
		for _, b := range args.PeekMulti(n) {
			for _, s := range strings.FieldsFunc(string(b), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' }) {
				vals = append(vals, s)
			}
		}
		ev.Many[n] = vals
	}
	for _, f := range k.texts {
		t := content.Text{}
		for _, l := range i18n.Codes() {
			t[l] = utils.CopyString(c.FormValue(f + "." + l))
		}
		ev.Texts[f] = t
	}
	return ev
}

// echo returns s fit for showing again: valid UTF-8, at most max*2
// characters.
func echo(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if max > 0 && utf8.RuneCountInString(s) > 2*max {
		s = string([]rune(s)[:2*max])
	}
	return s
}

// buildTabs returns the locale sections of the form with the values of ev
// and the messages of errs. A section is open when it has text or a
// problem, and the page's own locale always.
func buildTabs(v *view, k editKind, ev *editValues, errs map[string]string) []editTab {
	var tabs []editTab
	for _, loc := range i18n.Locales() {
		tab := editTab{Code: loc.Code, Name: v.LocaleName(loc.Code), Dir: loc.Dir, Open: loc.Code == v.Lang, Missing: true}
		for _, f := range k.texts {
			name := f + "." + loc.Code
			et := editText{
				Name: name, ID: "f-" + f + "-" + loc.Code, Label: v.T("staff.edit.field." + f),
				Value: echo(ev.Texts[f][loc.Code], k.limits[f]), Multi: k.multi[f], Max: k.limits[f], Error: errs[name],
			}
			if et.Multi {
				et.Rows = 4
				if f == "body" || f == "description" || f == "scope" {
					et.Rows = 10
				}
			}
			if et.Value != "" {
				tab.Open, tab.Missing = true, false
			}
			if et.Error != "" {
				tab.Open = true
			}
			tab.Texts = append(tab.Texts, et)
		}
		tabs = append(tabs, tab)
	}
	return tabs
}

// fieldMessages turns a validation error into messages per form field
// name ("title.fa", "sectors") and a summary. Paths that are no field of
// the form are reported under their first segment's label.
func fieldMessages(v *view, err error, form map[string]bool) (map[string]string, []fieldMsg) {
	var cerr *content.Error
	if !errors.As(err, &cerr) {
		return nil, nil
	}
	msgs := map[string]string{}
	var sum []fieldMsg
	keys := make([]string, 0, len(cerr.Fields))
	for k := range cerr.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, path := range keys {
		fe := cerr.Fields[path]
		msg := v.L.T("field."+string(fe.Rule), map[string]any{"Min": fe.Min, "Max": fe.Max})
		name := path
		if !form[name] {
			name = strings.SplitN(path, ".", 2)[0]
		}
		if _, ok := msgs[name]; !ok {
			msgs[name] = msg
		}
		label := strings.SplitN(name, ".", 2)[0]
		text := v.T("staff.edit.field." + label)
		if parts := strings.SplitN(name, ".", 2); len(parts) == 2 && i18n.IsSupported(parts[1]) {
			text += " (" + v.LocaleName(parts[1]) + ")"
		}
		sum = append(sum, fieldMsg{Field: strings.ReplaceAll(name, ".", "-"), Label: text, Message: msg})
	}
	if len(sum) == 0 {
		sum = append(sum, fieldMsg{Message: v.T("error.invalid")})
	}
	return msgs, sum
}

// formNames returns the input names of a form, for fieldMessages.
func formNames(k editKind, names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	for _, f := range k.texts {
		for _, l := range i18n.Codes() {
			m[f+"."+l] = true
		}
	}
	return m
}

// previewOptions returns the locales a preview can be shown in.
func previewOptions(v *view) []option {
	var out []option
	for _, loc := range i18n.Locales() {
		out = append(out, option{Value: loc.Code, Label: v.LocaleName(loc.Code), Selected: loc.Code == v.Lang})
	}
	return out
}

// codeOptions returns options for codes with labels, sorted in the
// locale's collation.
func codeOptions(v *view, codes []string, label func(string) string) []option {
	out := make([]option, 0, len(codes))
	for _, c := range codes {
		out = append(out, option{Value: c, Label: label(c)})
	}
	sortOptions(v.Loc, out)
	return out
}

// staffHubs returns the codes of the hubs the member manages, in order.
func (h *Handler) staffHubs(st *content.Staff) []string {
	var out []string
	for _, hub := range h.cfg.Catalog.Hubs() {
		if st.CanManage(hub.Code) {
			out = append(out, hub.Code)
		}
	}
	return out
}

// hubOptions returns the hubs the member manages as options.
func (h *Handler) hubOptions(v *view, st *content.Staff) []option {
	var out []option
	for _, code := range h.staffHubs(st) {
		out = append(out, option{Value: code, Label: v.HubName(code).S})
	}
	return out
}

// parseVersion reads the version field of a form; 0 when missing.
func parseVersion(c *fiber.Ctx) int64 {
	n, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
	return n
}

// asciiNumber converts Persian and Arabic-Indic digits to ASCII.
func asciiNumber(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		}
		return r
	}, strings.TrimSpace(s))
}

// textChanges returns the names of the text fields, per locale, whose text
// differs between a and b ("title.fa").
func textChanges(names []string, a, b []content.Text) []string {
	var out []string
	for i, n := range names {
		for _, l := range i18n.Codes() {
			x, _ := a[i].In(l)
			y, _ := b[i].In(l)
			if x != y {
				out = append(out, n+"."+l)
			}
		}
	}
	return out
}

// editNotice returns the message of a finished action named in the
// query (?done=save), "" for none.
func editNotice(v *view, done string) string {
	switch done {
	case "create", "save", "publish", "unpublish", "close", "archive", "review", "renew":
		return v.T("staff.edit.done." + done)
	}
	return ""
}

// actionProblem returns the message for a failed action and its status.
func actionProblem(v *view, err error) (int, string, bool) {
	switch content.ErrorCode(err) {
	case content.CodeConflict:
		return fiber.StatusConflict, v.T("staff.edit.stale"), true
	case content.CodeBadTransition:
		return fiber.StatusConflict, v.T("error.invalid_transition"), true
	case content.CodeForbidden:
		return fiber.StatusForbidden, v.T("staff.edit.review_required"), true
	case content.CodeInvalid:
		msgs, sum := fieldMessages(v, err, map[string]bool{})
		_ = msgs
		if len(sum) > 0 && sum[0].Label != "" {
			return fiber.StatusUnprocessableEntity, sum[0].Label + ": " + sum[0].Message, true
		}
		return fiber.StatusUnprocessableEntity, v.T("error.invalid"), true
	}
	return 0, "", false
}

// conflictRow is one field of the conflict page.
type conflictRow struct {
	Name          string // the form field: "kind", "title.fa"
	Label         string
	Stored, Yours string
	Lang, Dir     string // of text fields
	Differs       bool
}

// conflictData is the data of the conflict page.
type conflictData struct {
	Kind    string
	ID      string
	Action  string // the edit form's URL
	Stored  int64  // the current version
	Rows    []conflictRow
	Hidden  []option // the editor's values, posted again with action=reapply
	Updated string   // who saved the stored version
	When    string
}

// codeLabel returns how the conflict page shows a value of the field name
// of a listing of kind k: codes by their localized names.
func codeLabel(v *view, k editKind, name, value string) string {
	value = strings.TrimSpace(value)
	if value == "" {
		return ""
	}
	switch {
	case name == "kind" && k.name == "needs" && slices.Contains(content.NeedKinds(), value):
		return v.NeedKind(value)
	case name == "kind" && k.name == "companies" && slices.Contains(content.CompanyKinds(), value):
		return v.CompanyKind(value)
	case name == "country" && content.IsCountry(value):
		return v.Country(value)
	case name == "sectors" && content.IsSector(value):
		return v.Sector(value)
	case name == "partnerships" && slices.Contains(content.Partnerships(), value):
		return v.Partnership(value)
	case name == "status" && slices.Contains(content.AgreementStatuses(), value):
		return v.T("status.agreement." + value)
	case name == "hubs" && content.ValidHubCode(value):
		return v.HubName(value).S
	case (name == "deadline" || name == "signed_on" || name == "expires_on") && validDate(value):
		return v.Date(content.Date(value))
	}
	return echo(value, 300)
}

// validDate reports whether s is a YYYY-MM-DD date.
func validDate(s string) bool {
	d, ok := content.ParseDate(s)
	return ok && string(d) == s
}

// conflictRows compares the stored and the typed values field by field.
func conflictRows(v *view, k editKind, stored, yours *editValues, one, many []string) []conflictRow {
	var rows []conflictRow
	for _, n := range one {
		rows = append(rows, conflictRow{Name: n, Label: v.T("staff.edit.field." + n),
			Stored: codeLabel(v, k, n, stored.One[n]), Yours: codeLabel(v, k, n, yours.One[n]),
			Differs: strings.TrimSpace(stored.One[n]) != strings.TrimSpace(yours.One[n]), Dir: "auto"})
	}
	for _, n := range many {
		var a, b []string
		for _, s := range stored.Many[n] {
			a = append(a, codeLabel(v, k, n, s))
		}
		for _, s := range yours.Many[n] {
			b = append(b, codeLabel(v, k, n, s))
		}
		rows = append(rows, conflictRow{Name: n, Label: v.T("staff.edit.field." + n), Stored: strings.Join(a, v.T("staff.dash.list_sep")),
			Yours: strings.Join(b, v.T("staff.dash.list_sep")), Differs: !slices.Equal(stored.Many[n], yours.Many[n]), Dir: "auto"})
	}
	for _, f := range k.texts {
		for _, loc := range i18n.Locales() {
			a, b := stored.Texts[f][loc.Code], yours.Texts[f][loc.Code]
			if a == "" && b == "" {
				continue
			}
			rows = append(rows, conflictRow{
				Name:   f + "." + loc.Code,
				Label:  v.T("staff.edit.field."+f) + " (" + v.LocaleName(loc.Code) + ")",
				Stored: a, Yours: echo(b, k.limits[f]), Lang: loc.Code, Dir: loc.Dir,
				Differs: strings.TrimSpace(a) != strings.TrimSpace(b),
			})
		}
	}
	return rows
}

// hiddenValues returns the editor's values as hidden inputs.
func hiddenValues(k editKind, ev *editValues, one, many []string) []option {
	var out []option
	for _, n := range one {
		out = append(out, option{Value: n, Label: echo(ev.One[n], 10000)})
	}
	for _, n := range many {
		for _, s := range ev.Many[n] {
			out = append(out, option{Value: n, Label: echo(s, 200)})
		}
	}
	for _, f := range k.texts {
		for _, l := range i18n.Codes() {
			if s := ev.Texts[f][l]; s != "" {
				out = append(out, option{Value: f + "." + l, Label: echo(s, k.limits[f])})
			}
		}
	}
	return out
}

// renderConflict shows the conflict page (409).
func (h *Handler) renderConflict(c *fiber.Ctx, v *view, k editKind, id string, version int64, by string,
	stored, yours *editValues, one, many []string) error {
	v.Title = v.T("staff.edit.conflict.title")
	d := conflictData{
		Kind: k.name, ID: id, Action: v.URL("staff", k.name, id, "edit"), Stored: version,
		Rows: conflictRows(v, k, stored, yours, one, many), Hidden: hiddenValues(k, yours, one, many), Updated: by,
	}
	return h.render(c, fiber.StatusConflict, "staff_conflict", v, d)
}

// applyPicks replaces, in the editor's values ev, every field the conflict
// page's choices (pick.<field>=stored) say to keep as stored.
func applyPicks(c *fiber.Ctx, k editKind, ev, stored *editValues) {
	args := c.Request().PostArgs()
	args.VisitAll(func(key, value []byte) {
		name, ok := strings.CutPrefix(string(key), "pick.")
		if !ok || string(value) != "stored" {
			return
		}
		if f, l, ok := strings.Cut(name, "."); ok && slices.Contains(k.texts, f) && i18n.IsSupported(l) {
			if ev.Texts[f] == nil {
				ev.Texts[f] = content.Text{}
			}
			ev.Texts[f][l] = stored.Texts[f][l]
			return
		}
		if _, ok := ev.Many[name]; ok {
			ev.Many[name] = slices.Clone(stored.Many[name])
			return
		}
		if _, ok := ev.One[name]; ok {
			ev.One[name] = stored.One[name]
		}
	})
}

// editRedirect redirects (303) to the edit page of a listing with the
// outcome of the action done.
func (h *Handler) editRedirect(c *fiber.Ctx, kind, id, done string) error {
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/"+kind+"/"+url.PathEscape(id)+"/edit?done="+done, fiber.StatusSeeOther)
}

// staffNotFound is the answer for a listing the member may not manage:
// the same as for one that does not exist.
var staffNotFound = fiber.ErrNotFound

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

// StaffNeedPost answers POST /{lang}/staff/needs/new and
// /{lang}/staff/needs/{ref}/edit: save, preview or re-apply.
func (h *Handler) StaffNeedPost(c *fiber.Ctx) error {
	st := staffOf(c)
	var cur *content.Need
	path := "/staff/needs/new"
	if c.Params("ref") != "" {
		n, err := h.managedNeed(c, st)
		if err != nil {
			return err
		}
		cur, path = n, "/staff/needs/"+n.Ref+"/edit"
	}
	v := h.staffView(c, path, nil)
	one := needOne
	if cur == nil {
		one = append([]string{"hub"}, needOne...)
	}
	ev := readEditValues(c, needEdit, one, needMany)
	action := c.FormValue("action")
	show := func(status int, err error, f func(*editForm)) error {
		msgs, sum := fieldMessages(v, err, formNames(needEdit, append(one, needMany...)...))
		form := h.needForm(v, st, cur, ev, msgs)
		form.Summary = sum
		if f != nil {
			f(form)
		}
		v.Title = form.Heading
		return h.render(c, status, "staff_edit_form", v, form)
	}
	today := v.Today

	if cur == nil {
		in, extra := needInput(ev)
		if in.Hub != "" && content.ValidHubCode(in.Hub) && !st.CanManage(in.Hub) {
			extra["hub"] = content.FieldError{Rule: content.RuleInvalidHub}
		}
		check := *in
		check.Sectors, check.Partnerships = slices.Clone(in.Sectors), slices.Clone(in.Partnerships)
		if err := mergeErrs(check.Validate(today), extra); err != nil {
			return show(fiber.StatusUnprocessableEntity, err, nil)
		}
		if action == editPreview {
			n := check.NewNeed(check.Hub+"-…", st.Email, h.cfg.Now())
			return h.public.PreviewNeed(c, staffOf(c), n)
		}
		if action == editReapply {
			return show(fiber.StatusOK, nil, nil)
		}
		if c.FormValue("confirm_duplicate") == "" {
			if dups := h.cfg.Catalog.SimilarNeeds(check.Hub, check.Title, ""); len(dups) > 0 {
				return show(fiber.StatusConflict, nil, func(f *editForm) {
					for _, d := range dups {
						f.Dups = append(f.Dups, editDup{Ref: d.Ref, URL: v.URL("staff", "needs", d.Ref, "edit"),
							Title: v.Pick(d.Title, d.Hub), Status: v.NeedStatusName(d)})
					}
				})
			}
		}
		n, err := h.cfg.Store.CreateNeed(c.UserContext(), in, st.Email)
		if content.ErrorCode(err) == content.CodeInvalid {
			return show(fiber.StatusUnprocessableEntity, err, nil)
		}
		if err != nil {
			return err
		}
		h.cfg.Catalog.PutNeed(n)
		h.audit(c, content.AuditEntry{Action: content.AuditCreate, Kind: content.KindNeed, ID: n.Ref, Hub: n.Hub,
			Fields: textChanges([]string{"title", "summary", "body"}, make([]content.Text, 3), []content.Text{n.Title, n.Summary, n.Body})})
		return h.editRedirect(c, "needs", n.Ref, "create")
	}

	in, extra := needInput(ev)
	version := parseVersion(c)
	p := &content.NeedPatch{
		Version: version, Kind: &in.Kind, Country: &in.Country, TRL: &in.TRL, Deadline: &in.Deadline,
		Sectors: &in.Sectors, Partnerships: &in.Partnerships,
		Title: ev.Texts["title"], Summary: ev.Texts["summary"], Body: ev.Texts["body"],
	}
	profilePatch(p, in, ev)
	if action == editReapply {
		applyPicks(c, needEdit, ev, needValues(cur))
		return show(fiber.StatusOK, nil, nil)
	}
	preview, err := p.Apply(cur, today)
	if err = mergeErrs(err, extra); err != nil {
		return show(fiber.StatusUnprocessableEntity, err, nil)
	}
	if action == editPreview {
		return h.public.PreviewNeed(c, staffOf(c), preview)
	}
	n, err := h.cfg.Store.UpdateNeed(c.UserContext(), cur.Ref, p, st.Email)
	switch content.ErrorCode(err) {
	case "":
	case content.CodeInvalid:
		return show(fiber.StatusUnprocessableEntity, err, nil)
	case content.CodeConflict:
		now, gerr := h.cfg.Store.Need(c.UserContext(), cur.Ref)
		if gerr != nil {
			return gerr
		}
		v.Title = v.T("staff.edit.conflict.title")
		return h.renderConflict(c, v, needEdit, now.Ref, now.Version, now.UpdatedBy, needValues(now), ev, needOne, needMany)
	default:
		return err
	}
	h.cfg.Catalog.PutNeed(n)
	h.audit(c, content.AuditEntry{Action: content.AuditUpdate, Kind: content.KindNeed, ID: n.Ref, Hub: n.Hub, Fields: needChanges(cur, n)})
	return h.editRedirect(c, "needs", n.Ref, "save")
}

// needChanges names the fields that differ between two versions of a need.
func needChanges(a, b *content.Need) []string {
	var out []string
	if a.Kind != b.Kind {
		out = append(out, "kind")
	}
	if a.Country != b.Country {
		out = append(out, "country")
	}
	if a.TRL != b.TRL {
		out = append(out, "trl")
	}
	if a.Deadline != b.Deadline {
		out = append(out, "deadline")
	}
	if !slices.Equal(a.Sectors, b.Sectors) {
		out = append(out, "sectors")
	}
	if !slices.Equal(a.Partnerships, b.Partnerships) {
		out = append(out, "partnerships")
	}
	if a.Status != b.Status {
		out = append(out, "status")
	}
	out = append(out, profileChanges(a, b)...)
	return append(out, textChanges([]string{"title", "summary", "body"},
		[]content.Text{a.Title, a.Summary, a.Body}, []content.Text{b.Title, b.Summary, b.Body})...)
}

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
	var n *content.Need
	fields := []string{"status"}
	switch action {
	case "publish":
		hub, _ := h.cfg.Catalog.Hub(cur.Hub)
		if err = cur.CanPublish(hub, st.Email); err == nil {
			n, err = h.cfg.Store.TransitionNeed(ctx, cur.Ref, content.Publish, version, st.Email)
		}
	case "close":
		n, err = h.cfg.Store.TransitionNeed(ctx, cur.Ref, content.Close, version, st.Email)
	case "archive":
		n, err = h.cfg.Store.TransitionNeed(ctx, cur.Ref, content.Archive, version, st.Email)
	case "review":
		n, err = h.cfg.Store.RequestReview(ctx, cur.Ref, version, st.Email)
		fields = []string{"review"}
	case "renew":
		n, err = h.cfg.Store.RenewNeed(ctx, cur.Ref, version, content.Date(asciiNumber(c.FormValue("deadline"))), st.Email)
		fields = []string{"deadline"}
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
	h.cfg.Catalog.PutNeed(n)
	if cur.Status != n.Status && action == "renew" {
		fields = append(fields, "status")
	}
	auditAction := action
	if action == "review" || action == "renew" {
		auditAction = content.AuditUpdate
	}
	h.audit(c, content.AuditEntry{Action: auditAction, Kind: content.KindNeed, ID: n.Ref, Hub: n.Hub, Fields: fields})
	return h.editRedirect(c, "needs", n.Ref, action)
}

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

// hubsAllowed reports whether the member may move a company from the hubs
// before to the hubs after: they must manage every hub added or removed,
// and keep at least one they manage.
func hubsAllowed(st *content.Staff, before, after []string) bool {
	for _, h := range after {
		if !slices.Contains(before, h) && content.ValidHubCode(h) && !st.CanManage(h) {
			return false
		}
	}
	for _, h := range before {
		if !slices.Contains(after, h) && !st.CanManage(h) {
			return false
		}
	}
	return len(after) == 0 || st.CanManageAny(after)
}

// StaffCompanyPost answers POST /{lang}/staff/companies/new and
// /{lang}/staff/companies/{slug}/edit.
func (h *Handler) StaffCompanyPost(c *fiber.Ctx) error {
	st := staffOf(c)
	var cur *content.Company
	path := "/staff/companies/new"
	if c.Params("slug") != "" {
		co, err := h.managedCompany(c, st)
		if err != nil {
			return err
		}
		cur, path = co, "/staff/companies/"+co.Slug+"/edit"
	}
	v := h.staffView(c, path, nil)
	one := companyOne
	if cur == nil {
		one = append([]string{"slug"}, companyOne...)
	}
	ev := readEditValues(c, companyEdit, one, companyMany)
	action := c.FormValue("action")
	show := func(status int, err error) error {
		msgs, sum := fieldMessages(v, err, formNames(companyEdit, append(one, companyMany...)...))
		form := h.companyForm(v, st, cur, ev, msgs)
		form.Summary = sum
		v.Title = form.Heading
		return h.render(c, status, "staff_edit_form", v, form)
	}
	hubs := ev.Many["hubs"]
	if hubs == nil {
		hubs = []string{}
	}
	sectors := ev.Many["sectors"]
	if sectors == nil {
		sectors = []string{}
	}
	extra := content.FieldErrors{}
	var before []string
	if cur != nil {
		before = cur.Hubs
	}
	if !hubsAllowed(st, before, hubs) {
		extra["hubs"] = content.FieldError{Rule: content.RuleInvalidHub}
	}
	if action == editReapply {
		if cur != nil {
			applyPicks(c, companyEdit, ev, companyValues(cur))
		}
		return show(fiber.StatusOK, nil)
	}
	if cur == nil {
		in := &content.CompanyInput{
			Slug: strings.TrimSpace(ev.One["slug"]), Kind: ev.One["kind"], Country: ev.One["country"],
			Website: ev.One["website"], Hubs: hubs, Sectors: sectors,
			Name: nonEmpty(ev.Texts["name"]), City: nonEmpty(ev.Texts["city"]),
			Description: nonEmpty(ev.Texts["description"]), Capabilities: nonEmpty(ev.Texts["capabilities"]),
		}
		check := *in
		check.Hubs, check.Sectors = slices.Clone(hubs), slices.Clone(sectors)
		if err := mergeErrs(check.Validate(), extra); err != nil {
			return show(fiber.StatusUnprocessableEntity, err)
		}
		if action == editPreview {
			return h.public.PreviewCompany(c, staffOf(c), check.NewCompany(st.Email, h.cfg.Now()))
		}
		co, err := h.cfg.Store.CreateCompany(c.UserContext(), in, st.Email)
		switch content.ErrorCode(err) {
		case "":
		case content.CodeInvalid:
			return show(fiber.StatusUnprocessableEntity, err)
		case content.CodeConflict: // the slug is taken
			return show(fiber.StatusConflict, content.InvalidField("slug", content.RuleInvalidSlug))
		default:
			return err
		}
		h.cfg.Catalog.PutCompany(co)
		h.audit(c, content.AuditEntry{Action: content.AuditCreate, Kind: content.KindCompany, ID: co.Slug, Hub: strings.Join(co.Hubs, ",")})
		return h.editRedirect(c, "companies", co.Slug, "create")
	}
	p := &content.CompanyPatch{
		Version: parseVersion(c), Kind: ptr(ev.One["kind"]), Country: ptr(ev.One["country"]),
		Website: ptr(ev.One["website"]), Sectors: &sectors, Hubs: &hubs,
		Name: ev.Texts["name"], City: ev.Texts["city"], Description: ev.Texts["description"], Capabilities: ev.Texts["capabilities"],
	}
	preview, err := p.Apply(cur)
	if err = mergeErrs(err, extra); err != nil {
		return show(fiber.StatusUnprocessableEntity, err)
	}
	if action == editPreview {
		return h.public.PreviewCompany(c, staffOf(c), preview)
	}
	co, err := h.cfg.Store.UpdateCompany(c.UserContext(), cur.Slug, p, st.Email)
	switch content.ErrorCode(err) {
	case "":
	case content.CodeInvalid:
		return show(fiber.StatusUnprocessableEntity, err)
	case content.CodeConflict:
		now, gerr := h.cfg.Store.Company(c.UserContext(), cur.Slug)
		if gerr != nil {
			return gerr
		}
		return h.renderConflict(c, v, companyEdit, now.Slug, now.Version, now.UpdatedBy, companyValues(now), ev, companyOne, companyMany)
	default:
		return err
	}
	h.cfg.Catalog.PutCompany(co)
	h.audit(c, content.AuditEntry{Action: content.AuditUpdate, Kind: content.KindCompany, ID: co.Slug,
		Hub: strings.Join(co.Hubs, ","), Fields: companyChanges(cur, co)})
	return h.editRedirect(c, "companies", co.Slug, "save")
}

func ptr[T any](v T) *T { return &v }

func companyChanges(a, b *content.Company) []string {
	var out []string
	if a.Kind != b.Kind {
		out = append(out, "kind")
	}
	if a.Country != b.Country {
		out = append(out, "country")
	}
	if a.Website != b.Website {
		out = append(out, "website")
	}
	if !slices.Equal(a.Sectors, b.Sectors) {
		out = append(out, "sectors")
	}
	if !slices.Equal(a.Hubs, b.Hubs) {
		out = append(out, "hubs")
	}
	if a.Published != b.Published {
		out = append(out, "published")
	}
	return append(out, textChanges([]string{"name", "city", "description", "capabilities"},
		[]content.Text{a.Name, a.City, a.Description, a.Capabilities},
		[]content.Text{b.Name, b.City, b.Description, b.Capabilities})...)
}

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
	co, err := h.cfg.Store.PublishCompany(c.UserContext(), cur.Slug, action == "publish", parseVersion(c), st.Email)
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
	h.cfg.Catalog.PutCompany(co)
	h.audit(c, content.AuditEntry{Action: content.AuditUpdate, Kind: content.KindCompany, ID: co.Slug,
		Hub: strings.Join(co.Hubs, ","), Fields: []string{"published"}})
	return h.editRedirect(c, "companies", co.Slug, action)
}

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

// StaffAgreementPost answers POST /{lang}/staff/agreements/new and
// /{lang}/staff/agreements/{slug}/edit.
func (h *Handler) StaffAgreementPost(c *fiber.Ctx) error {
	st := staffOf(c)
	var cur *content.Agreement
	path := "/staff/agreements/new"
	if c.Params("slug") != "" {
		a, err := h.managedAgreement(c, st)
		if err != nil {
			return err
		}
		cur, path = a, "/staff/agreements/"+a.Slug+"/edit"
	}
	v := h.staffView(c, path, nil)
	one := agreementOne
	if cur == nil {
		one = append([]string{"slug", "hub"}, agreementOne...)
	}
	ev := readEditValues(c, agreementEdit, one, agreementMany)
	for i, r := range ev.Many["needs"] {
		ev.Many["needs"][i] = strings.ToUpper(r)
	}
	action := c.FormValue("action")
	show := func(status int, err error) error {
		msgs, sum := fieldMessages(v, err, formNames(agreementEdit, append(one, agreementMany...)...))
		form := h.agreementForm(v, st, cur, ev, msgs)
		form.Summary = sum
		v.Title = form.Heading
		return h.render(c, status, "staff_edit_form", v, form)
	}
	if action == editReapply {
		if cur != nil {
			applyPicks(c, agreementEdit, ev, agreementValues(cur))
		}
		return show(fiber.StatusOK, nil)
	}
	parties := agreementParties(ev)
	needs := ev.Many["needs"]
	if needs == nil {
		needs = []string{}
	}
	if cur == nil {
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
			return show(fiber.StatusUnprocessableEntity, err)
		}
		if action == editPreview {
			return h.public.PreviewAgreement(c, staffOf(c), check.NewAgreement(st.Email, h.cfg.Now()))
		}
		a, err := h.cfg.Store.CreateAgreement(c.UserContext(), in, st.Email)
		switch content.ErrorCode(err) {
		case "":
		case content.CodeInvalid:
			return show(fiber.StatusUnprocessableEntity, err)
		case content.CodeConflict:
			return show(fiber.StatusConflict, content.InvalidField("slug", content.RuleInvalidSlug))
		default:
			return err
		}
		h.cfg.Catalog.PutAgreement(a)
		h.audit(c, content.AuditEntry{Action: content.AuditCreate, Kind: content.KindAgreement, ID: a.Slug, Hub: a.Hub})
		return h.editRedirect(c, "agreements", a.Slug, "create")
	}
	p := &content.AgreementPatch{
		Version: parseVersion(c), Status: ptr(ev.One["status"]),
		SignedOn: ptr(content.Date(asciiNumber(ev.One["signed_on"]))), ExpiresOn: ptr(content.Date(asciiNumber(ev.One["expires_on"]))),
		Title: ev.Texts["title"], Scope: ev.Texts["scope"],
	}
	if fmt.Sprint(parties) != fmt.Sprint(agreementParties(agreementValues(cur))) {
		p.Parties = &parties
	}
	if !slices.Equal(needs, cur.Needs) {
		p.Needs = &needs
	}
	preview, err := p.Apply(cur)
	if err != nil {
		return show(fiber.StatusUnprocessableEntity, err)
	}
	if action == editPreview {
		return h.public.PreviewAgreement(c, staffOf(c), preview)
	}
	a, err := h.cfg.Store.UpdateAgreement(c.UserContext(), cur.Slug, p, st.Email)
	switch content.ErrorCode(err) {
	case "":
	case content.CodeInvalid:
		return show(fiber.StatusUnprocessableEntity, err)
	case content.CodeConflict:
		now, gerr := h.cfg.Store.Agreement(c.UserContext(), cur.Slug)
		if gerr != nil {
			return gerr
		}
		return h.renderConflict(c, v, agreementEdit, now.Slug, now.Version, now.UpdatedBy, agreementValues(now), ev, agreementOne, agreementMany)
	default:
		return err
	}
	h.cfg.Catalog.PutAgreement(a)
	h.audit(c, content.AuditEntry{Action: content.AuditUpdate, Kind: content.KindAgreement, ID: a.Slug, Hub: a.Hub, Fields: agreementChanges(cur, a)})
	return h.editRedirect(c, "agreements", a.Slug, "save")
}

func agreementChanges(a, b *content.Agreement) []string {
	var out []string
	if a.Status != b.Status {
		out = append(out, "status")
	}
	if a.SignedOn != b.SignedOn {
		out = append(out, "signed_on")
	}
	if a.ExpiresOn != b.ExpiresOn {
		out = append(out, "expires_on")
	}
	if fmt.Sprint(a.Parties) != fmt.Sprint(b.Parties) {
		out = append(out, "parties")
	}
	if !slices.Equal(a.Needs, b.Needs) {
		out = append(out, "needs")
	}
	if a.Published != b.Published {
		out = append(out, "published")
	}
	return append(out, textChanges([]string{"title", "scope"},
		[]content.Text{a.Title, a.Scope}, []content.Text{b.Title, b.Scope})...)
}

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
	a, err := h.cfg.Store.PublishAgreement(c.UserContext(), cur.Slug, action == "publish", parseVersion(c), st.Email)
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
	h.cfg.Catalog.PutAgreement(a)
	h.audit(c, content.AuditEntry{Action: content.AuditUpdate, Kind: content.KindAgreement, ID: a.Slug, Hub: a.Hub, Fields: []string{"published"}})
	return h.editRedirect(c, "agreements", a.Slug, action)
}
