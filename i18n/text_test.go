package i18n

import (
	"slices"
	"testing"
	"time"
)

var testDate = time.Date(2026, time.November, 23, 0, 0, 0, 0, time.UTC)

func TestSortStrings(t *testing.T) {
	tests := []struct {
		code     string
		in, want []string
	}{
		{"fa",
			[]string{"چای", "جام", "پارک", "بابا", "الف", "گل", "کتاب", "ژاله", "زرد", "ره"},
			[]string{"الف", "بابا", "پارک", "جام", "چای", "ره", "زرد", "ژاله", "کتاب", "گل"}},
		{"zh",
			[]string{"上海", "天津", "北京", "成都", "广州"},
			[]string{"北京", "成都", "广州", "上海", "天津"}},
		{"tr",
			[]string{"dağ", "çay", "cam", "iğne", "ılık", "şeker", "sabun", "zeytin"},
			[]string{"cam", "çay", "dağ", "ılık", "iğne", "sabun", "şeker", "zeytin"}},
		{"en",
			[]string{"cherry", "Banana", "apple"},
			[]string{"apple", "Banana", "cherry"}},
	}
	for _, tt := range tests {
		got := slices.Clone(tt.in)
		mustLocale(t, tt.code).SortStrings(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s.SortStrings(%q) = %q, want %q", tt.code, tt.in, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		code, a, b string
		want       int
	}{
		{"fa", "ب", "پ", -1},
		{"fa", "چ", "ج", 1},
		{"fa", "کتاب", "کتاب", 0},
		{"zh", "北京", "上海", -1},
		{"tr", "çay", "dağ", -1},
		{"tr", "cam", "çay", -1},
		{"en", "a", "B", -1},
	}
	for _, tt := range tests {
		if got := mustLocale(t, tt.code).Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("%s.Compare(%q, %q) = %d, want %d", tt.code, tt.a, tt.b, got, tt.want)
		}
	}
}

func TestTextDir(t *testing.T) {
	tests := []struct{ in, want string }{
		{"سلام", "rtl"},
		{"Hello", "ltr"},
		{"123 سلام", "rtl"},
		{"  (42) Hello سلام", "ltr"},
		{"«شرکت» ACME", "rtl"},
		{"שלום", "rtl"},
		{"中文", "ltr"},
		{"2026-11-23", ""},
		{"", ""},
		{"!?.", ""},
		{"\xff\xfeabc", "ltr"},
		{"\u200fabc", "rtl"}, // RIGHT-TO-LEFT MARK is strong R
	}
	for _, tt := range tests {
		if got := TextDir(tt.in); got != tt.want {
			t.Errorf("TextDir(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRegionName(t *testing.T) {
	tests := []struct{ code, alpha2, want string }{
		{"en", "TR", "Turkey"},
		{"en", "cn", "China"},
		{"en", "IR", "Iran"},
		{"fa", "TR", "ترکیه"},
		{"fa", "IR", "ایران"},
		{"zh", "IR", "伊朗"},
		{"zh", "TR", "土耳其"},
		{"tr", "IR", "İran"},
		{"tr", "CN", "Çin"},
		{"en", "ZZZ", "ZZZ"},
		{"en", "1", "1"},
		{"en", "XX", "XX"},
		{"en", "", ""},
		{"en", "é1", "É1"},
	}
	for _, tt := range tests {
		if got := RegionName(mustLocale(t, tt.code), tt.alpha2); got != tt.want {
			t.Errorf("RegionName(%s, %q) = %q, want %q", tt.code, tt.alpha2, got, tt.want)
		}
	}
}
