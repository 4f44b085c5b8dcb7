package i18n

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Results of foldRune besides a replacement rune.
const (
	foldDrop = -1  // remove the character
	foldSep  = ' ' // the character separates words
)

const (
	// tradChars lists common traditional Chinese characters; simpChars holds
	// their simplified forms at the same positions. Every character takes
	// three bytes in UTF-8.
	tradChars = "國學術業電體發開關團與產醫藥農機車網絡資訊數據軟導處個們來對" +
		"時會經濟務協議聯區園創際貿環礦紡織築運輸鐵銀號實驗測試設備製" +
		"應動風陽氣納鋼線頭長東華門問見現點為將從萬億種類無書圖場廠價" +
		"藝質腦語譯蘭療檢廢輪飛儀礎標準認證記錄紀級組構計劃維護險銷購" +
		"買賣貨倉庫儲節溫熱燈傳視頻遠邊雲筆紙鹽純錢歐亞蘇藍綠紅黃廣臺" +
		"灣漢員專題報響優勢戰獲識別換聲鏈樞紐殘乾診斷攜帶鵬鋁鑄屬雜層膠壓噸顯鏡臨劑針蟲龍鍍營獻權"
	simpChars = "国学术业电体发开关团与产医药农机车网络资讯数据软导处个们来对" +
		"时会经济务协议联区园创际贸环矿纺织筑运输铁银号实验测试设备制" +
		"应动风阳气纳钢线头长东华门问见现点为将从万亿种类无书图场厂价" +
		"艺质脑语译兰疗检废轮飞仪础标准认证记录纪级组构计划维护险销购" +
		"买卖货仓库储节温热灯传视频远边云笔纸盐纯钱欧亚苏蓝绿红黄广台" +
		"湾汉员专题报响优势战获识别换声链枢纽残干诊断携带鹏铝铸属杂层胶压吨显镜临剂针虫龙镀营献权"
)

// simplify returns the simplified form of a common traditional Chinese
// character, and r itself otherwise. The table is deliberately small; a
// fuller mapping is a later change.
func simplify(r rune) rune {
	if s, ok := simplified[r]; ok {
		return s
	}
	return r
}

// simplified maps the characters of tradChars to those of simpChars. It is
// built once and never modified.
var simplified = func() map[rune]rune {
	m := make(map[rune]rune, len(tradChars)/3)
	simp := []rune(simpChars)
	for i, r := range []rune(tradChars) {
		if i < len(simp) {
			m[r] = simp[i]
		}
	}
	return m
}()

// foldRune maps one character (after NFKC) to its search form: a rune,
// foldDrop or foldSep.
func foldRune(r rune) rune {
	switch {
	case r == 'I' || r == 'İ' || r == 'ı': // Turkish and English i alike
		return 'i'
	case r == 'ي' || r == 'ى' || r == 'ئ': // Arabic yeh, alef maksura, yeh with hamza
		return 'ی'
	case r == 'ك': // Arabic kaf
		return 'ک'
	case r == 'ة' || r == 'ۀ': // teh marbuta, heh with yeh above
		return 'ه'
	case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
		return 'ا'
	case r == 'ؤ':
		return 'و'
	case r == '\u0640', // tatweel
		r >= '\u064B' && r <= '\u065F', // harakat, hamza above/below
		r == '\u0670':                  // superscript alef
		return foldDrop
	case r == '\u200B' || r == '\u200C' || r == '\u200D': // ZWSP, ZWNJ, ZWJ
		return foldSep
	case r >= 'ء' && r <= 'غ', r >= 'ف' && r <= 'ي', r == 'پ', r == 'چ', r == 'ژ', r == 'گ', r == 'ی', r == 'ک':
		return r // common Arabic-script letters, past the special ones above
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case r < utf8.RuneSelf:
		switch {
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		}
		return foldSep
	case unicode.Is(unicode.Han, r):
		return simplify(r)
	case unicode.IsLetter(r):
		return unicode.ToLower(r)
	case unicode.IsNumber(r), unicode.IsMark(r):
		return r
	case unicode.Is(unicode.Cf, r): // soft hyphen, direction marks and controls
		return foldDrop
	}
	return foldSep
}

// Fold returns the search key form of s, so that equivalent spellings
// compare equal:
//
//   - invalid UTF-8 bytes become spaces, then NFKC folds full- and half-width
//     and other compatibility forms;
//   - letters are lower-cased, with Turkish İ, I and ı all becoming i;
//   - Arabic ي, ى and ئ become Persian ی, Arabic ك becomes ک, ة and ۀ become
//     ه, أ إ آ ٱ become ا and ؤ becomes و;
//   - tatweel, Arabic diacritics and other invisible format characters are
//     removed; ZWNJ, ZWJ and zero-width space count as spaces;
//   - Persian and Arabic-Indic digits become ASCII digits;
//   - common traditional Chinese characters become simplified ones;
//   - runs of spaces, punctuation and symbols become one space, and the
//     result is trimmed.
//
// Fold is for search keys only: stored text keeps its ZWNJ and letters.
func Fold(s string) string { return fold(s, false) }

// fold is Fold; with keepZWNJ, a ZWNJ between two characters of a word is
// kept (as one U+200C) instead of becoming a space.
func fold(s string, keepZWNJ bool) string {
	if ascii(s) {
		return foldASCII(s)
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space, join := false, false
	for _, r := range s {
		if keepZWNJ && r == '\u200C' {
			join = b.Len() > 0 && !space
			continue
		}
		switch f := foldRune(r); f {
		case foldDrop:
		case foldSep:
			space = b.Len() > 0
			join = false
		default:
			if space {
				b.WriteByte(' ')
				space = false
			} else if join {
				b.WriteRune('\u200C')
			}
			join = false
			b.WriteRune(f)
		}
	}
	return b.String()
}

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldASCII is Fold for ASCII text, which NFKC leaves as it is: letters
// lower-cased, digits kept, runs of anything else one space.
func foldASCII(s string) string {
	out := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			space = len(out) > 0
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, c)
	}
	return string(out)
}

// Tokens returns the search terms of s: the words of Fold(s). Runs of Han
// characters, which are written without spaces, become overlapping
// character bigrams ("机器人" → "机器", "器人"), or the single character when
// the run has one, so that a Chinese query matches inside words; letters and
// digits next to Han characters form terms of their own. Terms are in text
// order and may repeat.
func Tokens(s string) []string {
	var out []string
	for _, word := range strings.Fields(Fold(s)) {
		out = appendWordTokens(out, word)
	}
	return out
}

// appendWordTokens appends the terms of one folded word to out.
func appendWordTokens(out []string, word string) []string {
	var han []rune // the current run of Han characters
	flushHan := func() {
		switch {
		case len(han) == 1:
			out = append(out, string(han))
		case len(han) > 1:
			for i := 0; i+1 < len(han); i++ {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	start := -1 // byte offset of the current non-Han run
	for i, r := range word {
		if unicode.Is(unicode.Han, r) {
			if start >= 0 {
				out = append(out, word[start:i])
				start = -1
			}
			han = append(han, r)
			continue
		}
		flushHan()
		if start < 0 {
			start = i
		}
	}
	flushHan()
	if start >= 0 {
		out = append(out, word[start:])
	}
	return out
}
