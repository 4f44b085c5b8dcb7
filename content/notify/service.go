package notify

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"hubdir/content"
)

// HitCounter counts hits per key and window, shared by all instances
// (content/mongo's Store is one); it bounds link requests and sign-ups
// per e-mail address.
type HitCounter interface {
	AddHits(ctx context.Context, key string, window, expires time.Time, n int64) (int64, error)
}

// FirmInterests finds the interests registered with an e-mail address
// (content/mongo's Store). The changes a firm makes to its own go through
// the workspace (workspace.Service.FirmChangeInterest).
type FirmInterests interface {
	InterestsByEmail(ctx context.Context, email string) ([]*content.Interest, error)
}

// Service is what the web pages use of the mail side: the outbox, link
// tokens, subscriptions and staff choices, and the composer.
type Service struct {
	Outbox  Outbox
	Links   *Links
	Subs    SubscriptionStore
	State   StateStore
	Firms   FirmInterests
	Hits    HitCounter
	Compose *Composer
	// Sending is set when an SMTP server is configured; otherwise messages
	// stay in the outbox for staff to read.
	Sending bool
	// PerEmailPerHour bounds link requests and sign-ups per address
	// (default 5).
	PerEmailPerHour int
	Now             func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// ErrRateLimited means too many requests for one e-mail address.
var ErrRateLimited = errors.New("notify: too many requests for this address")

// allowEmail counts a request for email and reports whether it is within
// the hourly limit. When the counter cannot be reached it allows.
func (s *Service) allowEmail(ctx context.Context, kind, email string) bool {
	if s.Hits == nil {
		return true
	}
	max := s.PerEmailPerHour
	if max <= 0 {
		max = 5
	}
	sum := sha256.Sum256([]byte(strings.ToLower(email)))
	now := s.now()
	window := now.Truncate(time.Hour)
	n, err := s.Hits.AddHits(ctx, "mail:"+kind+":"+hex.EncodeToString(sum[:12]), window, window.Add(2*time.Hour), 1)
	return err != nil || n <= int64(max)
}

// requestID returns a new random cause for a message asked for by a
// visitor (a link request), so each request makes its own message.
func requestID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "req/" + hex.EncodeToString(b)
}

// RequestMyLink sends a new link to the page of email's interests, in
// lang, when that address registered any; it answers the same either way,
// so that nobody learns which addresses registered. ErrRateLimited.
func (s *Service) RequestMyLink(ctx context.Context, email, lang string) error {
	email = strings.ToLower(email)
	if !s.allowEmail(ctx, "my", email) {
		return ErrRateLimited
	}
	ins, err := s.Firms.InterestsByEmail(ctx, email)
	if err != nil || len(ins) == 0 {
		return err
	}
	m, err := s.Compose.MyLink(requestID(), email, lang)
	if err != nil {
		return err
	}
	_, err = s.Outbox.Enqueue(ctx, m)
	return err
}

// Subscribe stores an unconfirmed subscription and sends its confirmation
// (double opt-in). ErrRateLimited; content.ErrInvalid for a bad filter,
// frequency or language.
func (s *Service) Subscribe(ctx context.Context, email, lang, freq string, f AlertFilter) error {
	email = strings.ToLower(email)
	if freq != Daily && freq != Weekly {
		return content.InvalidField("frequency", content.RuleUnknownValue)
	}
	if err := f.Validate(); err != nil {
		return err
	}
	if !s.allowEmail(ctx, "alert", email) {
		return ErrRateLimited
	}
	have, err := s.Subs.Subscriptions(ctx, email)
	if err != nil {
		return err
	}
	if len(have) >= MaxSubscriptionsPerEmail {
		return ErrRateLimited
	}
	b := make([]byte, 12)
	rand.Read(b)
	now := s.now().UTC()
	sub := &Subscription{ID: hex.EncodeToString(b), Email: email, Lang: lang, Filter: f, Frequency: freq, CreatedAt: now}
	if err := s.Subs.PutSubscription(ctx, sub); err != nil {
		return err
	}
	m, err := s.Compose.AlertOptIn(sub)
	if err != nil {
		return err
	}
	_, err = s.Outbox.Enqueue(ctx, m)
	return err
}

// RequestManageLink sends email a link to manage its subscriptions, when
// it has any; it answers the same either way. ErrRateLimited.
func (s *Service) RequestManageLink(ctx context.Context, email, lang string) error {
	email = strings.ToLower(email)
	if !s.allowEmail(ctx, "alert", email) {
		return ErrRateLimited
	}
	subs, err := s.Subs.Subscriptions(ctx, email)
	if err != nil || len(subs) == 0 {
		return err
	}
	m, err := s.Compose.AlertManage(requestID(), email, lang)
	if err != nil {
		return err
	}
	_, err = s.Outbox.Enqueue(ctx, m)
	return err
}

// Confirm uses the opt-in token tok and confirms its subscription.
func (s *Service) Confirm(ctx context.Context, tok string) error {
	t, err := s.Links.Open(ctx, tok, PurposeAlertOptIn)
	if err != nil {
		return err
	}
	return s.Subs.ConfirmSubscription(ctx, t.Ref, s.now())
}

// Unsubscribe deletes the subscription of the unsubscribe token tok; the
// token names one subscription, so nobody can unsubscribe anyone else.
// Unsubscribing twice is no error.
func (s *Service) Unsubscribe(ctx context.Context, tok string) error {
	t, err := s.Links.Check(ctx, tok, PurposeUnsub)
	if err != nil {
		return err
	}
	return s.Subs.DeleteSubscription(ctx, t.Ref)
}

// DeleteSubscriptionOf deletes the subscription id when it belongs to
// email; content.ErrNotFound otherwise.
func (s *Service) DeleteSubscriptionOf(ctx context.Context, email, id string) error {
	sub, err := s.Subs.Subscription(ctx, id)
	if err != nil {
		return err
	}
	if sub.Email != strings.ToLower(email) {
		return content.ErrNotFound
	}
	return s.Subs.DeleteSubscription(ctx, id)
}

// OpenMy uses the link token tok of a firm's page and returns a new
// session token for the page, valid for MySessionTTL, and the address.
func (s *Service) OpenMy(ctx context.Context, tok string) (session, email string, err error) {
	t, err := s.Links.Open(ctx, tok, PurposeMy)
	if err != nil {
		return "", "", err
	}
	session, err = s.Links.Mint(ctx, PurposeMySession, t.Email, "", t.Lang, MySessionTTL)
	return session, t.Email, err
}

// MySession returns the address of a live page session token.
func (s *Service) MySession(ctx context.Context, tok string) (string, error) {
	t, err := s.Links.Check(ctx, tok, PurposeMySession)
	if err != nil {
		return "", err
	}
	return t.Email, nil
}
