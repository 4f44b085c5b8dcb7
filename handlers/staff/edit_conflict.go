package staff

import (
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/i18n"
)

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
	// A kind's own inputs (the laboratory profile) go through as typed.
	for _, n := range sortedKeys(ev.One) {
		if strings.HasPrefix(n, "lab.") && ev.One[n] != "" {
			out = append(out, option{Value: n, Label: echo(ev.One[n], 1000)})
		}
	}
	for _, n := range sortedKeys(ev.Many) {
		if strings.HasPrefix(n, "lab.") {
			for _, s := range ev.Many[n] {
				out = append(out, option{Value: n, Label: echo(s, 200)})
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
