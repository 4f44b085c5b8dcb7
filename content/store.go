package content

import (
	"context"
	"time"
)

// Store persists Hubdir's content. Every write is a single-document atomic
// operation (no transactions: the embedded store has none). Listings carry
// a version for optimistic concurrency and a revision, from one counter
// shared by all writers, that the catalog's sync follows.
//
// Methods return *Error values: ErrNotFound for unknown or soft-deleted
// documents, ErrConflict for a stale version or a taken slug, ErrInvalid
// for input that fails validation (including a reference to an unknown hub,
// company or need), ErrBadTransition, ErrNeedNotOpen, and ErrUnavailable
// when the database cannot be reached.
type Store interface {
	// Ping checks that the database answers.
	Ping(ctx context.Context) error

	// Hubs returns every hub, ordered by code.
	Hubs(ctx context.Context) ([]*Hub, error)
	// PutHub validates and creates or replaces a hub.
	PutHub(ctx context.Context, h *Hub) error

	// Need returns a need by reference, whatever its status.
	Need(ctx context.Context, ref string) (*Need, error)
	// CreateNeed validates the input and stores a new draft need with a
	// newly allocated reference code.
	CreateNeed(ctx context.Context, in *NeedInput, by string) (*Need, error)
	// UpdateNeed applies a patch made from version p.Version.
	UpdateNeed(ctx context.Context, ref string, p *NeedPatch, by string) (*Need, error)
	// TransitionNeed changes a need's status, from the given version.
	TransitionNeed(ctx context.Context, ref string, t NeedTransition, version int64, by string) (*Need, error)
	// DeleteNeed soft-deletes a need, from the given version, and returns it.
	DeleteNeed(ctx context.Context, ref string, version int64, by string) (*Need, error)

	// Company returns a company by slug, published or not.
	Company(ctx context.Context, slug string) (*Company, error)
	// CreateCompany validates the input and stores a new unpublished company.
	CreateCompany(ctx context.Context, in *CompanyInput, by string) (*Company, error)
	// UpdateCompany applies a patch made from version p.Version.
	UpdateCompany(ctx context.Context, slug string, p *CompanyPatch, by string) (*Company, error)
	// PublishCompany publishes or unpublishes a company, from the given version.
	PublishCompany(ctx context.Context, slug string, publish bool, version int64, by string) (*Company, error)
	// DeleteCompany soft-deletes a company, from the given version.
	DeleteCompany(ctx context.Context, slug string, version int64, by string) (*Company, error)

	// Agreement returns an agreement by slug, published or not.
	Agreement(ctx context.Context, slug string) (*Agreement, error)
	// CreateAgreement validates the input and stores a new unpublished agreement.
	CreateAgreement(ctx context.Context, in *AgreementInput, by string) (*Agreement, error)
	// UpdateAgreement applies a patch made from version p.Version.
	UpdateAgreement(ctx context.Context, slug string, p *AgreementPatch, by string) (*Agreement, error)
	// PublishAgreement publishes or unpublishes an agreement.
	PublishAgreement(ctx context.Context, slug string, publish bool, version int64, by string) (*Agreement, error)
	// DeleteAgreement soft-deletes an agreement, from the given version.
	DeleteAgreement(ctx context.Context, slug string, version int64, by string) (*Agreement, error)

	// CreateInterest validates and stores an expression of interest in an
	// open need. When the same email already registered for that need, it
	// returns the first interest and created false.
	CreateInterest(ctx context.Context, needRef string, in *InterestInput) (i *Interest, created bool, err error)
	// Interest returns an interest by reference.
	Interest(ctx context.Context, ref string) (*Interest, error)
	// Interests returns the interests matching the filter, newest first,
	// after skipping f.Skip: at most f.Limit, all when 0.
	Interests(ctx context.Context, f InterestFilter) ([]*Interest, error)
	// InterestPage returns what Interests returns and the number of all
	// the interests that match f (ignoring Skip and Limit).
	InterestPage(ctx context.Context, f InterestFilter) ([]*Interest, int, error)
	// UpdateInterestStatus changes an interest's status, from in.Version.
	UpdateInterestStatus(ctx context.Context, ref string, in *InterestStatusInput, by string) (*Interest, error)

	// AddStaff validates and stores a new staff member with a password hash.
	AddStaff(ctx context.Context, in *StaffInput, passwordHash string) (*Staff, error)
	// Staff returns a staff member by email.
	Staff(ctx context.Context, email string) (*Staff, error)
	// CreateToken stores the hash of a new API token for a staff member and
	// returns the token, which is not stored anywhere.
	CreateToken(ctx context.Context, email string) (string, error)
	// StaffByToken returns the enabled staff member a token belongs to, or
	// ErrUnauthorized.
	StaffByToken(ctx context.Context, token string) (*Staff, error)

	// Revision returns the newest revision allocated to a write: one lookup
	// by _id, so the catalog can poll it cheaply.
	Revision(ctx context.Context) (int64, error)
	// Snapshot returns every hub and every listing that is not deleted,
	// and the revision they are current to.
	Snapshot(ctx context.Context) (*Snapshot, error)
	// Changes returns every listing, deleted or not, written with a revision
	// greater than rev.
	Changes(ctx context.Context, rev int64) (*Snapshot, error)

	// Interest inbox, import and outcomes of the staff workspace.

	// EraseInterest replaces the personal data of the interest ref with
	// ErasedMarker (content.EraseInterest), from the given version, in one
	// write. It returns ErrNotFound, ErrConflict or ErrBadTransition when
	// the interest is already erased.
	EraseInterest(ctx context.Context, ref string, version int64, by string) (*Interest, error)
	// InterestTallies counts the interests of the given hubs (nil: all) per
	// need and status, erased ones included.
	InterestTallies(ctx context.Context, hubs []string) ([]InterestTally, error)
	// ImportNeeds validates the inputs and stores them as new draft needs
	// by by, in their order, with reference codes reserved per hub (one
	// counter bump each) and one bulk insert per 500 needs. Nothing is
	// written when an input is invalid or names an unknown hub (ErrInvalid)
	// or when the database fails (what was written is deleted again).
	ImportNeeds(ctx context.Context, ins []*NeedInput, by string) ([]*Need, error)
	// ImportCompanies validates the inputs and stores them as new
	// unpublished companies by by, all or none: an invalid input or an
	// unknown hub (ErrInvalid), a slug repeated or already stored
	// (ErrConflict, Fields naming "<index>.slug"), a database failure.
	ImportCompanies(ctx context.Context, ins []*CompanyInput, by string) ([]*Company, error)

	// --- Staff workspace A: sessions, sign-in throttling, staff and token
	// management, audit log (issue 5). ---

	// CreateSession stores a new session.
	CreateSession(ctx context.Context, s *Session) error
	// Session returns a session by ID (the hash of its secret); ErrNotFound.
	Session(ctx context.Context, id string) (*Session, error)
	// TouchSession sets a session's last-seen time.
	TouchSession(ctx context.Context, id string, at time.Time) error
	// DeleteSession deletes a session; deleting a missing one is no error.
	DeleteSession(ctx context.Context, id string) error
	// DeleteSessions deletes every session of a staff member.
	DeleteSessions(ctx context.Context, email string) error
	// LoginState returns the failure count and lock of key (a zero state
	// when there is none).
	LoginState(ctx context.Context, key string) (*LoginState, error)
	// LoginFailed counts a failed sign-in of key at now under policy p and
	// returns the new state (locked when the limit is reached).
	LoginFailed(ctx context.Context, key string, now time.Time, p LoginPolicy) (*LoginState, error)
	// LoginSucceeded resets key's failure count.
	LoginSucceeded(ctx context.Context, key string) error
	// ListStaff returns every staff member, ordered by email.
	ListStaff(ctx context.Context) ([]*Staff, error)
	// SetStaffRole changes a staff member's role and hubs.
	SetStaffRole(ctx context.Context, email string, in *StaffRoleInput) (*Staff, error)
	// SetStaffDisabled disables or enables a staff member.
	SetStaffDisabled(ctx context.Context, email string, disabled bool) (*Staff, error)
	// SetStaffPassword replaces a staff member's password hash.
	SetStaffPassword(ctx context.Context, email, passwordHash string) (*Staff, error)
	// Tokens returns the API tokens of a staff member ("" for everyone's),
	// newest first.
	Tokens(ctx context.Context, email string) ([]*Token, error)
	// RevokeToken deletes the token with the given hash; ErrNotFound.
	RevokeToken(ctx context.Context, hash string) (*Token, error)
	// AddAudit appends an entry to the audit log (At: now when zero).
	AddAudit(ctx context.Context, e AuditEntry) error
	// Audit returns the audit entries matching f, newest first.
	Audit(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)

	// --- Staff workspace B: review and renewal of needs (issue 5;
	// content/review.go, content/mongo/review.go). ---

	// RequestReview sends the need ref (a draft, or a closed need to be
	// renewed) for review by another staff member, from the given version:
	// ReviewRequestedBy becomes by. It returns ErrNotFound, ErrConflict, or
	// ErrBadTransition for a need in another status.
	RequestReview(ctx context.Context, ref string, version int64, by string) (*Need, error)
	// RenewNeed gives the need ref a new deadline, from the given version,
	// and publishes it again when it had expired or was closed: one
	// single-document write. It returns ErrNotFound, ErrConflict,
	// ErrInvalid (a deadline in the past), ErrBadTransition (a draft or
	// archived need) or ErrForbidden (review required, see CanPublish).
	RenewNeed(ctx context.Context, ref string, version int64, deadline Date, by string) (*Need, error)

	// Supply side (issue 14; offerstore.go): offers, submissions, testing requests.
	OfferStore
}

// Snapshot is a set of hubs and listings as of revision Rev.
type Snapshot struct {
	Rev        int64
	Hubs       []*Hub
	Needs      []*Need
	Companies  []*Company
	Agreements []*Agreement
	Offers     []*Offer
	// Covered lists revisions besides its documents' own that the
	// snapshot accounts for: writes whose document it holds at that
	// revision or a later one (a change read through a change log).
	Covered []int64 `bson:"-"`
}

// InterestFilter selects interests for the staff inbox. Empty fields match
// everything; Hubs limits the result to those hubs (nil: all).
type InterestFilter struct {
	Hubs   []string
	Need   string
	Status string
	Since  time.Time
	// Until, when set, excludes interests created at or after it.
	Until time.Time
	// Skip is how many of the matching interests, newest first, to leave
	// out; Limit the most to return after them, 0 for all.
	Skip, Limit int
}

// Today returns the calendar date of now in the park's time zone.
func Today(now time.Time, zone *time.Location) Date {
	return DateOf(now.In(zone))
}
