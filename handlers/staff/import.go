package staff

// Import of needs and companies from CSV and XLSX files (issue 5, part C).
//
// A file is checked whole before anything is written: every row's
// problems are listed (row, column, localized message), and the "check"
// button (the dry run) stops there. The import itself writes only a file
// without problems:
//
//   - needs: the workspace's ImportNeeds (Store.ImportNeeds) reserves reference codes per hub (one
//     counter bump each, ReserveNeedRefs) and stores the new drafts with
//     SeedNeeds, a single batch insert for files of up to 500 rows. Should the database fail
//     during that insert, some needs may have been written: the page says
//     so, and the catalog's sync shows what was;
//   - companies: created one by one (CreateCompany), so a store failure
//     midway leaves the companies before it written; the page names the
//     rows written and the row that failed. A slug taken by a deleted
//     company is found only then.

import (
	"bytes"
	"errors"
	"fmt"
	"mime/multipart"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/tabular"
	"hubdir/i18n"
)

// maxImportBytes bounds an uploaded file.
const maxImportBytes = 8 << 20

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
	Action    string
	Kind      string
	NeedCols  []importColumn
	CompCols  []importColumn
	Templates map[string]string
	// The result of a check or an import.
	Checked  bool
	File     string
	Problems []importProblem
	Summary  string
	Done     string
	Failed   string
	Refs     []string
}

// importHelp returns the help text of a column.
func importHelp(v *view, col string) string {
	i := strings.LastIndexByte(col, '_')
	if base, loc := col[:max(i, 0)], col[i+1:]; i > 0 && i18n.IsSupported(loc) {
		return v.T("staff.import.help.text_"+base, "Language", v.LocaleName(loc))
	}
	return v.T("staff.import.help." + col)
}

// importPage returns the import page's data with the column documentation.
func (h *Handler) importPage(v *view, kind string) *importData {
	d := &importData{Action: v.URL("staff", "import"), Kind: kind, Templates: map[string]string{}}
	if d.Kind != "companies" {
		d.Kind = "needs"
	}
	for _, col := range content.NeedColumns() {
		d.NeedCols = append(d.NeedCols, importColumn{Name: col, Help: importHelp(v, col)})
	}
	for _, col := range content.CompanyColumns() {
		d.CompCols = append(d.CompCols, importColumn{Name: col, Help: importHelp(v, col)})
	}
	for _, f := range []string{"needs.csv", "needs.xlsx", "companies.csv", "companies.xlsx"} {
		d.Templates[strings.ReplaceAll(f, ".", "_")] = v.URL("staff", "import", "template", f)
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
	return tabular.DefaultLimits(maxImportBytes, content.MaxImportRows)
}

// readUpload reads the uploaded file into a table within importLimits:
// its declared size is checked before it is read; an XLSX file's unpacked
// size before it is unpacked; rows are streamed and reading stops at the
// row limit. A file that cannot be read is one problem of the file.
func readUpload(fh *multipart.FileHeader) (*tabular.Table, *content.ImportProblem) {
	importLimits := importLimits()
	if fh.Size > importLimits.Bytes {
		return nil, &content.ImportProblem{Rule: content.RuleFileTooLarge, Max: int(importLimits.UnzipBytes >> 20)}
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
		Today:     content.Today(h.cfg.Now(), h.cfg.Zone),
		Manages:   st.CanManage,
		HubExists: func(code string) bool { _, ok := h.cfg.Catalog.Hub(code); return ok },
		SlugTaken: func(slug string) bool { _, ok := h.cfg.Catalog.Company(slug, admin); return ok },
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
	chk := h.importCheck(st)
	write := c.FormValue("mode") == "import"
	if d.Kind == "companies" {
		return h.importCompanies(c, v, d, st, content.ParseCompanies(table, chk), write)
	}
	return h.importNeeds(c, v, d, st, content.ParseNeeds(table, chk), write)
}

// importNeeds shows the problems of a needs file, or writes it.
func (h *Handler) importNeeds(c *fiber.Ctx, v *view, d *importData, st *content.Staff, p *content.NeedImport, write bool) error {
	if len(p.Problems) > 0 {
		d.Problems = showProblems(v, p.Problems)
		d.Summary = v.N("staff.import.problems", len(p.Problems), "Count", v.Num(len(p.Problems)))
		return h.render(c, fiber.StatusUnprocessableEntity, "staff_import", v, d)
	}
	if !write {
		d.Summary = v.N("staff.import.ready_needs", len(p.Inputs), "Count", v.Num(len(p.Inputs)))
		return h.render(c, fiber.StatusOK, "staff_import", v, d)
	}
	ctx := c.UserContext()
	needs, err := h.cfg.Workspace.ImportNeeds(ctx, st, content.ChannelImport, p.Inputs)
	if err != nil {
		h.cfg.Logger.ErrorContext(ctx, "import needs", "rows", len(p.Inputs), "err", err)
		if content.ErrorCode(err) == content.CodeInvalid { // a hub removed since the check
			d.Failed = v.T("error.invalid")
			return h.render(c, fiber.StatusUnprocessableEntity, "staff_import", v, d)
		}
		d.Failed = v.T("staff.import.needs_failed")
		return h.render(c, fiber.StatusServiceUnavailable, "staff_import", v, d)
	}
	for _, n := range needs {
		d.Refs = append(d.Refs, n.Ref)
	}
	d.Done = v.N("staff.import.done_needs", len(needs), "Count", v.Num(len(needs)))
	return h.render(c, fiber.StatusOK, "staff_import", v, d)
}

// importCompanies shows the problems of a companies file, or writes it.
func (h *Handler) importCompanies(c *fiber.Ctx, v *view, d *importData, st *content.Staff, p *content.CompanyImport, write bool) error {
	if len(p.Problems) > 0 {
		d.Problems = showProblems(v, p.Problems)
		d.Summary = v.N("staff.import.problems", len(p.Problems), "Count", v.Num(len(p.Problems)))
		return h.render(c, fiber.StatusUnprocessableEntity, "staff_import", v, d)
	}
	if !write {
		d.Summary = v.N("staff.import.ready_companies", len(p.Inputs), "Count", v.Num(len(p.Inputs)))
		return h.render(c, fiber.StatusOK, "staff_import", v, d)
	}
	ctx := c.UserContext()
	var made []*content.Company
	for k, in := range p.Inputs {
		co, err := h.cfg.Workspace.CreateCompany(ctx, st, content.ChannelImport, in)
		if err != nil {
			h.cfg.Logger.ErrorContext(ctx, "import companies", "row", p.Rows[k], "err", err)
			var cerr *content.Error
			msg := v.T("error.internal")
			if errors.As(err, &cerr) && len(cerr.Fields) > 0 {
				for _, fe := range cerr.Fields {
					msg = fieldMessage(v, fe)
					break
				}
			} else if errors.Is(err, content.ErrConflict) {
				msg = v.T("staff.import.rule.slug_taken")
			}
			for _, m := range made {
				d.Refs = append(d.Refs, m.Slug)
			}
			d.Failed = v.T("staff.import.companies_failed", "Row", v.Num(p.Rows[k]), "Written", v.Num(len(made)), "Message", msg)
			return h.render(c, fiber.StatusConflict, "staff_import", v, d)
		}
		made = append(made, co)
	}
	for _, m := range made {
		d.Refs = append(d.Refs, m.Slug)
	}
	h.audit(c, content.AuditEntry{Action: content.AuditCreate, Kind: content.KindImport,
		ID: fmt.Sprintf("companies:%d", len(made)), Fields: d.Refs})
	d.Done = v.N("staff.import.done_companies", len(made), "Count", v.Num(len(made)))
	return h.render(c, fiber.StatusOK, "staff_import", v, d)
}

// StaffImportTemplate answers GET /{lang}/staff/import/template/{file}:
// needs.csv, needs.xlsx, companies.csv or companies.xlsx, a header row and
// one example row (texts in every locale) that imports as it is.
func (h *Handler) StaffImportTemplate(c *fiber.Ctx) error {
	st, err := staffOrForbidden(c)
	if err != nil {
		return err
	}
	file := c.Params("file")
	kind, ext, _ := strings.Cut(file, ".")
	if (kind != "needs" && kind != "companies") || (ext != "csv" && ext != "xlsx") {
		return content.ErrNotFound
	}
	hub := "TR"
	if hubs := h.managedHubs(st); len(hubs) > 0 {
		hub = hubs[0]
	}
	example := map[string]string{}
	for _, code := range i18n.Codes() {
		l := h.cfg.Bundle.Localizer(code)
		example["title_"+code] = l.T("staff.import.example.title")
		example["summary_"+code] = l.T("staff.import.example.summary")
		example["name_"+code] = l.T("staff.import.example.name")
		example["city_"+code] = l.T("staff.import.example.city")
		example["description_"+code] = l.T("staff.import.example.description")
		example["partner_sought_"+code] = l.T("staff.import.example.partner_sought")
	}
	today := content.Today(h.cfg.Now(), h.cfg.Zone)
	cols := content.NeedColumns()
	vals := map[string]string{"hub": hub, "kind": "technology", "partnerships": "licence;rnd-cooperation",
		"sectors": "ai;software", "country": map[string]string{"TR": "TR", "CN": "CN"}[hub], "trl": "6",
		"deadline":       string(content.DateOf(today.Time().AddDate(0, 3, 0))),
		"requester_type": "company", "requester_size": "medium", "requester_named": "no", "ip_status": "none",
		"budget_min": "50000", "budget_max": "150000", "budget_currency": "EUR"}
	if vals["country"] == "" {
		vals["country"] = "IR"
	}
	if kind == "companies" {
		cols = content.CompanyColumns()
		vals = map[string]string{"slug": "example-company-" + strings.ToLower(hub), "kind": "knowledge-based",
			"country": "IR", "sectors": "ai;software", "website": "https://example.org/", "hubs": hub}
	}
	row := make([]string, len(cols))
	for k, col := range cols {
		if s, ok := vals[col]; ok {
			row[k] = s
		} else {
			row[k] = example[col]
		}
	}
	rows := [][]string{cols, row}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="hubdir-`+file+`"`)
	c.Set("X-Content-Type-Options", "nosniff")
	var buf bytes.Buffer
	if ext == "xlsx" {
		if err := tabular.WriteXLSX(&buf, rows, false); err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		return c.Send(buf.Bytes())
	}
	if err := tabular.WriteCSV(&buf, rows); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	return c.Send(buf.Bytes())
}
