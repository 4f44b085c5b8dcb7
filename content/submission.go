package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Submission records who proposed an offer or a laboratory profile
// through the public form. It is personal data: it is never shown to the
// public, is erased with EraseSubmission, and is dropped from exports of
// public data.
type Submission struct {
	Org         string    `bson:"org" json:"org"`
	Country     string    `bson:"country" json:"country"`
	ContactName string    `bson:"contact_name" json:"contact_name"`
	Email       string    `bson:"email" json:"email"`
	Phone       string    `bson:"phone,omitempty" json:"phone,omitempty"`
	Consent     bool      `bson:"consent" json:"consent"`
	Lang        string    `bson:"lang" json:"lang"`
	At          time.Time `bson:"at" json:"at"`
	Erased      *Erasure  `bson:"erased,omitempty" json:"erased,omitempty"`
}

// SubmitterInput is the contact part of a public submission.
type SubmitterInput struct {
	Org         string `json:"org"`
	Country     string `json:"country"`
	ContactName string `json:"contact_name"`
	Email       string `json:"email"`
	Phone       string `json:"phone"`
	Consent     bool   `json:"consent"`
	Lang        string `json:"lang"`
}

// check cleans and checks the submitter in place, under "submitter.".
func (in *SubmitterInput) check(f FieldErrors) {
	f.checkString("submitter.org", &in.Org, singleLine, true, MaxOrgName)
	f.checkCountry("submitter.country", &in.Country, true)
	f.checkString("submitter.contact_name", &in.ContactName, singleLine, true, MaxContact)
	f.checkEmail("submitter.email", &in.Email, true)
	f.checkPhone("submitter.phone", &in.Phone, false)
	if !in.Consent {
		f.add("consent", RuleConsent)
	}
	if in.Lang == "" {
		in.Lang = "en"
	}
	if !isLocale(in.Lang) {
		f.add("lang", RuleUnknownLocale)
	}
}

// submission returns the stored form of the submitter.
func (in *SubmitterInput) submission(now time.Time) *Submission {
	return &Submission{
		Org: in.Org, Country: in.Country, ContactName: in.ContactName, Email: in.Email,
		Phone: in.Phone, Consent: in.Consent, Lang: in.Lang, At: now,
	}
}

// OfferSubmission is a firm's proposal of an offer through the public
// form: the offer (without a company: staff link it to the directory) and
// who proposes it. It becomes a draft offer for staff review.
type OfferSubmission struct {
	Offer     OfferInput     `json:"offer"`
	Submitter SubmitterInput `json:"submitter"`
}

// Validate normalises and checks the submission. The offer's text must be
// in the submitter's language or any other; its company is left to staff.
func (in *OfferSubmission) Validate(today Date) error {
	f := FieldErrors{}
	in.Offer.Company = ""
	if err := in.Offer.Validate(today); err != nil {
		for k, v := range err.(*Error).Fields {
			f[k] = v
		}
	}
	in.Submitter.check(f)
	return f.Err()
}

// NewOffer returns the draft offer of a submission, by nobody (the public).
func (in *OfferSubmission) NewOffer(ref string, now time.Time) *Offer {
	o := in.Offer.NewOffer(ref, "", now)
	o.Submission = in.Submitter.submission(now)
	return o
}

// LabSubmission is a laboratory's proposal of its profile through the
// public form. It becomes an unpublished company of kind laboratory for
// staff review.
type LabSubmission struct {
	Company   CompanyInput   `json:"company"`
	Submitter SubmitterInput `json:"submitter"`
}

// Validate normalises and checks the submission; the company's kind is
// laboratory and it must carry a profile.
func (in *LabSubmission) Validate() error {
	f := FieldErrors{}
	in.Company.Kind = "laboratory"
	if in.Company.Lab == nil {
		in.Company.Lab = &LabProfile{}
	}
	if err := in.Company.Validate(); err != nil {
		for k, v := range err.(*Error).Fields {
			f[k] = v
		}
	}
	if in.Company.Lab != nil && len(in.Company.Lab.Methods) == 0 && len(in.Company.Lab.Accreditations) == 0 {
		f.add("lab.methods", RuleRequired)
	}
	in.Submitter.check(f)
	return f.Err()
}

// NewCompany returns the unpublished laboratory of a submission.
func (in *LabSubmission) NewCompany(now time.Time) *Company {
	c := in.Company.NewCompany("", now)
	c.Submission = in.Submitter.submission(now)
	return c
}

// EraseSubmission returns a copy of s with its personal data replaced by
// ErasedMarker (the country and language stay), or ErrBadTransition when
// it is already erased.
func EraseSubmission(s *Submission, by string, now time.Time) (*Submission, error) {
	if s == nil {
		return nil, Errorf(CodeNotFound, "no submission")
	}
	if s.Erased != nil {
		return nil, Errorf(CodeBadTransition, "submission already erased")
	}
	out := *s
	out.Org, out.ContactName, out.Email, out.Phone = ErasedMarker, ErasedMarker, ErasedMarker, ErasedMarker
	out.Erased = &Erasure{At: now, By: by}
	return &out, nil
}

// TestingDetails are the structured part of a request for a testing
// service: what to test, by which standard, how many samples, by when.
type TestingDetails struct {
	What     string `bson:"what" json:"what"`
	Standard string `bson:"standard,omitempty" json:"standard,omitempty"`
	Samples  int    `bson:"samples" json:"samples"`
	Deadline Date   `bson:"deadline,omitempty" json:"deadline,omitempty"`
}

// Limits of a testing request.
const (
	MaxSamples = 10000
	MinWhat    = 10
)

// TestingRequestInput is the body of a public request for a testing
// service of an offer or a laboratory.
type TestingRequestInput struct {
	Company     InterestCompany `json:"company"`
	ContactName string          `json:"contact_name"`
	Email       string          `json:"email"`
	Phone       string          `json:"phone"`
	What        string          `json:"what"`
	Standard    string          `json:"standard"`
	Samples     int             `json:"samples"`
	Deadline    Date            `json:"deadline"`
	Consent     bool            `json:"consent"`
	Lang        string          `json:"lang"`
}

// Validate normalises and checks the request; a deadline must not be
// before today.
func (in *TestingRequestInput) Validate(today Date) error {
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
	f.checkString("what", &in.What, multiLine, true, MaxAnswer)
	if _, bad := f["what"]; !bad && len([]rune(in.What)) < MinWhat {
		f.addBounds("what", RuleTooShort, MinWhat, MaxAnswer)
	}
	f.checkOneStandard("standard", &in.Standard, false)
	if in.Samples < 1 || in.Samples > MaxSamples {
		f.addBounds("samples", RuleOutOfRange, 1, MaxSamples)
	}
	f.checkDate("deadline", &in.Deadline, false)
	if in.Deadline.Before(today) {
		f.add("deadline", RuleDatePast)
	}
	if !in.Consent {
		f.add("consent", RuleConsent)
	}
	if in.Lang == "" {
		in.Lang = "en"
	}
	if !isLocale(in.Lang) {
		f.add("lang", RuleUnknownLocale)
	}
	return f.Err()
}

// TestingTarget is what a testing request is addressed to: an offer (Ref
// set) or a laboratory (Lab set), in hub Hub.
type TestingTarget struct {
	Offer string
	Lab   string
	Hub   string
}

// NewTestingInterest returns the testing request as an interest of the
// staff inbox, with the same statuses as an expression of interest. Its
// dedupe key covers the target, the email and the request itself, so that
// a form sent twice is stored once but a second, different request is not
// refused.
func (in *TestingRequestInput) NewTestingInterest(ref string, t TestingTarget, now time.Time) *Interest {
	target := t.Offer
	if target == "" {
		target = "lab:" + t.Lab
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("testing\x00%s\x00%s\x00%s\x00%s\x00%d\x00%s",
		target, strings.ToLower(in.Email), in.What, in.Standard, in.Samples, in.Deadline)))
	return &Interest{
		Ref: ref, Hub: t.Hub, Offer: t.Offer, Lab: t.Lab, Company: in.Company,
		ContactName: in.ContactName, Email: in.Email, Phone: in.Phone,
		Testing: &TestingDetails{What: in.What, Standard: in.Standard, Samples: in.Samples, Deadline: in.Deadline},
		Consent: in.Consent, Lang: in.Lang, Status: InterestNew, History: []StatusChange{},
		Version: 1, CreatedAt: now, UpdatedAt: now, DedupeKey: hex.EncodeToString(sum[:]),
	}
}
