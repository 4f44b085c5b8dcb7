package content

import (
	"strconv"
	"time"
)

// Agreement statuses. An active agreement past its expiry date reads as
// expired.
const (
	AgreementSigned     = "signed"
	AgreementActive     = "active"
	AgreementExpired    = "expired"
	AgreementTerminated = "terminated"
)

// Agreement is a cooperation agreement (an MoU or a contract) signed within a
// hub. Slug is its stable identifier.
type Agreement struct {
	Slug      string     `bson:"_id" json:"slug"`
	Hub       string     `bson:"hub" json:"hub"`
	Title     Text       `bson:"title" json:"title"`
	Scope     Text       `bson:"scope" json:"scope"`
	Parties   []Party    `bson:"parties" json:"parties"`
	SignedOn  Date       `bson:"signed_on" json:"signed_on"`
	ExpiresOn Date       `bson:"expires_on,omitempty" json:"expires_on,omitempty"`
	Status    string     `bson:"status" json:"status"`
	Needs     []string   `bson:"needs,omitempty" json:"needs,omitempty"`
	Published bool       `bson:"published" json:"published"`
	Version   int64      `bson:"version" json:"version"`
	CreatedAt time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt time.Time  `bson:"updated_at" json:"updated_at"`
	CreatedBy string     `bson:"created_by" json:"-"`
	UpdatedBy string     `bson:"updated_by" json:"-"`
	Rev       int64      `bson:"rev" json:"-"`
	DeletedAt *time.Time `bson:"deleted_at,omitempty" json:"-"`
	// Pending holds the domain events this document's writes produced that
	// are not yet copied to the event log: written in the same
	// single-document write as the change, removed once relayed (see
	// content/mongo/events.go). Never shown.
	Pending []Event `bson:"pending_events,omitempty" json:"-"`

	// TextUpdated: see review.go.
	TextUpdated map[string]time.Time `bson:"text_updated,omitempty" json:"-"`
}

// Party is one side of an agreement: a company of the directory by slug, or
// an organisation named per locale.
type Party struct {
	Company string `bson:"company,omitempty" json:"company,omitempty"`
	Name    Text   `bson:"name,omitempty" json:"name,omitempty"`
}

// Public reports whether the public may see the agreement.
func (a *Agreement) Public() bool { return a.Published && a.DeletedAt == nil }

// StatusOn returns the status the agreement reads as on the given day.
func (a *Agreement) StatusOn(today Date) string {
	if (a.Status == AgreementActive || a.Status == AgreementSigned) && a.ExpiresOn.Before(today) {
		return AgreementExpired
	}
	return a.Status
}

// AgreementInput is the body of a request to create an agreement.
type AgreementInput struct {
	Slug      string   `json:"slug"`
	Hub       string   `json:"hub"`
	Title     Text     `json:"title"`
	Scope     Text     `json:"scope"`
	Parties   []Party  `json:"parties"`
	SignedOn  Date     `json:"signed_on"`
	ExpiresOn Date     `json:"expires_on"`
	Status    string   `json:"status"`
	Needs     []string `json:"needs"`
}

// Validate normalises the input in place and checks it. Whether party
// companies, linked needs and the hub exist is the store's question.
func (in *AgreementInput) Validate() error {
	f := FieldErrors{}
	if !ValidSlug(in.Slug) {
		f.add("slug", RuleInvalidSlug)
	}
	if !ValidHubCode(in.Hub) {
		f.add("hub", RuleInvalidHub)
	}
	a := in.NewAgreement("", time.Time{})
	f.checkAgreement(a)
	in.Title, in.Scope, in.Parties, in.SignedOn, in.ExpiresOn, in.Needs = a.Title, a.Scope, a.Parties, a.SignedOn, a.ExpiresOn, a.Needs
	return f.Err()
}

// NewAgreement returns the unpublished agreement the input describes.
func (in *AgreementInput) NewAgreement(by string, now time.Time) *Agreement {
	return &Agreement{
		Slug: in.Slug, Hub: in.Hub, Title: in.Title, Scope: in.Scope, Parties: in.Parties,
		SignedOn: in.SignedOn, ExpiresOn: in.ExpiresOn, Status: in.Status, Needs: in.Needs,
		Version: 1, CreatedAt: now, UpdatedAt: now, CreatedBy: by, UpdatedBy: by,
	}
}

// AgreementPatch is the body of a request to edit an agreement.
type AgreementPatch struct {
	Version   int64     `json:"version"`
	Title     Text      `json:"title"`
	Scope     Text      `json:"scope"`
	Parties   *[]Party  `json:"parties"`
	SignedOn  *Date     `json:"signed_on"`
	ExpiresOn *Date     `json:"expires_on"`
	Status    *string   `json:"status"`
	Needs     *[]string `json:"needs"`
}

// Apply returns a copy of a with the patch applied and checked.
func (p *AgreementPatch) Apply(a *Agreement) (*Agreement, error) {
	out := *a
	out.Title = mergeText(a.Title, p.Title)
	out.Scope = mergeText(a.Scope, p.Scope)
	if p.Parties != nil {
		out.Parties = *p.Parties
	}
	if p.SignedOn != nil {
		out.SignedOn = *p.SignedOn
	}
	if p.ExpiresOn != nil {
		out.ExpiresOn = *p.ExpiresOn
	}
	if p.Status != nil {
		out.Status = *p.Status
	}
	if p.Needs != nil {
		out.Needs = *p.Needs
	}
	f := FieldErrors{}
	f.checkAgreement(&out)
	if err := f.Err(); err != nil {
		return nil, err
	}
	return &out, nil
}

func (f FieldErrors) checkAgreement(a *Agreement) {
	f.checkText("title", &a.Title, singleLine, true, MaxTitle)
	f.checkText("scope", &a.Scope, multiLine, false, 4000)
	f.checkDate("signed_on", &a.SignedOn, true)
	f.checkDate("expires_on", &a.ExpiresOn, false)
	if a.ExpiresOn != "" && a.SignedOn != "" && !a.SignedOn.Before(a.ExpiresOn) {
		f.add("expires_on", RuleDateOrder)
	}
	f.checkCode("status", a.Status, AgreementStatuses(), true)
	switch {
	case len(a.Parties) < 2:
		f.addBounds("parties", RuleTooFew, 2, 12)
	case len(a.Parties) > 12:
		f.addBounds("parties", RuleTooMany, 2, 12)
	}
	parties := make([]Party, 0, len(a.Parties))
	for i, p := range a.Parties {
		field := "parties." + strconv.Itoa(i)
		switch {
		case p.Company != "" && len(p.Name) > 0, p.Company == "" && len(p.Name) == 0:
			f.add(field, RuleRequired)
		case p.Company != "" && !ValidSlug(p.Company):
			f.add(field+".company", RuleInvalidSlug)
		case p.Company == "":
			f.checkText(field+".name", &p.Name, singleLine, true, 160)
		}
		parties = append(parties, p)
	}
	a.Parties = parties
	needs := []string{}
	for _, r := range a.Needs {
		if !ValidRef(r) {
			f.add("needs", RuleInvalidRef)
			break
		}
		if !isOneOf(r, needs) {
			needs = append(needs, r)
		}
	}
	if len(needs) > 20 {
		f.addBounds("needs", RuleTooMany, 0, 20)
	}
	a.Needs = needs
}
