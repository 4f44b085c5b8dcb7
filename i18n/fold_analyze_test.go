package i18n

import (
	"slices"
	"testing"
)

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"batteries", "batteri"}, {"battery", "batteri"}, {"testing", "test"}, {"tested", "test"},
		{"tests", "test"}, {"machines", "machin"}, {"machine", "machin"}, {"planning", "plan"},
		{"glass", "glass"}, {"analysis", "analysis"}, {"boxes", "box"}, {"ai", "ai"},
		{"iso9001", "iso9001"}, {"güneş", "güneş"}, {"coating", "coat"},
	}
	for _, tt := range tests {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAppendTerms(t *testing.T) {
	tests := []struct {
		name, key string
		want      []string
	}{
		{"zwnj compound", FoldKey("نرم‌افزار"), []string{"نرم", "افزار", "نرمافزار"}},
		{"zwnj in Fold is a space", Fold("نرم‌افزار"), []string{"نرم", "افزار"}},
		{"han bigrams", Fold("机器人"), []string{"机器", "器人"}},
		{"single han", Fold("膜"), []string{"膜"}},
		{"mixed", Fold("5G专网"), []string{"5g", "专网"}},
		{"stemmed", Fold("Testing Batteries"), []string{"test", "batteri"}},
	}
	for _, tt := range tests {
		if got := AppendTerms(nil, tt.key); !slices.Equal(got, tt.want) {
			t.Errorf("%s: AppendTerms(%q) = %q, want %q", tt.name, tt.key, got, tt.want)
		}
	}
}

func TestFoldKeyZWNJ(t *testing.T) {
	tests := []struct{ in, want string }{
		{"نرم‌افزار", "نرم" + ZWNJ + "افزار"},
		{"نرم‌‌افزار", "نرم" + ZWNJ + "افزار"}, // two ZWNJs
		{"‌نرم", "نرم"},                        // leading
		{"نرم‌ افزار", "نرم افزار"},            // ZWNJ then space
		{"Hello", "hello"},
	}
	for _, tt := range tests {
		if got := FoldKey(tt.in); got != tt.want {
			t.Errorf("FoldKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchTermsLast(t *testing.T) {
	got := SearchTerms("solar batt")
	if len(got) != 2 || got[0].Last || !got[1].Last || got[1].Text != "batt" {
		t.Errorf("SearchTerms = %+v", got)
	}
}

func TestWithinOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"aluminum", "aluminium", true}, {"ultrasuond", "ultrasound", true}, {"sensor", "sensör", true},
		{"palladim", "palladium", true}, {"same", "same", true}, {"abc", "xyz", false},
		{"sensor", "censer", false}, {"abcdef", "abcd", false}, {"ab", "ba", true},
	}
	for _, tt := range tests {
		if got := WithinOneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("WithinOneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
