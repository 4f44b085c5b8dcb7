package content

import (
	"errors"
	"testing"
	"time"
)

var testNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func validOffer() OfferInput {
	return OfferInput{
		Hubs: []string{"TR", "TR"}, Kind: "testing", Company: "azarbaijan-emc-lab",
		Sectors: []string{"automotive"}, TRL: 0, IPStatus: "not-applicable",
		Title:     Text{"fa": "  آزمون  سازگاری الکترومغناطیسی  ", "en": "EMC testing"},
		Standards: []string{"iso/iec 17025", "ISO/IEC  17025", "cispr ۲۵"},
		Deadline:  "2026-12-31",
	}
}

func TestOfferInputValidate(t *testing.T) {
	in := validOffer()
	if err := in.Validate("2026-03-01"); err != nil {
		t.Fatal(err)
	}
	if len(in.Hubs) != 1 || in.Title["fa"] != "آزمون سازگاری الکترومغناطیسی" {
		t.Errorf("not normalised: %v %q", in.Hubs, in.Title["fa"])
	}
	if len(in.Standards) != 2 || in.Standards[0] != "ISO/IEC 17025" || in.Standards[1] != "CISPR 25" {
		t.Errorf("standards = %q", in.Standards)
	}
	bad := []struct {
		field string
		mut   func(*OfferInput)
	}{
		{"hubs", func(o *OfferInput) { o.Hubs = nil }},
		{"hubs", func(o *OfferInput) { o.Hubs = []string{"tr"} }},
		{"kind", func(o *OfferInput) { o.Kind = "investment" }},
		{"company", func(o *OfferInput) { o.Company = "Not A Slug" }},
		{"sectors", func(o *OfferInput) { o.Sectors = []string{"cooking"} }},
		{"trl", func(o *OfferInput) { o.TRL = 10 }},
		{"ip_status", func(o *OfferInput) { o.IPStatus = "secret" }},
		{"title", func(o *OfferInput) { o.Title = Text{} }},
		{"title.en", func(o *OfferInput) { o.Title = Text{"en": "a\u202Eb"} }},
		{"title", func(o *OfferInput) { o.Title = Text{"xx": "hello"} }},
		{"standards", func(o *OfferInput) { o.Standards = []string{"no digits"} }},
		{"standards", func(o *OfferInput) { o.Standards = []string{"ISO 9001; DROP"} }},
		{"deadline", func(o *OfferInput) { o.Deadline = "2026-02-30" }},
		{"deadline", func(o *OfferInput) { o.Deadline = "2025-01-01" }},
	}
	for _, b := range bad {
		in := validOffer()
		b.mut(&in)
		err := in.Validate("2026-03-01")
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeInvalid {
			t.Errorf("%s: err = %v, want invalid", b.field, err)
			continue
		}
		if _, ok := e.Fields[b.field]; !ok {
			t.Errorf("%s: fields %v lack it", b.field, e.Fields)
		}
	}
}

func TestOfferLifecycle(t *testing.T) {
	in := validOffer()
	o := in.NewOffer("TR-OF-26-0001", "a@park.ir", testNow)
	if o.Public() || o.Status != NeedDraft {
		t.Fatal("a new offer is public")
	}
	if _, err := OfferTarget(Close, NeedDraft); !errors.Is(err, ErrBadTransition) {
		t.Errorf("close a draft: %v", err)
	}
	to, err := OfferTarget(Publish, NeedDraft)
	if err != nil || to != NeedPublished {
		t.Fatalf("publish: %s %v", to, err)
	}
	o.Status = to
	if o.StatusOn("2027-01-01") != NeedExpired || o.OpenOn("2027-01-01") || !o.OpenOn("2026-06-01") {
		t.Error("expiry not applied")
	}
	if !ValidOfferRef("TR-OF-26-0007") || ValidOfferRef("TR-26-0007") || ValidOfferRef("tr-of-26-0007") {
		t.Error("ValidOfferRef")
	}
	p := OfferPatch{Version: 1, Standards: &[]string{"bad"}}
	if _, err := p.Apply(o, "2026-03-01"); !errors.Is(err, ErrInvalid) {
		t.Errorf("patch with a bad standard: %v", err)
	}
	title := Text{"tr": "EMC testi", "en": ""}
	p = OfferPatch{Version: 1, Title: title}
	out, err := p.Apply(o, "2026-03-01")
	if err != nil || out.Title["tr"] != "EMC testi" || out.Title["en"] != "" || o.Title["en"] != "EMC testing" {
		t.Errorf("patch: %v %v (original %v)", out, err, o.Title)
	}
}

func TestLabProfileValidate(t *testing.T) {
	lab := func() *LabProfile {
		return &LabProfile{
			Accreditations: []Accreditation{{Standard: "iso/iec 17025", Body: "NACI", Expires: "2028-01-01"}},
			Methods:        []TestMethod{{Standard: "ASTM d638", Name: Text{"en": "Tensile"}}},
			Equipment:      []Equipment{{Name: Text{"zh": "万能试验机"}, Maker: "Zwick"}},
			LeadTimeDays:   7, PriceBand: "medium", Languages: []string{"fa", "az"},
		}
	}
	in := CompanyInput{Slug: "lab-x", Name: Text{"en": "Lab X"}, Kind: "laboratory", Country: "IR", Hubs: []string{"TR"}, Lab: lab()}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	if in.Lab.Methods[0].Standard != "ASTM D638" {
		t.Errorf("standard not normalised: %q", in.Lab.Methods[0].Standard)
	}
	bad := []struct {
		field string
		mut   func(*CompanyInput)
	}{
		{"lab", func(c *CompanyInput) { c.Kind = "university" }},
		{"lab.accreditations.0.standard", func(c *CompanyInput) { c.Lab.Accreditations[0].Standard = "" }},
		{"lab.accreditations.0.body", func(c *CompanyInput) { c.Lab.Accreditations[0].Body = "" }},
		{"lab.accreditations.0.expires", func(c *CompanyInput) { c.Lab.Accreditations[0].Expires = "soon" }},
		{"lab.methods.0.standard", func(c *CompanyInput) { c.Lab.Methods[0].Standard = "tensile" }},
		{"lab.equipment.0.name", func(c *CompanyInput) { c.Lab.Equipment[0].Name = Text{} }},
		{"lab.lead_time_days", func(c *CompanyInput) { c.Lab.LeadTimeDays = 400 }},
		{"lab.price_band", func(c *CompanyInput) { c.Lab.PriceBand = "free" }},
		{"lab.languages", func(c *CompanyInput) { c.Lab.Languages = []string{"xx"} }},
	}
	for _, b := range bad {
		c := in
		c.Lab = lab()
		b.mut(&c)
		err := c.Validate()
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: err = %v", b.field, err)
			continue
		}
		if _, ok := e.Fields[b.field]; !ok {
			t.Errorf("%s: fields %v lack it", b.field, e.Fields)
		}
	}
}

func TestTestingRequestValidate(t *testing.T) {
	good := func() TestingRequestInput {
		return TestingRequestInput{
			Company: InterestCompany{Name: "华测", Country: "cn"}, ContactName: "Li Wei", Email: "li@example.cn",
			What: "Cold-start test of 20 smart meters", Standard: "gb/t 2423.1", Samples: 20, Deadline: "2026-05-01",
			Consent: true, Lang: "zh",
		}
	}
	in := good()
	if err := in.Validate("2026-03-01"); err != nil {
		t.Fatal(err)
	}
	if in.Standard != "GB/T 2423.1" || in.Company.Country != "CN" {
		t.Errorf("not normalised: %q %q", in.Standard, in.Company.Country)
	}
	bad := []struct {
		field string
		mut   func(*TestingRequestInput)
	}{
		{"what", func(r *TestingRequestInput) { r.What = "short" }},
		{"samples", func(r *TestingRequestInput) { r.Samples = 0 }},
		{"samples", func(r *TestingRequestInput) { r.Samples = MaxSamples + 1 }},
		{"standard", func(r *TestingRequestInput) { r.Standard = "whatever" }},
		{"deadline", func(r *TestingRequestInput) { r.Deadline = "2026-01-01" }},
		{"email", func(r *TestingRequestInput) { r.Email = "nope" }},
		{"consent", func(r *TestingRequestInput) { r.Consent = false }},
		{"lang", func(r *TestingRequestInput) { r.Lang = "xx" }},
		{"company.country", func(r *TestingRequestInput) { r.Company.Country = "ZZ" }},
	}
	for _, b := range bad {
		r := good()
		b.mut(&r)
		var e *Error
		if err := r.Validate("2026-03-01"); !errors.As(err, &e) {
			t.Errorf("%s: err = %v", b.field, err)
		} else if _, ok := e.Fields[b.field]; !ok {
			t.Errorf("%s: fields %v lack it", b.field, e.Fields)
		}
	}
	r := good()
	_ = r.Validate("2026-03-01")
	a := r.NewTestingInterest("EOI-26-00001", TestingTarget{Lab: "x-lab", Hub: "CN"}, testNow)
	b := r.NewTestingInterest("EOI-26-00002", TestingTarget{Lab: "x-lab", Hub: "CN"}, testNow)
	r.Samples = 21
	c := r.NewTestingInterest("EOI-26-00003", TestingTarget{Lab: "x-lab", Hub: "CN"}, testNow)
	if a.DedupeKey != b.DedupeKey || a.DedupeKey == c.DedupeKey || !a.IsTesting() || a.Need != "" {
		t.Error("dedupe keys of testing requests")
	}
	erased, err := EraseInterest(a, "staff@park.ir", testNow)
	if err != nil || erased.Testing.What != ErasedMarker || a.Testing.What == ErasedMarker {
		t.Errorf("erase a testing request: %v %v", erased, err)
	}
}

func TestSubmissions(t *testing.T) {
	sub := SubmitterInput{Org: "شرکت آزمون", Country: "ir", ContactName: "مریم", Email: "m@example.ir", Consent: true, Lang: "fa"}
	os := OfferSubmission{Offer: validOffer(), Submitter: sub}
	os.Offer.Company = "someone-else"
	if err := os.Validate("2026-03-01"); err != nil {
		t.Fatal(err)
	}
	if os.Offer.Company != "" {
		t.Error("a public submission chose the company")
	}
	o := os.NewOffer("TR-OF-26-0002", testNow)
	if o.Status != NeedDraft || o.Submission == nil || o.Submission.Email != "m@example.ir" || o.CreatedBy != "" {
		t.Errorf("submitted offer: %+v", o)
	}
	os.Submitter.Consent = false
	os.Offer.Title = nil
	var e *Error
	if err := os.Validate("2026-03-01"); !errors.As(err, &e) || e.Fields["consent"].Rule != RuleConsent || e.Fields["title"].Rule == "" {
		t.Errorf("bad submission: %v", err)
	}
	ls := LabSubmission{Company: CompanyInput{Slug: "x-lab", Name: Text{"fa": "آزمایشگاه"}, Country: "IR", Hubs: []string{"TR"}}, Submitter: sub}
	if err := ls.Validate(); !errors.As(err, &e) || e.Fields["lab.methods"].Rule != RuleRequired {
		t.Errorf("a lab without methods: %v", err)
	}
	erasedSub, err := EraseSubmission(o.Submission, "s@park.ir", testNow)
	if err != nil || erasedSub.Email != ErasedMarker || erasedSub.Country != "IR" {
		t.Errorf("EraseSubmission: %+v %v", erasedSub, err)
	}
	if _, err := EraseSubmission(erasedSub, "s", testNow); !errors.Is(err, ErrBadTransition) {
		t.Errorf("erase twice: %v", err)
	}
}
