package content

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"hubdir/i18n"
)

// channelKey is the context key of a write's channel.
type channelKey struct{}

// WithChannel returns ctx marked with the channel a write comes from
// (ChannelWeb, ChannelAPI…): the store records it in the write's event.
func WithChannel(ctx context.Context, channel string) context.Context {
	return context.WithValue(ctx, channelKey{}, channel)
}

// ChannelOf returns the channel ctx was marked with; "" when none.
func ChannelOf(ctx context.Context) string {
	s, _ := ctx.Value(channelKey{}).(string)
	return s
}

// EventID returns the deterministic ID of the event of kind that the
// write producing version of document docKind/ref recorded: a write
// retried after a crash, or relayed twice, gives the same ID.
func EventID(docKind, ref string, version int64, kind string) string {
	return fmt.Sprintf("%s/%s/%d/%s", docKind, ref, version, kind)
}

// LastEvent returns the newest pending event of a document just written,
// nil when there is none.
func LastEvent(pending []Event) *Event {
	if len(pending) == 0 {
		return nil
	}
	e := pending[len(pending)-1]
	return &e
}

// unchanged are the bookkeeping fields Changes ignores (their bson names).
var unchanged = []string{
	"_id", "version", "rev", "created_at", "updated_at", "created_by", "updated_by",
	"text_updated", "deleted_at", "pending_events", "dedupe_key", "history", "published_at",
}

// Changes returns the names of the fields that differ between two
// documents of the same type (a nil before: every field that is set), as
// the API names them; a multilingual text gives one name per changed
// locale ("title.fa") and a laboratory's profile one name per changed part
// ("lab.methods", "lab.sample_types.zh"). Bookkeeping fields (version, timestamps…) are left
// out. It is the one diff of the audit log and of domain events.
func Changes[T any](before, after *T) []string {
	if after == nil {
		return nil
	}
	var zero T
	if before == nil {
		before = &zero
	}
	a, b := reflect.ValueOf(before).Elem(), reflect.ValueOf(after).Elem()
	var out []string
	for i := 0; i < a.NumField(); i++ {
		f := a.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		bname, _, _ := strings.Cut(f.Tag.Get("bson"), ",")
		if bname == "-" || slices.Contains(unchanged, bname) {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			name = bname
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		x, y := a.Field(i).Interface(), b.Field(i).Interface()
		if tx, ok := x.(Text); ok {
			ty := y.(Text)
			for _, l := range i18n.Codes() {
				p, _ := tx.In(l)
				q, _ := ty.In(l)
				if p != q {
					out = append(out, name+"."+l)
				}
			}
			continue
		}
		if lx, ok := x.(*LabProfile); ok && lx != nil {
			if ly := y.(*LabProfile); ly != nil { // a laboratory's profile: its parts ("lab.methods")
				for _, sub := range Changes(lx, ly) {
					out = append(out, name+"."+sub)
				}
				continue
			}
		}
		if !equalValue(a.Field(i), b.Field(i)) {
			out = append(out, name)
		}
	}
	return out
}

// equalValue compares two field values, treating nil and empty slices and
// maps alike.
func equalValue(x, y reflect.Value) bool {
	switch x.Kind() {
	case reflect.Slice, reflect.Map:
		if x.Len() == 0 && y.Len() == 0 {
			return true
		}
	}
	return reflect.DeepEqual(x.Interface(), y.Interface())
}

// Audit actions of domain events: the audit log names a write by the
// event it produced.
var eventActions = map[string]string{
	EventListingCreated:  AuditCreate,
	EventListingUpdated:  AuditUpdate,
	EventListingDeleted:  AuditDelete,
	EventNeedPublished:   AuditPublish,
	EventNeedClosed:      AuditClose,
	EventNeedArchived:    AuditArchive,
	EventNeedRenewed:     AuditRenew,
	EventListingShown:    AuditPublish,
	EventListingHidden:   AuditUnpublish,
	EventInterestNew:     AuditCreate,
	EventInterestStatus:  AuditStatus,
	EventInterestErased:  AuditErase,
	EventInterestChanged: AuditUpdate,
}

// AuditActionOf returns the audit action of an event kind.
func AuditActionOf(kind string) string {
	if a, ok := eventActions[kind]; ok {
		return a
	}
	return kind
}
