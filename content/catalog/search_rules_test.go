package catalog

import (
	"slices"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/i18n"
)

// rulesCatalog is a small catalog for the search rules: needs in one or
// two languages each.
func rulesCatalog(t *testing.T, r rules) *Catalog {
	t.Helper()
	now := at(0)
	c := New(tehran, func() time.Time { return now })
	c.uncached = true
	c.rules = r
	mk := func(ref string, t content.Text, secs ...string) *content.Need {
		return need(ref, ref[:2], "technology", content.NeedPublished, "2026-12-01", 1, rev(1), title(t), sectors(secs...))
	}
	c.Load(&content.Snapshot{Needs: []*content.Need{
		mk("TR-26-0001", content.Text{"tr": "Güneş panelleri için temizleme robotları"}, "robotics"),
		mk("TR-26-0002", content.Text{"fa": "باتری‌های لیتیومی برای لیفتراک"}, "energy-storage"),
		mk("TR-26-0003", content.Text{"en": "Reverse osmosis membranes for desalination"}, "water"),
		mk("CN-26-0004", content.Text{"zh": "光纤应变传感器用于管道监测"}, "oil-gas"),
		mk("CN-26-0005", content.Text{"en": "Nano-silver coatings"}, "nanotech"),
		mk("TR-26-0006", content.Text{"fa": "قطارهای برقی شهری"}, "logistics"),
		mk("TR-26-0007", content.Text{"tr": "Sensörlerin kalibrasyonu merkezimizde"}, "electronics"),
	}})
	return c
}

func TestSearchRules(t *testing.T) {
	c := rulesCatalog(t, rules{})
	tests := []struct {
		name, q string
		want    []string
		partial bool
	}{
		{"turkish without its letters", "gunes paneli", []string{"TR-26-0001"}, false},
		{"turkish suffixes", "güneş panelinde temizleme robotu", []string{"TR-26-0001"}, false},
		{"turkish case ending", "sensör kalibrasyonu merkezde", []string{"TR-26-0007"}, false},
		{"turkish typo", "temizlme", []string{"TR-26-0001"}, false},
		{"persian plural joined", "باتریهای لیتیومی", []string{"TR-26-0002"}, false},
		{"persian plural apart", "قطار ها", []string{"TR-26-0006"}, false},
		{"persian typo, four letters", "باطری", []string{"TR-26-0002"}, false},
		{"english for persian only", "battery forklift", []string{"TR-26-0002"}, false},
		{"chinese for english only", "反渗透", []string{"TR-26-0003"}, false},
		// 透膜 straddles 反渗透 and 膜, which the bigrams cannot split:
		// found, but as a partial match.
		{"chinese compound for english only", "反渗透膜", []string{"TR-26-0003"}, true},
		{"traditional chinese for english only", "反滲透", []string{"TR-26-0003"}, false},
		{"english for chinese only", "fibre optic strain sensor", []string{"CN-26-0004"}, false},
		{"turkish for persian only", "akü", []string{"TR-26-0002"}, false},
		{"sector name in another language", "فناوری نانو", []string{"CN-26-0005"}, false},
		{"partial: most terms", "reverse osmosis membranes zzyzx", []string{"TR-26-0003"}, true},
		{"no partial for fragments", "TR-26-9999", []string{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Needs(NeedQuery{Text: tt.q})
			if got := refs(r.Items); !slices.Equal(got, tt.want) {
				t.Errorf("%q: got %v, want %v", tt.q, got, tt.want)
			}
			if r.Partial != tt.partial {
				t.Errorf("%q: partial %v, want %v", tt.q, r.Partial, tt.partial)
			}
		})
	}
}

func TestSearchRulesOff(t *testing.T) {
	// Each rule, switched off, loses its cases: the rules do the work.
	tests := []struct {
		name string
		r    rules
		q    string
	}{
		{"no Turkish analysis", rules{analysis: analysisNoTurkish()}, "gunes paneli"},
		{"no expansion", rules{noExpand: true}, "battery forklift"},
		{"no typos", rules{noTypo: true}, "باطری"},
		{"narrow typos", rules{narrow: true}, "باطری"},
		{"no partial", rules{noPartial: true}, "reverse osmosis membranes zzyzx"},
	}
	for _, tt := range tests {
		c := rulesCatalog(t, tt.r)
		if r := c.Needs(NeedQuery{Text: tt.q}); r.Total != 0 {
			t.Errorf("%s: %q still finds %v", tt.name, tt.q, refs(r.Items))
		}
	}
}

func TestExpandedAndDidYouMean(t *testing.T) {
	c := rulesCatalog(t, rules{})
	r := c.Needs(NeedQuery{Text: "battery forklift"})
	if len(r.Expanded) != 2 || r.Expanded[0].Term != "battery" || !slices.Contains(r.Expanded[0].With, "باتری") {
		t.Errorf("expanded %+v", r.Expanded)
	}
	r = c.Needs(NeedQuery{Text: "desalinaton"})
	if r.DidYouMean != "desalination" {
		t.Errorf("desalinaton: did you mean %q", r.DidYouMean)
	}
	r = c.Needs(NeedQuery{Text: "کالیبراسیون"}) // a word no listing has, nothing near
	if r.DidYouMean != "" || r.Total != 0 {
		t.Errorf("کالیبراسیون: %d results, did you mean %q", r.Total, r.DidYouMean)
	}
	r = c.Needs(NeedQuery{Text: "membranes"})
	if r.DidYouMean != "" || len(r.Expanded) == 0 || r.Partial {
		t.Errorf("membranes: %+v", r.TextInfo)
	}
	// The delta answers as the index does.
	c.PutNeed(need("TR-26-0008", "TR", "technology", content.NeedPublished, "2026-12-01", 1, rev(2),
		title(content.Text{"fa": "غشای اسمز معکوس"})))
	r = c.Needs(NeedQuery{Text: "reverse osmosis"})
	if got := refs(r.Items); !slices.Contains(got, "TR-26-0008") || !slices.Contains(got, "TR-26-0003") {
		t.Errorf("after a put: %v", got)
	}
	if !strings.Contains(c.Needs(NeedQuery{Text: "desalinaton"}).DidYouMean, "desalination") {
		t.Error("did you mean lost after a put")
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"desalination", "desalinaton", 1},
		{"pistachio", "pistacheo", 1},
		{"ab", "ba", 1},
		{"باتری", "باطری", 1},
		{"kitten", "sitting", 3},
		{"", "abc", 3},
	}
	for _, tt := range tests {
		if got := editDistance([]rune(tt.a), []rune(tt.b), 5); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := editDistance([]rune("kitten"), []rune("sitting"), 2); got <= 2 {
		t.Errorf("bounded distance %d, want above the limit", got)
	}
}

func analysisNoTurkish() i18n.Analysis { return i18n.Analysis{NoTurkish: true} }
