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
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/content/workspace"
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
	// Lab is the laboratory profile section (companies of kind
	// laboratory; edit_lab.go), nil for none.
	Lab *labFormView
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
	// Version is the version the form was made from (0 on create).
	Version int64
	// Extra names the inputs and groups a kind's own reader adds
	// (editFlow.extra: the laboratory profile), for the form's problems.
	Extra []string
}

func newEditValues() *editValues {
	return &editValues{One: map[string]string{}, Many: map[string][]string{}, Texts: map[string]content.Text{}}
}

// readEditValues reads the posted form: the single fields one, the list
// fields many and the text fields of k in every locale. Values are copied
// out of Fiber's buffers; invalid UTF-8 is left for validation to refuse.
func readEditValues(c *fiber.Ctx, k editKind, one, many []string) *editValues {
	ev := newEditValues()
	ev.Version = parseVersion(c)
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
		if lt := labLabel(v, name); lt != "" {
			text = lt
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
	case content.CodeInUse:
		var cerr *content.Error
		errors.As(err, &cerr)
		return fiber.StatusConflict, v.T("workspace.company.in_use", "Agreements", v.Join(cerr.Refs)), true
	case content.CodeBadTransition:
		return fiber.StatusConflict, v.T("error.invalid_transition"), true
	case content.CodeForbidden:
		if workspace.IsShared(err) {
			return fiber.StatusForbidden, v.T("workspace.company.shared"), true
		}
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
