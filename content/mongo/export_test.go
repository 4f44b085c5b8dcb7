package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"hubdir/content"
)

// SetStaffDisabled disables or enables a staff member directly in the
// database, for tests of StaffByToken.
func SetStaffDisabled(ctx context.Context, s *Store, email string, disabled bool) error {
	_, err := s.staff.UpdateOne(ctx, byID(email), bson.D{{Key: "$set", Value: bson.D{{Key: "disabled", Value: disabled}}}})
	return err
}

// StoreEvent copies one event to the event log without touching its
// document: the state a process killed between the two steps of a relay
// leaves.
func StoreEvent(ctx context.Context, s *Store, e content.Event) error { return s.storeEvent(ctx, e) }
