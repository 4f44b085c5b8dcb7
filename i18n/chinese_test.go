package i18n

import (
	"testing"
	"unicode/utf8"
)

// oldTrad and oldSimp are the hand-written table of about 240 pairs that
// OpenCC's data replaced: every pair must still fold the same way.
const (
	oldTrad = "國學術業電體發開關團與產醫藥農機車網絡資訊數據軟導處個們來對" +
		"時會經濟務協議聯區園創際貿環礦紡織築運輸鐵銀號實驗測試設備製" +
		"應動風陽氣納鋼線頭長東華門問見現點為將從萬億種類無書圖場廠價" +
		"藝質腦語譯蘭療檢廢輪飛儀礎標準認證記錄紀級組構計劃維護險銷購" +
		"買賣貨倉庫儲節溫熱燈傳視頻遠邊雲筆紙鹽純錢歐亞蘇藍綠紅黃廣臺" +
		"灣漢員專題報響優勢戰獲識別換聲鏈樞紐殘乾診斷攜帶鵬鋁鑄屬雜層膠壓噸顯鏡臨劑針蟲龍鍍營獻權"
	oldSimp = "国学术业电体发开关团与产医药农机车网络资讯数据软导处个们来对" +
		"时会经济务协议联区园创际贸环矿纺织筑运输铁银号实验测试设备制" +
		"应动风阳气纳钢线头长东华门问见现点为将从万亿种类无书图场厂价" +
		"艺质脑语译兰疗检废轮飞仪础标准认证记录纪级组构计划维护险销购" +
		"买卖货仓库储节温热灯传视频远边云笔纸盐纯钱欧亚苏蓝绿红黄广台" +
		"湾汉员专题报响优势战获识别换声链枢纽残干诊断携带鹏铝铸属杂层胶压吨显镜临剂针虫龙镀营献权"
)

func TestChineseTable(t *testing.T) {
	if len(simplified) < 3500 {
		t.Fatalf("%d characters in the table; OpenCC's has about 4,000", len(simplified))
	}
	for k, v := range simplified {
		if _, ok := simplified[v]; ok {
			t.Errorf("%q → %q, which maps on: folding would not be idempotent", k, v)
		}
		if utf8.RuneLen(k) < 0 || utf8.RuneLen(v) < 0 {
			t.Errorf("bad rune %q → %q", k, v)
		}
	}
	simp := []rune(oldSimp)
	for i, r := range []rune(oldTrad) {
		if got := simplify(r); got != simp[i] {
			t.Errorf("simplify(%q) = %q, want %q (old table)", r, got, simp[i])
		}
	}
	tests := map[rune]rune{
		'國': '国', '學': '学', '獲': '获', '国': '国', '中': '中', 'a': 'a',
		'鑽': '钻', '鍋': '锅', '爐': '炉', '鏽': '锈', '纜': '缆', '礙': '碍', '隸': '隶',
		'裡': '里',           // Taiwan variant of 裏
		'綫': '线',           // Hong Kong variant of 線
		'峯': '峰',           // Hong Kong variant
		'僞': '伪', '偽': '伪', // standard and Taiwan/Hong Kong forms
		'臺': '台', '檯': '台', '颱': '台',
	}
	for in, want := range tests {
		if got := simplify(in); got != want {
			t.Errorf("simplify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFoldChinese(t *testing.T) {
	tests := []struct{ in, want string }{
		{"機器學習", "机器学习"},
		{"鑽石切割設備", "钻石切割设备"},
		{"電纜與變壓器", "电缆与变压器"},
		{"軟件開發", "软件开发"},
		{"綫纜", "线缆"},
		{"臺灣 台湾", "台湾 台湾"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkFoldChinese(b *testing.B) {
	s := "新型鋰電池儲能系統的熱管理與安全監測，適用於工業園區光伏電站。"
	for b.Loop() {
		Fold(s)
	}
}

func BenchmarkBuildSimplified(b *testing.B) {
	for b.Loop() {
		buildSimplified()
	}
}
