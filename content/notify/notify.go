// Package notify closes the response loop by e-mail: it turns domain
// events (content.EventLog) into messages in an outbox, delivers them over
// SMTP, and keeps the link tokens and alert subscriptions that the firm's
// own page (/{lang}/my) and the alerts page (/{lang}/alerts) rely on.
//
// Every message is a document in the store before anything is sent. Its
// id is derived from what caused it (an event id and the recipient, or a
// subscription and a day), so that handling an event twice never makes two
// messages: the second insert of the same id is a no-op.
//
// Delivery is at least once, with duplicates bounded: a sender claims one
// message with one single-document write (the insert of a claim with its
// owner and lease, which only one sender can make), sends it, marks it
// sent and removes its entry from the small "due" set. A process killed
// between the SMTP server's "250 OK" and the mark sends that message again
// once the lease has run out: at most one message per sender goroutine per
// crash (docs/operations.md).
// Each message carries a Message-ID derived from its id, so a receiving
// system can recognise such a repeat.
package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Message kinds.
const (
	KindReceipt     = "receipt"         // to the firm: its interest was received
	KindStaffNew    = "staff.new"       // to a staff member: an interest arrived
	KindStaffDigest = "staff.digest"    // to a staff member: the day's interests
	KindStaffGone   = "staff.withdrawn" // to a staff member: a firm withdrew its interest
	// KindStaffContact is to a staff member: a firm corrected the contact
	// details of its interest.
	KindStaffContact = "staff.contact"
	KindStatus       = "status"       // to the firm: its interest's status changed
	KindMyLink       = "my.link"      // to a firm: a new link to its page
	KindAlertOptIn   = "alert.optin"  // to a subscriber: confirm the subscription
	KindAlertDigest  = "alert.digest" // to a subscriber: new needs like these
	KindAlertManage  = "alert.manage" // to a subscriber: a link to manage subscriptions
	// KindSubmissionPublished and KindSubmissionDeclined tell whoever
	// proposed an offer or a laboratory profile through the public form
	// the outcome of the review (submissions.go).
	KindSubmissionPublished = "submission.published"
	KindSubmissionDeclined  = "submission.declined"
)

// Message states. A message is pending until it is sent, or failed when
// the sender gave up on it; erased when the recipient's personal data was
// erased before it was sent.
const (
	StatePending = "pending"
	StateSent    = "sent"
	StateFailed  = "failed"
	StateErased  = "erased"
)

// Message is one e-mail in the outbox. Its content is rendered when it is
// made, in the recipient's language, so staff can read it on the outbox
// page whether or not it is ever sent.
type Message struct {
	ID      string `bson:"_id" json:"id"`
	Kind    string `bson:"kind" json:"kind"`
	Event   string `bson:"event" json:"event"` // the event or cause it answers
	To      string `bson:"to" json:"to"`
	ToName  string `bson:"to_name,omitempty" json:"to_name,omitempty"`
	Lang    string `bson:"lang" json:"lang"`
	Subject string `bson:"subject" json:"subject"`
	Text    string `bson:"text" json:"text"`
	HTML    string `bson:"html" json:"html"`
	// Unsubscribe is the one-click unsubscribe URL (RFC 8058), for
	// List-Unsubscribe; empty for transactional messages.
	Unsubscribe string `bson:"unsubscribe,omitempty" json:"unsubscribe,omitempty"`
	// Ref is the interest, need or subscription the message is about, Hub
	// its hub (staff see the outbox of their hubs).
	Ref string `bson:"ref,omitempty" json:"ref,omitempty"`
	Hub string `bson:"hub,omitempty" json:"hub,omitempty"`
	// Link, when set, is the personal link token the sender makes and
	// puts in place of LinkSlot when it sends the message.
	Link *LinkSpec `bson:"link,omitempty" json:"link,omitempty"`

	State     string    `bson:"state" json:"state"`
	Attempts  int       `bson:"attempts" json:"attempts"`
	NextAt    time.Time `bson:"next_at" json:"next_at"`
	LastError string    `bson:"last_error,omitempty" json:"last_error,omitempty"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
	SentAt    time.Time `bson:"sent_at,omitempty" json:"sent_at,omitempty"`
	// GiveUpAt is when the sender stops retrying and marks it failed.
	GiveUpAt time.Time `bson:"give_up_at" json:"give_up_at"`
}

// MessageID returns the deterministic id of the message of kind caused by
// cause (an event id, or "subscription/day") for recipient: the same
// inputs always give the same id.
func MessageID(cause, kind, recipient string) string {
	sum := sha256.Sum256([]byte(cause + "\x00" + kind + "\x00" + recipient))
	return hex.EncodeToString(sum[:16])
}

// Claim is a sender's hold on one due message until Until.
type Claim struct {
	ID    string
	Owner string
	Until time.Time
}

// Outbox is the store of messages the package needs; content/mongo
// implements it. Every method is one or a few single-document writes.
type Outbox interface {
	// Enqueue stores m (State pending) and its due entry unless a message
	// with its id exists; it reports whether m is new. Enqueueing a
	// message again restores its due entry when it is still pending (a
	// crash between the two writes).
	Enqueue(ctx context.Context, m *Message) (bool, error)
	// Due returns the ids of up to limit pending messages whose next
	// attempt is at or before now (some may be claimed: Claim tells).
	Due(ctx context.Context, now time.Time, limit int) ([]string, error)
	// Claim takes message id for owner until until, with one
	// single-document write: it fails with ErrClaimed when another owner
	// holds a lease that has not run out, or the message is no longer
	// pending.
	Claim(ctx context.Context, id, owner string, now, until time.Time) (*Message, error)
	// Sent marks the claimed message sent at and drops its due entry.
	Sent(ctx context.Context, c Claim, at time.Time) error
	// Retry records a failed attempt and the next one at next.
	Retry(ctx context.Context, c Claim, errText string, next time.Time) error
	// Fail records the last failed attempt and gives up on the message.
	Fail(ctx context.Context, c Claim, errText string) error
	// Message returns one message; content.ErrNotFound.
	Message(ctx context.Context, id string) (*Message, error)
	// Messages returns the newest messages first, at most limit, of the
	// given state ("" for all) and hubs (nil: all; firm and subscriber
	// messages of a hub included).
	Messages(ctx context.Context, state string, hubs []string, limit int) ([]*Message, error)
	// MessagesAbout returns every message about ref (an interest or a
	// subscription), oldest first.
	MessagesAbout(ctx context.Context, ref string) ([]*Message, error)
	// EraseMessages blanks the content and recipient of every message
	// about the interest ref or sent to email, and stops the pending ones.
	EraseMessages(ctx context.Context, ref, email string) (int, error)
}

// ErrClaimed means another sender holds the message, or it is no longer due.
var ErrClaimed = errors.New("notify: message claimed by another sender or no longer due")
