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
	// Interests returns the interests matching the filter, newest first.
	Interests(ctx context.Context, f InterestFilter) ([]*Interest, error)
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
}

// Snapshot is a set of hubs and listings as of revision Rev.
type Snapshot struct {
	Rev        int64
	Hubs       []*Hub
	Needs      []*Need
	Companies  []*Company
	Agreements []*Agreement
}

// InterestFilter selects interests for the staff inbox. Empty fields match
// everything; Hubs limits the result to those hubs (nil: all).
type InterestFilter struct {
	Hubs   []string
	Need   string
	Status string
	Since  time.Time
	Limit  int
}

// Today returns the calendar date of now in the park's time zone.
func Today(now time.Time, zone *time.Location) Date {
	return DateOf(now.In(zone))
}
