package notify

import (
	"context"
	"time"

	"hubdir/content"
)

// Marks of the digests: the last day whose staff digests were made, and
// the last day the alert subscriptions were looked at.
const (
	digestMark = "digest.staff"
	alertMark  = "digest.alerts"
)

// Digests makes the digests that are due: each staff member who chose a
// daily digest gets one for yesterday (park time) when they had new
// interests, and each confirmed alert subscription gets the needs
// published since its last digest, daily or weekly. Each digest's id is
// derived from its recipient and day, so two instances, or a crash and a
// second run, never make two.
func (n *Notifier) Digests(ctx context.Context) error {
	n.defaults()
	zone := n.Compose.Zone
	if zone == nil {
		zone = time.UTC
	}
	now := n.Now().In(zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	if err := n.staffDigests(ctx, today); err != nil {
		return err
	}
	return n.alertDigests(ctx, today)
}

// staffDigests makes the staff digests of the day before today, once.
func (n *Notifier) staffDigests(ctx context.Context, today time.Time) error {
	start := today.AddDate(0, 0, -1)
	day := start.Format(time.DateOnly)
	_, done, err := n.State.Mark(ctx, digestMark)
	if err != nil || done >= day {
		return err
	}
	staff, err := n.Source.ListStaff(ctx)
	if err != nil {
		return err
	}
	prefs, err := n.State.StaffPrefs(ctx)
	if err != nil {
		return err
	}
	var ins []*content.Interest // read once, only when someone wants a digest
	needs := map[string]*content.Need{}
	for _, s := range staff {
		mode, lang := n.pref(prefs, s)
		if mode != ModeDaily || s.Disabled {
			continue
		}
		if ins == nil {
			if ins, err = n.Source.Interests(ctx, content.InterestFilter{Since: start, Until: today, Limit: 5000}); err != nil {
				return err
			}
		}
		var mine []*content.Interest
		for _, i := range ins {
			if s.CanManage(i.Hub) && i.Erased == nil {
				mine = append(mine, i)
				if needs[i.Need] == nil {
					if nd, err := n.Source.Need(ctx, i.Need); err == nil {
						needs[i.Need] = nd
					}
				}
			}
		}
		if len(mine) == 0 {
			continue
		}
		if err := n.put(ctx)(n.Compose.StaffDigest(day, s, lang, mine, needs)); err != nil {
			return err
		}
	}
	return n.State.SetMark(ctx, digestMark, 0, day)
}

// alertDigests makes, once a day, the digest of every confirmed
// subscription whose period (a day or a week from Since) has ended by
// today, and forgets the subscriptions never confirmed.
func (n *Notifier) alertDigests(ctx context.Context, today time.Time) error {
	if n.Needs == nil || n.Subs == nil {
		return nil
	}
	day := today.Format(time.DateOnly)
	if _, done, err := n.State.Mark(ctx, alertMark); err != nil || done >= day {
		return err
	}
	subs, err := n.Subs.Subscriptions(ctx, "")
	if err != nil {
		return err
	}
	for _, s := range subs {
		if !s.Confirmed {
			// Never confirmed: forget it once its link has expired.
			if today.Sub(s.CreatedAt) > OptInTTL {
				if err := n.Subs.DeleteSubscription(ctx, s.ID); err != nil {
					return err
				}
			}
			continue
		}
		period := 24 * time.Hour
		if s.Frequency == Weekly {
			period = 7 * 24 * time.Hour
		}
		if today.Sub(s.Since) < period {
			continue
		}
		if needs := n.Needs(s.Filter, s.Since, today); len(needs) > 0 {
			if err := n.put(ctx)(n.Compose.AlertDigest(s, day, needs)); err != nil {
				return err
			}
		}
		if err := n.Subs.SetSubscriptionSince(ctx, s.ID, today); err != nil {
			return err
		}
	}
	return n.State.SetMark(ctx, alertMark, 0, day)
}
