package content

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"hubdir/content/tabular"
	"hubdir/i18n"
)

// Import: needs and companies from a table (the rows of a CSV or XLSX
// file, first row the header, read by package tabular). Parsing a table checks every row and lists
// every problem, so that a dry run can show them all before anything is
// written; the caller writes only a table without problems.

// MaxImportRows bounds the data rows of one imported file.
const MaxImportRows = 5000

// Rules of import problems that are not about one field's value; their
// messages are "staff.import.rule.<rule>" (the others: "field.<rule>").
const (
	RuleHubNotManaged   Rule = "hub_not_managed"
	RuleDuplicateInFile Rule = "duplicate_in_file"
	RuleSlugTaken       Rule = "slug_taken"
	RuleUnknownColumn   Rule = "unknown_column"
	RuleDuplicateColumn Rule = "duplicate_column"
	RuleEmptyFile       Rule = "empty_file"
	RuleTooManyRows     Rule = "too_many_rows"
	RuleUnreadable      Rule = "unreadable"
	RuleFileTooLarge    Rule = "file_too_large"
)

// ImportRules returns the rules that only imports report.
func ImportRules() []Rule {
	return []Rule{RuleHubNotManaged, RuleDuplicateInFile, RuleSlugTaken, RuleUnknownColumn,
		RuleDuplicateColumn, RuleEmptyFile, RuleTooManyRows, RuleUnreadable, RuleFileTooLarge}
}

// ImportProblem is one problem of an imported file: the row of the file
// (1 is the header; 0 the file as a whole), the column ("" the whole row),
// and the rule broken, with its bounds.
type ImportProblem struct {
	Row    int
	Column string
	Rule   Rule
	Min    int
	Max    int
}

// ImportCheck is what parsing needs to know beyond the rows: today (for
// deadlines) and the store's and the staff member's answers.
type ImportCheck struct {
	Today Date
	// Manages reports whether the importing staff member manages the hub.
	Manages func(hub string) bool
	// HubExists reports whether the hub exists.
	HubExists func(hub string) bool
	// SlugTaken reports whether a company slug is already in the catalog.
	SlugTaken func(slug string) bool
	// CompanyExists reports whether a company of the directory has the
	// slug (offers name their company).
	CompanyExists func(slug string) bool
}

// textColumns returns base_<locale> for every supported locale.
func textColumns(base string) []string {
	var out []string
	for _, code := range i18n.Codes() {
		out = append(out, base+"_"+code)
	}
	return out
}

// NeedColumns returns the columns of a needs file, in template order.
func NeedColumns() []string {
	cols := []string{"hub", "kind", "partnerships", "sectors", "country", "trl"}
	for _, b := range []string{"title", "summary", "body"} {
		cols = append(cols, textColumns(b)...)
	}
	cols = append(cols, "deadline")
	// The requester profile (optional columns; files without them stay valid).
	cols = append(cols, "requester_type", "requester_size", "requester_named")
	cols = append(cols, textColumns("requester_name")...)
	cols = append(cols, "ip_status")
	cols = append(cols, textColumns("partner_sought")...)
	return append(cols, "budget_min", "budget_max", "budget_currency")
}

// CompanyColumns returns the columns of a companies file, in template order.
func CompanyColumns() []string {
	cols := []string{"slug", "kind", "country"}
	cols = append(cols, textColumns("city")...)
	cols = append(cols, "sectors", "website")
	for _, b := range []string{"name", "description", "capabilities"} {
		cols = append(cols, textColumns(b)...)
	}
	return append(cols, "hubs")
}

// row is one data row of a table by column name.
type row struct {
	n     int // row of the file
	cells map[string]string
}

func (r row) get(col string) string { return r.cells[col] }

// list splits a cell at semicolons (also the Arabic ؛) into trimmed,
// non-empty values.
func (r row) list(col string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(r.get(col), func(c rune) bool { return c == ';' || c == '؛' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// text returns the text of base_<locale> columns.
func (r row) text(base string) Text {
	t := Text{}
	for _, code := range i18n.Codes() {
		if s := r.get(base + "_" + code); s != "" {
			t[code] = s
		}
	}
	return t
}

// tableRows checks the header of t against the allowed columns and returns
// the non-empty data rows, or the problems of the file as a whole.
func tableRows(t *tabular.Table, allowed []string) ([]row, []ImportProblem) {
	var probs []ImportProblem
	cols := make([]string, len(t.Header))
	seen := map[string]bool{}
	for i, h := range t.Header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		switch {
		case h == "":
			continue
		case !isOneOf(h, allowed):
			probs = append(probs, ImportProblem{Row: 1, Column: h, Rule: RuleUnknownColumn})
		case seen[h]:
			probs = append(probs, ImportProblem{Row: 1, Column: h, Rule: RuleDuplicateColumn})
		default:
			cols[i] = h
			seen[h] = true
		}
	}
	var out []row
	for i, rec := range t.Rows {
		n := i + 2
		if i < len(t.Lines) {
			n = t.Lines[i]
		}
		r := row{n: n, cells: map[string]string{}}
		empty := true
		for j, v := range rec {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			empty = false
			if j < len(cols) && cols[j] != "" {
				r.cells[cols[j]] = v
			}
		}
		if !empty {
			out = append(out, r)
		}
	}
	switch {
	case len(out) == 0:
		probs = append(probs, ImportProblem{Rule: RuleEmptyFile})
	case len(out) > MaxImportRows:
		probs = append(probs, ImportProblem{Rule: RuleTooManyRows, Max: MaxImportRows})
	}
	return out, probs
}

// fieldProblems turns a validation error of row n into problems, naming
// the file's columns: "title.fa" is title_fa, a text field as a whole
// ("title") is title_*.
func fieldProblems(n int, err error, textFields []string) []ImportProblem {
	var e *Error
	if !errors.As(err, &e) {
		return []ImportProblem{{Row: n, Rule: RuleUnreadable}}
	}
	var out []ImportProblem
	for _, path := range sortedFieldPaths(e.Fields) {
		fe := e.Fields[path]
		col := strings.ReplaceAll(path, ".", "_")
		if isOneOf(path, textFields) {
			col = strings.ReplaceAll(path, ".", "_") + "_*"
		}
		out = append(out, ImportProblem{Row: n, Column: col, Rule: fe.Rule, Min: fe.Min, Max: fe.Max})
	}
	return out
}

func sortedFieldPaths(f FieldErrors) []string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Import is a parsed file of one kind of document: the valid inputs with
// their rows, and every problem. It may be written only when Problems is
// empty.
type Import[T any] struct {
	Inputs   []*T
	Rows     []int
	Problems []ImportProblem
}

// NeedImport is a parsed needs file.
type NeedImport = Import[NeedInput]

// CompanyImport is a parsed companies file.
type CompanyImport = Import[CompanyInput]

// parseTable is the one parse of every kind of file: it checks the header
// against cols and hands each data row to parse, which returns the row's
// input or its problems (a row with problems adds no input).
func parseTable[T any](t *tabular.Table, cols []string, parse func(r row) (*T, []ImportProblem)) *Import[T] {
	out := &Import[T]{}
	rows, probs := tableRows(t, cols)
	out.Problems = probs
	if len(rows) > MaxImportRows {
		return out
	}
	for _, r := range rows {
		in, rp := parse(r)
		if len(rp) > 0 {
			out.Problems = append(out.Problems, rp...)
			continue
		}
		out.Inputs = append(out.Inputs, in)
		out.Rows = append(out.Rows, r.n)
	}
	return out
}

// keepFirst adds the problems of ps whose column rp does not name yet:
// one problem per cell, the reading problem before the rule's.
func keepFirst(rp, ps []ImportProblem) []ImportProblem {
	for _, p := range ps {
		if !hasColumn(rp, p.Column) {
			rp = append(rp, p)
		}
	}
	return rp
}

// readTRL reads the trl cell (Persian digits accepted) into *dst.
func (r row) readTRL(dst *int) []ImportProblem {
	s := asciiDigits(r.get("trl"))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return []ImportProblem{{Row: r.n, Column: "trl", Rule: RuleInvalidType}}
	}
	*dst = n
	return nil
}

// readDate reads a date cell (ParseDate's forms) into *dst.
func (r row) readDate(col string, dst *Date) []ImportProblem {
	s := r.get(col)
	if s == "" {
		return nil
	}
	d, ok := ParseDate(s)
	if !ok {
		return []ImportProblem{{Row: r.n, Column: col, Rule: RuleInvalidDate}}
	}
	*dst = d
	return nil
}

// hubProblems checks that every well-formed hub of the row exists and is
// managed by the importing staff member (the first failing hub only).
func (r row) hubProblems(col string, hubs []string, chk ImportCheck) []ImportProblem {
	for _, h := range hubs {
		if !ValidHubCode(h) {
			continue
		}
		if chk.HubExists != nil && !chk.HubExists(h) {
			return []ImportProblem{{Row: r.n, Column: col, Rule: RuleInvalidHub}}
		}
		if chk.Manages != nil && !chk.Manages(h) {
			return []ImportProblem{{Row: r.n, Column: col, Rule: RuleHubNotManaged}}
		}
	}
	return nil
}

// ParseNeeds checks every row of a needs table: the need's fields
// (NeedInput.Validate with chk.Today), that its hub exists and that the
// staff member manages it.
func ParseNeeds(t *tabular.Table, chk ImportCheck) *NeedImport {
	return parseTable(t, NeedColumns(), func(r row) (*NeedInput, []ImportProblem) {
		in := &NeedInput{
			Hub: strings.ToUpper(r.get("hub")), Kind: r.get("kind"), Partnerships: r.list("partnerships"),
			Sectors: r.list("sectors"), Country: strings.ToUpper(r.get("country")),
			Title: r.text("title"), Summary: r.text("summary"), Body: r.text("body"),
		}
		if in.Partnerships == nil {
			in.Partnerships = []string{}
		}
		rp := r.readTRL(&in.TRL)
		rp = append(rp, r.profile(in)...)
		rp = append(rp, r.readDate("deadline", &in.Deadline)...)
		if err := in.Validate(chk.Today); err != nil {
			rp = keepFirst(rp, fieldProblems(r.n, err, []string{"title", "summary", "body", "requester.name", "partner_sought"}))
		}
		return in, append(rp, r.hubProblems("hub", []string{in.Hub}, chk)...)
	})
}

// ParseCompanies checks every row of a companies table: the company's
// fields (CompanyInput.Validate), that every hub exists and is managed by
// the staff member, and that the slug is neither repeated in the file nor
// taken in the catalog.
func ParseCompanies(t *tabular.Table, chk ImportCheck) *CompanyImport {
	slugs := map[string]int{}
	return parseTable(t, CompanyColumns(), func(r row) (*CompanyInput, []ImportProblem) {
		hubs := r.list("hubs")
		for i := range hubs {
			hubs[i] = strings.ToUpper(hubs[i])
		}
		in := &CompanyInput{
			Slug: strings.ToLower(r.get("slug")), Name: r.text("name"), Kind: r.get("kind"),
			Country: strings.ToUpper(r.get("country")), City: r.text("city"), Sectors: r.list("sectors"),
			Website: r.get("website"), Description: r.text("description"),
			Capabilities: r.text("capabilities"), Hubs: hubs,
		}
		if in.Sectors == nil {
			in.Sectors = []string{}
		}
		var rp []ImportProblem
		if err := in.Validate(); err != nil {
			rp = append(rp, fieldProblems(r.n, err, []string{"name", "city", "description", "capabilities"})...)
		}
		if ValidSlug(in.Slug) {
			if first, dup := slugs[in.Slug]; dup {
				rp = append(rp, ImportProblem{Row: r.n, Column: "slug", Rule: RuleDuplicateInFile, Min: first})
			} else if chk.SlugTaken != nil && chk.SlugTaken(in.Slug) {
				rp = append(rp, ImportProblem{Row: r.n, Column: "slug", Rule: RuleSlugTaken})
			}
			if _, dup := slugs[in.Slug]; !dup {
				slugs[in.Slug] = r.n
			}
		}
		if !hasColumn(rp, "hubs") {
			rp = append(rp, r.hubProblems("hubs", in.Hubs, chk)...)
		}
		return in, rp
	})
}

func hasColumn(ps []ImportProblem, col string) bool {
	for _, p := range ps {
		if p.Column == col {
			return true
		}
	}
	return false
}
