package staff

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/tabular"
)

// importKind describes one kind of file to the one import flow
// (StaffImportPost) and its template (StaffImportTemplate). Its messages
// are "staff.import.kind_<name>", "columns_<name>", "ready_<name>",
// "done_<name>" and "<name>_failed".
type importKind struct {
	name    string
	columns func() []string
	// parse checks a table and returns the checked file.
	parse func(h *Handler, t *tabular.Table, chk content.ImportCheck) importParsed
	// example returns the cells of the template's example row that are
	// not texts, for a member of hub on day today.
	example func(hub string, today content.Date) map[string]string
}

// importParsed is a checked file: its problems, or the number of rows it
// would write and how to write them. write returns the ids written and,
// when it failed, the status and message of the failure.
type importParsed struct {
	problems []content.ImportProblem
	count    int
	write    func(c *fiber.Ctx, v *view, st *content.Staff) (ids []string, status int, failed string)
}

// importKinds returns the kinds of file staff import, in the page's order.
func importKinds() []importKind {
	return []importKind{
		{name: "needs", columns: content.NeedColumns, example: needExample, parse: func(h *Handler, t *tabular.Table, chk content.ImportCheck) importParsed {
			return batchImport(h, content.ParseNeeds(t, chk), "needs", h.cfg.Workspace.ImportNeeds, func(n *content.Need) string { return n.Ref })
		}},
		{name: "companies", columns: content.CompanyColumns, example: companyExample, parse: func(h *Handler, t *tabular.Table, chk content.ImportCheck) importParsed {
			return h.companyImport(content.ParseCompanies(t, chk))
		}},
		{name: "offers", columns: content.OfferColumns, example: offerExample, parse: func(h *Handler, t *tabular.Table, chk content.ImportCheck) importParsed {
			return batchImport(h, content.ParseOffers(t, chk), "offers", h.cfg.Workspace.ImportOffers, func(o *content.Offer) string { return o.Ref })
		}},
	}
}

// importKindOf returns the kind of file name; needs for an unknown name.
func importKindOf(name string) importKind {
	for _, k := range importKinds() {
		if k.name == name {
			return k
		}
	}
	return importKinds()[0]
}

// batchImport is the write of a kind the workspace imports as one batch
// (needs, offers): all rows or, when the input turned invalid since the
// check (a hub removed), none.
func batchImport[I, T any](h *Handler, p *content.Import[I], name string,
	store func(ctx context.Context, st *content.Staff, channel string, ins []*I) ([]*T, error), idOf func(*T) string) importParsed {
	return importParsed{problems: p.Problems, count: len(p.Inputs), write: func(c *fiber.Ctx, v *view, st *content.Staff) ([]string, int, string) {
		ctx := c.UserContext()
		docs, err := store(ctx, st, content.ChannelImport, p.Inputs)
		if err != nil {
			h.cfg.Logger.ErrorContext(ctx, "import "+name, "rows", len(p.Inputs), "err", err)
			switch content.ErrorCode(err) {
			case content.CodeInvalid: // a hub or company removed since the check
				return nil, fiber.StatusUnprocessableEntity, v.T("error.invalid")
			case content.CodeForbidden:
				return nil, fiber.StatusForbidden, v.T("error.forbidden")
			}
			return nil, fiber.StatusServiceUnavailable, v.T("staff.import." + name + "_failed")
		}
		ids := make([]string, 0, len(docs))
		for _, d := range docs {
			ids = append(ids, idOf(d))
		}
		return ids, 0, ""
	}}
}

// companyImport is the write of a companies file: one company after the
// other, stopping at the first that fails (the ones before it stay
// written, and the page says which), then one audit entry.
func (h *Handler) companyImport(p *content.CompanyImport) importParsed {
	return importParsed{problems: p.Problems, count: len(p.Inputs), write: func(c *fiber.Ctx, v *view, st *content.Staff) ([]string, int, string) {
		ctx := c.UserContext()
		var slugs []string
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
				return slugs, fiber.StatusConflict, v.T("staff.import.companies_failed", "Row", v.Num(p.Rows[k]), "Written", v.Num(len(slugs)), "Message", msg)
			}
			slugs = append(slugs, co.Slug)
		}
		h.audit(c, content.AuditEntry{Action: content.AuditCreate, Kind: content.KindImport,
			ID: fmt.Sprintf("companies:%d", len(slugs)), Fields: slugs})
		return slugs, 0, ""
	}}
}

// needExample, companyExample and offerExample are the cells of the
// templates' example rows that are not texts.
func needExample(hub string, today content.Date) map[string]string {
	country := map[string]string{"TR": "TR", "CN": "CN"}[hub]
	if country == "" {
		country = "IR"
	}
	return map[string]string{"hub": hub, "kind": "technology", "partnerships": "licence;rnd-cooperation",
		"sectors": "ai;software", "country": country, "trl": "6",
		"deadline":       string(content.DateOf(today.Time().AddDate(0, 3, 0))),
		"requester_type": "company", "requester_size": "medium", "requester_named": "no", "ip_status": "none",
		"budget_min": "50000", "budget_max": "150000", "budget_currency": "EUR"}
}

func companyExample(hub string, _ content.Date) map[string]string {
	return map[string]string{"slug": "example-company-" + strings.ToLower(hub), "kind": "knowledge-based",
		"country": "IR", "sectors": "ai;software", "website": "https://example.org/", "hubs": hub}
}

func offerExample(hub string, today content.Date) map[string]string {
	return map[string]string{"hubs": hub, "kind": "testing", "sectors": "electronics;automotive", "trl": "9",
		"ip_status": "none", "partnerships": "technical-cooperation", "standards": "ISO/IEC 17025;CISPR 25",
		"deadline": string(content.DateOf(today.Time().AddDate(1, 0, 0)))}
}
