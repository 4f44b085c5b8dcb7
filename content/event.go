package content

import (
	"context"
	"time"
)

// Domain event kinds. Every successful write made through the workspace
// produces exactly one event per change; consumers (notifications, alerts)
// act on them.
const (
	EventListingCreated  = "listing.created"   // a need, company, agreement or offer was created
	EventListingUpdated  = "listing.updated"   // its fields changed
	EventListingDeleted  = "listing.deleted"   // soft-deleted
	EventNeedPublished   = "need.published"    // a need became public
	EventNeedClosed      = "need.closed"       // closed by staff
	EventNeedArchived    = "need.archived"     // archived by staff
	EventNeedRenewed     = "need.renewed"      // its deadline was extended after review
	EventListingShown    = "listing.published" // a company, agreement or offer was published
	EventListingHidden   = "listing.hidden"    // unpublished, closed or archived (not a need)
	EventInterestNew     = "interest.received" // a firm registered interest in a need
	EventInterestStatus  = "interest.status"   // staff changed an interest's status
	EventInterestErased  = "interest.erased"   // a firm's personal data was erased
	EventInterestChanged = "interest.changed"  // the firm corrected or withdrew it
)

// Event is one domain event. Its ID is deterministic, derived from the
// write it records (kind, document and the version the write produced), so
// that a write retried after a crash never records two events, and a
// consumer that sees an event twice can make its own effects idempotent by
// deriving their ids from Event.ID.
//
// Events never carry personal data beyond references: a consumer loads the
// interest or listing it names.
type Event struct {
	ID      string    `bson:"_id" json:"id"`
	Seq     int64     `bson:"seq" json:"seq"` // delivery order; see EventLog
	Kind    string    `bson:"kind" json:"kind"`
	At      time.Time `bson:"at" json:"at"`
	Hub     string    `bson:"hub,omitempty" json:"hub,omitempty"`
	DocKind string    `bson:"doc_kind" json:"doc_kind"` // KindNeed, KindInterest, …
	Ref     string    `bson:"ref" json:"ref"`           // the document's ref or slug
	Need    string    `bson:"need,omitempty" json:"need,omitempty"`
	Version int64     `bson:"version,omitempty" json:"version,omitempty"`
	Status  string    `bson:"status,omitempty" json:"status,omitempty"` // the new status, where it changed
	Fields  []string  `bson:"fields,omitempty" json:"fields,omitempty"` // changed fields, per locale ("title.fa")
	Actor   string    `bson:"actor,omitempty" json:"actor,omitempty"`   // staff email; empty for the public
	Channel string    `bson:"channel,omitempty" json:"channel,omitempty"`
}

// Write channels: where a write came from.
const (
	ChannelWeb    = "web"
	ChannelAPI    = "api"
	ChannelCLI    = "cli"
	ChannelImport = "import"
	ChannelPublic = "public"
)

// EventLog is what consumers of domain events read. Events are returned in
// Seq order. Seq values are allocated before the event is stored, so two
// writers can commit out of order: a consumer that keeps a cursor must
// look back (re-read from an earlier Seq) and treat an event it has seen
// again as already handled.
type EventLog interface {
	// EventsAfter returns up to limit events with Seq > after, in Seq order.
	EventsAfter(ctx context.Context, after int64, limit int) ([]*Event, error)
}

// EventLogHead is an event log that tells cheaply the highest Seq it has
// given out, so that a consumer can skip reading the log when nothing is
// new. It may lag a moment behind the last event stored: a consumer still
// reads the log now and then.
type EventLogHead interface {
	LastEventSeq(ctx context.Context) (int64, error)
}

// EventPruner is an event log that forgets old events: those with Seq at
// most upTo (a consumer's cursor, past which every event was handled)
// stored before before. It returns how many it deleted.
type EventPruner interface {
	PruneEvents(ctx context.Context, upTo int64, before time.Time) (int, error)
}
