package staff

// Exports of offers: CSV and XLSX, in the columns of the import.

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/tabular"
)

// offerExportRows returns the offers of the member's hubs (every status)
// as rows: a header of column codes, ref, status (as read today) and
// updated_at first, then the import's columns (content.OfferColumns), so
// that a file edited in a spreadsheet program can be imported again as
// new drafts once those three columns are removed.
func (h *Handler) offerExportRows(c *fiber.Ctx) (*view, [][]string, error) {
	st, err := staffOrForbidden(c)
	if err != nil {
		return nil, nil, err
	}
	v := h.staffView(c, "/staff/offers", nil)
	cols := content.OfferColumns()
	rows := [][]string{append([]string{"ref", "status", "updated_at"}, cols...)}
	q := catalog.OfferQuery{Hubs: h.staffHubs(st), Statuses: content.NeedStatuses(), PerPage: catalog.MaxPerPage, Viewer: catalog.Viewer{Staff: st}}
	if len(q.Hubs) == 0 {
		return v, rows, nil
	}
	for q.Page = 1; ; q.Page++ {
		res := h.cfg.Catalog.Offers(q)
		for _, o := range res.Items {
			rows = append(rows, offerCells(h, v, o, cols))
		}
		if len(res.Items) == 0 || q.Page*res.PerPage >= res.Total {
			break
		}
	}
	return v, rows, nil
}

// offerCells returns one offer's cells in the export's columns.
func offerCells(h *Handler, v *view, o *content.Offer, cols []string) []string {
	cells := map[string]string{
		"hubs": strings.Join(o.Hubs, ";"), "kind": o.Kind, "company": o.Company,
		"sectors": strings.Join(o.Sectors, ";"), "ip_status": o.IPStatus,
		"partnerships": strings.Join(o.Partnerships, ";"), "standards": strings.Join(o.Standards, ";"),
		"deadline": string(o.Deadline),
	}
	if o.TRL > 0 {
		cells["trl"] = strconv.Itoa(o.TRL)
	}
	for _, f := range []struct {
		base string
		t    content.Text
	}{{"title", o.Title}, {"summary", o.Summary}, {"body", o.Body}} {
		for loc, s := range f.t {
			cells[f.base+"_"+loc] = s
		}
	}
	row := []string{o.Ref, o.StatusOn(v.Today), o.UpdatedAt.In(h.cfg.Zone).Format("2006-01-02 15:04")}
	for _, col := range cols {
		row = append(row, cells[col])
	}
	return row
}

// StaffOffersExport answers GET /{lang}/staff/offers/export.csv and
// /export.xlsx: the offers of the member's hubs (offerExportRows). CSV is
// UTF-8 with a byte order mark and cells guarded against formulas; the
// workbook's cells are text cells, right to left in Persian.
func (h *Handler) StaffOffersExport(c *fiber.Ctx) error {
	v, rows, err := h.offerExportRows(c)
	if err != nil {
		return err
	}
	ext := strings.TrimPrefix(c.Params("ext"), ".")
	var buf bytes.Buffer
	switch ext {
	case "csv":
		err = tabular.WriteCSV(&buf, rows)
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	case "xlsx":
		err = tabular.WriteXLSX(&buf, rows, v.Dir == "rtl")
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	default:
		return content.ErrNotFound
	}
	if err != nil {
		return err
	}
	name := "offers-" + string(content.Today(h.cfg.Now(), h.cfg.Zone)) + "." + ext
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set("X-Content-Type-Options", "nosniff")
	return c.Send(buf.Bytes())
}
