package content

import (
	"slices"
	"time"
)

// ErasedMarker replaces every piece of personal data of an erased interest.
const ErasedMarker = "[erased]"

// Erasure records the erasure of an interest's personal data.
type Erasure struct {
	At time.Time `bson:"at" json:"at"`
	By string    `bson:"by" json:"by"`
}

// IsErased reports whether the interest's personal data was erased.
func (i *Interest) IsErased() bool { return i != nil && i.Erased != nil }

// EraseInterest returns a copy of i with its personal data replaced by
// ErasedMarker: the contact's name, email and phone, the firm's name and
// registration, the answers and the staff notes (which may quote them).
// What the figures need stays: the need, hub, status, decline reasons,
// dates, the firm's country and the language. The dedupe key, derived from
// the email, becomes one derived from the reference, so the same email may
// register again. It returns ErrBadTransition when i is already erased.
func EraseInterest(i *Interest, by string, now time.Time) (*Interest, error) {
	if i.IsErased() {
		return nil, Errorf(CodeBadTransition, "interest %s is already erased", i.Ref)
	}
	out := *i
	out.Company = InterestCompany{Name: ErasedMarker, Registration: ErasedMarker, Country: i.Company.Country}
	out.ContactName, out.Email, out.Phone = ErasedMarker, ErasedMarker, ErasedMarker
	out.Answers = Answers{Offer: ErasedMarker, Fit: ErasedMarker, Proposal: ErasedMarker}
	out.History = slices.Clone(i.History)
	for k := range out.History {
		if out.History[k].Note != "" {
			out.History[k].Note = ErasedMarker
		}
	}
	if i.Testing != nil {
		t := *i.Testing
		t.What = ErasedMarker
		out.Testing = &t
	}
	out.DedupeKey = "erased:" + i.Ref
	out.Erased = &Erasure{At: now, By: by}
	out.UpdatedAt = now
	return &out, nil
}

// InterestTally counts the interests in one need by status, for the
// outcomes page.
type InterestTally struct {
	Hub  string
	Need string
	// Offer or Lab name the target of testing requests (Need is "").
	Offer    string
	Lab      string
	ByStatus map[string]int
	Total    int
}
