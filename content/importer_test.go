package content_test

import (
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/content/tabular"
)

// readCSV reads a CSV file's text with the import's limits.
func readCSV(s string) (*tabular.Table, error) {
	return tabular.Read(strings.NewReader(s), int64(len(s)), "file.csv", tabular.DefaultLimits(1<<20, content.MaxImportRows))
}

// importCheck is an ImportCheck of a TR editor, with hubs TR and CN and
// one company slug taken.
func importCheck() content.ImportCheck {
	return content.ImportCheck{
		Today:     "2026-11-23",
		Manages:   func(h string) bool { return h == "TR" },
		HubExists: func(h string) bool { return h == "TR" || h == "CN" },
		SlugTaken: func(s string) bool { return s == "taken-co" },
	}
}

func hasProblem(ps []content.ImportProblem, row int, col string, rule content.Rule) bool {
	for _, p := range ps {
		if p.Row == row && p.Column == col && p.Rule == rule {
			return true
		}
	}
	return false
}

func TestParseNeedsGood(t *testing.T) {
	csv := "\uFEFFhub,kind,partnerships,sectors,country,trl,title_fa,title_zh,deadline\r\n" +
		"TR,technology,licence;rnd-cooperation,ai;software,tr,6,فناوری کالیبراسیون حسگر,传感器校准技术,2027-01-31\r\n" +
		"tr,testing,,electronics,TR,,آزمایشگاه,,۲۰۲۷-۰۲-۰۱\r\n" +
		",,,,,,,,\r\n"
	tab, err := readCSV((csv))
	if err != nil {
		t.Fatal(err)
	}
	p := content.ParseNeeds(tab, importCheck())
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %+v", p.Problems)
	}
	if len(p.Inputs) != 2 || p.Rows[0] != 2 || p.Rows[1] != 3 {
		t.Fatalf("inputs %d rows %v", len(p.Inputs), p.Rows)
	}
	in := p.Inputs[0]
	if in.Hub != "TR" || in.TRL != 6 || in.Title["zh"] != "传感器校准技术" || len(in.Partnerships) != 2 || in.Country != "TR" {
		t.Errorf("first need: %+v", in)
	}
	if p.Inputs[1].Deadline != "2027-02-01" || p.Inputs[1].Hub != "TR" {
		t.Errorf("second need: %+v", p.Inputs[1])
	}
}

func TestParseNeedsProblems(t *testing.T) {
	tab := tabular.TableOf([][]string{
		{"hub", "kind", "sectors", "country", "title_en", "deadline", "colour"},
		{"TR", "technology", "ai", "TR", "Good", "2027-01-01", ""},
		{"TR", "spaceship", "nope", "TR", "", "2020-01-01", ""},
		{"CN", "technology", "ai", "CN", "Other hub", "2027-01-01", ""},
		{"TR", "technology", "ai", "TR", "Bad date", "31/12/2027", ""},
	})
	p := content.ParseNeeds(tab, importCheck())
	for _, w := range []struct {
		row  int
		col  string
		rule content.Rule
	}{
		{1, "colour", content.RuleUnknownColumn},
		{3, "kind", content.RuleUnknownValue},
		{3, "sectors", content.RuleUnknownSector},
		{3, "title_*", content.RuleNeedsText},
		{3, "deadline", content.RuleDatePast},
		{4, "hub", content.RuleHubNotManaged},
		{5, "deadline", content.RuleInvalidDate},
	} {
		if !hasProblem(p.Problems, w.row, w.col, w.rule) {
			t.Errorf("no problem row %d column %s rule %s in %+v", w.row, w.col, w.rule, p.Problems)
		}
	}
	if len(p.Inputs) != 1 || p.Rows[0] != 2 {
		t.Errorf("valid rows: %v", p.Rows)
	}
}

func TestParseCompanies(t *testing.T) {
	tab := tabular.TableOf([][]string{
		content.CompanyColumns(),
	})
	cols := content.CompanyColumns()
	row := func(vals map[string]string) []string {
		r := make([]string, len(cols))
		for i, c := range cols {
			r[i] = vals[c]
		}
		return r
	}
	tab.Rows = [][]string{
		row(map[string]string{"slug": "sensor-co", "kind": "knowledge-based", "country": "IR", "name_fa": "شرکت حسگر", "name_zh": "传感器公司", "hubs": "TR", "sectors": "ai;iot"}),
		row(map[string]string{"slug": "sensor-co", "kind": "knowledge-based", "country": "IR", "name_en": "Again", "hubs": "TR"}),
		row(map[string]string{"slug": "taken-co", "kind": "laboratory", "country": "IR", "name_en": "Taken", "hubs": "TR"}),
		row(map[string]string{"slug": "cn-co", "kind": "laboratory", "country": "CN", "name_en": "CN", "hubs": "TR;CN"}),
		row(map[string]string{"slug": "Bad Slug", "kind": "x", "country": "ZZ", "hubs": "XX"}),
	}
	p := content.ParseCompanies(tab, importCheck())
	for _, w := range []struct {
		row  int
		col  string
		rule content.Rule
	}{
		{3, "slug", content.RuleDuplicateInFile},
		{4, "slug", content.RuleSlugTaken},
		{5, "hubs", content.RuleHubNotManaged},
		{6, "slug", content.RuleInvalidSlug},
		{6, "kind", content.RuleUnknownValue},
		{6, "country", content.RuleUnknownCountry},
		{6, "name_*", content.RuleNeedsText},
	} {
		if !hasProblem(p.Problems, w.row, w.col, w.rule) {
			t.Errorf("no problem row %d column %s rule %s in %+v", w.row, w.col, w.rule, p.Problems)
		}
	}
	if len(p.Inputs) != 1 || p.Inputs[0].Name["zh"] != "传感器公司" || len(p.Inputs[0].Sectors) != 2 {
		t.Errorf("valid: %+v", p.Inputs)
	}
}

func TestParseEmptyAndBadFiles(t *testing.T) {
	p := content.ParseNeeds(tabular.TableOf([][]string{{"hub"}}), importCheck())
	if !hasProblem(p.Problems, 0, "", content.RuleEmptyFile) {
		t.Errorf("empty file: %+v", p.Problems)
	}
	if _, err := readCSV(("hub\n\xff\xfe\n")); err == nil {
		t.Error("invalid UTF-8 read without error")
	}
	tab, err := readCSV(("hub;kind\nTR;rnd\n"))
	if err != nil || len(tab.Header) != 2 || tab.Rows[0][1] != "rnd" {
		t.Errorf("semicolon CSV: %+v %v", tab, err)
	}
}

func TestEraseInterest(t *testing.T) {
	i := &content.Interest{
		Ref: "EOI-26-00001", Need: "TR-26-0001", Hub: "TR", Status: content.InterestDeclined, DeclineReason: "other",
		Company:     content.InterestCompany{Name: "Acme", Registration: "123", Country: "IR"},
		ContactName: "Ali", Email: "ali@example.org", Phone: "+98 21 1234 5678",
		Answers:   content.Answers{Offer: "o", Fit: "f", Proposal: "p"},
		History:   []content.StatusChange{{From: "new", To: "declined", Reason: "other", Note: "called Ali"}},
		DedupeKey: content.DedupeKey("TR-26-0001", "ali@example.org"), Version: 3,
	}
	out, err := content.EraseInterest(i, "admin@example.org", i.CreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	m := content.ErasedMarker
	if out.Company.Name != m || out.Company.Registration != m || out.ContactName != m || out.Email != m || out.Phone != m ||
		out.Answers.Offer != m || out.History[0].Note != m || out.DedupeKey == i.DedupeKey {
		t.Errorf("not erased: %+v", out)
	}
	if out.Status != i.Status || out.DeclineReason != "other" || out.Company.Country != "IR" || out.Need != i.Need || out.Hub != "TR" {
		t.Errorf("lost the figures: %+v", out)
	}
	if i.History[0].Note != "called Ali" || i.Email != "ali@example.org" {
		t.Error("the original was changed")
	}
	if out.Erased == nil || out.Erased.By != "admin@example.org" {
		t.Errorf("erasure not recorded: %+v", out.Erased)
	}
	if _, err := content.EraseInterest(out, "x", out.UpdatedAt); err == nil {
		t.Error("erased twice")
	}
}

func TestParseNeedsRequesterProfile(t *testing.T) {
	tab := tabular.TableOf([][]string{
		{"hub", "kind", "sectors", "country", "title_en", "deadline", "requester_type", "requester_size", "requester_named", "requester_name_en", "ip_status", "partner_sought_en", "budget_min", "budget_max", "budget_currency"},
		{"TR", "technology", "ai", "TR", "Named", "2027-01-01", "hospital", "large", "evet", "Ankara City Hospital", "patent-granted", "A device maker", "۵۰٬۰۰۰", "120,000", "eur"},
		{"TR", "technology", "ai", "TR", "No profile", "2027-01-01", "", "", "", "", "", "", "", "", ""},
		{"TR", "technology", "ai", "TR", "Bad", "2027-01-01", "bank", "", "perhaps", "", "stolen", "", "lots", "5", "EUR"},
		{"TR", "technology", "ai", "TR", "Anonymous with a name", "2027-01-01", "company", "", "no", "Hidden Ltd", "", "", "", "", ""},
	})
	p := content.ParseNeeds(tab, importCheck())
	for _, w := range []struct {
		row  int
		col  string
		rule content.Rule
	}{
		{4, "requester_type", content.RuleUnknownValue},
		{4, "requester_named", content.RuleInvalidType},
		{4, "ip_status", content.RuleUnknownValue},
		{4, "budget_min", content.RuleInvalidType},
		{5, "requester_name_*", content.RuleUnknownValue},
	} {
		if !hasProblem(p.Problems, w.row, w.col, w.rule) {
			t.Errorf("no problem row %d column %s rule %s in %+v", w.row, w.col, w.rule, p.Problems)
		}
	}
	if len(p.Inputs) != 2 || p.Rows[0] != 2 || p.Rows[1] != 3 {
		t.Fatalf("valid rows: %v", p.Rows)
	}
	in := p.Inputs[0]
	if in.Requester == nil || !in.Requester.Named || in.Requester.Name["en"] != "Ankara City Hospital" || in.IPStatus != "patent-granted" ||
		in.Budget == nil || in.Budget.Min != 50000 || in.Budget.Max != 120000 || in.Budget.Currency != "EUR" || in.PartnerSought["en"] == "" {
		t.Errorf("profile: %+v %+v", in.Requester, in.Budget)
	}
	if p.Inputs[1].Requester != nil || p.Inputs[1].Budget != nil {
		t.Errorf("empty profile stored: %+v %+v", p.Inputs[1].Requester, p.Inputs[1].Budget)
	}
}
