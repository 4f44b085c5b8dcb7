package content_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"hubdir/content"
)

// cleanOK reports why a string that passed validation is not clean, or "".
func cleanOK(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "invalid UTF-8"
	case strings.ContainsAny(s, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"):
		return "bidi control"
	case strings.ContainsAny(s, "\u200b\ufeff\r\x00"):
		return "zero-width space, BOM, CR or NUL"
	case !norm.NFC.IsNormalString(s):
		return "not NFC"
	case s != strings.TrimSpace(s):
		return "not trimmed"
	}
	return ""
}

// checkInvalid fails unless err is nil or an invalid-input *content.Error
// whose field names are valid UTF-8.
func checkInvalid(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var ce *content.Error
	if !errors.As(err, &ce) || ce.Code != content.CodeInvalid {
		t.Fatalf("error %v is not an invalid-input content error", err)
	}
	for f := range ce.Fields {
		if !utf8.ValidString(f) {
			t.Fatalf("field name %q is not valid UTF-8", f)
		}
	}
}

// FuzzInterestInput: validation of a registration never panics, refuses
// with invalid-input errors only, leaves only clean text when it accepts,
// and accepts its own output unchanged.
func FuzzInterestInput(f *testing.F) {
	seeds := []struct{ name, email, phone, answer, country, lang string }{
		{"شرکت دانش‌بنیان آزمون", "sara@example.com", "+98 41 3333 4444", "We build industrial vision systems for quality control.", "IR", "fa"},
		{"  Acme\u202eCorp ", "a@b.c", "123", "short", "ir", ""},
		{"合肥科技有限公司", "li@例子.中国", "", "我们为工业客户提供视觉检测系统和相关服务，已有十年经验。", "CN", "zh"},
		{"\xff\xfe", "x\x00@y.org", "+(0)", strings.Repeat("a", 2001), "XX", "de"},
		{"İstanbul Teknoloji A.Ş.\u200b", "ALI@Example.COM", "0212 555 12 12", "Line one\r\n\r\n\r\n\r\nLine two is long enough to pass.", "TR", "tr"},
		{"e\u0301cole", "e@x.io", "\t+1 (555) 010-9999 ", "Combining e\u0301 accents need NFC before they are stored, here.", "FR", "en"},
	}
	for _, s := range seeds {
		f.Add(s.name, s.email, s.phone, s.answer, s.country, s.lang)
	}
	f.Fuzz(func(t *testing.T, name, email, phone, answer, country, lang string) {
		in := content.InterestInput{
			Company:     content.InterestCompany{Name: name, Registration: phone, Country: country},
			ContactName: name, Email: email, Phone: phone,
			Answers: content.Answers{Offer: answer, Fit: answer, Proposal: answer},
			Consent: true, Lang: lang,
		}
		err := in.Validate("en")
		checkInvalid(t, err)
		if err != nil {
			return
		}
		for _, s := range []string{in.Company.Name, in.Company.Registration, in.Company.Country, in.ContactName,
			in.Email, in.Phone, in.Answers.Offer, in.Answers.Fit, in.Answers.Proposal, in.Lang} {
			if why := cleanOK(s); why != "" {
				t.Fatalf("accepted %q: %s", s, why)
			}
		}
		again := in
		if err := again.Validate("en"); err != nil {
			t.Fatalf("its own output is refused: %v", err)
		}
		if again != in {
			t.Fatalf("validation is not idempotent: %+v then %+v", in, again)
		}
	})
}

// FuzzNeedInput: validation of a need's text never panics, refuses with
// invalid-input errors only, and leaves only clean text when it accepts.
func FuzzNeedInput(f *testing.F) {
	seeds := []struct{ fa, en, summary, sector, country, deadline string }{
		{"فناوری‌های نوین تصفیه آب", "New water treatment", "ما به‌دنبال شریک هستیم.", "water", "TR", "2099-06-30"},
		{"\u202bعنوان", "Title\u2066", "", "Water", "tr", "2026-02-30"},
		{"", "", "", "", "", ""},
		{"ي ك ة", "\xc0\xaf", "multi\n\n\n\nline", "ai", "CN", "2099-01-01"},
		{strings.Repeat("ب", 300), "x", strings.Repeat("y", 5000), "$ne", "ZZ", "99999-01-01"},
	}
	for _, s := range seeds {
		f.Add(s.fa, s.en, s.summary, s.sector, s.country, s.deadline)
	}
	f.Fuzz(func(t *testing.T, fa, en, summary, sector, country, deadline string) {
		in := content.NeedInput{
			Hub: "TR", Kind: "technology", Partnerships: []string{"licence"}, Sectors: []string{sector},
			Country: country, TRL: 5,
			Title:    content.Text{"fa": fa, "en": en},
			Summary:  content.Text{"fa": summary},
			Deadline: content.Date(deadline),
		}
		err := in.Validate("2026-01-01")
		checkInvalid(t, err)
		if err != nil {
			return
		}
		for _, txt := range []content.Text{in.Title, in.Summary} {
			for l, s := range txt {
				if why := cleanOK(s); why != "" || s == "" {
					t.Fatalf("accepted %s %q: %s", l, s, why)
				}
			}
		}
	})
}
