package notify

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"
)

// Sender delivers the outbox's due messages. Several senders (instances of
// the service) may share one outbox: each message is claimed by one of
// them with one conditional write before it is sent.
type Sender struct {
	Outbox Outbox
	Mailer Mailer
	// Owner names this sender in claims; unique per process.
	Owner string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Lease is how long a claim holds a message (default 2 min): a sender
	// killed mid-send leaves it to the others for that long. Sending is
	// bounded by half of it.
	Lease time.Duration
	// Poll is the wait between passes when nothing is due (default 1 s).
	Poll time.Duration
	// Backoff is the wait after a message's first failed attempt (default
	// 30 s); it doubles with each attempt up to MaxBackoff (default 30 min).
	Backoff, MaxBackoff time.Duration
	// Batch is how many due messages one pass looks at (default 100).
	Batch int
	// Links makes the personal link token of a message (Message.Link)
	// when it is sent; nil leaves LinkSlot in place (tests).
	Links  *Links
	Logger *slog.Logger
}

func (s *Sender) defaults() {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Lease <= 0 {
		s.Lease = 2 * time.Minute
	}
	if s.Poll <= 0 {
		s.Poll = time.Second
	}
	if s.Backoff <= 0 {
		s.Backoff = 30 * time.Second
	}
	if s.MaxBackoff <= 0 {
		s.MaxBackoff = 30 * time.Minute
	}
	if s.Batch <= 0 {
		s.Batch = 100
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
}

// Run sends due messages until ctx ends. It closes the SMTP connection
// whenever nothing is due.
func (s *Sender) Run(ctx context.Context) {
	s.defaults()
	defer s.Mailer.Close()
	for {
		n, err := s.Pass(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.Logger.WarnContext(ctx, "outbox: pass failed", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		s.Mailer.Close()
		t := time.NewTimer(s.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Pass makes one attempt at each message due now (up to Batch) that it can
// claim, and returns how many it attempted.
func (s *Sender) Pass(ctx context.Context) (int, error) {
	s.defaults()
	ids, err := s.Outbox.Due(ctx, s.Now(), s.Batch)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		ok, err := s.attempt(ctx, id)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// attempt claims message id and tries to send it once; false when another
// sender had it.
func (s *Sender) attempt(ctx context.Context, id string) (bool, error) {
	now := s.Now()
	until := now.Add(s.Lease)
	m, err := s.Outbox.Claim(ctx, id, s.Owner, now, until)
	if errors.Is(err, ErrClaimed) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	c := Claim{ID: id, Owner: s.Owner, Until: until}
	if m.Link != nil && s.Links != nil {
		tok, err := s.Links.Mint(ctx, m.Link.Purpose, m.Link.Email, m.Link.Ref, m.Lang, m.Link.TTL)
		if err != nil {
			return false, err // the lease runs out; another pass tries again
		}
		m.Text = strings.ReplaceAll(m.Text, LinkSlot, tok)
		m.HTML = strings.ReplaceAll(m.HTML, LinkSlot, tok)
		m.Unsubscribe = strings.ReplaceAll(m.Unsubscribe, LinkSlot, tok)
	}
	sendCtx, cancel := context.WithTimeout(ctx, s.Lease/2)
	sendErr := s.Mailer.Send(sendCtx, m)
	cancel()
	// The marks below use a context of their own: once a message is out,
	// its mark must not be lost to the caller's cancellation.
	mctx, mcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer mcancel()
	if sendErr == nil {
		if err := s.Outbox.Sent(mctx, c, s.Now()); err != nil {
			// It will be sent again when the lease runs out.
			s.Logger.ErrorContext(ctx, "outbox: sent but not marked; it may be sent twice", "id", id, "err", err)
			return true, err
		}
		return true, nil
	}
	text := sendErr.Error()
	if len(text) > 500 {
		text = text[:500]
	}
	if errors.Is(sendErr, ErrPermanent) || !m.GiveUpAt.IsZero() && !s.Now().Before(m.GiveUpAt) {
		s.Logger.ErrorContext(ctx, "outbox: giving up on a message", "id", id, "kind", m.Kind, "attempts", m.Attempts+1, "err", text)
		return true, s.Outbox.Fail(mctx, c, text)
	}
	next := s.Now().Add(s.backoff(m.Attempts))
	s.Logger.WarnContext(ctx, "outbox: send failed; will retry", "id", id, "attempts", m.Attempts+1, "next", next, "err", text)
	return true, s.Outbox.Retry(mctx, c, text, next)
}

// backoff returns the wait after the given number of earlier attempts:
// Backoff doubled per attempt, at most MaxBackoff, with ±20 % jitter so
// that messages failed together do not all retry together.
func (s *Sender) backoff(attempts int) time.Duration {
	d := s.Backoff
	for i := 0; i < attempts && d < s.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, s.MaxBackoff)
	return d - d/5 + rand.N(2*d/5+1)
}

// ErrPermanent marks a send error that no retry can mend (a malformed
// recipient address): the message fails at once.
var ErrPermanent = errors.New("permanent failure")

// Hold is the Mailer when no SMTP server is configured: it sends nothing,
// so Run is not started and messages stay pending in the outbox, readable
// by staff.
type Hold struct{}

// Send refuses: there is nowhere to send to.
func (Hold) Send(context.Context, *Message) error { return errors.New("no SMTP server configured") }

// Close does nothing.
func (Hold) Close() error { return nil }
