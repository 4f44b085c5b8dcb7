package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// SetStaffDisabled disables or enables a staff member directly in the
// database, for tests of StaffByToken.
func SetStaffDisabled(ctx context.Context, s *Store, email string, disabled bool) error {
	_, err := s.staff.UpdateOne(ctx, byID(email), bson.D{{Key: "$set", Value: bson.D{{Key: "disabled", Value: disabled}}}})
	return err
}
