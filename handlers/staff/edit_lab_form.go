package staff

import (
	"strconv"
	"strings"

	"hubdir/content"
	"hubdir/i18n"
)

// labInput is one input of the laboratory profile section.
type labInput struct {
	Name, ID, Label, Type, Value, Error, Lang, Dir string
	Hint                                           string // jalali: the expected form, with an example
	Anchor                                         string // id of the field, for a problem of a text as a whole
	Max                                            int
	Required                                       bool
	Options                                        []option
	Values                                         []string // checks
}

// Checked reports whether value is among the input's checked values.
func (in labInput) Checked(value string) bool {
	for _, v := range in.Values {
		if v == value {
			return true
		}
	}
	return false
}

// ErrorID is the id of the input's error message ("" without one).
func (in labInput) ErrorID() string {
	if in.Error == "" {
		return ""
	}
	return in.ID + "-error"
}

// DescribedBy lists the ids of the input's hint and error message.
func (in labInput) DescribedBy() string {
	var ids []string
	if in.Hint != "" {
		ids = append(ids, in.ID+"-hint")
	}
	if in.Error != "" {
		ids = append(ids, in.ErrorID())
	}
	return strings.Join(ids, " ")
}

// labRowView is one row of a repeatable list: a fieldset with its inputs
// and a "remove" box for a row that holds something.
type labRowView struct {
	Legend   string
	Inputs   []labInput
	Remove   string // name of the remove box; "" for an empty row
	RemoveID string
	Removed  bool
}

// labListView is one repeatable list.
type labListView struct {
	Name, ID, Legend, Hint, Error string
	AddAction, AddLabel           string // "" when the list is full
	Rows                          []labRowView
	Shown                         int // len(Rows), posted back
}

// labFormView is the laboratory profile section of the company form.
type labFormView struct {
	Intro       string
	Lists       []labListView
	SampleTypes []labInput
	LeadTime    labInput
	PriceBand   labInput
	Languages   labInput
}

// labForm returns the profile section for the form's values and problems.
func labForm(v *view, ev *editValues, errs map[string]string) *labFormView {
	f := &labFormView{Intro: v.T("staff.lab.intro")}
	for _, l := range labLists() {
		lv := labListView{Name: l.name, ID: "f-lab-" + l.name, Legend: v.T(l.title), Error: errs["lab."+l.name],
			Hint: v.T("staff.lab.max_rows", "Max", v.Num(l.max))}
		last := -1
		for i := 0; i <= l.max; i++ {
			if rowHolds(ev, l, i) {
				last = i
			}
		}
		n := last + 2                 // the rows typed and one empty row
		if ev.One["_add"] == l.name { // one more row than the form showed
			shown, _ := strconv.Atoi(ev.One["lab."+l.name+".shown"])
			n = max(n, shown+1)
		}
		n = min(n, l.max)
		if last >= n { // more rows than a list may hold: show them all
			n = last + 1
		}
		for i := 0; i < n; i++ {
			lv.Rows = append(lv.Rows, labRowOf(v, ev, errs, l, i))
		}
		lv.Shown = n
		if n < l.max {
			lv.AddAction, lv.AddLabel = "add-"+l.name, v.T(l.add)
		}
		f.Lists = append(f.Lists, lv)
	}
	for _, loc := range i18n.Locales() {
		name := "lab.sample_types." + loc.Code
		f.SampleTypes = append(f.SampleTypes, labInput{Name: name, ID: inputID(name), Type: "textarea", Max: 1000,
			Label: v.T("labs.field.sample_types") + " (" + v.LocaleName(loc.Code) + ")", Value: echo(ev.One[name], 1000),
			Error: errs[name], Lang: loc.Code, Dir: loc.Dir})
	}
	f.LeadTime = labInput{Name: "lab.lead_time_days", ID: "f-lab-lead_time_days", Type: "number", Max: 3, Dir: "ltr",
		Label: v.T("labs.field.lead_time"), Value: echo(ev.One["lab.lead_time_days"], 10), Error: errs["lab.lead_time_days"]}
	f.PriceBand = labInput{Name: "lab.price_band", ID: "f-lab-price_band", Type: "select", Label: v.T("labs.field.price_band"),
		Value: ev.One["lab.price_band"], Error: errs["lab.price_band"],
		Options: codeOptions(v, content.PriceBands(), func(c string) string { return v.T("lab.price." + c) })}
	f.Languages = labInput{Name: "lab.languages", ID: "f-lab-languages", Type: "checks", Label: v.T("labs.field.languages"),
		Values: ev.Many["lab.languages"], Error: errs["lab.languages"],
		Options: codeOptions(v, content.LabLanguages(), func(c string) string { return v.T("lab.lang." + c) })}
	return f
}

// rowHolds reports whether row i of list l has a value or a remove mark.
func rowHolds(ev *editValues, l labList, i int) bool {
	p := labRowPrefix(l.name, i)
	if ev.One[p+"remove"] != "" {
		return true
	}
	for _, col := range l.cols {
		for _, n := range col.inputNames(p) {
			if strings.TrimSpace(ev.One[n]) != "" {
				return true
			}
		}
	}
	return false
}

// labRowOf returns row i of list l.
func labRowOf(v *view, ev *editValues, errs map[string]string, l labList, i int) labRowView {
	p := labRowPrefix(l.name, i)
	r := labRowView{Legend: v.T(l.row, "N", v.Num(i+1))}
	for _, col := range l.cols {
		for _, name := range col.inputNames(p) {
			in := labInput{Name: name, ID: inputID(name), Type: col.typ, Max: col.max, Label: v.T(col.label),
				Value: echo(ev.One[name], col.max), Error: errs[name], Required: col.required && !col.texts}
			if col.ltr {
				in.Dir = "ltr"
			}
			if col.typ == "date" && v.Lang == "fa" { // a Solar Hijri text box, as the other forms' dates
				in.Type = "jalali"
				in.Value, in.Hint, in.Error = jalaliField(v, in.Value, in.Error)
			}
			if col.texts {
				loc := name[strings.LastIndexByte(name, '.')+1:]
				in.Label += " (" + v.LocaleName(loc) + ")"
				lc, _ := i18n.Lookup(loc)
				in.Lang, in.Dir = loc, lc.Dir
				if e := errs[p+col.key]; e != "" && in.Error == "" && loc == v.Lang { // the text as a whole
					in.Error, in.Anchor = e, inputID(p+col.key)
				}
			}
			r.Inputs = append(r.Inputs, in)
		}
	}
	if rowHolds(ev, l, i) {
		r.Remove, r.RemoveID, r.Removed = p+"remove", inputID(p+"remove"), ev.One[p+"remove"] != ""
	}
	return r
}

// inputID is the id of the input name, as the error summary links it
// ("lab.methods.0.standard" → "f-lab-methods-0-standard").
func inputID(name string) string { return "f-" + strings.ReplaceAll(name, ".", "-") }

// labNotice says which list got an empty row ("" for none).
func labNotice(v *view, ev *editValues) string {
	for _, l := range labLists() {
		if ev.One["_add"] == l.name {
			return v.T("staff.lab.row_added", "List", v.T(l.title))
		}
	}
	return ""
}
