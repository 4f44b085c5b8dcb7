package notify

import (
	"context"
)

// Staff notification modes, chosen by each staff member.
const (
	ModeEach  = "each"  // one message per new interest (the default)
	ModeDaily = "daily" // one digest a day
	ModeNone  = "none"  // no e-mail
)

// StaffPref is a staff member's choice of notifications.
type StaffPref struct {
	Email string `bson:"_id"`
	Mode  string `bson:"mode"`
	Lang  string `bson:"lang"`
}

// StateStore keeps the notifier's small bookkeeping documents; content/mongo
// implements it.
type StateStore interface {
	// StaffPrefs returns every staff member's choice, by email.
	StaffPrefs(ctx context.Context) (map[string]*StaffPref, error)
	// PutStaffPref stores one choice.
	PutStaffPref(ctx context.Context, p *StaffPref) error
	// Mark returns the value of a named mark (the event cursor, the last
	// digest's day); 0 or "" when unset.
	Mark(ctx context.Context, name string) (seq int64, day string, err error)
	// SetMark sets a named mark.
	SetMark(ctx context.Context, name string, seq int64, day string) error
}
