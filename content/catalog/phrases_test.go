package catalog

import (
	"slices"
	"testing"

	"hubdir/content"
)

func TestSplitPhrases(t *testing.T) {
	for in, want := range map[string][]string{
		"Soft-landing, acceleration; patent support.": {"Soft-landing", "acceleration", "patent support"},
		"外国企业落地服务、企业加速、专利支持":                          {"外国企业落地服务", "企业加速", "专利支持"},
		"ریخته‌گری تحت فشار، ماشین‌کاری CNC؛ آموزش":   {"ریخته‌گری تحت فشار", "ماشین‌کاری CNC", "آموزش"},
		"  ,, \n": nil,
	} {
		if got := SplitPhrases(in); !slices.Equal(got, want) {
			t.Errorf("SplitPhrases(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchingPhrases(t *testing.T) {
	c := sampleCatalog(t)
	need := content.Text{"en": "We need vacuum die casting know-how and heat treatment of aluminium parts for the company."}
	caps := "High-pressure die casting, CNC machining, heat treatment T6/T7, the company and its partners, and"
	got := c.MatchingPhrases(caps, "en", need)
	if !slices.Contains(got, "High-pressure die casting") || !slices.Contains(got, "heat treatment T6/T7") {
		t.Errorf("phrases %q: want the casting and heat-treatment phrases", got)
	}
	for _, p := range got {
		if p == "and" || p == "the company and its partners" || p == "CNC machining" {
			t.Errorf("phrase %q: stop word, too common a word or unrelated", p)
		}
	}
	// Chinese: a single shared bigram ("制造") is not enough.
	if got := c.MatchingPhrases("汽车制造、激光切割设备", "zh", content.Text{"zh": "服装制造"}); len(got) != 0 {
		t.Errorf("one shared bigram matched: %q", got)
	}
	if got := c.MatchingPhrases("激光切割设备维修", "zh", content.Text{"zh": "光纤激光切割机的维修培训"}); len(got) != 1 {
		t.Errorf("Chinese phrase not matched: %q", got)
	}
	if got := c.MatchingPhrases("", "en", need); got != nil {
		t.Errorf("empty capabilities: %q", got)
	}
}
