package i18n

import (
	"slices"
	"testing"
)

func TestIsStopWord(t *testing.T) {
	for _, w := range []string{
		"the", "The", "AND", "with", "için", "icin", "İÇİN", "ve", "ile",
		"و", "در", "براي", "برای", "آن", "اين", "的", "我们", "為", "與", "進行", "並且",
	} {
		if !IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = false", w)
		}
	}
	for _, w := range []string{
		"", " ", "battery", "solar", "the and", "güneş", "باتری", "ربات", "机器", "电池", "45545", "a b",
	} {
		if IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = true", w)
		}
	}
}

func TestIsStopWordIn(t *testing.T) {
	tests := []struct {
		code, word string
		want       bool
	}{
		{"en", "the", true},
		{"en", "ve", false},
		{"tr", "ve", true},
		{"tr", "the", false},
		{"tr", "göre", true},
		{"tr", "gore", true},
		{"fa", "که", true},
		{"fa", "كه", true}, // Arabic kaf
		{"fa", "the", false},
		{"zh", "的", true},
		{"zh", "以及", true},
		{"zh", "以及", true},
		{"zh", "电池", false},
		{"xx", "the", false},
		{"", "the", false},
	}
	for _, tt := range tests {
		if got := IsStopWordIn(tt.code, tt.word); got != tt.want {
			t.Errorf("IsStopWordIn(%q, %q) = %v, want %v", tt.code, tt.word, got, tt.want)
		}
	}
}

func TestStopWords(t *testing.T) {
	for _, l := range Locales() {
		ws := StopWords(l.Code)
		if len(ws) < 40 {
			t.Errorf("%s: %d stop words", l.Code, len(ws))
		}
		if !slices.IsSorted(ws) {
			t.Errorf("%s: not sorted", l.Code)
		}
		for _, w := range ws {
			if w == "" || Fold(w) != w && Deaccent(Fold(w)) != w {
				t.Errorf("%s: %q is not folded", l.Code, w)
			}
			if !IsStopWordIn(l.Code, w) || !IsStopWord(w) {
				t.Errorf("%s: listed %q is not a stop word", l.Code, w)
			}
		}
	}
	if StopWords("xx") != nil || StopWords("") != nil {
		t.Error("stop words for an unsupported locale")
	}
}

func TestDeaccent(t *testing.T) {
	for in, want := range map[string]string{
		"güneş": "gunes", "çağ": "cag", "öğrenci": "ogrenci", "simülasyon": "simulasyon",
		"plain": "plain", "باتری": "باتری", "机器": "机器", "": "",
	} {
		if got := Deaccent(in); got != want {
			t.Errorf("Deaccent(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkIsStopWord(b *testing.B) {
	words := []string{"the", "battery", "برای", "باتری", "的", "电池", "için", "güneş"}
	for b.Loop() {
		for _, w := range words {
			IsStopWord(w)
		}
	}
}
