package staff

import (
	"context"
	"errors"
	"strconv"
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
			return batchImport(h, content.ParseCompanies(t, chk), "companies", h.cfg.Workspace.ImportCompanies, func(co *content.Company) string { return co.Slug })
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

// batchImport is the write of a kind the workspace imports as one batch:
// all rows or none, when the input turned invalid since the check (a hub
// removed), a row's slug was taken meanwhile (the page names the row) or
// the database failed.
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
			case content.CodeConflict: // a slug taken since the check
				if k, rule, ok := importRowProblem(err); ok && k < len(p.Rows) {
					return nil, fiber.StatusConflict, v.T("staff.import.row_refused", "Row", v.Num(p.Rows[k]), "Message", v.T("staff.import.rule."+string(rule)))
				}
				return nil, fiber.StatusConflict, v.T("staff.import." + name + "_failed")
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

// importRowProblem returns the input index and rule of a store's refusal
// of one input of a batch (its Fields naming "<index>.<field>").
func importRowProblem(err error) (int, content.Rule, bool) {
	var cerr *content.Error
	if !errors.As(err, &cerr) {
		return 0, "", false
	}
	for path, fe := range cerr.Fields {
		idx, _, _ := strings.Cut(path, ".")
		if k, err := strconv.Atoi(idx); err == nil && k >= 0 {
			return k, fe.Rule, true
		}
	}
	return 0, "", false
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
