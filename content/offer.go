package content

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Offer statuses are the need statuses: draft → published → closed or
// archived; a published offer past its expiry date reads as expired
// (OfferStatusOn), which is never stored.

// Offer is what the supply side of a hub offers: a technology, R&D
// capacity, a testing or laboratory service, training or manufacturing
// capacity of a domestic firm, laboratory or university. Ref is its
// stable reference code, such as "TR-OF-26-0007".
type Offer struct {
	Ref          string     `bson:"_id" json:"ref"`
	Hubs         []string   `bson:"hubs" json:"hubs"`
	Kind         string     `bson:"kind" json:"kind"`
	Company      string     `bson:"company,omitempty" json:"company,omitempty"`
	Sectors      []string   `bson:"sectors" json:"sectors"`
	TRL          int        `bson:"trl,omitempty" json:"trl,omitempty"`
	IPStatus     string     `bson:"ip_status,omitempty" json:"ip_status,omitempty"`
	Partnerships []string   `bson:"partnerships" json:"partnerships"`
	Title        Text       `bson:"title" json:"title"`
	Summary      Text       `bson:"summary" json:"summary"`
	Body         Text       `bson:"body" json:"body"`
	Standards    []string   `bson:"standards" json:"standards"`
	Deadline     Date       `bson:"deadline,omitempty" json:"deadline,omitempty"`
	Status       string     `bson:"status" json:"status"`
	Version      int64      `bson:"version" json:"version"`
	CreatedAt    time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt    time.Time  `bson:"updated_at" json:"updated_at"`
	PublishedAt  *time.Time `bson:"published_at,omitempty" json:"published_at,omitempty"`
	CreatedBy    string     `bson:"created_by" json:"-"`
	UpdatedBy    string     `bson:"updated_by" json:"-"`

	// Submission holds who proposed the offer through the public form
	// (nil for offers staff created). It is personal data: never public.
	Submission *Submission `bson:"submission,omitempty" json:"-"`

	// Rev orders writes for the catalog's sync; DeletedAt marks a soft delete.
	Rev       int64      `bson:"rev" json:"-"`
	DeletedAt *time.Time `bson:"deleted_at,omitempty" json:"-"`
	// Pending holds the domain events not yet copied to the event log
	// (see Need.Pending).
	Pending []Event `bson:"pending_events,omitempty" json:"-"`
}

// OfferKinds returns the kinds of offer ("kind.offer.<kind>").
func OfferKinds() []string {
	return []string{"technology", "rnd", "testing", "training", "manufacturing"}
}

// OfferIPStatuses returns the intellectual-property statuses of an offer:
// the needs' vocabulary ("site.ip_status.<s>"), so that both sides read alike.
func OfferIPStatuses() []string { return IPStatuses() }

// Limits of an offer's lists.
const (
	MaxStandards   = 20
	MaxStandardLen = 40
)

// StatusOn returns the status the offer reads as on the given day: a
// published offer past its expiry date is expired.
func (o *Offer) StatusOn(today Date) string {
	if o.Status == NeedPublished && o.Deadline.Before(today) {
		return NeedExpired
	}
	return o.Status
}

// Public reports whether the public may see the offer: published (open or
// expired) or closed, and not deleted.
func (o *Offer) Public() bool {
	return o.DeletedAt == nil && (o.Status == NeedPublished || o.Status == NeedClosed)
}

// OpenOn reports whether the offer takes testing-service requests on the
// given day.
func (o *Offer) OpenOn(today Date) bool {
	return o.DeletedAt == nil && o.StatusOn(today) == NeedPublished
}

var offerRefPattern = regexp.MustCompile(`^[A-Z]{2}-OF-[0-9]{2}-[0-9]{4,6}$`)

// ValidOfferRef reports whether s has the form of an offer reference code.
func ValidOfferRef(s string) bool { return offerRefPattern.MatchString(s) }

// OfferTarget returns the status transition t leads an offer to from
// status from, or ErrBadTransition. Offers follow the needs' lifecycle.
func OfferTarget(t NeedTransition, from string) (string, error) {
	to, err := t.Target(from)
	if err != nil {
		return "", Errorf(CodeBadTransition, "cannot %s an offer that is %s", t, from)
	}
	return to, nil
}

// OfferInput is the body of a request to create an offer. It has no
// status, version, reference or timestamps.
type OfferInput struct {
	Hubs         []string `json:"hubs"`
	Kind         string   `json:"kind"`
	Company      string   `json:"company"`
	Sectors      []string `json:"sectors"`
	TRL          int      `json:"trl"`
	IPStatus     string   `json:"ip_status"`
	Partnerships []string `json:"partnerships"`
	Title        Text     `json:"title"`
	Summary      Text     `json:"summary"`
	Body         Text     `json:"body"`
	Standards    []string `json:"standards"`
	Deadline     Date     `json:"deadline"`
}

// Validate normalises the input in place and checks it; an expiry date
// must not be before today. Whether the hubs and the company exist is the
// store's question.
func (in *OfferInput) Validate(today Date) error {
	f := FieldErrors{}
	o := in.NewOffer("", "", time.Time{})
	f.checkOffer(o)
	if o.Deadline.Before(today) {
		f.add("deadline", RuleDatePast)
	}
	*in = OfferInput{
		Hubs: o.Hubs, Kind: o.Kind, Company: o.Company, Sectors: o.Sectors, TRL: o.TRL,
		IPStatus: o.IPStatus, Partnerships: o.Partnerships, Title: o.Title, Summary: o.Summary,
		Body: o.Body, Standards: o.Standards, Deadline: o.Deadline,
	}
	return f.Err()
}

// NewOffer returns the draft offer the input describes, with the given
// reference code, author and time.
func (in *OfferInput) NewOffer(ref, by string, now time.Time) *Offer {
	return &Offer{
		Ref: ref, Hubs: in.Hubs, Kind: in.Kind, Company: in.Company, Sectors: in.Sectors,
		TRL: in.TRL, IPStatus: in.IPStatus, Partnerships: in.Partnerships, Title: in.Title,
		Summary: in.Summary, Body: in.Body, Standards: in.Standards, Deadline: in.Deadline,
		Status: NeedDraft, Version: 1, CreatedAt: now, UpdatedAt: now, CreatedBy: by, UpdatedBy: by,
	}
}

// OfferPatch is the body of a request to edit an offer; nil fields are
// left as they are and text merges per locale as in NeedPatch. Version is
// the version the client read.
type OfferPatch struct {
	Version      int64     `json:"version"`
	Hubs         *[]string `json:"hubs"`
	Kind         *string   `json:"kind"`
	Company      *string   `json:"company"`
	Sectors      *[]string `json:"sectors"`
	TRL          *int      `json:"trl"`
	IPStatus     *string   `json:"ip_status"`
	Partnerships *[]string `json:"partnerships"`
	Title        Text      `json:"title"`
	Summary      Text      `json:"summary"`
	Body         Text      `json:"body"`
	Standards    *[]string `json:"standards"`
	Deadline     *Date     `json:"deadline"`
}

// Apply returns a copy of o with the patch applied and checked, or an
// invalid-input *Error. A changed expiry date must not be in the past.
func (p *OfferPatch) Apply(o *Offer, today Date) (*Offer, error) {
	out := *o
	setIf(&out.Hubs, p.Hubs)
	setIf(&out.Kind, p.Kind)
	setIf(&out.Company, p.Company)
	setIf(&out.Sectors, p.Sectors)
	setIf(&out.TRL, p.TRL)
	setIf(&out.IPStatus, p.IPStatus)
	setIf(&out.Partnerships, p.Partnerships)
	setIf(&out.Standards, p.Standards)
	setIf(&out.Deadline, p.Deadline)
	out.Title = mergeText(o.Title, p.Title)
	out.Summary = mergeText(o.Summary, p.Summary)
	out.Body = mergeText(o.Body, p.Body)
	f := FieldErrors{}
	f.checkOffer(&out)
	if p.Deadline != nil && out.Deadline != o.Deadline && out.Deadline.Before(today) {
		f.add("deadline", RuleDatePast)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return &out, nil
}

// setIf sets *dst to *src when src is not nil.
func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// Validate normalises and checks a whole offer as stored (sample data,
// imports): its fields, reference and status. An expiry in the past is
// accepted.
func (o *Offer) Validate() error {
	f := FieldErrors{}
	if !ValidOfferRef(o.Ref) {
		f.add("ref", RuleInvalidRef)
	}
	f.checkOffer(o)
	if !slices.Contains([]string{NeedDraft, NeedPublished, NeedClosed, NeedArchived}, o.Status) {
		f.add("status", RuleUnknownValue)
	}
	if o.Version < 1 {
		f.addBounds("version", RuleOutOfRange, 1, 0)
	}
	return f.Err()
}

// checkOffer checks the fields create, edit and import share.
func (f FieldErrors) checkOffer(o *Offer) {
	f.checkHubs("hubs", &o.Hubs)
	f.checkCode("kind", o.Kind, OfferKinds(), true)
	if o.Company != "" && !ValidSlug(o.Company) {
		f.add("company", RuleInvalidSlug)
	}
	f.checkCodes("sectors", &o.Sectors, Sectors(), RuleUnknownSector, 1, MaxSectors)
	if o.TRL != 0 && (o.TRL < 1 || o.TRL > 9) {
		f.addBounds("trl", RuleOutOfRange, 1, 9)
	}
	f.checkCode("ip_status", o.IPStatus, OfferIPStatuses(), false)
	f.checkCodes("partnerships", &o.Partnerships, Partnerships(), RuleUnknownValue, 0, len(Partnerships()))
	f.checkText("title", &o.Title, singleLine, true, MaxTitle)
	f.checkText("summary", &o.Summary, multiLine, false, MaxSummary)
	f.checkText("body", &o.Body, multiLine, false, MaxBody)
	f.checkStandards("standards", &o.Standards, MaxStandards)
	f.checkDate("deadline", &o.Deadline, false)
}

// standardPattern is the form of a standard's code after cleaning:
// letters, digits, spaces and / - . : ( ), starting with a letter.
var standardPattern = regexp.MustCompile(`^\p{L}[\p{L}\p{N} /\-.:()]*$`)

// CleanStandard normalises a standard code as typed ("iso/iec 17025",
// "ASTM  D638") to its stored form: NFC, single spaces, Latin letters in
// upper case. ok is false when it is not a plausible code: it must start
// with a letter, hold a digit, and be at most MaxStandardLen characters.
func CleanStandard(s string) (string, bool) {
	out, rule := cleanString(asciiDigits(s), singleLine)
	if rule != "" || out == "" || utf8.RuneCountInString(out) > MaxStandardLen ||
		!standardPattern.MatchString(out) || !strings.ContainsAny(out, "0123456789") {
		return "", false
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, out), true
}

// checkStandards cleans a list of standard codes, removing duplicates.
func (f FieldErrors) checkStandards(field string, v *[]string, max int) {
	var out []string
	for _, s := range *v {
		c, ok := CleanStandard(s)
		if !ok {
			f.add(field, RuleUnknownValue)
			return
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	*v = out
	if len(out) > max {
		f.addBounds(field, RuleTooMany, 0, max)
	}
}
