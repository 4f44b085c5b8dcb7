package content

import (
	"strconv"
	"strings"
)

// profile reads the requester profile columns of a needs row into in and
// returns the problems of cells that cannot be read (the profile's rules
// are NeedInput.Validate's). requester_named takes yes/no, true/false,
// 1/0 (also بله/خیر, 是/否, evet/hayır); amounts accept Persian and
// Arabic-Indic digits and digit grouping.
func (r row) profile(in *NeedInput) []ImportProblem {
	var rp []ImportProblem
	req := &Requester{Type: r.get("requester_type"), Size: r.get("requester_size"), Name: r.text("requester_name")}
	switch strings.ToLower(r.get("requester_named")) {
	case "", "no", "false", "0", "خیر", "否", "hayır", "hayir":
	case "yes", "true", "1", "بله", "是", "evet":
		req.Named = true
	default:
		rp = append(rp, ImportProblem{Row: r.n, Column: "requester_named", Rule: RuleInvalidType})
	}
	if len(req.Name) == 0 {
		req.Name = nil
	}
	in.Requester = req
	in.IPStatus = r.get("ip_status")
	if t := r.text("partner_sought"); len(t) > 0 {
		in.PartnerSought = t
	}
	b := &Budget{Currency: strings.ToUpper(r.get("budget_currency"))}
	for _, f := range []struct {
		col string
		dst *int64
	}{{"budget_min", &b.Min}, {"budget_max", &b.Max}} {
		s := strings.NewReplacer(",", "", "٬", "", ".", "", " ", "", "\u00a0", "").Replace(asciiDigits(r.get(f.col)))
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			rp = append(rp, ImportProblem{Row: r.n, Column: f.col, Rule: RuleInvalidType})
			continue
		}
		*f.dst = n
	}
	in.Budget = b
	return rp
}
