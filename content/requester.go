package content

// The requester profile of a need (issue 11), after the partnering
// databases' profiles: who is asking (type, size, named or anonymous), how
// far the technology is (TRL, on the need itself), the state of its
// intellectual property, the partner sought and an optional budget. Every
// field is optional, so listings stored before the profile existed stay
// valid.

// Requester types.
const (
	RequesterCompany     = "company"
	RequesterUniversity  = "university"
	RequesterInstitute   = "research-institute"
	RequesterHospital    = "hospital"
	RequesterPublicBody  = "public-body"
	MaxPartnerSought     = 1000
	MaxBudget            = 1_000_000_000_000 // in the budget's currency
	maxRequesterNameChar = 200
)

// RequesterTypes returns the kinds of organisation that post needs
// ("requester.type.<t>").
func RequesterTypes() []string {
	return []string{RequesterCompany, RequesterUniversity, RequesterInstitute, RequesterHospital, RequesterPublicBody}
}

// RequesterSizes returns the size bands of a requester, after the EU's
// definition of micro, small and medium-sized enterprises
// ("requester.size.<s>").
func RequesterSizes() []string { return []string{"micro", "small", "medium", "large"} }

// IPStatuses returns the states of a need's intellectual property
// ("ip_status.<s>").
func IPStatuses() []string {
	return []string{"patent-granted", "patent-applied", "secret-know-how", "copyright", "none"}
}

// Currencies returns the currencies a budget may be given in: the hubs'
// countries' and the usual trading ones.
func Currencies() []string { return []string{"EUR", "USD", "CNY", "TRY", "IRR"} }

// Requester says who posted a need. Name is shown only when Named; an
// anonymous requester has no stored name.
type Requester struct {
	Type  string `bson:"type,omitempty" json:"type,omitempty"`
	Size  string `bson:"size,omitempty" json:"size,omitempty"`
	Named bool   `bson:"named" json:"named"`
	Name  Text   `bson:"name,omitempty" json:"name,omitempty"`
}

// Budget is the range a requester means to spend or invest. Zero Min or
// Max means open-ended on that side.
type Budget struct {
	Min      int64  `bson:"min,omitempty" json:"min,omitempty"`
	Max      int64  `bson:"max,omitempty" json:"max,omitempty"`
	Currency string `bson:"currency" json:"currency"`
}

// Empty reports whether the budget says nothing (then it is not stored).
func (b *Budget) Empty() bool { return b == nil || b.Min == 0 && b.Max == 0 && b.Currency == "" }

// Empty reports whether the requester says nothing (then it is not stored).
func (r *Requester) Empty() bool {
	return r == nil || r.Type == "" && r.Size == "" && !r.Named && len(r.Name) == 0
}

// profileFields points at the requester profile's fields of a need.
type profileFields struct {
	requester     **Requester
	ipStatus      *string
	partnerSought *Text
	budget        **Budget
}

// checkProfile cleans and checks a requester profile in place; an empty
// requester or budget becomes nil.
func (f FieldErrors) checkProfile(p profileFields) {
	if r := *p.requester; r.Empty() {
		*p.requester = nil
	} else {
		c := *r
		c.Name = c.Name.Clone()
		f.checkCode("requester.type", c.Type, RequesterTypes(), true)
		f.checkCode("requester.size", c.Size, RequesterSizes(), false)
		f.checkText("requester.name", &c.Name, singleLine, false, maxRequesterNameChar)
		switch {
		case c.Named && len(c.Name) == 0:
			f.add("requester.name", RuleRequired)
		case !c.Named && len(c.Name) > 0:
			// An anonymous requester's name is never stored: the public API
			// returns listings whole.
			f.add("requester.name", RuleUnknownValue)
		}
		if len(c.Name) == 0 {
			c.Name = nil
		}
		*p.requester = &c
	}
	f.checkCode("ip_status", *p.ipStatus, IPStatuses(), false)
	f.checkText("partner_sought", p.partnerSought, multiLine, false, MaxPartnerSought)
	if len(*p.partnerSought) == 0 {
		*p.partnerSought = nil
	}
	if b := *p.budget; b.Empty() {
		*p.budget = nil
	} else {
		c := *b
		switch {
		case c.Min < 0 || c.Min > MaxBudget:
			f.addBounds("budget.min", RuleOutOfRange, 0, MaxBudget)
		case c.Max < 0 || c.Max > MaxBudget:
			f.addBounds("budget.max", RuleOutOfRange, 0, MaxBudget)
		case c.Max != 0 && c.Max < c.Min:
			f.add("budget.max", RuleOutOfRange)
		case c.Min == 0 && c.Max == 0:
			f.add("budget.min", RuleRequired)
		}
		f.checkCode("budget.currency", c.Currency, Currencies(), true)
		*p.budget = &c
	}
}
