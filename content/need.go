package content

import (
	"regexp"
	"slices"
	"time"
)

// Need statuses as stored. A published need whose deadline has passed reads
// as NeedExpired; that status is never stored.
const (
	NeedDraft     = "draft"
	NeedPublished = "published"
	NeedExpired   = "expired"
	NeedClosed    = "closed"
	NeedArchived  = "archived"
)

// Field limits, in characters.
const (
	MaxTitle   = 200
	MaxSummary = 600
	MaxBody    = 10000
	MaxSectors = 5
)

// Need is a technology need of a partner country's industry, posted by park
// staff. Ref is its stable reference code, such as "TR-26-0042".
type Need struct {
	Ref          string   `bson:"_id" json:"ref"`
	Hub          string   `bson:"hub" json:"hub"`
	Kind         string   `bson:"kind" json:"kind"`
	Partnerships []string `bson:"partnerships" json:"partnerships"`
	Sectors      []string `bson:"sectors" json:"sectors"`
	Country      string   `bson:"country" json:"country"`
	TRL          int      `bson:"trl,omitempty" json:"trl,omitempty"`
	Title        Text     `bson:"title" json:"title"`
	Summary      Text     `bson:"summary" json:"summary"`
	Body         Text     `bson:"body" json:"body"`
	Deadline     Date     `bson:"deadline" json:"deadline"`
	Status       string   `bson:"status" json:"status"`

	// The requester profile (requester.go); every part is optional.
	Requester     *Requester `bson:"requester,omitempty" json:"requester,omitempty"`
	IPStatus      string     `bson:"ip_status,omitempty" json:"ip_status,omitempty"`
	PartnerSought Text       `bson:"partner_sought,omitempty" json:"partner_sought,omitempty"`
	Budget        *Budget    `bson:"budget,omitempty" json:"budget,omitempty"`

	Version     int64      `bson:"version" json:"version"`
	CreatedAt   time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt   time.Time  `bson:"updated_at" json:"updated_at"`
	PublishedAt *time.Time `bson:"published_at,omitempty" json:"published_at,omitempty"`
	CreatedBy   string     `bson:"created_by" json:"-"`
	UpdatedBy   string     `bson:"updated_by" json:"-"`

	// TextUpdated and ReviewRequestedBy: see review.go.
	TextUpdated       map[string]time.Time `bson:"text_updated,omitempty" json:"-"`
	ReviewRequestedBy string               `bson:"review_requested_by,omitempty" json:"-"`

	// Rev orders writes for the catalog's sync; DeletedAt marks a soft delete.
	Rev       int64      `bson:"rev" json:"-"`
	DeletedAt *time.Time `bson:"deleted_at,omitempty" json:"-"`
	// Pending holds the domain events this document's writes produced that
	// are not yet copied to the event log: written in the same
	// single-document write as the change, removed once relayed (see
	// content/mongo/events.go). Never shown.
	Pending []Event `bson:"pending_events,omitempty" json:"-"`
}

// StatusOn returns the status the need reads as on the given day: a
// published need past its deadline is expired.
func (n *Need) StatusOn(today Date) string {
	if n.Status == NeedPublished && n.Deadline.Before(today) {
		return NeedExpired
	}
	return n.Status
}

// Public reports whether the public may see the need: published (open or
// expired) or closed. Drafts, archived and deleted needs are staff-only.
func (n *Need) Public() bool {
	return n.DeletedAt == nil && (n.Status == NeedPublished || n.Status == NeedClosed)
}

// OpenOn reports whether the need accepts expressions of interest on the
// given day.
func (n *Need) OpenOn(today Date) bool {
	return n.DeletedAt == nil && n.StatusOn(today) == NeedPublished
}

// NeedStatuses returns the statuses a need can read as ("status.need.<s>").
func NeedStatuses() []string {
	return []string{NeedDraft, NeedPublished, NeedExpired, NeedClosed, NeedArchived}
}

var refPattern = regexp.MustCompile(`^[A-Z]{2}-[0-9]{2}-[0-9]{4,6}$`)

// ValidRef reports whether s has the form of a need reference code.
func ValidRef(s string) bool { return refPattern.MatchString(s) }

// NeedTransition names a status change staff can make.
type NeedTransition string

// The transitions of a need's lifecycle: draft → published → closed or
// archived; closed → archived; archived → draft (to rework and republish).
const (
	Publish NeedTransition = "publish"
	Close   NeedTransition = "close"
	Archive NeedTransition = "archive"
)

// Target returns the status a transition leads to from status from, or
// ErrBadTransition.
func (t NeedTransition) Target(from string) (string, error) {
	allowed := map[NeedTransition][]string{
		Publish: {NeedDraft, NeedClosed},
		Close:   {NeedPublished},
		Archive: {NeedDraft, NeedPublished, NeedClosed},
	}
	to := map[NeedTransition]string{Publish: NeedPublished, Close: NeedClosed, Archive: NeedArchived}
	if !slices.Contains(allowed[t], from) {
		return "", Errorf(CodeBadTransition, "cannot %s a need that is %s", t, from)
	}
	return to[t], nil
}

// NeedInput is the body of a request to create a need. It has no status,
// version, reference or timestamps: a client can never set them.
type NeedInput struct {
	Hub          string   `json:"hub"`
	Kind         string   `json:"kind"`
	Partnerships []string `json:"partnerships"`
	Sectors      []string `json:"sectors"`
	Country      string   `json:"country"`
	TRL          int      `json:"trl"`
	Title        Text     `json:"title"`
	Summary      Text     `json:"summary"`
	Body         Text     `json:"body"`
	Deadline     Date     `json:"deadline"`

	Requester     *Requester `json:"requester"`
	IPStatus      string     `json:"ip_status"`
	PartnerSought Text       `json:"partner_sought"`
	Budget        *Budget    `json:"budget"`
}

// Validate normalises the input in place and checks it; deadlines must not
// be before today. It returns an invalid-input *Error listing every problem.
func (in *NeedInput) Validate(today Date) error {
	f := FieldErrors{}
	if !ValidHubCode(in.Hub) {
		f.add("hub", RuleInvalidHub)
	}
	f.checkNeedFields(&needFields{
		kind: &in.Kind, partnerships: &in.Partnerships, sectors: &in.Sectors,
		country: &in.Country, trl: &in.TRL, title: &in.Title, summary: &in.Summary,
		body: &in.Body, deadline: &in.Deadline,
		profile: profileFields{&in.Requester, &in.IPStatus, &in.PartnerSought, &in.Budget},
	})
	if in.Deadline.Before(today) {
		f.add("deadline", RuleDatePast)
	}
	return f.Err()
}

// NewNeed returns the draft need the input describes, with the given
// reference code, author and time.
func (in *NeedInput) NewNeed(ref, by string, now time.Time) *Need {
	return &Need{
		Ref: ref, Hub: in.Hub, Kind: in.Kind, Partnerships: in.Partnerships,
		Sectors: in.Sectors, Country: in.Country, TRL: in.TRL, Title: in.Title,
		Summary: in.Summary, Body: in.Body, Deadline: in.Deadline,
		Requester: in.Requester, IPStatus: in.IPStatus, PartnerSought: in.PartnerSought, Budget: in.Budget,
		Status: NeedDraft, Version: 1, CreatedAt: now, UpdatedAt: now,
		CreatedBy: by, UpdatedBy: by,
	}
}

// NeedPatch is the body of a request to edit a need. Nil fields are left as
// they are. Text fields merge per locale: a locale given as "" is removed.
// Version is the version the client read; a stale one is a conflict.
type NeedPatch struct {
	Version      int64     `json:"version"`
	Kind         *string   `json:"kind"`
	Partnerships *[]string `json:"partnerships"`
	Sectors      *[]string `json:"sectors"`
	Country      *string   `json:"country"`
	TRL          *int      `json:"trl"`
	Title        Text      `json:"title"`
	Summary      Text      `json:"summary"`
	Body         Text      `json:"body"`
	Deadline     *Date     `json:"deadline"`

	// Requester and Budget replace the stored ones when given ({} removes
	// them); IPStatus likewise ("" removes it); PartnerSought merges per
	// locale like the other texts.
	Requester     *Requester `json:"requester"`
	IPStatus      *string    `json:"ip_status"`
	PartnerSought Text       `json:"partner_sought"`
	Budget        *Budget    `json:"budget"`
}

// Apply returns a copy of n with the patch applied and checked, or an
// invalid-input *Error. It does not check the version; the store does.
// A changed deadline must not be in the past.
func (p *NeedPatch) Apply(n *Need, today Date) (*Need, error) {
	out := *n
	if p.Kind != nil {
		out.Kind = *p.Kind
	}
	if p.Partnerships != nil {
		out.Partnerships = *p.Partnerships
	}
	if p.Sectors != nil {
		out.Sectors = *p.Sectors
	}
	if p.Country != nil {
		out.Country = *p.Country
	}
	if p.TRL != nil {
		out.TRL = *p.TRL
	}
	out.Title = mergeText(n.Title, p.Title)
	out.Summary = mergeText(n.Summary, p.Summary)
	out.Body = mergeText(n.Body, p.Body)
	if p.Deadline != nil {
		out.Deadline = *p.Deadline
	}
	if p.Requester != nil {
		out.Requester = p.Requester
	}
	if p.IPStatus != nil {
		out.IPStatus = *p.IPStatus
	}
	if p.PartnerSought != nil {
		out.PartnerSought = mergeText(n.PartnerSought, p.PartnerSought)
	}
	if p.Budget != nil {
		out.Budget = p.Budget
	}
	f := FieldErrors{}
	f.checkNeedFields(&needFields{
		kind: &out.Kind, partnerships: &out.Partnerships, sectors: &out.Sectors,
		country: &out.Country, trl: &out.TRL, title: &out.Title, summary: &out.Summary,
		body: &out.Body, deadline: &out.Deadline,
		profile: profileFields{&out.Requester, &out.IPStatus, &out.PartnerSought, &out.Budget},
	})
	if p.Deadline != nil && out.Deadline != n.Deadline && out.Deadline.Before(today) {
		f.add("deadline", RuleDatePast)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return &out, nil
}

// mergeText returns base with the locales of patch laid over it; a locale
// given as "" is removed. The result is a new map.
func mergeText(base, patch Text) Text {
	out := base.Clone()
	if out == nil {
		out = Text{}
	}
	for l, s := range patch {
		if s == "" {
			delete(out, l)
		} else {
			out[l] = s
		}
	}
	return out
}

// needFields points at the fields create and edit share, so both are
// checked by one function.
type needFields struct {
	kind, country         *string
	partnerships, sectors *[]string
	trl                   *int
	title, summary, body  *Text
	deadline              *Date
	profile               profileFields
}

func (f FieldErrors) checkNeedFields(n *needFields) {
	f.checkCode("kind", *n.kind, NeedKinds(), true)
	f.checkCodes("partnerships", n.partnerships, Partnerships(), RuleUnknownValue, 0, len(Partnerships()))
	f.checkCodes("sectors", n.sectors, Sectors(), RuleUnknownSector, 1, MaxSectors)
	f.checkCountry("country", n.country, true)
	if *n.trl != 0 && (*n.trl < 1 || *n.trl > 9) {
		f.addBounds("trl", RuleOutOfRange, 1, 9)
	}
	f.checkText("title", n.title, singleLine, true, MaxTitle)
	f.checkText("summary", n.summary, multiLine, false, MaxSummary)
	f.checkText("body", n.body, multiLine, false, MaxBody)
	f.checkDate("deadline", n.deadline, true)
	if n.profile.requester != nil {
		f.checkProfile(n.profile)
	}
}

// Validate normalises and checks a whole need as stored (for sample data
// and imports): its fields, reference, hub code and status. Unlike
// NeedInput.Validate it accepts a deadline in the past.
func (n *Need) Validate() error {
	f := FieldErrors{}
	if !ValidRef(n.Ref) {
		f.add("ref", RuleInvalidRef)
	}
	if !ValidHubCode(n.Hub) {
		f.add("hub", RuleInvalidHub)
	}
	f.checkNeedFields(&needFields{
		kind: &n.Kind, partnerships: &n.Partnerships, sectors: &n.Sectors,
		country: &n.Country, trl: &n.TRL, title: &n.Title, summary: &n.Summary,
		body: &n.Body, deadline: &n.Deadline,
		profile: profileFields{&n.Requester, &n.IPStatus, &n.PartnerSought, &n.Budget},
	})
	if !slices.Contains([]string{NeedDraft, NeedPublished, NeedClosed, NeedArchived}, n.Status) {
		f.add("status", RuleUnknownValue)
	}
	if n.Version < 1 {
		f.addBounds("version", RuleOutOfRange, 1, 0)
	}
	return f.Err()
}
