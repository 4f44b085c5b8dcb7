package content

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRequesterProfileValid(t *testing.T) {
	today := Date("2026-01-01")
	in := validNeedInput()
	in.Requester = &Requester{Type: "hospital", Size: "large", Named: true, Name: Text{"en": "  Tabriz   Heart Hospital ", "fa": "بیمارستان قلب تبریز"}}
	in.IPStatus = "patent-applied"
	in.PartnerSought = Text{"en": "A manufacturer able to license the design", "tr": ""}
	in.Budget = &Budget{Min: 50000, Max: 200000, Currency: "EUR"}
	if err := in.Validate(today); err != nil {
		t.Fatalf("valid profile: %v", err)
	}
	if in.Requester.Name["en"] != "Tabriz Heart Hospital" || len(in.PartnerSought) != 1 {
		t.Errorf("not normalised: %+v %+v", in.Requester, in.PartnerSought)
	}
	n := in.NewNeed("TR-26-0001", "x", time.Now())
	if n.Requester.Type != "hospital" || n.Budget.Currency != "EUR" || n.IPStatus != "patent-applied" {
		t.Errorf("profile not carried to the need: %+v", n)
	}

	// Empty parts are not stored; a need without a profile stays valid.
	in = validNeedInput()
	in.Requester, in.Budget = &Requester{}, &Budget{}
	if err := in.Validate(today); err != nil || in.Requester != nil || in.Budget != nil {
		t.Errorf("empty profile: err %v requester %v budget %v", err, in.Requester, in.Budget)
	}
}

func TestRequesterProfileBadCases(t *testing.T) {
	today := Date("2026-01-01")
	cases := []struct {
		name  string
		set   func(*NeedInput)
		field string
		rule  Rule
	}{
		{"unknown type", func(in *NeedInput) { in.Requester = &Requester{Type: "bank"} }, "requester.type", RuleUnknownValue},
		{"size without type", func(in *NeedInput) { in.Requester = &Requester{Size: "small"} }, "requester.type", RuleRequired},
		{"unknown size", func(in *NeedInput) { in.Requester = &Requester{Type: "company", Size: "huge"} }, "requester.size", RuleUnknownValue},
		{"named without name", func(in *NeedInput) { in.Requester = &Requester{Type: "company", Named: true} }, "requester.name", RuleRequired},
		{"anonymous with a name", func(in *NeedInput) {
			in.Requester = &Requester{Type: "company", Name: Text{"en": "Secret Ltd"}}
		}, "requester.name", RuleUnknownValue},
		{"name in an unknown locale", func(in *NeedInput) {
			in.Requester = &Requester{Type: "company", Named: true, Name: Text{"de": "Firma"}}
		}, "requester.name", RuleUnknownLocale},
		{"name with a bidi override", func(in *NeedInput) {
			in.Requester = &Requester{Type: "company", Named: true, Name: Text{"en": "a\u202eb"}}
		}, "requester.name.en", RuleBidiControl},
		{"unknown ip status", func(in *NeedInput) { in.IPStatus = "trade-secret" }, "ip_status", RuleUnknownValue},
		{"partner sought too long", func(in *NeedInput) {
			in.PartnerSought = Text{"en": strings.Repeat("a", MaxPartnerSought+1)}
		}, "partner_sought.en", RuleTooLong},
		{"negative budget", func(in *NeedInput) { in.Budget = &Budget{Min: -1, Currency: "EUR"} }, "budget.min", RuleOutOfRange},
		{"budget max below min", func(in *NeedInput) { in.Budget = &Budget{Min: 10, Max: 5, Currency: "EUR"} }, "budget.max", RuleOutOfRange},
		{"budget too large", func(in *NeedInput) { in.Budget = &Budget{Max: MaxBudget + 1, Currency: "USD"} }, "budget.max", RuleOutOfRange},
		{"budget without currency", func(in *NeedInput) { in.Budget = &Budget{Min: 10} }, "budget.currency", RuleRequired},
		{"budget in an unknown currency", func(in *NeedInput) { in.Budget = &Budget{Min: 10, Currency: "eur"} }, "budget.currency", RuleUnknownValue},
		{"currency without amounts", func(in *NeedInput) { in.Budget = &Budget{Currency: "EUR"} }, "budget.min", RuleRequired},
	}
	for _, c := range cases {
		in := validNeedInput()
		c.set(&in)
		err := in.Validate(today)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: err %v, want invalid", c.name, err)
			continue
		}
		if fe, ok := e.Fields[c.field]; !ok || fe.Rule != c.rule {
			t.Errorf("%s: fields %v, want %s: %s", c.name, e.Fields, c.field, c.rule)
		}
	}
}

func TestRequesterProfilePatch(t *testing.T) {
	today := Date("2026-01-01")
	in := validNeedInput()
	in.Requester = &Requester{Type: "university", Named: true, Name: Text{"en": "Ankara University"}}
	in.Budget = &Budget{Max: 1000, Currency: "TRY"}
	if err := in.Validate(today); err != nil {
		t.Fatal(err)
	}
	n := in.NewNeed("TR-26-0001", "x", time.Now())
	ip := "none"
	out, err := (&NeedPatch{IPStatus: &ip, PartnerSought: Text{"fa": "شریک صنعتی"}}).Apply(n, today)
	if err != nil || out.IPStatus != "none" || out.Requester.Type != "university" || out.Budget.Max != 1000 {
		t.Fatalf("patch keeping the profile: %v %+v", err, out)
	}
	out, err = (&NeedPatch{Requester: &Requester{}, Budget: &Budget{}}).Apply(out, today)
	if err != nil || out.Requester != nil || out.Budget != nil || out.PartnerSought["fa"] == "" {
		t.Fatalf("patch removing requester and budget: %v %+v", err, out)
	}
	if _, err := (&NeedPatch{Budget: &Budget{Min: 5}}).Apply(out, today); err == nil {
		t.Error("patch with a budget without currency accepted")
	}
	if n.Requester == nil || n.Requester.Name["en"] != "Ankara University" {
		t.Error("patch changed the original need")
	}
}
