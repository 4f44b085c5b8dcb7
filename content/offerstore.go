package content

import "context"

// OfferStore is the part of the Store that keeps the supply side: offers,
// the public submissions of offers and laboratory profiles, and requests
// for a testing service. It returns the Store's error codes.
type OfferStore interface {
	// Offer returns an offer by reference, whatever its status.
	Offer(ctx context.Context, ref string) (*Offer, error)
	// CreateOffer validates the input and stores a new draft offer with a
	// newly allocated reference code of its first hub ("TR-OF-26-0007").
	// It returns ErrInvalid also for an unknown hub or company.
	CreateOffer(ctx context.Context, in *OfferInput, by string) (*Offer, error)
	// ImportOffers validates the inputs and stores them as new draft
	// offers of the importer by, in the inputs' order: nothing is written
	// when an input is invalid or names a hub or company that does not
	// exist (ErrInvalid, the field path naming the input's index). The
	// references are reserved with one counter bump per first hub and the
	// offers inserted with one batch write.
	ImportOffers(ctx context.Context, ins []*OfferInput, by string) ([]*Offer, error)
	// UpdateOffer applies a patch made from version p.Version.
	UpdateOffer(ctx context.Context, ref string, p *OfferPatch, by string) (*Offer, error)
	// TransitionOffer changes an offer's status, from the given version.
	TransitionOffer(ctx context.Context, ref string, t NeedTransition, version int64, by string) (*Offer, error)
	// DeleteOffer soft-deletes an offer, from the given version.
	DeleteOffer(ctx context.Context, ref string, version int64, by string) (*Offer, error)
	// SubmitOffer stores a firm's public proposal as a new draft offer.
	SubmitOffer(ctx context.Context, in *OfferSubmission) (*Offer, error)
	// SubmitLab stores a laboratory's public proposal as a new unpublished
	// company of kind laboratory with a slug derived from its name;
	// ErrInvalid when the hubs do not exist.
	SubmitLab(ctx context.Context, in *LabSubmission) (*Company, error)
	// CreateTestingRequest validates and stores a request for a testing
	// service of the open offer ref (t.Offer) or the published laboratory
	// t.Lab, as an interest of the hub's inbox. A request sent twice
	// returns the first and created false. ErrNotFound when the target
	// is not public, ErrNeedNotOpen when the offer is closed or expired.
	CreateTestingRequest(ctx context.Context, t TestingTarget, in *TestingRequestInput) (i *Interest, created bool, err error)
	// EraseOfferSubmission erases the submitter's personal data of the
	// offer ref, from the given version.
	EraseOfferSubmission(ctx context.Context, ref string, version int64, by string) (*Offer, error)
	// EraseLabSubmission erases the submitter's personal data of the
	// proposed laboratory slug, from the given version.
	EraseLabSubmission(ctx context.Context, slug string, version int64, by string) (*Company, error)
}
