package staff

// Exports of the interest inbox: CSV and XLSX.

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/tabular"
)

// exportColumns are the columns of an inbox export; each has a header
// "staff.inbox.col.<name>".
var exportColumns = []string{
	"ref", "need", "hub", "status", "decline_reason", "created_at", "company_name", "registration",
	"country", "contact_name", "email", "phone", "offer", "fit", "proposal", "lang", "erased",
	// Requests for a testing service (issue 14): empty for an interest in a need.
	"request_type", "request_offer", "request_lab", "request_target",
	"test_what", "test_standard", "test_samples", "test_deadline",
}

// exportRows returns the header and the rows of the filtered inbox, in the
// page's language. An erased interest's personal data is the erased marker.
func (h *Handler) exportRows(c *fiber.Ctx) (*view, [][]string, error) {
	st, err := staffOrForbidden(c)
	if err != nil {
		return nil, nil, err
	}
	filter, q, fe, err := h.parseInbox(c, st)
	if err != nil {
		return nil, nil, err
	}
	if len(fe) > 0 {
		return nil, nil, fe.Err()
	}
	v := h.staffView(c, "/staff/inbox", q.values())
	items, err := h.cfg.Store.Interests(c.UserContext(), filter)
	if err != nil {
		return nil, nil, err
	}
	header := make([]string, len(exportColumns))
	for k, col := range exportColumns {
		header[k] = v.T("staff.inbox.col." + col)
	}
	rows := [][]string{header}
	for _, i := range items {
		reason, erased := "", ""
		if i.DeclineReason != "" {
			reason = v.T("decline." + i.DeclineReason)
		}
		if i.IsErased() {
			erased = i.Erased.At.In(h.cfg.Zone).Format("2006-01-02 15:04")
		}
		row := []string{
			i.Ref, i.Need, i.Hub, v.T("status.interest." + i.Status), reason,
			i.CreatedAt.In(h.cfg.Zone).Format("2006-01-02 15:04"),
			i.Company.Name, i.Company.Registration, i.Company.Country, i.ContactName, i.Email, i.Phone,
			i.Answers.Offer, i.Answers.Fit, i.Answers.Proposal, i.Lang, erased,
		}
		rows = append(rows, append(row, h.testingCells(v, st, i)...))
	}
	return v, rows, nil
}

// testingCells returns the cells of the testing-request columns: what the
// request is, the offer or laboratory it is addressed to (reference or
// slug, and its title or name as the member reads it), what to test, the
// standard, the sample count and the date results are needed by; only the
// first for an interest in a need.
func (h *Handler) testingCells(v *view, st *content.Staff, i *content.Interest) []string {
	if !i.IsTesting() {
		return []string{v.T("staff.inbox.type.interest"), "", "", "", "", "", "", ""}
	}
	t := i.Testing
	samples := ""
	if t.Samples > 0 {
		samples = strconv.Itoa(t.Samples)
	}
	return []string{v.T("staff.inbox.type.testing"), i.Offer, i.Lab, h.testingTarget(v, st, i).S,
		t.What, t.Standard, samples, string(t.Deadline)}
}

// exportName returns the file name of an export: inbox-YYYY-MM-DD.ext.
func (h *Handler) exportName(ext string) string {
	return fmt.Sprintf("inbox-%s.%s", content.Today(h.cfg.Now(), h.cfg.Zone), ext)
}

// StaffInboxCSV answers GET /{lang}/staff/inbox/export.csv: the filtered
// inbox as CSV, UTF-8 with a byte order mark (so that spreadsheet
// programs read Persian and Chinese), cells guarded by tabular.SafeCell.
func (h *Handler) StaffInboxCSV(c *fiber.Ctx) error {
	_, rows, err := h.exportRows(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tabular.WriteCSV(&buf, rows); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+h.exportName("csv")+`"`)
	c.Set("X-Content-Type-Options", "nosniff")
	return c.Send(buf.Bytes())
}

// StaffInboxXLSX answers GET /{lang}/staff/inbox/export.xlsx: the
// filtered inbox as a workbook (right to left for Persian); every cell is
// a text cell, never a formula.
func (h *Handler) StaffInboxXLSX(c *fiber.Ctx) error {
	v, rows, err := h.exportRows(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tabular.WriteXLSX(&buf, rows, v.Dir == "rtl"); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+h.exportName("xlsx")+`"`)
	c.Set("X-Content-Type-Options", "nosniff")
	return c.Send(buf.Bytes())
}
