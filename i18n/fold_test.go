package i18n

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"ascii", "  Hello,   World! ", "hello world"},
		{"turkish dotted I", "İSTANBUL", "istanbul"},
		{"turkish dotless i", "ılık", "ilik"},
		{"english I", "IRAN", "iran"},
		{"turkish letters kept", "Çağ Şeker Göğüs", "çağ şeker göğüs"},
		{"i with combining dot", "I\u0307zmir", "izmir"},
		{"arabic yeh", "علي", "علی"},
		{"alef maksura", "مصطفى", "مصطفی"},
		{"arabic kaf", "كتاب", "کتاب"},
		{"yeh with hamza", "مسائل", "مسایل"},
		{"teh marbuta", "جامعة", "جامعه"},
		{"heh with yeh", "خانۀ", "خانه"},
		{"heh + hamza above", "خانه\u0654", "خانه"},
		{"alef forms", "أحمد إيران آب ٱلله", "احمد ایران اب الله"},
		{"waw hamza", "مؤسسه", "موسسه"},
		{"tatweel", "فـــناوری", "فناوری"},
		{"diacritics", "عِلْمٌ", "علم"},
		{"superscript alef", "هٰذا", "هذا"},
		{"zwnj", "نرم\u200cافزار", "نرم افزار"},
		{"zwnj same as space", "می\u200cخواهم", Fold("می خواهم")},
		{"zwj", "a\u200db", "a b"},
		{"persian digits", "۱۴۰۵", "1405"},
		{"arabic-indic digits", "٢٠٢٦", "2026"},
		{"mixed digits", "TR-۲۶-0042", "tr 26 0042"},
		{"fullwidth", "ＡＢＣ１２３", "abc123"},
		{"halfwidth katakana", "ｶﾀｶﾅ", "カタカナ"},
		{"presentation forms", "\uFEDB\uFE98\uFE8E\uFE8F", "کتاب"},
		{"punctuation runs", "a -- b ... c", "a b c"},
		{"persian punctuation", "سلام، دنیا؛ خوبی؟", "سلام دنیا خوبی"},
		{"chinese punctuation", "机器人，人工智能。", "机器人 人工智能"},
		{"traditional", "機器人與人工智慧", "机器人与人工智慧"},
		{"soft hyphen", "co\u00adoperation", "cooperation"},
		{"bidi controls", "\u202bسلام\u202c", "سلام"},
		{"zwsp", "a\u200bb", "a b"},
		{"newlines tabs", "a\n\tb\r\nc", "a b c"},
		{"invalid utf8", "ab\xffcd", "ab cd"},
		{"symbols", "R&D + AI = ♥", "r d ai"},
		{"german sharp s kept", "Straße", "straße"},
		{"accents kept", "Café", "café"},
		{"only punctuation", "!!!", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("%s: Fold(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestFoldEquivalents(t *testing.T) {
	// Spellings a reader might type for the same word fold alike.
	groups := [][]string{
		{"دانش‌بنیان", "دانش بنیان", "دانش\u200dبنیان", "دانش  بنیان"},
		{"یک", "يك", "ىک"},
		{"İzmir", "izmir", "IZMIR", "ızmır"},
		{"۱۴۰۵", "١٤٠٥", "1405", "１４０５"},
		{"國際", "国际"},
	}
	for _, g := range groups {
		want := Fold(g[0])
		for _, s := range g[1:] {
			if got := Fold(s); got != want {
				t.Errorf("Fold(%q) = %q, want %q (as Fold(%q))", s, got, want, g[0])
			}
		}
	}
}

func TestFoldIdempotent(t *testing.T) {
	inputs := []string{"İSTANBUL ılık", "كتاب علي", "نرم\u200cافزار ۱۲۳", "機器人 ＡＢＣ", "a\xffb"}
	for _, s := range inputs {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Errorf("Fold(Fold(%q)) = %q, want %q", s, twice, once)
		}
		if !utf8.ValidString(once) {
			t.Errorf("Fold(%q) is not valid UTF-8", s)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello, World", []string{"hello", "world"}},
		{"机器人", []string{"机器", "器人"}},
		{"人工智能技术", []string{"人工", "工智", "智能", "能技", "技术"}},
		{"云", []string{"云"}},
		{"機器人", []string{"机器", "器人"}},
		{"5G通信", []string{"5g", "通信"}},
		{"AI芯片设计ABC", []string{"ai", "芯片", "片设", "设计", "abc"}},
		{"中 国", []string{"中", "国"}},
		{"نرم‌افزار مالی", []string{"نرم", "افزار", "مالی"}},
		{"TR-26-0042", []string{"tr", "26", "0042"}},
		{"İstanbul'da Ar-Ge", []string{"istanbul", "da", "ar", "ge"}},
		{"تست تست", []string{"تست", "تست"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokensQueryInsideWord(t *testing.T) {
	// A Chinese query finds a document whose text contains it inside a
	// longer word.
	doc := Tokens("工业机器人研发中心")
	for _, q := range []string{"机器人", "研发", "機器人"} {
		for _, term := range Tokens(q) {
			if !slices.Contains(doc, term) {
				t.Errorf("query %q: term %q not in document tokens %q", q, term, doc)
			}
		}
	}
}
