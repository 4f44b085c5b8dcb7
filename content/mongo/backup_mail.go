package mongo

// The mail side in backups: what a restore needs so that nobody's consent
// and no pending message is lost, and no message is sent twice.
//
//   - subscriptions (with their consent: confirmed or not, and the start of
//     the next digest's period);
//   - outbox: every message with its state. A pending message is sent after
//     the restore; a sent one is not sent again (the notifier finds its id
//     taken). outbox_due, the senders' index of pending messages, is not
//     exported: Import rebuilds it from the pending messages. outbox_claims
//     (live leases) is not exported: a message that was being sent while the
//     export read it is pending in the file, and is sent again after a
//     restore — at most one per sender, as after a crash;
//   - events: the domain event log. Message ids derive from event ids, and
//     the notifier's cursor (notify_marks) counts in event Seq: without the
//     log, the events after the cursor (made but not yet turned into
//     messages when the export ran) would be lost with their messages;
//   - notify_marks (the cursor and the digests' days: no digest is made
//     twice) and notify_prefs (each staff member's choice);
//   - link_tokens: only SHA-256 hashes, useless to a thief of the file;
//     with them the links already in people's mailboxes keep working after
//     a restore — above all the two-year one-click unsubscribe (RFC 8058).
//
// Export reads them first, in this order: the marks before the outbox
// (every message of an event at or before the cursor was made before the
// cursor passed it, so it is in the file), the outbox before the events,
// and the events before the documents they name (documents are never
// deleted, so every event's document is in the file).

import (
	"context"
	"fmt"
	"regexp"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
	"hubdir/content/notify"
)

// mailExportOrder is the order of the mail collections in a backup; they
// come before the content collections (see above).
var mailExportOrder = []string{collNotifyMarks, collStaffPrefs, collSubscriptions, collLinkTokens, collOutbox, collEvents}

// mailImportOrder is the order Import writes them in, after the content.
var mailImportOrder = []string{collEvents, collOutbox, collSubscriptions, collLinkTokens, collStaffPrefs, collNotifyMarks}

// mailUpserted are the mail collections Import writes by replacing any
// document of the same _id: a service started on the empty store before
// the restore may have set a mark or a choice already.
var mailUpserted = map[string]bool{collStaffPrefs: true, collNotifyMarks: true}

// eventDocColl maps an event's document kind to its collection.
var eventDocColl = map[string]string{
	content.KindNeed: collNeeds, content.KindCompany: collCompanies, content.KindAgreement: collAgreements,
	content.KindInterest: collInterests, content.KindOffer: collOffers,
}

var (
	eventKindPattern = regexp.MustCompile(`^[a-z]+(\.[a-z]+)*$`)
	markNamePattern  = regexp.MustCompile(`^[a-z][a-z0-9.]{0,40}$`)
	dayPattern       = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	channels         = []string{"", content.ChannelWeb, content.ChannelAPI, content.ChannelCLI, content.ChannelImport, content.ChannelPublic}
)

// checkMailDoc checks a document of a mail collection, as checkDoc does
// the content's, and records what the second pass needs.
func (v *importCheck) checkMailDoc(coll string, raw bson.Raw) error {
	switch coll {
	case collEvents:
		e, err := checkTyped(raw, func(e *content.Event) error {
			switch {
			case !eventKindPattern.MatchString(e.Kind):
				return content.InvalidField("kind", content.RuleUnknownValue)
			case eventDocColl[e.DocKind] == "":
				return content.InvalidField("doc_kind", content.RuleUnknownValue)
			case e.ID != content.EventID(e.DocKind, e.Ref, e.Version, e.Kind):
				return content.InvalidField("_id", content.RuleUnknownValue)
			case e.Seq < 1:
				return content.InvalidField("seq", content.RuleOutOfRange)
			case !slices.Contains(channels, e.Channel):
				return content.InvalidField("channel", content.RuleUnknownValue)
			}
			return checkMeta(e.Version, 1, e.At, nil)
		})
		if err != nil {
			return err
		}
		if v.seqs[e.Seq] {
			return content.Errorf(content.CodeInvalid, "a second event with seq %d", e.Seq)
		}
		v.seqs[e.Seq] = true
		v.raise(eventCounter, e.Seq)
		v.refer("ref", eventDocColl[e.DocKind], e.Ref, "")
	case collOutbox:
		m, err := checkTyped(withoutEmptyStrings[notify.Message](raw), func(m *notify.Message) error { return m.Check() })
		if err != nil {
			return err
		}
		if m.State == notify.StatePending {
			v.due = append(v.due, dueDoc{ID: m.ID, NextAt: m.NextAt.UTC()})
		}
		if m.AboutInterest() && m.Ref != "" {
			v.refer("ref", collInterests, m.Ref, "")
		}
	case collSubscriptions:
		if _, err := checkTyped(raw, func(s *notify.Subscription) error { return s.Check() }); err != nil {
			return err
		}
	case collLinkTokens:
		if _, err := checkTyped(raw, func(t *notify.LinkToken) error { return t.Check() }); err != nil {
			return err
		}
	case collStaffPrefs:
		if _, err := checkTyped(raw, func(p *notify.StaffPref) error { return p.Check() }); err != nil {
			return err
		}
	case collNotifyMarks:
		_, err := checkTyped(raw, func(m *markDoc) error {
			switch {
			case !markNamePattern.MatchString(m.Name):
				return content.InvalidField("_id", content.RuleUnknownValue)
			case m.Seq < 0:
				return content.InvalidField("seq", content.RuleOutOfRange)
			case m.Day != "" && !dayPattern.MatchString(m.Day):
				return content.InvalidField("day", content.RuleInvalidDate)
			}
			return nil
		})
		if err != nil {
			return err
		}
	default:
		return content.Errorf(content.CodeInvalid, "unknown collection %q", coll)
	}
	return nil
}

// withoutEmptyStrings returns raw without the top-level fields that hold
// an empty string and that a T leaves out when it is encoded (omitempty):
// the outbox's updates set last_error, to_name and unsubscribe to "" where
// a new message omits them, and both are the same message.
func withoutEmptyStrings[T any](raw bson.Raw) bson.Raw {
	elems, err := raw.Elements()
	if err != nil {
		return raw
	}
	v := new(T)
	if bson.Unmarshal(raw, v) != nil {
		return raw
	}
	b, err := bson.Marshal(v)
	if err != nil {
		return raw
	}
	d := bson.D{}
	for _, e := range elems {
		if v := e.Value(); v.Type == bson.TypeString && v.StringValue() == "" {
			if _, err := bson.Raw(b).LookupErr(e.Key()); err != nil {
				continue
			}
		}
		d = append(d, bson.E{Key: e.Key(), Value: e.Value()})
	}
	out, err := bson.Marshal(d)
	if err != nil {
		return raw
	}
	return out
}

// mailStatsString lists the mail side's counts, "" when there is none.
func (st ImportStats) mailStatsString() string {
	if st.Events+st.Messages+st.Subscriptions+st.LinkTokens+st.MailState == 0 {
		return ""
	}
	return fmt.Sprintf("; mail: %d messages (%d to send), %d alert subscriptions, %d events, %d link tokens, %d marks and staff choices",
		st.Messages, st.Pending, st.Subscriptions, st.Events, st.LinkTokens, st.MailState)
}

// upsertImported writes the documents of batch into collection name,
// replacing any document of the same _id, and counts them.
func (s *Store) upsertImported(ctx context.Context, name string, batch []any, stats *ImportStats) error {
	for _, d := range batch {
		raw := d.(bson.Raw)
		if _, err := s.db.Collection(name).ReplaceOne(ctx, bson.D{{Key: "_id", Value: raw.Lookup("_id")}}, raw,
			options.Replace().SetUpsert(true)); err != nil {
			return fmt.Errorf("import: writing %s after %d documents (the store is partly restored: drop its database before importing again): %w",
				name, stats.Total(), storeError(err))
		}
		stats.add(name)
	}
	return nil
}

// restoreDue makes the senders' entry of every pending message restored.
func (s *Store) restoreDue(ctx context.Context, due []dueDoc, stats *ImportStats) error {
	const batch = 500
	for start := 0; start < len(due); start += batch {
		docs := make([]any, 0, batch)
		for _, d := range due[start:min(start+batch, len(due))] {
			docs = append(docs, d)
		}
		if _, err := s.outboxDue().InsertMany(ctx, docs); err != nil {
			return fmt.Errorf("import: the outbox's due entries (the store is partly restored: drop its database before importing again): %w", storeError(err))
		}
	}
	stats.Pending = len(due)
	return nil
}
