package staff

// Import of needs, companies and offers from CSV and XLSX files (issue 5,
// part C; offers: issue 14).
//
// One flow for every kind of file (importKinds): a file is checked whole
// before anything is written: every row's problems are listed (row,
// column, localized message), and the "check" button (the dry run) stops
// there. The import itself writes only a file without problems:
//
//   - needs, companies and offers alike: the workspace's ImportNeeds /
//     ImportCompanies / ImportOffers store the whole file or nothing (a
//     hub removed since the check, a slug taken meanwhile — the page names
//     its row —, a database failure: what was written is deleted again).

import (
	"errors"
	"mime/multipart"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/tabular"
	"hubdir/i18n"
)

// MaxImportBytes bounds an uploaded file (the server lets the import
// route's body be this large, plus its form: handlers/bodylimit.go).
const MaxImportBytes = 8 << 20

// importProblem is one problem of a file as shown.
type importProblem struct {
	Row     string
	Column  string
	Message string
}

// importColumn documents one column of a file.
type importColumn struct {
	Name, Help string
}

// importData is the data of the import page.
type importData struct {
	Action string
	Kind   string
	Kinds  []importKindView
	// The result of a check or an import.
	Checked  bool
	File     string
	Problems []importProblem
	Summary  string
	Done     string
	Failed   string
	Refs     []string
}

// importKindView is one kind of file as the page shows it: its name, its
// columns with their help and its templates.
type importKindView struct {
	Name, Label, ColumnsTitle string
	Columns                   []importColumn
	CSV, XLSX                 string
}

// importHelp returns the help text of a column of a file of kind: the
// kind's own ("staff.import.help.offers.hubs") when it has one.
func importHelp(v *view, kind, col string) string {
	i := strings.LastIndexByte(col, '_')
	if base, loc := col[:max(i, 0)], col[i+1:]; i > 0 && i18n.IsSupported(loc) {
		return v.T("staff.import.help.text_"+base, "Language", v.LocaleName(loc))
	}
	if id := "staff.import.help." + kind + "." + col; v.T(id) != id {
		return v.T(id)
	}
	return v.T("staff.import.help." + col)
}

// importPage returns the import page's data with the column documentation.
func (h *Handler) importPage(v *view, kind string) *importData {
	d := &importData{Action: v.URL("staff", "import"), Kind: importKindOf(kind).name}
	for _, k := range importKinds() {
		kv := importKindView{Name: k.name, Label: v.T("staff.import.kind_" + k.name),
			ColumnsTitle: v.T("staff.import.columns_" + k.name),
			CSV:          v.URL("staff", "import", "template", k.name+".csv"),
			XLSX:         v.URL("staff", "import", "template", k.name+".xlsx")}
		for _, col := range k.columns() {
			kv.Columns = append(kv.Columns, importColumn{Name: col, Help: importHelp(v, k.name, col)})
		}
		d.Kinds = append(d.Kinds, kv)
	}
	return d
}

// StaffImport answers GET /{lang}/staff/import: the upload form, the
// columns of both files and their templates.
func (h *Handler) StaffImport(c *fiber.Ctx) error {
	if _, err := staffOrForbidden(c); err != nil {
		return err
	}
	v := h.staffView(c, "/staff/import", nil)
	v.Title = v.T("staff.import.title")
	return h.render(c, fiber.StatusOK, "staff_import", v, h.importPage(v, c.Query("kind")))
}

// importLimits returns the bounds of reading one uploaded file.
func importLimits() tabular.Limits {
	return tabular.DefaultLimits(MaxImportBytes, content.MaxImportRows)
}

// readUpload reads the uploaded file into a table within importLimits:
// its declared size is checked before it is read; an XLSX file's unpacked
// size before it is unpacked; rows are streamed and reading stops at the
// row limit. A file that cannot be read is one problem of the file.
func readUpload(fh *multipart.FileHeader) (*tabular.Table, *content.ImportProblem) {
	importLimits := importLimits()
	if fh.Size > importLimits.Bytes {
		return nil, &content.ImportProblem{Rule: content.RuleFileTooLarge, Max: int(importLimits.Bytes >> 20)}
	}
	f, err := fh.Open()
	if err != nil {
		return nil, &content.ImportProblem{Rule: content.RuleUnreadable}
	}
	defer f.Close()
	t, err := tabular.Read(f, fh.Size, fh.Filename, importLimits)
	switch {
	case err == nil:
		return t, nil
	case errors.Is(err, tabular.ErrTooManyRows):
		return nil, &content.ImportProblem{Rule: content.RuleTooManyRows, Max: content.MaxImportRows}
	case errors.Is(err, tabular.ErrTooLarge):
		return nil, &content.ImportProblem{Rule: content.RuleFileTooLarge, Max: int(importLimits.UnzipBytes >> 20)}
	}
	return nil, &content.ImportProblem{Rule: content.RuleUnreadable}
}

// importCheck returns what parsing a file needs to know about the member
// and the catalog.
func (h *Handler) importCheck(st *content.Staff) content.ImportCheck {
	admin := catalog.Viewer{Staff: &content.Staff{Role: content.RoleAdmin}}
	return content.ImportCheck{
		Today:         content.Today(h.cfg.Now(), h.cfg.Zone),
		Manages:       st.CanManage,
		HubExists:     func(code string) bool { _, ok := h.cfg.Catalog.Hub(code); return ok },
		SlugTaken:     func(slug string) bool { _, ok := h.cfg.Catalog.Company(slug, admin); return ok },
		CompanyExists: func(slug string) bool { _, ok := h.cfg.Catalog.Company(slug, admin); return ok },
	}
}

// showProblems converts the problems of a file for the page.
func showProblems(v *view, probs []content.ImportProblem) []importProblem {
	var out []importProblem
	for _, p := range probs {
		ip := importProblem{Column: p.Column, Message: fieldMessage(v, content.FieldError{Rule: p.Rule, Min: p.Min, Max: p.Max})}
		if p.Rule == content.RuleDuplicateInFile {
			ip.Message = v.T("staff.import.rule.duplicate_in_file", "Row", v.Num(p.Min))
		}
		if p.Row > 0 {
			ip.Row = v.Num(p.Row)
		}
		out = append(out, ip)
	}
	return out
}

// StaffImportPost answers POST /{lang}/staff/import (multipart: kind,
// file, mode "check" or "import"). Problems answer 422 and write nothing;
// a check without problems answers 200; an import writes every row and
// answers 200 with what was written.
func (h *Handler) StaffImportPost(c *fiber.Ctx) error {
	st, err := staffOrForbidden(c)
	if err != nil {
		return err
	}
	v := h.staffView(c, "/staff/import", nil)
	v.Title = v.T("staff.import.title")
	d := h.importPage(v, c.FormValue("kind"))
	d.Checked = true
	if d.Kind != c.FormValue("kind") { // a kind of file the page does not offer
		d.Problems = showProblems(v, []content.ImportProblem{{Column: "kind", Rule: content.RuleUnknownValue}})
		return h.render(c, fiber.StatusUnprocessableEntity, "staff_import", v, d)
	}
	leave, ok := h.imports.TryEnter()
	if !ok {
		d.Failed = v.T("staff.import.busy")
		c.Set(fiber.HeaderRetryAfter, "30")
		return h.render(c, fiber.StatusServiceUnavailable, "staff_import", v, d)
	}
	defer leave()
	fh, err := c.FormFile("file")
	if err != nil {
		d.Problems = showProblems(v, []content.ImportProblem{{Rule: content.RuleEmptyFile}})
		return h.render(c, fiber.StatusUnprocessableEntity, "staff_import", v, d)
	}
	d.File = strings.ToValidUTF8(path.Base(fh.Filename), "\uFFFD")
	table, prob := readUpload(fh)
	if prob != nil {
		d.Problems = showProblems(v, []content.ImportProblem{*prob})
		return h.render(c, fiber.StatusUnprocessableEntity, "staff_import", v, d)
	}
	p := importKindOf(d.Kind).parse(h, table, h.importCheck(st))
	if len(p.problems) > 0 {
		d.Problems = showProblems(v, p.problems)
		d.Summary = v.N("staff.import.problems", len(p.problems), "Count", v.Num(len(p.problems)))
		return h.render(c, fiber.StatusUnprocessableEntity, "staff_import", v, d)
	}
	if c.FormValue("mode") != "import" {
		d.Summary = v.N("staff.import.ready_"+d.Kind, p.count, "Count", v.Num(p.count))
		return h.render(c, fiber.StatusOK, "staff_import", v, d)
	}
	ids, status, failed := p.write(c, v, st)
	d.Refs = ids
	if failed != "" {
		d.Failed = failed
		return h.render(c, status, "staff_import", v, d)
	}
	d.Done = v.N("staff.import.done_"+d.Kind, len(ids), "Count", v.Num(len(ids)))
	return h.render(c, fiber.StatusOK, "staff_import", v, d)
}

// ImportTooLarge answers an import whose body is over the server's limit
// for the import route (handlers/bodylimit.go), before any handler or
// middleware ran: 413 with a page that says, in the path's language, how
// large a file may be. Nothing was read beyond the request's headers.
func (h *Handler) ImportTooLarge(c *fiber.Ctx) error {
	v := h.NewView(h.LocaleOf(c), "/staff/import", nil)
	v.Base = h.PublicBase(c)
	v.NoIndex = true
	v.Title = v.T("staff.import.title")
	c.Set(fiber.HeaderConnection, "close")
	return h.RenderError(c, v, fiber.StatusRequestEntityTooLarge, v.T("staff.import.too_large", "Max", v.Num(MaxImportBytes>>20)))
}
