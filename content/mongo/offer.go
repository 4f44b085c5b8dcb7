package mongo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"

	"hubdir/content"
	"hubdir/i18n"
)

// collOffers holds the offers, by reference code.
const collOffers = "offers"

func offerMeta(o *content.Offer) meta {
	return meta{&o.Version, &o.Rev, &o.UpdatedAt, &o.UpdatedBy, &o.DeletedAt, &o.Pending}
}

// offers returns the offers collection.
func (s *Store) offers() *mdb.Collection { return s.db.Collection(collOffers) }

// Offer returns the offer ref, whatever its status; ErrNotFound when it
// does not exist or is deleted.
func (s *Store) Offer(ctx context.Context, ref string) (*content.Offer, error) {
	o, err := get[content.Offer](ctx, s.offers(), "offer", ref)
	if err != nil {
		return nil, err
	}
	if o.DeletedAt != nil {
		return nil, notFound("offer", ref)
	}
	return o, nil
}

// CreateOffer validates in and stores a new draft offer with the next
// reference code of its first hub and the year, such as TR-OF-26-0007. It
// returns ErrInvalid, also when a hub or the company does not exist.
func (s *Store) CreateOffer(ctx context.Context, in *content.OfferInput, by string) (*content.Offer, error) {
	if err := in.Validate(s.today()); err != nil {
		return nil, err
	}
	if err := s.offerRefs(ctx, in.Hubs, in.Company); err != nil {
		return nil, err
	}
	return s.insertOffer(ctx, in.Hubs[0], func(ref string) *content.Offer { return in.NewOffer(ref, by, s.stamp()) })
}

// SubmitOffer validates a public proposal and stores it as a new draft
// offer with no author; its submitter is kept in Submission.
func (s *Store) SubmitOffer(ctx context.Context, in *content.OfferSubmission) (*content.Offer, error) {
	if err := in.Validate(s.today()); err != nil {
		return nil, err
	}
	if err := s.offerRefs(ctx, in.Offer.Hubs, ""); err != nil {
		return nil, err
	}
	return s.insertOffer(ctx, in.Offer.Hubs[0], func(ref string) *content.Offer { return in.NewOffer(ref, s.stamp()) })
}

// offerRefs checks that the hubs and the company (unless "") exist.
func (s *Store) offerRefs(ctx context.Context, hubs []string, company string) error {
	if err := s.hubError(ctx, "hubs", hubs...); err != nil {
		return err
	}
	if company == "" {
		return nil
	}
	ok, err := exists(ctx, s.companies, company)
	if err != nil {
		return err
	}
	if !ok {
		return content.InvalidField("company", content.RuleUnknownCompany)
	}
	return nil
}

// insertOffer stores the offer mk makes with the next reference of hub,
// taking the next number while a reference is taken (data imported without
// its counter).
func (s *Store) insertOffer(ctx context.Context, hub string, mk func(ref string) *content.Offer) (*content.Offer, error) {
	yy := s.yy()
	for try := 0; ; try++ {
		seq, err := s.next(ctx, offerCounterName(hub, yy))
		if err != nil {
			return nil, err
		}
		o := mk(fmt.Sprintf("%s-OF-%s-%04d", hub, yy, seq))
		if o.Rev, err = s.nextRev(ctx, collOffers, o.Ref); err != nil {
			return nil, err
		}
		o.Pending = []content.Event{s.stampEvent(ctx, offerEvent(content.EventListingCreated)(&content.Offer{}, o), o.Version, o.CreatedBy)}
		_, err = s.offers().InsertOne(ctx, o)
		if err == nil {
			return o, nil
		}
		if !mdb.IsDuplicateKeyError(err) || try >= 20 {
			return nil, storeError(err)
		}
	}
}

// offerCounterName returns the counter of the offer references of a hub in
// a year ("offer:TR:26").
func offerCounterName(hub, yy string) string { return "offer:" + hub + ":" + yy }

// offerCounter returns the counter and number of an offer reference.
func offerCounter(ref string) (name string, seq int64, ok bool) {
	if !content.ValidOfferRef(ref) {
		return "", 0, false
	}
	parts := strings.Split(ref, "-")
	var n int64
	for _, c := range parts[3] {
		n = n*10 + int64(c-'0')
	}
	return offerCounterName(parts[0], parts[2]), n, true
}

// UpdateOffer applies p to the offer ref, from version p.Version. It
// returns ErrNotFound, ErrConflict or ErrInvalid (also for an unknown hub
// or company).
func (s *Store) UpdateOffer(ctx context.Context, ref string, p *content.OfferPatch, by string) (*content.Offer, error) {
	today := s.today()
	return modify(ctx, s, s.offers(), "offer", ref, p.Version, by, offerMeta, offerEvent(content.EventListingUpdated), func(o *content.Offer) (*content.Offer, error) {
		out, err := p.Apply(o, today)
		if err != nil {
			return nil, err
		}
		if p.Hubs != nil || p.Company != nil {
			if err := s.offerRefs(ctx, out.Hubs, out.Company); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// TransitionOffer moves the offer ref along its lifecycle, from the given
// version; publishing stamps PublishedAt the first time. It returns
// ErrNotFound, ErrConflict or ErrBadTransition.
func (s *Store) TransitionOffer(ctx context.Context, ref string, t content.NeedTransition, version int64, by string) (*content.Offer, error) {
	return modify(ctx, s, s.offers(), "offer", ref, version, by, offerMeta, offerEvent(""), func(o *content.Offer) (*content.Offer, error) {
		to, err := content.OfferTarget(t, o.Status)
		if err != nil {
			return nil, err
		}
		out := *o
		out.Status = to
		if to == content.NeedPublished && out.PublishedAt == nil {
			now := s.stamp()
			out.PublishedAt = &now
		}
		return &out, nil
	})
}

// DeleteOffer soft-deletes the offer ref, from the given version.
func (s *Store) DeleteOffer(ctx context.Context, ref string, version int64, by string) (*content.Offer, error) {
	return modify(ctx, s, s.offers(), "offer", ref, version, by, offerMeta, offerEvent(content.EventListingDeleted), softDelete(s, offerMeta))
}

// EraseOfferSubmission replaces the submitter's personal data of the offer
// ref with content.ErasedMarker, from the given version. It returns
// ErrNotFound (also for an offer staff created), ErrConflict or
// ErrBadTransition when already erased.
func (s *Store) EraseOfferSubmission(ctx context.Context, ref string, version int64, by string) (*content.Offer, error) {
	return modify(ctx, s, s.offers(), "offer", ref, version, by, offerMeta, offerEvent(content.EventListingUpdated), func(o *content.Offer) (*content.Offer, error) {
		sub, err := content.EraseSubmission(o.Submission, by, s.stamp())
		if err != nil {
			return nil, err
		}
		out := *o
		out.Submission = sub
		return &out, nil
	})
}

// EraseLabSubmission replaces the submitter's personal data of the
// laboratory slug with content.ErasedMarker, from the given version; as
// EraseOfferSubmission.
func (s *Store) EraseLabSubmission(ctx context.Context, slug string, version int64, by string) (*content.Company, error) {
	return modify(ctx, s, s.companies, "company", slug, version, by, companyMeta, companyEvent(content.EventListingUpdated), func(c *content.Company) (*content.Company, error) {
		sub, err := content.EraseSubmission(c.Submission, by, s.stamp())
		if err != nil {
			return nil, err
		}
		out := *c
		out.Submission = sub
		return &out, nil
	})
}

// SubmitLab validates a laboratory's public proposal and stores it as an
// unpublished company of kind laboratory, with a slug made from its
// English (else any Latin) name and a number when that is taken.
func (s *Store) SubmitLab(ctx context.Context, in *content.LabSubmission) (*content.Company, error) {
	in.Company.Slug = "lab-proposal" // a placeholder that validates; replaced below
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := s.hubError(ctx, "hubs", in.Company.Hubs...); err != nil {
		return nil, err
	}
	base := labSlug(in.Company.Name)
	for try := 0; try < 50; try++ {
		in.Company.Slug = base
		if try > 0 {
			in.Company.Slug = fmt.Sprintf("%s-%d", base, try+1)
		}
		c := in.NewCompany(s.stamp())
		content.StampCompanyText(nil, c, c.CreatedAt)
		var err error
		if c.Rev, err = s.nextRev(ctx, collCompanies, c.Slug); err != nil {
			return nil, err
		}
		c.Pending = []content.Event{s.stampEvent(ctx, companyEvent(content.EventListingCreated)(&content.Company{}, c), c.Version, "")}
		_, err = s.companies.InsertOne(ctx, c)
		if err == nil {
			return c, nil
		}
		if !mdb.IsDuplicateKeyError(err) {
			return nil, storeError(err)
		}
	}
	return nil, content.Errorf(content.CodeConflict, "no free slug for %q", base)
}

// labSlug derives a slug from a name: the folded Latin words of the
// English name, else of any name, else "lab".
func labSlug(name content.Text) string {
	pick := func(s string) string {
		var words []string
		for _, w := range strings.Fields(i18n.Fold(s)) {
			ok := true
			for _, r := range w {
				if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
					ok = false
					break
				}
			}
			if ok {
				words = append(words, w)
			}
		}
		out := strings.Join(words, "-")
		if len(out) > 48 {
			out = strings.TrimRight(out[:48], "-")
		}
		return out
	}
	if s, ok := name.In("en"); ok {
		if out := pick(s); content.ValidSlug(out) {
			return out
		}
	}
	for _, l := range name.Locales() {
		if out := pick(name[l]); content.ValidSlug(out) {
			return out
		}
	}
	return "lab"
}

// CreateTestingRequest validates in and stores a request for a testing
// service of an offer or a laboratory as an interest of the target's hub,
// with the next interest reference. A request identical to one stored
// (same target, email and details) returns the first and created false.
func (s *Store) CreateTestingRequest(ctx context.Context, t content.TestingTarget, in *content.TestingRequestInput) (*content.Interest, bool, error) {
	if err := in.Validate(s.today()); err != nil {
		return nil, false, err
	}
	switch {
	case t.Offer != "":
		o, err := s.Offer(ctx, t.Offer)
		if err != nil {
			return nil, false, err
		}
		if !o.Public() {
			return nil, false, notFound("offer", t.Offer)
		}
		if !o.OpenOn(s.today()) {
			return nil, false, content.Errorf(content.CodeNeedNotOpen, "offer %q is %s", t.Offer, o.StatusOn(s.today()))
		}
		t = content.TestingTarget{Offer: o.Ref, Hub: o.Hubs[0]}
	case t.Lab != "":
		c, err := s.Company(ctx, t.Lab)
		if err != nil {
			return nil, false, err
		}
		if !c.Public() || c.Kind != "laboratory" || len(c.Hubs) == 0 {
			return nil, false, notFound("laboratory", t.Lab)
		}
		t = content.TestingTarget{Lab: c.Slug, Hub: c.Hubs[0]}
	default:
		return nil, false, content.Errorf(content.CodeNotFound, "no offer or laboratory")
	}
	yy := s.yy()
	for try := 0; ; try++ {
		seq, err := s.next(ctx, "interest:"+yy)
		if err != nil {
			return nil, false, err
		}
		i := in.NewTestingInterest(fmt.Sprintf("EOI-%s-%05d", yy, seq), t, s.stamp())
		i.Pending = []content.Event{s.stampEvent(ctx, interestEvent(content.EventInterestNew)(&content.Interest{}, i), i.Version, "")}
		_, err = s.interests.InsertOne(ctx, i)
		if err == nil {
			return i, true, nil
		}
		if !mdb.IsDuplicateKeyError(err) {
			return nil, false, storeError(err)
		}
		var first content.Interest
		err = s.interests.FindOne(ctx, bson.D{{Key: "dedupe_key", Value: i.DedupeKey}}).Decode(&first)
		if err == nil {
			return &first, false, nil
		}
		if !errors.Is(err, mdb.ErrNoDocuments) || try >= 20 {
			return nil, false, storeError(err)
		}
	}
}
