package staff

import (
	"context"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
)

// editFlow describes one listing kind (T, with its create input I and its
// patch P) to the one flow of the edit forms' posts (editPost): save,
// preview, re-apply after a conflict, and the conflict page.
type editFlow[T, I, P any] struct {
	kind   editKind
	param  string   // route parameter: "ref" or "slug"
	one    []string // language-independent single inputs
	many   []string // language-independent multiple inputs
	newOne []string // inputs only the create form has ("hub", "slug")

	managed func(c *fiber.Ctx, st *content.Staff) (*T, error)
	id      func(doc *T) string
	meta    func(doc *T) (version int64, updatedBy string)
	values  func(doc *T) *editValues
	form    func(v *view, st *content.Staff, cur *T, ev *editValues, errs map[string]string) *editForm
	// normalize adjusts the typed values before anything else (optional).
	normalize func(ev *editValues)
	// extra reads the kind's own inputs beyond one, many and the texts
	// into ev, naming them in ev.Extra (optional: companies' laboratory
	// profile). With it, action add-<list> shows the form again with one
	// more empty row of the list, nothing saved.
	extra func(c *fiber.Ctx, ev *editValues)
	// input makes the create input from the form and checks it without
	// writing: the input, the listing it would make (for the preview) and
	// the problems.
	input func(st *content.Staff, ev *editValues) (*I, *T, error)
	// patch makes the patch of cur from the form and applies it without
	// writing: the patch, the listing it would make and the problems.
	patch func(st *content.Staff, cur *T, ev *editValues) (*P, *T, error)
	// confirm may answer a create before it is written (needs: possible
	// duplicates); answered reports whether it did.
	confirm func(c *fiber.Ctx, v *view, in *I, show showFunc) (answered bool, err error)
	create  func(ctx context.Context, st *content.Staff, channel string, in *I) (*T, error)
	update  func(ctx context.Context, st *content.Staff, channel, id string, p *P) (*T, error)
	load    func(ctx context.Context, id string) (*T, error) // the stored version, for the conflict page
	preview func(c *fiber.Ctx, st *content.Staff, doc *T) error
}

// showFunc shows the edit form again with a status, the problems of err
// and, when more is set, changes to the form.
type showFunc func(status int, err error, more func(*editForm)) error

// editPost answers the post of an edit form (new or existing listing):
// action=reapply shows the form again with the conflict page's choices;
// action=preview shows the public page with the unsaved values; else the
// values are saved through the workspace, which checks the hub scope and
// writes the audit entry and the domain event. Invalid input shows the
// form again (422) with what was typed; a stale version shows the
// conflict page (409).
func editPost[T, I, P any](h *Handler, c *fiber.Ctx, f *editFlow[T, I, P]) error {
	st := staffOf(c)
	var cur *T
	path := "/staff/" + f.kind.name + "/new"
	if c.Params(f.param) != "" {
		doc, err := f.managed(c, st)
		if err != nil {
			return err
		}
		cur, path = doc, "/staff/"+f.kind.name+"/"+f.id(doc)+"/edit"
	}
	v := h.staffView(c, path, nil)
	one := f.one
	if cur == nil {
		one = append(slices.Clone(f.newOne), f.one...)
	}
	ev := readEditValues(c, f.kind, one, f.many)
	if f.extra != nil {
		f.extra(c, ev)
	}
	if f.normalize != nil {
		f.normalize(ev)
	}
	show := func(status int, err error, more func(*editForm)) error {
		msgs, sum := fieldMessages(v, err, formNames(f.kind, append(append(slices.Clone(one), f.many...), ev.Extra...)...))
		form := f.form(v, st, cur, ev, msgs)
		form.Summary = sum
		if more != nil {
			more(form)
		}
		v.Title = form.Heading
		return h.render(c, status, "staff_edit_form", v, form)
	}
	action := c.FormValue("action")
	if list, ok := strings.CutPrefix(action, "add-"); ok && f.extra != nil {
		ev.One["_add"] = list
		return show(fiber.StatusOK, nil, nil)
	}
	if action == editReapply {
		if cur != nil {
			applyPicks(c, f.kind, ev, f.values(cur))
		}
		return show(fiber.StatusOK, nil, nil)
	}
	ctx := c.UserContext()
	var doc *T
	var err error
	done := "save"
	if cur == nil {
		in, draft, problems := f.input(st, ev)
		if problems != nil {
			return show(fiber.StatusUnprocessableEntity, problems, nil)
		}
		if action == editPreview {
			return f.preview(c, st, draft)
		}
		if f.confirm != nil {
			if answered, err := f.confirm(c, v, in, show); answered {
				return err
			}
		}
		done = "create"
		doc, err = f.create(ctx, st, content.ChannelWeb, in)
	} else {
		p, draft, problems := f.patch(st, cur, ev)
		if problems != nil {
			return show(fiber.StatusUnprocessableEntity, problems, nil)
		}
		if action == editPreview {
			return f.preview(c, st, draft)
		}
		doc, err = f.update(ctx, st, content.ChannelWeb, f.id(cur), p)
	}
	switch content.ErrorCode(err) {
	case "":
		return h.editRedirect(c, f.kind.name, f.id(doc), done)
	case content.CodeInvalid:
		return show(fiber.StatusUnprocessableEntity, err, nil)
	case content.CodeConflict:
		if cur == nil { // a new listing's conflict: its slug is taken
			return show(fiber.StatusConflict, content.InvalidField("slug", content.RuleInvalidSlug), nil)
		}
		now, gerr := f.load(ctx, f.id(cur))
		if gerr != nil {
			return gerr
		}
		version, by := f.meta(now)
		return h.renderConflict(c, v, f.kind, f.id(now), version, by, f.values(now), ev, f.one, f.many)
	}
	return err
}
