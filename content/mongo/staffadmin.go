package mongo

import (
	"context"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// ListStaff returns every staff member, ordered by email.
func (s *Store) ListStaff(ctx context.Context) ([]*content.Staff, error) {
	return all[content.Staff](ctx, s.staff, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
}

// changeStaff is the read-modify-write of a staff document, under the
// document's lock on FerretDB. ErrNotFound when there is no such member.
func (s *Store) changeStaff(ctx context.Context, email string, change func(*content.Staff) error) (*content.Staff, error) {
	email = strings.ToLower(email)
	unlock, err := s.lock(ctx, collStaff+"/"+email)
	if err != nil {
		return nil, err
	}
	defer unlock()
	st, err := s.Staff(ctx, email)
	if err != nil {
		return nil, err
	}
	if err := change(st); err != nil {
		return nil, err
	}
	st.UpdatedAt = s.stamp()
	if _, err := s.staff.ReplaceOne(ctx, byID(email), st); err != nil {
		return nil, storeError(err)
	}
	return st, nil
}

// SetStaffRole validates in and sets the role and hubs of email.
func (s *Store) SetStaffRole(ctx context.Context, email string, in *content.StaffRoleInput) (*content.Staff, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return s.changeStaff(ctx, email, func(st *content.Staff) error {
		st.Role, st.Hubs = in.Role, in.Hubs
		return nil
	})
}

// SetStaffDisabled disables or enables email.
func (s *Store) SetStaffDisabled(ctx context.Context, email string, disabled bool) (*content.Staff, error) {
	return s.changeStaff(ctx, email, func(st *content.Staff) error {
		st.Disabled = disabled
		return nil
	})
}

// SetStaffPassword replaces the password hash of email.
func (s *Store) SetStaffPassword(ctx context.Context, email, passwordHash string) (*content.Staff, error) {
	if passwordHash == "" {
		return nil, content.InvalidField("password", content.RuleRequired)
	}
	return s.changeStaff(ctx, email, func(st *content.Staff) error {
		st.PasswordHash = passwordHash
		return nil
	})
}

// Tokens returns the tokens of email ("" for every staff member's), newest
// first.
func (s *Store) Tokens(ctx context.Context, email string) ([]*content.Token, error) {
	filter := bson.D{}
	if email != "" {
		filter = bson.D{{Key: "email", Value: strings.ToLower(email)}}
	}
	return all[content.Token](ctx, s.tokens, filter, options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}}))
}

// RevokeToken deletes the token whose hash is hash and returns it;
// ErrNotFound when there is none.
func (s *Store) RevokeToken(ctx context.Context, hash string) (*content.Token, error) {
	t, err := get[content.Token](ctx, s.tokens, "token", hash)
	if err != nil {
		return nil, err
	}
	if _, err := s.tokens.DeleteOne(ctx, byID(hash)); err != nil {
		return nil, storeError(err)
	}
	return t, nil
}
