package mongo

import (
	"context"

	"hubdir/content"
)

// FirmUpdateInterest applies a change the firm of address email makes to
// its interest ref (withdraw it, correct its contact details), from
// in.Version, in one conditional write. It returns ErrNotFound (also for
// another address's interest), ErrConflict, ErrInvalid or
// ErrBadTransition.
func (s *Store) FirmUpdateInterest(ctx context.Context, ref, email string, in *content.InterestFirmInput) (*content.Interest, error) {
	return modify(ctx, s, s.interests, "interest", ref, in.Version, content.FirmByline, interestMeta, interestEvent(content.EventInterestChanged),
		func(i *content.Interest) (*content.Interest, error) {
			return in.ApplyFirm(i, email, s.stamp())
		})
}
