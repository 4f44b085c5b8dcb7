package content

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCleanString(t *testing.T) {
	tests := []struct {
		name, in, want string
		mode           lineMode
		rule           Rule
	}{
		{"keeps ZWNJ", "می\u200cشود", "می\u200cشود", singleLine, ""},
		{"NFC", "e\u0301", "é", singleLine, ""},
		{"removes zero-width space and BOM", "\ufeffab\u200bc", "abc", singleLine, ""},
		{"collapses spaces", "  a \t b\n c ", "a b c", singleLine, ""},
		{"keeps paragraphs", "a\r\n\r\n\r\n\r\nb  \nc", "a\n\nb\nc", multiLine, ""},
		{"drops controls", "a\x00b\x07c", "abc", singleLine, ""},
		{"refuses RLO", "abc\u202egnp", "", singleLine, RuleBidiControl},
		{"refuses LRE", "\u202aabc", "", singleLine, RuleBidiControl},
		{"refuses isolates", "a\u2066b\u2069", "", singleLine, RuleBidiControl},
		{"refuses invalid UTF-8", "a\xffb", "", singleLine, RuleInvalidUTF8},
		{"keeps RLM", "\u200fabc", "\u200fabc", singleLine, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, rule := cleanString(tc.in, tc.mode)
			if rule != tc.rule || (rule == "" && got != tc.want) {
				t.Errorf("cleanString(%q) = %q, %q; want %q, %q", tc.in, got, rule, tc.want, tc.rule)
			}
		})
	}
}

func validNeedInput() NeedInput {
	return NeedInput{
		Hub: "TR", Kind: "technology", Partnerships: []string{"licence", "licence"},
		Sectors: []string{"ai", "robotics"}, Country: "tr", TRL: 5,
		Title:    Text{"fa": "  سامانهٔ پایش  ", "en": "Monitoring", "tr": ""},
		Deadline: "2027-01-31",
	}
}

func TestNeedInputValidate(t *testing.T) {
	today := Date("2026-11-23")
	in := validNeedInput()
	if err := in.Validate(today); err != nil {
		t.Fatalf("valid input refused: %v", err)
	}
	if in.Country != "TR" || len(in.Partnerships) != 1 || in.Title["fa"] != "سامانهٔ پایش" {
		t.Errorf("not normalised: %+v", in)
	}
	if _, ok := in.Title["tr"]; ok {
		t.Errorf("empty locale kept")
	}
	tests := []struct {
		name   string
		change func(*NeedInput)
		field  string
		rule   Rule
	}{
		{"no title", func(n *NeedInput) { n.Title = Text{"en": "   "} }, "title", RuleNeedsText},
		{"unknown locale", func(n *NeedInput) { n.Title = Text{"de": "Hallo"} }, "title", RuleUnknownLocale},
		{"long title", func(n *NeedInput) { n.Title = Text{"en": strings.Repeat("ب", MaxTitle+1)} }, "title.en", RuleTooLong},
		{"bidi in summary", func(n *NeedInput) { n.Summary = Text{"fa": "x\u202ey"} }, "summary.fa", RuleBidiControl},
		{"bad kind", func(n *NeedInput) { n.Kind = "magic" }, "kind", RuleUnknownValue},
		{"no sector", func(n *NeedInput) { n.Sectors = nil }, "sectors", RuleRequired},
		{"bad sector", func(n *NeedInput) { n.Sectors = []string{"AI"} }, "sectors", RuleUnknownSector},
		{"too many sectors", func(n *NeedInput) {
			n.Sectors = []string{"ai", "software", "iot", "telecom", "pharma", "water"}
		}, "sectors", RuleTooMany},
		{"bad country", func(n *NeedInput) { n.Country = "ZZ" }, "country", RuleUnknownCountry},
		{"TRL", func(n *NeedInput) { n.TRL = 10 }, "trl", RuleOutOfRange},
		{"bad hub", func(n *NeedInput) { n.Hub = "tr" }, "hub", RuleInvalidHub},
		{"bad date", func(n *NeedInput) { n.Deadline = "2027-02-30" }, "deadline", RuleInvalidDate},
		{"past date", func(n *NeedInput) { n.Deadline = "2026-11-22" }, "deadline", RuleDatePast},
		{"no date", func(n *NeedInput) { n.Deadline = "" }, "deadline", RuleRequired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validNeedInput()
			tc.change(&in)
			err := in.Validate(today)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want an invalid-input error", err)
			}
			if e.Fields[tc.field].Rule != tc.rule {
				t.Errorf("fields %s; want %s: %s", e.Fields, tc.field, tc.rule)
			}
		})
	}
}

func TestPersianDigitsInDates(t *testing.T) {
	d, ok := ParseDate("۲۰۲۷-۰۱-۳۱")
	if !ok || d != "2027-01-31" {
		t.Errorf("ParseDate with Persian digits = %q, %v", d, ok)
	}
}

func TestNeedPatchApply(t *testing.T) {
	today := Date("2026-11-23")
	in := validNeedInput()
	if err := in.Validate(today); err != nil {
		t.Fatal(err)
	}
	n := in.NewNeed("TR-26-0001", "a@b.example", time.Now())
	kind := "rnd"
	p := NeedPatch{Version: 1, Kind: &kind, Title: Text{"en": "", "zh": "监测"}}
	out, err := p.Apply(n, today)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != "rnd" || out.Title["zh"] != "监测" || out.Title["en"] != "" || n.Title["en"] != "Monitoring" {
		t.Errorf("patched %+v; original %+v", out.Title, n.Title)
	}
	past := Date("2020-01-01")
	if _, err := (&NeedPatch{Deadline: &past}).Apply(n, today); !errors.Is(err, ErrInvalid) {
		t.Errorf("past deadline accepted: %v", err)
	}
	if _, err := (&NeedPatch{Title: Text{"fa": "", "en": ""}}).Apply(n, today); !errors.Is(err, ErrInvalid) {
		t.Errorf("removing every title accepted: %v", err)
	}
}

func TestNeedStatus(t *testing.T) {
	n := &Need{Status: NeedPublished, Deadline: "2026-11-23"}
	if n.StatusOn("2026-11-23") != NeedPublished || !n.OpenOn("2026-11-23") {
		t.Errorf("need closing today is not open")
	}
	if n.StatusOn("2026-11-24") != NeedExpired || n.OpenOn("2026-11-24") || !n.Public() {
		t.Errorf("need past its deadline: %s", n.StatusOn("2026-11-24"))
	}
	for _, tc := range []struct {
		t        NeedTransition
		from, to string
		ok       bool
	}{
		{Publish, NeedDraft, NeedPublished, true},
		{Publish, NeedPublished, "", false},
		{Close, NeedPublished, NeedClosed, true},
		{Close, NeedDraft, "", false},
		{Archive, NeedClosed, NeedArchived, true},
		{Archive, NeedArchived, "", false},
	} {
		to, err := tc.t.Target(tc.from)
		if (err == nil) != tc.ok || to != tc.to {
			t.Errorf("%s from %s = %q, %v", tc.t, tc.from, to, err)
		}
		if err != nil && !errors.Is(err, ErrBadTransition) {
			t.Errorf("%s from %s: error %v is not ErrBadTransition", tc.t, tc.from, err)
		}
	}
}

func validInterestInput() InterestInput {
	return InterestInput{
		Company:     InterestCompany{Name: "Tabriz Vision", Registration: "۱۴۰۰۶۷۸۹۰۱۲", Country: "ir"},
		ContactName: "Sara", Email: "Sara@Example.COM", Phone: "+98 ۴۱ 3333 4444",
		Answers: Answers{
			Offer: "Industrial machine vision for inspection.", Fit: "Three lines running since 2021.",
			Proposal: "A pilot and then a licence.",
		},
		Consent: true,
	}
}

func TestInterestInputValidate(t *testing.T) {
	in := validInterestInput()
	if err := in.Validate("fa"); err != nil {
		t.Fatalf("valid interest refused: %v", err)
	}
	if in.Email != "Sara@example.com" || in.Phone != "+98 41 3333 4444" || in.Company.Registration != "14006789012" || in.Lang != "fa" {
		t.Errorf("not normalised: %+v", in)
	}
	tests := []struct {
		name   string
		change func(*InterestInput)
		field  string
	}{
		{"no consent", func(i *InterestInput) { i.Consent = false }, "consent"},
		{"bad email", func(i *InterestInput) { i.Email = "sara@localhost" }, "email"},
		{"email with name", func(i *InterestInput) { i.Email = "Sara <sara@example.com>" }, "email"},
		{"bad phone", func(i *InterestInput) { i.Phone = "call me" }, "phone"},
		{"short answer", func(i *InterestInput) { i.Answers.Fit = "yes" }, "answers.fit"},
		{"long answer", func(i *InterestInput) { i.Answers.Offer = strings.Repeat("a", MaxAnswer+1) }, "answers.offer"},
		{"bidi company", func(i *InterestInput) { i.Company.Name = "Acme\u202e" }, "company.name"},
		{"unknown lang", func(i *InterestInput) { i.Lang = "xx" }, "lang"},
		{"unknown country", func(i *InterestInput) { i.Company.Country = "XK1" }, "company.country"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validInterestInput()
			tc.change(&in)
			var e *Error
			if err := in.Validate("en"); !errors.As(err, &e) || e.Fields[tc.field].Rule == "" {
				t.Errorf("got %v; want a problem with %s", err, tc.field)
			}
		})
	}
	if DedupeKey("TR-26-0001", "A@B.example") != DedupeKey("TR-26-0001", "a@b.example") {
		t.Errorf("dedupe key depends on the email's case")
	}
}

func TestInterestStatusApply(t *testing.T) {
	i := &Interest{Status: InterestNew, Version: 1}
	if _, err := (&InterestStatusInput{Status: InterestDeclined}).Apply(i, "s", time.Now()); !errors.Is(err, ErrInvalid) {
		t.Errorf("decline without reason: %v", err)
	}
	out, err := (&InterestStatusInput{Status: InterestDeclined, DeclineReason: "not-a-fit", Note: "too small"}).Apply(i, "s@x.example", time.Now())
	if err != nil || out.Status != InterestDeclined || len(out.History) != 1 || len(i.History) != 0 {
		t.Fatalf("decline: %+v, %v", out, err)
	}
	if _, err := (&InterestStatusInput{Status: InterestMatched}).Apply(out, "s", time.Now()); !errors.Is(err, ErrBadTransition) {
		t.Errorf("declined → matched: %v", err)
	}
}

func TestIsCountry(t *testing.T) {
	for code, want := range map[string]bool{"IR": true, "TR": true, "CN": true, "ZW": true, "AD": true, "ZZ": false, "ir": false, "R ": false, "DR": false, "": false} {
		if IsCountry(code) != want {
			t.Errorf("IsCountry(%q) = %v", code, !want)
		}
	}
	if len(Sectors()) < 20 {
		t.Errorf("the sector taxonomy has %d codes", len(Sectors()))
	}
}

func TestErrorIs(t *testing.T) {
	err := Errorf(CodeNotFound, "need %s", "TR-26-0001")
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) || ErrorCode(err) != CodeNotFound {
		t.Errorf("errors.Is on codes is broken")
	}
	if ErrorCode(errors.New("boom")) != CodeInternal || ErrorCode(nil) != "" {
		t.Errorf("ErrorCode of foreign errors is broken")
	}
}

func TestFallbackOrderAndChooseLocale(t *testing.T) {
	if got := FallbackOrder("tr", []string{"fa", "zh", "en"}); !slices.Equal(got, []string{"tr", "en", "fa", "zh"}) {
		t.Errorf("order tr/CN = %v", got)
	}
	if got := FallbackOrder("en", []string{"fa", "tr"}); !slices.Equal(got, []string{"en", "fa", "tr", "zh"}) {
		t.Errorf("order en/TR = %v", got)
	}
	if got := FallbackOrder("xx", nil); got[0] != "en" || len(got) != 4 {
		t.Errorf("unknown locale order = %v", got)
	}
	order := FallbackOrder("tr", []string{"fa", "zh", "en"})
	cases := []struct {
		name  string
		texts []Text
		want  string
	}{
		{"reader's locale complete", []Text{{"tr": "a", "fa": "b"}, {"tr": "s"}}, "tr"},
		{"English before working languages", []Text{{"fa": "a", "zh": "b", "en": "c"}, {"fa": "s", "en": "s"}}, "en"},
		{"reader's title only, English complete: no mixing", []Text{{"tr": "a", "en": "b"}, {"en": "s"}, {"en": "b", "fa": "b"}}, "en"},
		{"reader's title and body, no summary: the reader's own", []Text{{"tr": "a", "en": "b"}, {"en": "s"}, {"tr": "b", "en": "b"}}, "tr"},
		{"reader's title alone of a title-only listing", []Text{{"tr": "a", "en": "b"}, {}, {}}, "tr"},
		{"no complete locale: first with a title", []Text{{"fa": "a", "zh": "b"}, {"en": "s"}}, "fa"},
		{"working language order", []Text{{"zh": "a", "fa": "b"}}, "fa"},
		{"empty", []Text{{}, {}}, ""},
		{"only a summary", []Text{{}, {"zh": "s"}}, "zh"},
	}
	for _, c := range cases {
		if got := ChooseLocale(order, c.texts...); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMissingIn(t *testing.T) {
	order := FallbackOrder("zh", []string{"fa", "zh", "en"})
	got := MissingIn("zh", order, Text{"zh": "t", "en": "t"}, Text{"en": "s", "fa": "s"}, Text{"zh": "b"})
	if !slices.Equal(got, []string{"en", "fa"}) {
		t.Errorf("MissingIn = %v", got)
	}
	if got := MissingIn("en", order, Text{"en": "t"}); got != nil {
		t.Errorf("nothing missing: %v", got)
	}
}
