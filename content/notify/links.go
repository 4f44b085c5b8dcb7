package notify

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"hubdir/content"
)

// LinkToken is the stored form of a link token: its SHA-256 as _id (the
// token itself is never stored), one purpose, an expiry and, for single-use
// purposes, when it was used.
type LinkToken struct {
	Hash    string    `bson:"_id"`
	Purpose string    `bson:"purpose"`
	Email   string    `bson:"email"`
	Ref     string    `bson:"ref,omitempty"` // a subscription, for alert purposes
	Lang    string    `bson:"lang,omitempty"`
	Created time.Time `bson:"created"`
	Expires time.Time `bson:"expires"`
	Used    time.Time `bson:"used,omitempty"`
}

// TokenStore keeps link tokens; content/mongo implements it.
type TokenStore interface {
	// PutToken stores a new token.
	PutToken(ctx context.Context, t *LinkToken) error
	// Token returns the token with the given hash; content.ErrNotFound.
	Token(ctx context.Context, hash string) (*LinkToken, error)
	// UseToken marks the token used at now, once: ErrLinkUsed when it
	// was used before (one conditional write).
	UseToken(ctx context.Context, hash string, now time.Time) (*LinkToken, error)
	// DeleteTokens deletes every token of email (erasure).
	DeleteTokens(ctx context.Context, email string) error
}

// Errors of Links.Open and Links.Check; each has its own page.
var (
	ErrLinkUnknown = errors.New("notify: unknown link")
	ErrLinkExpired = errors.New("notify: expired link")
	ErrLinkUsed    = errors.New("notify: link already used")
)

// tokenLen is the length of a token: 32 random bytes in base64url.
const tokenLen = 43

// Links makes and checks link tokens.
type Links struct {
	Store TokenStore
	Now   func() time.Time
}

func (l *Links) now() time.Time {
	if l.Now == nil {
		return time.Now()
	}
	return l.Now()
}

// HashToken returns the stored id of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Mint makes a new token for purpose, email and ref, valid for ttl, stores
// its hash and returns it.
func (l *Links) Mint(ctx context.Context, purpose, email, ref, lang string, ttl time.Duration) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	now := l.now().UTC()
	err := l.Store.PutToken(ctx, &LinkToken{
		Hash: HashToken(tok), Purpose: purpose, Email: strings.ToLower(email), Ref: ref, Lang: lang,
		Created: now, Expires: now.Add(ttl),
	})
	if err != nil {
		return "", err
	}
	return tok, nil
}

// Check returns the live token tok of purpose without using it:
// ErrLinkUnknown for a malformed, unknown or other-purpose token,
// ErrLinkExpired, ErrLinkUsed.
func (l *Links) Check(ctx context.Context, tok, purpose string) (*LinkToken, error) {
	if !wellFormed(tok) {
		return nil, ErrLinkUnknown
	}
	t, err := l.Store.Token(ctx, HashToken(tok))
	if errors.Is(err, content.ErrNotFound) {
		return nil, ErrLinkUnknown
	}
	if err != nil {
		return nil, err
	}
	if t.Purpose != purpose {
		return nil, ErrLinkUnknown
	}
	if !t.Used.IsZero() {
		return nil, ErrLinkUsed
	}
	if !l.now().Before(t.Expires) {
		return nil, ErrLinkExpired
	}
	return t, nil
}

// Open checks the token tok of purpose and uses it up: a second Open of
// the same token fails with ErrLinkUsed, even when two race.
func (l *Links) Open(ctx context.Context, tok, purpose string) (*LinkToken, error) {
	t, err := l.Check(ctx, tok, purpose)
	if err != nil {
		return nil, err
	}
	return l.Store.UseToken(ctx, t.Hash, l.now().UTC())
}

// wellFormed reports whether tok looks like a token (so that junk never
// reaches the store).
func wellFormed(tok string) bool {
	if len(tok) != tokenLen {
		return false
	}
	for i := 0; i < len(tok); i++ {
		b := tok[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
			return false
		}
	}
	return true
}
