package mongo

import (
	"context"

	"hubdir/content"
)

// hubOf returns the hub code of a need's hub, nil when it does not exist.
func (s *Store) hubOf(ctx context.Context, code string) (*content.Hub, error) {
	h, err := get[content.Hub](ctx, s.hubs, "hub", code)
	if content.ErrorCode(err) == content.CodeNotFound {
		return nil, nil
	}
	return h, err
}

// checkPublish returns the error of publishing n by by under its hub's
// review setting (content.Need.CanPublish): one lookup of the hub by _id.
func (s *Store) checkPublish(ctx context.Context, n *content.Need, by string) error {
	h, err := s.hubOf(ctx, n.Hub)
	if err != nil {
		return err
	}
	return n.CanPublish(h, by)
}

// RequestReview sends the need ref, a draft or a closed need (to be
// renewed), for review, from the given version. It returns ErrNotFound,
// ErrConflict, or ErrBadTransition for a need in another status.
func (s *Store) RequestReview(ctx context.Context, ref string, version int64, by string) (*content.Need, error) {
	return modify(ctx, s, s.needs, "need", ref, version, by, needMeta, needEvent(content.EventListingUpdated), func(n *content.Need) (*content.Need, error) {
		if n.Status != content.NeedDraft && n.Status != content.NeedClosed {
			return nil, content.Errorf(content.CodeBadTransition, "cannot send a need that is %s for review", n.Status)
		}
		out := *n
		out.ReviewRequestedBy = by
		return &out, nil
	})
}

// RenewNeed sets a new deadline on the need ref, from the given version,
// and publishes it again when it was closed (an expired need is published
// with a past deadline: the new one opens it again). It returns
// ErrNotFound, ErrConflict, ErrInvalid for a missing or past deadline,
// ErrBadTransition for a draft or archived need and ErrForbidden when the
// hub requires review and a closed need was not sent for review by
// someone else.
func (s *Store) RenewNeed(ctx context.Context, ref string, version int64, deadline content.Date, by string) (*content.Need, error) {
	today := s.today()
	return modify(ctx, s, s.needs, "need", ref, version, by, needMeta, needEvent(content.EventNeedRenewed), func(n *content.Need) (*content.Need, error) {
		d, ok := content.ParseDate(string(deadline))
		switch {
		case deadline == "":
			return nil, content.InvalidField("deadline", content.RuleRequired)
		case !ok:
			return nil, content.InvalidField("deadline", content.RuleInvalidDate)
		case d.Before(today):
			return nil, content.InvalidField("deadline", content.RuleDatePast)
		}
		out := *n
		out.Deadline = d
		switch n.Status {
		case content.NeedPublished:
		case content.NeedClosed:
			if err := s.checkPublish(ctx, n, by); err != nil {
				return nil, err
			}
			out.Status = content.NeedPublished
			out.ReviewRequestedBy = ""
		default:
			return nil, content.Errorf(content.CodeBadTransition, "cannot renew a need that is %s", n.Status)
		}
		return &out, nil
	})
}
