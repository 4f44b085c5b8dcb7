package staff

// The laboratory profile on the staff company form (issue 14): the
// accreditations, test methods and equipment of a company of kind
// laboratory as repeatable rows, and its sample types, lead time, price
// band and languages.
//
// The rows work without script: the form shows every stored row and one
// empty row per list; a button "add a row" posts the form (action
// add-<list>), which comes back with what was typed and one more empty row,
// nothing saved. A row left empty, or marked "remove", is dropped on save.
// Every input is named after the path content's validation reports
// ("lab.methods.2.standard", "lab.equipment.0.name.fa"), so a problem
// shows next to its input; rows dropped before validation are mapped back
// to the row the editor saw. The profile is checked by content's own rules
// (CompanyPatch.Apply → checkLab) and written by the workspace.

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/i18n"
)

// labCol is one input of a row of a lab list.
type labCol struct {
	key      string // "standard"; per locale when texts
	label    string // message id
	typ      string // text, date, textarea
	max      int
	texts    bool // one input per locale
	ltr      bool // codes and numbers
	required bool
}

// labList is one repeatable list of the profile.
type labList struct {
	name  string // "accreditations", as in the field paths
	row   string // message id of a row's legend ("Accreditation {{.N}}")
	add   string // message id of its add button
	title string // message id of its legend
	max   int
	cols  []labCol
}

// labLists returns the profile's repeatable lists in form order.
func labLists() []labList {
	return []labList{
		{name: "accreditations", row: "staff.lab.acc_row", add: "staff.lab.add_acc", title: "labs.page.accreditations", max: content.MaxAccreditations, cols: []labCol{
			{key: "standard", label: "labs.field.acc_standard", typ: "text", max: content.MaxStandardLen, ltr: true, required: true},
			{key: "body", label: "labs.field.acc_body", typ: "text", max: 80, required: true},
			{key: "number", label: "labs.field.acc_number", typ: "text", max: 40, ltr: true},
			{key: "expires", label: "labs.field.acc_expires", typ: "date", max: 10, ltr: true},
			{key: "scope", label: "labs.field.acc_scope", typ: "textarea", max: 1000, texts: true},
		}},
		{name: "methods", row: "staff.lab.method_row", add: "staff.lab.add_method", title: "labs.field.methods", max: content.MaxMethods, cols: []labCol{
			{key: "standard", label: "staff.lab.method_standard", typ: "text", max: content.MaxStandardLen, ltr: true, required: true},
			{key: "name", label: "staff.lab.method_name", typ: "text", max: 200, texts: true},
		}},
		{name: "equipment", row: "staff.lab.equip_row", add: "staff.lab.add_equip", title: "labs.field.equipment", max: content.MaxEquipment, cols: []labCol{
			{key: "name", label: "staff.lab.equip_name", typ: "text", max: 160, texts: true, required: true},
			{key: "maker", label: "labs.page.maker", typ: "text", max: 120},
			{key: "range", label: "staff.lab.equip_range", typ: "text", max: 120, ltr: true},
		}},
	}
}

// inputNames returns the names of a row's inputs (a text column: one per
// locale).
func (c labCol) inputNames(prefix string) []string {
	if !c.texts {
		return []string{prefix + c.key}
	}
	var out []string
	for _, l := range i18n.Codes() {
		out = append(out, prefix+c.key+"."+l)
	}
	return out
}

// labRowPrefix is the path prefix of row i of list ("lab.methods.2.").
func labRowPrefix(list string, i int) string { return "lab." + list + "." + strconv.Itoa(i) + "." }

// isLab reports whether the form's values describe a laboratory.
func isLab(ev *editValues) bool { return ev.One["kind"] == "laboratory" }

// readLab reads the profile's inputs of a posted company form into ev (at
// most one row more than a list may hold, so that too many rows are
// reported, never read without bound) and names them as form inputs.
func readLab(c *fiber.Ctx, ev *editValues) {
	get := func(name string) string { return utils.CopyString(c.FormValue(name)) }
	for _, l := range labLists() {
		ev.Extra = append(ev.Extra, "lab."+l.name)
		for i := 0; i <= l.max; i++ {
			p := labRowPrefix(l.name, i)
			for _, col := range l.cols {
				for _, n := range col.inputNames(p) {
					if s := get(n); s != "" {
						ev.One[n] = s
					}
					ev.Extra = append(ev.Extra, n)
				}
				if col.texts { // a problem of the text as a whole
					ev.Extra = append(ev.Extra, p+col.key)
				}
			}
			if get(p+"remove") != "" {
				ev.One[p+"remove"] = "1"
			}
		}
		// How many rows the form showed, so that "add a row" shows one more.
		if n, err := strconv.Atoi(get("lab." + l.name + ".shown")); err == nil && n > 0 && n <= l.max {
			ev.One["lab."+l.name+".shown"] = strconv.Itoa(n)
		}
	}
	for _, l := range i18n.Codes() {
		ev.One["lab.sample_types."+l] = get("lab.sample_types." + l)
		ev.Extra = append(ev.Extra, "lab.sample_types."+l)
	}
	ev.One["lab.lead_time_days"], ev.One["lab.price_band"] = get("lab.lead_time_days"), get("lab.price_band")
	var langs []string
	for _, b := range c.Request().PostArgs().PeekMulti("lab.languages") {
		if len(langs) < 20 {
			langs = append(langs, string(b))
		}
	}
	ev.Many["lab.languages"] = langs
	ev.Extra = append(ev.Extra, "lab.lead_time_days", "lab.price_band", "lab.languages", "lab.sample_types")
	var dates []string
	for _, l := range labLists() {
		for i := 0; i <= l.max; i++ {
			for _, col := range l.cols {
				if col.typ == "date" {
					dates = append(dates, labRowPrefix(l.name, i)+col.key)
				}
			}
		}
	}
	fromJalali(c, ev.One, dates)
}

// labValues puts a stored profile into the form's values.
func labValues(ev *editValues, p *content.LabProfile) {
	if p == nil {
		return
	}
	set := func(name, s string) {
		if s != "" {
			ev.One[name] = s
		}
	}
	setText := func(prefix string, t content.Text) {
		for l, s := range t {
			set(prefix+"."+l, s)
		}
	}
	for i, a := range p.Accreditations {
		pre := labRowPrefix("accreditations", i)
		set(pre+"standard", a.Standard)
		set(pre+"body", a.Body)
		set(pre+"number", a.Number)
		set(pre+"expires", string(a.Expires))
		setText(pre+"scope", a.Scope)
	}
	for i, m := range p.Methods {
		pre := labRowPrefix("methods", i)
		set(pre+"standard", m.Standard)
		setText(pre+"name", m.Name)
	}
	for i, e := range p.Equipment {
		pre := labRowPrefix("equipment", i)
		setText(pre+"name", e.Name)
		set(pre+"maker", e.Maker)
		set(pre+"range", e.Range)
	}
	setText("lab.sample_types", p.SampleTypes)
	if p.LeadTimeDays > 0 {
		ev.One["lab.lead_time_days"] = strconv.Itoa(p.LeadTimeDays)
	}
	ev.One["lab.price_band"] = p.PriceBand
	ev.Many["lab.languages"] = slices.Clone(p.Languages)
}

// rowText returns the text of a per-locale column of a row.
func rowText(ev *editValues, name string) content.Text {
	t := content.Text{}
	for _, l := range i18n.Codes() {
		if s := strings.TrimSpace(ev.One[name+"."+l]); s != "" {
			t[l] = s
		}
	}
	return t
}

// labRows returns the indexes of a list's rows that hold something and are
// not marked for removal, in order.
func labRows(ev *editValues, l labList) []int {
	var out []int
	for i := 0; i <= l.max; i++ {
		p := labRowPrefix(l.name, i)
		if ev.One[p+"remove"] != "" {
			continue
		}
		for _, col := range l.cols {
			if slices.ContainsFunc(col.inputNames(p), func(n string) bool { return strings.TrimSpace(ev.One[n]) != "" }) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// labProfile makes the profile of the form's values, unchecked (content
// checks it), with for each list the form row of each profile row, and
// the problems of inputs that cannot be read (the lead time).
func labProfile(ev *editValues) (*content.LabProfile, map[string][]int, content.FieldErrors) {
	p := &content.LabProfile{Accreditations: []content.Accreditation{}, Methods: []content.TestMethod{}, Equipment: []content.Equipment{}}
	rows := map[string][]int{}
	for _, l := range labLists() {
		rows[l.name] = labRows(ev, l)
		for _, i := range rows[l.name] {
			pre := labRowPrefix(l.name, i)
			one := func(k string) string { return strings.TrimSpace(ev.One[pre+k]) }
			switch l.name {
			case "accreditations":
				p.Accreditations = append(p.Accreditations, content.Accreditation{Standard: one("standard"), Body: one("body"),
					Number: one("number"), Expires: content.Date(one("expires")), Scope: rowText(ev, pre+"scope")})
			case "methods":
				p.Methods = append(p.Methods, content.TestMethod{Standard: one("standard"), Name: rowText(ev, pre+"name")})
			case "equipment":
				p.Equipment = append(p.Equipment, content.Equipment{Name: rowText(ev, pre+"name"), Maker: one("maker"), Range: one("range")})
			}
		}
	}
	p.SampleTypes = rowText(ev, "lab.sample_types")
	p.PriceBand = strings.TrimSpace(ev.One["lab.price_band"])
	p.Languages = orEmpty(slices.Clone(ev.Many["lab.languages"]))
	var fe content.FieldErrors
	if s := strings.TrimSpace(ev.One["lab.lead_time_days"]); s != "" {
		n, err := strconv.Atoi(asciiNumber(s))
		if err != nil {
			fe = content.FieldErrors{"lab.lead_time_days": {Rule: content.RuleInvalidType}}
		}
		p.LeadTimeDays = n
	}
	return p, rows, fe
}

// labFieldPath maps a problem's path in the checked profile
// ("lab.methods.1.standard") to the input of the row the editor saw
// ("lab.methods.3.standard").
func labFieldPath(path string, rows map[string][]int) string {
	parts := strings.SplitN(path, ".", 4)
	if len(parts) < 4 || parts[0] != "lab" {
		return path
	}
	k, err := strconv.Atoi(parts[2])
	if err != nil || k < 0 || k >= len(rows[parts[1]]) {
		return path
	}
	return "lab." + parts[1] + "." + strconv.Itoa(rows[parts[1]][k]) + "." + parts[3]
}

// remapLab returns err with the profile's problems moved to the editor's
// rows (labFieldPath); other errors as they are.
func remapLab(err error, rows map[string][]int) error {
	var cerr *content.Error
	if !errors.As(err, &cerr) || len(cerr.Fields) == 0 {
		return err
	}
	out := content.FieldErrors{}
	for path, e := range cerr.Fields {
		out[labFieldPath(path, rows)] = e
	}
	return out.Err()
}

// labLabel returns the label of a profile input for the error summary
// ("Test method 3: Standard code"), "" for a name of no profile input.
func labLabel(v *view, name string) string {
	parts := strings.Split(name, ".")
	if len(parts) < 2 || parts[0] != "lab" {
		return ""
	}
	for _, l := range labLists() {
		if parts[1] != l.name {
			continue
		}
		if len(parts) < 4 {
			return v.T(l.title)
		}
		i, _ := strconv.Atoi(parts[2])
		for _, col := range l.cols {
			if col.key == parts[3] {
				text := v.T(l.row, "N", v.Num(i+1)) + " – " + v.T(col.label)
				if len(parts) == 5 && i18n.IsSupported(parts[4]) {
					text += " (" + v.LocaleName(parts[4]) + ")"
				}
				return text
			}
		}
	}
	switch parts[1] {
	case "sample_types":
		return v.T("labs.field.sample_types")
	case "lead_time_days":
		return v.T("labs.field.lead_time")
	case "price_band":
		return v.T("labs.field.price_band")
	case "languages":
		return v.T("labs.field.languages")
	}
	return ""
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
