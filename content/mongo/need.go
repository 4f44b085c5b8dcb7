package mongo

import (
	"context"
	"fmt"

	mdb "go.mongodb.org/mongo-driver/v2/mongo"

	"hubdir/content"
)

// Need returns the need ref, whatever its status; ErrNotFound when it does
// not exist or is deleted.
func (s *Store) Need(ctx context.Context, ref string) (*content.Need, error) {
	n, err := get[content.Need](ctx, s.needs, "need", ref)
	if err != nil {
		return nil, err
	}
	if n.DeletedAt != nil {
		return nil, notFound("need", ref)
	}
	return n, nil
}

// CreateNeed validates in and stores a new draft need with the next
// reference code of its hub and year, such as TR-26-0042. It returns
// ErrInvalid, also when the hub does not exist.
func (s *Store) CreateNeed(ctx context.Context, in *content.NeedInput, by string) (*content.Need, error) {
	if err := in.Validate(s.today()); err != nil {
		return nil, err
	}
	if err := s.hubError(ctx, "hub", in.Hub); err != nil {
		return nil, err
	}
	yy := s.yy()
	// The counter is ahead of every stored reference, unless the data was
	// imported without it: then a taken reference makes us take the next.
	for try := 0; ; try++ {
		seq, err := s.next(ctx, needCounterName(in.Hub, yy))
		if err != nil {
			return nil, err
		}
		n := in.NewNeed(fmt.Sprintf("%s-%s-%04d", in.Hub, yy, seq), by, s.stamp())
		content.StampNeedText(nil, n, n.CreatedAt)
		if n.Rev, err = s.nextRev(ctx, collNeeds, n.Ref); err != nil {
			return nil, err
		}
		n.Pending = []content.Event{s.stampEvent(ctx, needEvent(content.EventListingCreated)(&content.Need{}, n), n.Version, by)}
		_, err = s.needs.InsertOne(ctx, n)
		if err == nil {
			return n, nil
		}
		if !mdb.IsDuplicateKeyError(err) || try >= 20 {
			return nil, storeError(err)
		}
	}
}

// UpdateNeed applies p to the need ref, from version p.Version. It returns
// ErrNotFound, ErrConflict when the version is stale, or ErrInvalid.
func (s *Store) UpdateNeed(ctx context.Context, ref string, p *content.NeedPatch, by string) (*content.Need, error) {
	today := s.today()
	return modify(ctx, s, s.needs, "need", ref, p.Version, by, needMeta, needEvent(content.EventListingUpdated), func(n *content.Need) (*content.Need, error) {
		out, err := p.Apply(n, today)
		if err == nil {
			content.StampNeedText(n, out, s.stamp())
		}
		return out, err
	})
}

// TransitionNeed moves the need ref along its lifecycle, from the given
// version; publishing stamps PublishedAt the first time. It returns
// ErrNotFound, ErrConflict, or ErrBadTransition leaving the need as it was.
func (s *Store) TransitionNeed(ctx context.Context, ref string, t content.NeedTransition, version int64, by string) (*content.Need, error) {
	return modify(ctx, s, s.needs, "need", ref, version, by, needMeta, needTransitionEvent, func(n *content.Need) (*content.Need, error) {
		to, err := t.Target(n.Status)
		if err != nil {
			return nil, err
		}
		if to == content.NeedPublished {
			if err := s.checkPublish(ctx, n, by); err != nil {
				return nil, err
			}
		}
		out := *n
		out.Status = to
		if to == content.NeedPublished {
			out.ReviewRequestedBy = ""
		}
		if to == content.NeedPublished && out.PublishedAt == nil {
			now := s.stamp()
			out.PublishedAt = &now
		}
		return &out, nil
	})
}

// DeleteNeed soft-deletes the need ref, from the given version: it stays
// stored with deleted_at set, so that the catalog's sync removes it.
func (s *Store) DeleteNeed(ctx context.Context, ref string, version int64, by string) (*content.Need, error) {
	return modify(ctx, s, s.needs, "need", ref, version, by, needMeta, needEvent(content.EventListingDeleted), softDelete(s, needMeta))
}
