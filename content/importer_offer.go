package content

import (
	"strings"

	"hubdir/content/tabular"
)

// OfferColumns returns the columns of an offers file, in template order.
// Lists (hubs, sectors, partnerships, standards) are separated by
// semicolons.
func OfferColumns() []string {
	cols := []string{"hubs", "kind", "company", "sectors", "trl", "ip_status", "partnerships"}
	for _, b := range []string{"title", "summary", "body"} {
		cols = append(cols, textColumns(b)...)
	}
	return append(cols, "standards", "deadline")
}

// OfferImport is a parsed offers file.
type OfferImport = Import[OfferInput]

// ParseOffers checks every row of an offers table: the offer's fields
// (OfferInput.Validate with chk.Today), that every hub exists and is
// managed by the staff member, and that the company, when named, is in
// the directory.
func ParseOffers(t *tabular.Table, chk ImportCheck) *OfferImport {
	return parseTable(t, OfferColumns(), func(r row) (*OfferInput, []ImportProblem) {
		hubs := r.list("hubs")
		for i := range hubs {
			hubs[i] = strings.ToUpper(hubs[i])
		}
		in := &OfferInput{
			Hubs: hubs, Kind: r.get("kind"), Company: strings.ToLower(r.get("company")),
			Sectors: r.list("sectors"), IPStatus: r.get("ip_status"), Partnerships: r.list("partnerships"),
			Title: r.text("title"), Summary: r.text("summary"), Body: r.text("body"),
			Standards: r.list("standards"),
		}
		rp := r.readTRL(&in.TRL)
		rp = append(rp, r.readDate("deadline", &in.Deadline)...)
		if err := in.Validate(chk.Today); err != nil {
			rp = keepFirst(rp, fieldProblems(r.n, err, []string{"title", "summary", "body"}))
		}
		if !hasColumn(rp, "company") && in.Company != "" && chk.CompanyExists != nil && !chk.CompanyExists(in.Company) {
			rp = append(rp, ImportProblem{Row: r.n, Column: "company", Rule: RuleUnknownCompany})
		}
		if !hasColumn(rp, "hubs") {
			rp = append(rp, r.hubProblems("hubs", in.Hubs, chk)...)
		}
		return in, rp
	})
}
