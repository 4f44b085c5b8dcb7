package sample

import (
	"context"
	"fmt"
	"time"

	"hubdir/content"
)

// OfferData is one offer of data/offers.json: the create input, the status
// it should end up in, and its expiry as a number of days from today (0:
// no expiry), so that the sample never goes stale.
type OfferData struct {
	content.OfferInput
	Status           string `json:"status"`
	ExpiryOffsetDays int    `json:"expiry_offset_days"`
}

// Expiry returns the offer's expiry date when today is the given date.
func (d *OfferData) Expiry(today content.Date) content.Date {
	if d.ExpiryOffsetDays == 0 {
		return ""
	}
	return addDays(today, d.ExpiryOffsetDays)
}

// checkOffers checks what loadOffers relies on: statuses, and no fixed
// expiry dates (offsets are used instead).
func checkOffers(offers []OfferData) error {
	for i, o := range offers {
		switch o.Status {
		case content.NeedDraft, content.NeedPublished, content.NeedClosed, content.NeedArchived:
		default:
			return fmt.Errorf("sample: offers.json[%d]: unknown status %q", i, o.Status)
		}
		if o.OfferInput.Deadline != "" || o.ExpiryOffsetDays < 0 {
			return fmt.Errorf("sample: offers.json[%d]: use a non-negative expiry_offset_days, not deadline", i)
		}
	}
	return nil
}

// loadOffers stores the sample offers and takes each to its status.
func loadOffers(ctx context.Context, st content.Store, offers []OfferData, today content.Date) error {
	for i := range offers {
		od := &offers[i]
		in := od.OfferInput
		in.Deadline = od.Expiry(today)
		o, err := st.CreateOffer(ctx, &in, Author)
		if err != nil {
			return fmt.Errorf("sample: offer %d (%s): %w", i, od.Title["en"], err)
		}
		var steps []content.NeedTransition
		switch od.Status {
		case content.NeedPublished:
			steps = []content.NeedTransition{content.Publish}
		case content.NeedClosed:
			steps = []content.NeedTransition{content.Publish, content.Close}
		case content.NeedArchived:
			steps = []content.NeedTransition{content.Archive}
		}
		for _, t := range steps {
			if o, err = st.TransitionOffer(ctx, o.Ref, t, o.Version, Author); err != nil {
				return fmt.Errorf("sample: offer %s: %s: %w", o.Ref, t, err)
			}
		}
	}
	return nil
}

// SampleOffers returns the sample offers as stored when today is the
// given date: reference codes TR-OF-26-0001… per first hub in file order
// (the year of now), statuses as the data gives them. It is for tests
// that build a catalog without a store.
func SampleOffers(d *Data, now time.Time, today content.Date, rev func() int64) []*content.Offer {
	var out []*content.Offer
	count := map[string]int{}
	for i := range d.Offers {
		od := &d.Offers[i]
		hub := od.Hubs[0]
		count[hub]++
		in := od.OfferInput
		in.Deadline = od.Expiry(today)
		o := in.NewOffer(fmt.Sprintf("%s-OF-%s-%04d", hub, string(today)[2:4], count[hub]), Author, now)
		o.Status, o.Rev = od.Status, rev()
		if o.Status != content.NeedDraft {
			t := now
			o.PublishedAt = &t
		}
		out = append(out, o)
	}
	return out
}
