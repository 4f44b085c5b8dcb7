package content_test

import (
	"testing"

	"hubdir/content"
	"hubdir/content/tabular"
)

// offerTable makes an offers table of the template's columns from rows
// given by column name.
func offerTable(rows ...map[string]string) *tabular.Table {
	cols := content.OfferColumns()
	recs := [][]string{cols}
	for _, vals := range rows {
		r := make([]string, len(cols))
		for i, c := range cols {
			r[i] = vals[c]
		}
		recs = append(recs, r)
	}
	return tabular.TableOf(recs)
}

func offerCheck() content.ImportCheck {
	chk := importCheck()
	chk.CompanyExists = func(s string) bool { return s == "tabriz-lab" }
	return chk
}

func TestParseOffersGood(t *testing.T) {
	csv := "\uFEFFhubs,kind,company,sectors,trl,standards,title_fa,title_zh,deadline,partnerships\r\n" +
		"tr,testing,Tabriz-Lab,electronics;automotive,۶,iso/iec  17025;ASTM D638,آزمون سازگاری الکترومغناطیسی,电磁兼容测试,۲۰۲۷-۰۲-۰۱,technical-cooperation\r\n" +
		"TR,technology,,ai,,,,Sensor calibration,,\r\n"
	tab, err := readCSV(csv)
	if err != nil {
		t.Fatal(err)
	}
	p := content.ParseOffers(tab, offerCheck())
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	if len(p.Inputs) != 2 || p.Rows[0] != 2 || p.Rows[1] != 3 {
		t.Fatalf("inputs %d rows %v", len(p.Inputs), p.Rows)
	}
	in := p.Inputs[0]
	if in.Hubs[0] != "TR" || in.Company != "tabriz-lab" || in.TRL != 6 || in.Deadline != "2027-02-01" ||
		len(in.Standards) != 2 || in.Standards[0] != "ISO/IEC 17025" || in.Title["zh"] != "电磁兼容测试" ||
		len(in.Sectors) != 2 || len(in.Partnerships) != 1 {
		t.Errorf("first offer: %+v", in)
	}
}

// TestParseOffersProblems: every bad cell is one problem naming its row
// and column, and a row with a problem adds no input.
func TestParseOffersProblems(t *testing.T) {
	good := map[string]string{"hubs": "TR", "kind": "testing", "sectors": "electronics", "title_en": "EMC testing"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range good {
			m[a] = b
		}
		m[k] = v
		return m
	}
	tab := offerTable(
		good,                               // row 2
		with("kind", "spaceship"),          // 3
		with("sectors", "warp-drives"),     // 4
		with("hubs", "CN"),                 // 5: not managed
		with("hubs", "XX"),                 // 6: no such hub
		with("company", "nobody-co"),       // 7
		with("trl", "high"),                // 8
		with("trl", "12"),                  // 9
		with("deadline", "31/12/2027"),     // 10
		with("deadline", "2020-01-01"),     // 11
		with("standards", "17025"),         // 12: no letter first
		with("title_en", ""),               // 13: no title
		with("partnerships", "friendship"), // 14
		with("ip_status", "secret"),        // 15
		with("company", "Not A Slug!"),     // 16
	)
	tab.Header = append(tab.Header, "colour")
	p := content.ParseOffers(tab, offerCheck())
	for _, w := range []struct {
		row  int
		col  string
		rule content.Rule
	}{
		{1, "colour", content.RuleUnknownColumn},
		{3, "kind", content.RuleUnknownValue},
		{4, "sectors", content.RuleUnknownSector},
		{5, "hubs", content.RuleHubNotManaged},
		{6, "hubs", content.RuleInvalidHub},
		{7, "company", content.RuleUnknownCompany},
		{8, "trl", content.RuleInvalidType},
		{9, "trl", content.RuleOutOfRange},
		{10, "deadline", content.RuleInvalidDate},
		{11, "deadline", content.RuleDatePast},
		{12, "standards", content.RuleUnknownValue},
		{13, "title_*", content.RuleNeedsText},
		{14, "partnerships", content.RuleUnknownValue},
		{15, "ip_status", content.RuleUnknownValue},
		{16, "company", content.RuleInvalidSlug},
	} {
		if !hasProblem(p.Problems, w.row, w.col, w.rule) {
			t.Errorf("no problem row %d column %s rule %s in %+v", w.row, w.col, w.rule, p.Problems)
		}
	}
	if len(p.Inputs) != 1 || p.Rows[0] != 2 {
		t.Errorf("valid rows: %v", p.Rows)
	}
	// One problem per cell: an unreadable date is not also "past".
	n := 0
	for _, pr := range p.Problems {
		if pr.Row == 10 {
			n++
		}
	}
	if n != 1 {
		t.Errorf("row 10 has %d problems, want 1", n)
	}
}

func TestParseOffersEmptyAndTooMany(t *testing.T) {
	p := content.ParseOffers(tabular.TableOf([][]string{{"hubs", "kind"}}), offerCheck())
	if !hasProblem(p.Problems, 0, "", content.RuleEmptyFile) {
		t.Errorf("empty file: %+v", p.Problems)
	}
	rows := make([]map[string]string, content.MaxImportRows+1)
	for i := range rows {
		rows[i] = map[string]string{"hubs": "TR", "kind": "testing", "sectors": "electronics", "title_en": "x"}
	}
	p = content.ParseOffers(offerTable(rows...), offerCheck())
	if !hasProblem(p.Problems, 0, "", content.RuleTooManyRows) || len(p.Inputs) != 0 {
		t.Errorf("too many rows: %d inputs, problems %+v", len(p.Inputs), p.Problems)
	}
}
