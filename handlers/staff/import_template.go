package staff

import (
	"bytes"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/tabular"
)

// StaffImportTemplate answers GET /{lang}/staff/import/template/{file}:
// needs, companies or offers as .csv or .xlsx: a header row (the column
// codes, the same in every language) and one example row that imports as
// it is, its texts in the staff member's language (the page's). The
// workbook has a second sheet that explains every column in that
// language, right to left in Persian; Read reads only the first.
func (h *Handler) StaffImportTemplate(c *fiber.Ctx) error {
	st, err := staffOrForbidden(c)
	if err != nil {
		return err
	}
	file := c.Params("file")
	name, ext, _ := strings.Cut(file, ".")
	k := importKindOf(name)
	if k.name != name || (ext != "csv" && ext != "xlsx") {
		return content.ErrNotFound
	}
	v := h.staffView(c, "/staff/import", nil)
	lang := v.Lang
	hub := "TR"
	if hubs := h.managedHubs(st); len(hubs) > 0 {
		hub = hubs[0]
	}
	vals := k.example(hub, content.Today(h.cfg.Now(), h.cfg.Zone))
	texts := map[string]string{"title": "staff.import.example.title", "summary": "staff.import.example.summary",
		"name": "staff.import.example.name", "city": "staff.import.example.city",
		"description": "staff.import.example.description", "partner_sought": "staff.import.example.partner_sought"}
	if k.name == "offers" {
		texts["title"], texts["summary"] = "staff.import.example.offer_title", "staff.import.example.offer_summary"
	}
	cols := k.columns()
	row := make([]string, len(cols))
	for i, col := range cols {
		if s, ok := vals[col]; ok {
			row[i] = s
		} else if base, ok := strings.CutSuffix(col, "_"+lang); ok && texts[base] != "" {
			row[i] = v.T(texts[base])
		}
	}
	rows := [][]string{cols, row}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="hubdir-`+file+`"`)
	c.Set("X-Content-Type-Options", "nosniff")
	var buf bytes.Buffer
	if ext == "xlsx" {
		help := [][]string{{v.T("staff.import.column"), v.T("staff.import.meaning")}}
		for _, col := range cols {
			help = append(help, []string{col, importHelp(v, k.name, col)})
		}
		rtl := v.Dir == "rtl"
		err := tabular.WriteSheets(&buf, []tabular.Sheet{{Name: k.name, Rows: rows, RTL: rtl},
			{Name: v.T("staff.import.help_sheet"), Rows: help, RTL: rtl}})
		if err != nil {
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
