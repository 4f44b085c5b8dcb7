package mongo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"hubdir/content"
)

// tokenPrefix starts every API token, so that a leaked one is recognisable.
const tokenPrefix = "hd_"

// AddStaff validates in and stores a new staff member with the given
// password hash. It returns ErrInvalid, or ErrConflict when the email is
// taken.
func (s *Store) AddStaff(ctx context.Context, in *content.StaffInput, passwordHash string) (*content.Staff, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	now := s.stamp()
	st := &content.Staff{
		Email: in.Email, Name: in.Name, Role: in.Role, Hubs: in.Hubs,
		PasswordHash: passwordHash, CreatedAt: now, UpdatedAt: now,
	}
	if _, err := s.staff.InsertOne(ctx, st); err != nil {
		err = storeError(err)
		if content.ErrorCode(err) == content.CodeConflict {
			return nil, content.Errorf(content.CodeConflict, "staff %q exists", in.Email)
		}
		return nil, err
	}
	return st, nil
}

// Staff returns the staff member with the email (in any case); ErrNotFound
// when there is none.
func (s *Store) Staff(ctx context.Context, email string) (*content.Staff, error) {
	return get[content.Staff](ctx, s.staff, "staff", strings.ToLower(email))
}

// CreateToken creates an API token for the staff member email and stores
// its SHA-256 hash. The token ("hd_" and 43 characters) is returned once and
// stored nowhere. It returns ErrNotFound when there is no such staff member.
func (s *Store) CreateToken(ctx context.Context, email string) (string, error) {
	st, err := s.Staff(ctx, email)
	if err != nil {
		return "", err
	}
	b := make([]byte, 32)
	rand.Read(b)
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	t := &content.Token{Hash: tokenHash(token), Email: st.Email, CreatedAt: s.stamp()}
	if _, err := s.tokens.InsertOne(ctx, t); err != nil {
		return "", storeError(err)
	}
	return token, nil
}

// StaffByToken returns the staff member the token belongs to. It returns
// ErrUnauthorized when the token is unknown or the staff member is missing
// or disabled, and ErrUnavailable when the database cannot be reached.
func (s *Store) StaffByToken(ctx context.Context, token string) (*content.Staff, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 200 {
		return nil, content.Errorf(content.CodeUnauthorized, "malformed token")
	}
	t, err := get[content.Token](ctx, s.tokens, "token", tokenHash(token))
	if err != nil {
		return nil, unauthorized(err)
	}
	st, err := s.Staff(ctx, t.Email)
	if err != nil {
		return nil, unauthorized(err)
	}
	if st.Disabled {
		return nil, content.Errorf(content.CodeUnauthorized, "staff %q is disabled", st.Email)
	}
	return st, nil
}

// unauthorized turns a not-found error into ErrUnauthorized.
func unauthorized(err error) error {
	if content.ErrorCode(err) == content.CodeNotFound {
		return content.Errorf(content.CodeUnauthorized, "unknown token")
	}
	return err
}

// tokenHash returns the hex SHA-256 of a token, its _id in "tokens".
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
