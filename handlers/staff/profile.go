package staff

// The requester profile on the need form (issue 11): who is asking, the
// state of the IP, the partner sought and the budget. Form field names are
// the API's field paths ("requester.type", "budget.min"), so validation
// messages land on their fields.

import (
	"slices"
	"strconv"
	"strings"

	"hubdir/content"
)

// Profile fields of the need form: single values, the "named" check box,
// and the texts per locale (in needEdit.texts).
var (
	profileOne  = []string{"requester.type", "requester.size", "ip_status", "budget.min", "budget.max", "budget.currency"}
	profileMany = []string{"requester.named"}
)

// profileValues sets the profile's form values of a stored need.
func profileValues(ev *editValues, n *content.Need) {
	if r := n.Requester; r != nil {
		ev.One["requester.type"], ev.One["requester.size"] = r.Type, r.Size
		if r.Named {
			ev.Many["requester.named"] = []string{"1"}
		}
		ev.Texts["requester.name"] = r.Name.Clone()
	}
	ev.One["ip_status"] = n.IPStatus
	ev.Texts["partner_sought"] = n.PartnerSought.Clone()
	if b := n.Budget; b != nil {
		if b.Min > 0 {
			ev.One["budget.min"] = strconv.FormatInt(b.Min, 10)
		}
		if b.Max > 0 {
			ev.One["budget.max"] = strconv.FormatInt(b.Max, 10)
		}
		ev.One["budget.currency"] = b.Currency
	}
}

// profileInputs returns the profile's language-independent inputs.
func profileInputs(v *view, ev *editValues, errs map[string]string) []editInput {
	label := func(prefix string) func(string) string {
		return func(c string) string { return v.T(prefix + c) }
	}
	return []editInput{
		{Name: "requester.type", Label: v.T("staff.edit.field.requester.type"), Type: "select", Value: ev.One["requester.type"],
			Options: codeOptions(v, content.RequesterTypes(), label("site.requester.type.")), Error: errs["requester.type"]},
		{Name: "requester.size", Label: v.T("staff.edit.field.requester.size"), Type: "select", Value: ev.One["requester.size"],
			Options: sizeOptions(v), Error: errs["requester.size"]},
		{Name: "requester.named", Label: v.T("staff.edit.field.requester.named"), Type: "checks", Values: ev.Many["requester.named"],
			Options: []option{{Value: "1", Label: v.T("staff.edit.requester.named_check")}}, Error: errs["requester.named"],
			Hint: v.T("staff.edit.hint.requester_named")},
		{Name: "ip_status", Label: v.T("staff.edit.field.ip_status"), Type: "select", Value: ev.One["ip_status"],
			Options: codeOptions(v, content.IPStatuses(), label("site.ip_status.")), Error: errs["ip_status"]},
		{Name: "budget.min", Label: v.T("staff.edit.field.budget.min"), Type: "text", Value: echo(ev.One["budget.min"], 20),
			Error: errs["budget.min"], Dir: "ltr", Max: 20, Hint: v.T("staff.edit.hint.budget")},
		{Name: "budget.max", Label: v.T("staff.edit.field.budget.max"), Type: "text", Value: echo(ev.One["budget.max"], 20),
			Error: errs["budget.max"], Dir: "ltr", Max: 20},
		{Name: "budget.currency", Label: v.T("staff.edit.field.budget.currency"), Type: "select", Value: ev.One["budget.currency"],
			Options: codeOptions(v, content.Currencies(), label("site.currency.")), Error: errs["budget.currency"]},
	}
}

// sizeOptions returns the size bands in their natural order.
func sizeOptions(v *view) []option {
	var out []option
	for _, s := range content.RequesterSizes() {
		out = append(out, option{Value: s, Label: v.T("site.requester.size." + s)})
	}
	return out
}

// profileInput reads the profile from the form values into in. An
// unchecked "named" drops the name typed (an anonymous requester's name is
// never stored); amounts accept Persian and Arabic-Indic digits and digit
// grouping.
func profileInput(ev *editValues, in *content.NeedInput, fe content.FieldErrors) {
	named := slices.Contains(ev.Many["requester.named"], "1")
	r := &content.Requester{Type: ev.One["requester.type"], Size: ev.One["requester.size"], Named: named}
	if named {
		r.Name = nonEmpty(ev.Texts["requester.name"])
	}
	in.Requester = r
	in.IPStatus = ev.One["ip_status"]
	in.PartnerSought = nonEmpty(ev.Texts["partner_sought"])
	b := &content.Budget{Currency: ev.One["budget.currency"]}
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"budget.min", &b.Min}, {"budget.max", &b.Max}} {
		s := strings.NewReplacer(",", "", "٬", "", ".", "", " ", "", "\u00a0", "").Replace(asciiNumber(ev.One[f.name]))
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fe[f.name] = content.FieldError{Rule: content.RuleInvalidType}
			continue
		}
		*f.dst = n
	}
	in.Budget = b
}

// profilePatch sets the profile of a patch from a create input read from
// the form: an empty requester or budget removes the stored one.
func profilePatch(p *content.NeedPatch, in *content.NeedInput, ev *editValues) {
	p.Requester, p.IPStatus, p.Budget = in.Requester, &in.IPStatus, in.Budget
	p.PartnerSought = ev.Texts["partner_sought"]
	if !in.Requester.Named {
		in.Requester.Name = nil
	}
}
