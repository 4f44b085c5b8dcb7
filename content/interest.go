package content

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Interest statuses: new → contacted → matched or declined.
const (
	InterestNew       = "new"
	InterestContacted = "contacted"
	InterestMatched   = "matched"
	InterestDeclined  = "declined"
)

// InterestStatuses returns the statuses of an interest
// ("status.interest.<s>").
func InterestStatuses() []string {
	return []string{InterestNew, InterestContacted, InterestMatched, InterestDeclined}
}

// Interest is a firm's expression of interest in a need. Ref is its
// reference code, such as "EOI-26-00042", given to the firm.
type Interest struct {
	Ref           string          `bson:"_id" json:"ref"`
	Need          string          `bson:"need" json:"need"`
	Hub           string          `bson:"hub" json:"hub"`
	Company       InterestCompany `bson:"company" json:"company"`
	ContactName   string          `bson:"contact_name" json:"contact_name"`
	Email         string          `bson:"email" json:"email"`
	Phone         string          `bson:"phone" json:"phone"`
	Answers       Answers         `bson:"answers" json:"answers"`
	Consent       bool            `bson:"consent" json:"consent"`
	Lang          string          `bson:"lang" json:"lang"`
	Status        string          `bson:"status" json:"status"`
	DeclineReason string          `bson:"decline_reason,omitempty" json:"decline_reason,omitempty"`
	History       []StatusChange  `bson:"history" json:"history"`
	Version       int64           `bson:"version" json:"version"`
	CreatedAt     time.Time       `bson:"created_at" json:"created_at"`
	UpdatedAt     time.Time       `bson:"updated_at" json:"updated_at"`
	// DedupeKey is unique per need and email, so that a second registration
	// of the same email for the same need finds the first.
	DedupeKey string `bson:"dedupe_key" json:"-"`
	// Erased records who erased the interest's personal data and when
	// (EraseInterest); nil while the data is there.
	Erased *Erasure `bson:"erased,omitempty" json:"erased,omitempty"`
	// Pending holds the domain events this document's writes produced that
	// are not yet copied to the event log: written in the same
	// single-document write as the change, removed once relayed (see
	// content/mongo/events.go). Never shown.
	Pending []Event `bson:"pending_events,omitempty" json:"-"`

	// A request for a testing service (submission.go) names the offer or
	// the laboratory it is addressed to instead of a need, and carries
	// its structured details.
	Offer   string          `bson:"offer,omitempty" json:"offer,omitempty"`
	Lab     string          `bson:"lab,omitempty" json:"lab,omitempty"`
	Testing *TestingDetails `bson:"testing,omitempty" json:"testing,omitempty"`
}

// IsTesting reports whether the interest is a request for a testing
// service rather than an expression of interest in a need.
func (i *Interest) IsTesting() bool { return i.Testing != nil }

// InterestCompany is the firm registering interest.
type InterestCompany struct {
	Name         string `bson:"name" json:"name"`
	Registration string `bson:"registration" json:"registration"`
	Country      string `bson:"country" json:"country"`
}

// Answers are the firm's three structured answers.
type Answers struct {
	Offer    string `bson:"offer" json:"offer"`
	Fit      string `bson:"fit" json:"fit"`
	Proposal string `bson:"proposal" json:"proposal"`
}

// StatusChange records one change of an interest's status by staff.
type StatusChange struct {
	At     time.Time `bson:"at" json:"at"`
	By     string    `bson:"by" json:"by"`
	From   string    `bson:"from" json:"from"`
	To     string    `bson:"to" json:"to"`
	Reason string    `bson:"reason,omitempty" json:"reason,omitempty"`
	Note   string    `bson:"note,omitempty" json:"note,omitempty"`
}

var interestRefPattern = regexp.MustCompile(`^EOI-[0-9]{2}-[0-9]{5,7}$`)

// ValidInterestRef reports whether s has the form of an interest reference.
func ValidInterestRef(s string) bool { return interestRefPattern.MatchString(s) }

// InterestInput is the body of a public registration of interest.
type InterestInput struct {
	Company     InterestCompany `json:"company"`
	ContactName string          `json:"contact_name"`
	Email       string          `json:"email"`
	Phone       string          `json:"phone"`
	Answers     Answers         `json:"answers"`
	Consent     bool            `json:"consent"`
	Lang        string          `json:"lang"`
}

// Limits of an interest's answers, in characters.
const (
	MaxAnswer    = 2000
	MinAnswer    = 20
	MaxOrgName   = 160
	MaxContact   = 120
	MaxReg       = 40
	MaxStaffNote = 1000
)

// Validate normalises the input in place and checks it. lang defaults to
// fallback when empty.
func (in *InterestInput) Validate(fallbackLang string) error {
	f := FieldErrors{}
	f.checkString("company.name", &in.Company.Name, singleLine, true, MaxOrgName)
	f.checkString("company.registration", &in.Company.Registration, singleLine, false, MaxReg)
	if r := asciiDigits(in.Company.Registration); r != "" {
		if _, bad := f["company.registration"]; !bad && !regPattern.MatchString(r) {
			f.add("company.registration", RuleUnknownValue)
		}
		in.Company.Registration = r
	}
	f.checkCountry("company.country", &in.Company.Country, true)
	f.checkString("contact_name", &in.ContactName, singleLine, true, MaxContact)
	f.checkEmail("email", &in.Email, true)
	f.checkPhone("phone", &in.Phone, false)
	for _, a := range []struct {
		field string
		s     *string
	}{{"answers.offer", &in.Answers.Offer}, {"answers.fit", &in.Answers.Fit}, {"answers.proposal", &in.Answers.Proposal}} {
		f.checkString(a.field, a.s, multiLine, true, MaxAnswer)
		if _, bad := f[a.field]; !bad && len([]rune(*a.s)) < MinAnswer {
			f.addBounds(a.field, RuleTooShort, MinAnswer, MaxAnswer)
		}
	}
	if !in.Consent {
		f.add("consent", RuleConsent)
	}
	if in.Lang == "" {
		in.Lang = fallbackLang
	}
	if !isLocale(in.Lang) {
		f.add("lang", RuleUnknownLocale)
	}
	return f.Err()
}

// NewInterest returns the new interest the input describes for need n.
func (in *InterestInput) NewInterest(ref string, n *Need, now time.Time) *Interest {
	return &Interest{
		Ref: ref, Need: n.Ref, Hub: n.Hub, Company: in.Company, ContactName: in.ContactName,
		Email: in.Email, Phone: in.Phone, Answers: in.Answers, Consent: in.Consent,
		Lang: in.Lang, Status: InterestNew, History: []StatusChange{}, Version: 1,
		CreatedAt: now, UpdatedAt: now, DedupeKey: DedupeKey(n.Ref, in.Email),
	}
}

// DedupeKey returns the key that identifies one email's interest in one
// need: a hash, so the index holds no personal data in clear.
func DedupeKey(needRef, email string) string {
	sum := sha256.Sum256([]byte(needRef + "\x00" + strings.ToLower(email)))
	return hex.EncodeToString(sum[:])
}

// InterestStatusInput is the body of a staff request to change an
// interest's status.
type InterestStatusInput struct {
	Version       int64  `json:"version"`
	Status        string `json:"status"`
	DeclineReason string `json:"decline_reason"`
	Note          string `json:"note"`
}

// Apply returns a copy of i moved to the new status by staff member by, or
// an invalid-input or invalid-transition error.
func (in *InterestStatusInput) Apply(i *Interest, by string, now time.Time) (*Interest, error) {
	f := FieldErrors{}
	f.checkCode("status", in.Status, InterestStatuses(), true)
	f.checkString("note", &in.Note, multiLine, false, MaxStaffNote)
	switch {
	case in.Status == InterestDeclined:
		f.checkCode("decline_reason", in.DeclineReason, DeclineReasons(), true)
	case in.DeclineReason != "":
		f.add("decline_reason", RuleUnknownField)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	allowed := map[string][]string{
		InterestNew:       {InterestContacted, InterestMatched, InterestDeclined},
		InterestContacted: {InterestMatched, InterestDeclined},
		InterestMatched:   {InterestContacted},
		InterestDeclined:  {InterestContacted},
	}
	if !slices.Contains(allowed[i.Status], in.Status) {
		return nil, Errorf(CodeBadTransition, "cannot move an interest from %s to %s", i.Status, in.Status)
	}
	out := *i
	out.History = append(slices.Clone(i.History), StatusChange{
		At: now, By: by, From: i.Status, To: in.Status, Reason: in.DeclineReason, Note: in.Note,
	})
	out.Status = in.Status
	out.DeclineReason = in.DeclineReason
	out.UpdatedAt = now
	return &out, nil
}
