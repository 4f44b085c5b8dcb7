package mongo

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// A backup is a text file of JSON lines, in UTF-8:
//
//	{"hubdir_export":1,"rev":1234,"exported_at":"2026-03-10T09:00:00.000Z"}
//	{"collection":"tokens","doc":{"_id":"9f86…","email":"a@park.ir","created_at":{"$date":{"$numberLong":"1773133200000"}}}}
//	…one line per document…
//	{"hubdir_export_end":5678}
//
// The first line is the header: the format version (1), the revision
// counter when the export began and the time of the export. Every document
// follows as {"collection": name, "doc": document}, the document in MongoDB
// canonical Extended JSON, so that its BSON types (int32 and int64, dates)
// come back exactly as they were. The last line counts the document lines:
// a file without it, or with another count, is truncated and is refused.
//
// Collections come in the order of exportOrder, each sorted by _id, so two
// exports of equal stores are equal line for line (but for exported_at).
const exportFormat = 1

// Limits of a backup file, checked by Export as well as Import so that an
// export never writes a file that Import refuses.
const (
	// maxLine bounds one line. The largest documents, needs with a long body
	// in four locales, take about 200 KB of Extended JSON.
	maxLine = 4 << 20
	// maxDocuments bounds the number of documents of one file.
	maxDocuments = 5_000_000
)

// exportOrder is the order in which Export reads the collections: every
// collection before the collections it refers to (a token names a staff
// member, an interest a need, an agreement its needs and party companies,
// needs and companies their hubs). Documents are never deleted, only marked
// deleted, so a document read first still finds every document it refers to
// when that collection is read later, even under concurrent writes.
var exportOrder = append(slices.Clone(mailExportOrder),
	collSite, collTokens, collStaff, collInterests, collAgreements, collOffers,
	collNeeds, collCompanies, collHubs, collCounters,
)

// importOrder is the order in which Import writes the collections: every
// collection after the collections it refers to. Counters come last and are
// only ever raised.
var importOrder = append([]string{
	collHubs, collCompanies, collNeeds, collAgreements, collOffers,
	collInterests, collStaff, collTokens, collSite,
}, append(slices.Clone(mailImportOrder), collCounters)...)

// contentCollections are the collections that must be empty for Import.
var contentCollections = []string{
	collHubs, collNeeds, collCompanies, collAgreements, collOffers, collInterests, collStaff, collTokens, collSite,
	collEvents, collOutbox, collSubscriptions, collLinkTokens,
}

// exportHeader is the first line of a backup.
type exportHeader struct {
	Format     int64  `json:"hubdir_export"`
	Rev        int64  `json:"rev"`
	ExportedAt string `json:"exported_at"`
}

// exportLine is any later line of a backup: a document, or the end line
// with End set.
type exportLine struct {
	Collection string          `json:"collection"`
	Doc        json.RawMessage `json:"doc"`
	End        *int64          `json:"hubdir_export_end"`
}

// exportEnd is the last line of a backup.
type exportEnd struct {
	End int64 `json:"hubdir_export_end"`
}

// Export writes every document of the store (the collections hubs,
// companies, needs, agreements, offers, interests, staff, tokens, site and
// counters, and the mail side: events, outbox, subscriptions, link_tokens,
// notify_prefs and notify_marks, see backup_mail.go; not the locks, rate
// limits, sessions, the outbox's due entries and claims) to w as a backup in JSON lines, described at exportFormat. It
// reads each collection through a cursor and writes as it goes, so it holds
// one document at a time (FerretDB itself sorts a collection in memory).
//
// Export takes no lock and stops no writer; the database has no
// multi-document transactions. What it guarantees instead:
//
//   - every write acknowledged before Export began is in the file;
//   - a write made while Export runs may or may not be in it, but every
//     document is as one single-document write left it, never half-written;
//   - every reference in the file resolves: collections are read before the
//     collections they refer to (see exportOrder), and documents are never
//     deleted, so a referring document read first finds its target later;
//   - the header's rev is the revision counter read before the first
//     document; listings in the file may carry later revisions.
//
// Import restores such a file; it raises the counters past every reference
// and revision in the file, so that nothing allocated afterwards collides.
// A file holds personal data (emails, phone numbers) and password hashes.
//
// Export returns ErrUnavailable when the database cannot be reached and the
// writer's error when w fails; w then holds a partial file that lacks its
// end line, which Import refuses.
func (s *Store) Export(ctx context.Context, w io.Writer) error {
	rev, err := s.Revision(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	header, err := json.Marshal(exportHeader{
		Format: exportFormat, Rev: rev,
		ExportedAt: s.stamp().Format("2006-01-02T15:04:05.000Z07:00"),
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := bw.Write(append(header, '\n')); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var count int64
	line := make([]byte, 0, 64<<10)
	for _, name := range exportOrder {
		n, err := s.exportCollection(ctx, name, bw, line)
		count += n
		if err != nil {
			return fmt.Errorf("export: %s: %w", name, err)
		}
	}
	end, err := json.Marshal(exportEnd{End: count})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := bw.Write(append(end, '\n')); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// exportCollection writes the documents of collection name, sorted by _id,
// and returns how many it wrote. buf is scratch space.
func (s *Store) exportCollection(ctx context.Context, name string, w io.Writer, buf []byte) (int64, error) {
	cur, err := s.db.Collection(name).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return 0, storeError(err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var n int64
	for cur.Next(ctx) {
		doc, err := bson.MarshalExtJSON(cur.Current, true, false)
		if err != nil {
			return n, fmt.Errorf("document %v: %w", cur.Current.Lookup("_id"), err)
		}
		buf = append(buf[:0], `{"collection":"`...)
		buf = append(buf, name...)
		buf = append(buf, `","doc":`...)
		buf = append(buf, doc...)
		buf = append(buf, "}\n"...)
		if len(buf) > maxLine {
			return n, fmt.Errorf("document %v takes %d bytes, more than the limit of %d", cur.Current.Lookup("_id"), len(buf), maxLine)
		}
		if n++; n > maxDocuments {
			return n, fmt.Errorf("more than %d documents", maxDocuments)
		}
		if _, err := w.Write(buf); err != nil {
			return n, err
		}
	}
	if err := cur.Err(); err != nil {
		return n, storeError(err)
	}
	return n, nil
}

// ImportStats counts the documents Import restored, by collection.
type ImportStats struct {
	Hubs, Companies, Needs, Agreements, Offers, Interests, Staff, Tokens, Counters int
	// Site counts the platform's saved pages and settings.
	Site int
	// The mail side: events, outbox messages (Pending of them still to
	// send), alert subscriptions, link tokens, and the notifier's marks
	// and staff choices together.
	Events, Messages, Pending, Subscriptions, LinkTokens, MailState int
	// Rev is the revision counter after the import.
	Rev int64
}

// Total returns the number of documents restored.
func (st ImportStats) Total() int {
	return st.Hubs + st.Companies + st.Needs + st.Agreements + st.Offers + st.Interests + st.Staff + st.Tokens + st.Counters + st.Site +
		st.Events + st.Messages + st.Subscriptions + st.LinkTokens + st.MailState
}

// String lists the counts: "2 hubs, 14 companies, …".
func (st ImportStats) String() string {
	s := fmt.Sprintf("%d hubs, %d companies, %d needs, %d agreements, %d offers, %d interests, %d staff, %d tokens, %d counters",
		st.Hubs, st.Companies, st.Needs, st.Agreements, st.Offers, st.Interests, st.Staff, st.Tokens, st.Counters)
	if st.Site > 0 {
		s += fmt.Sprintf(", %d platform pages and settings", st.Site)
	}
	return s + st.mailStatsString()
}

// add counts one document of collection name.
func (st *ImportStats) add(name string) {
	switch name {
	case collHubs:
		st.Hubs++
	case collCompanies:
		st.Companies++
	case collNeeds:
		st.Needs++
	case collAgreements:
		st.Agreements++
	case collOffers:
		st.Offers++
	case collInterests:
		st.Interests++
	case collStaff:
		st.Staff++
	case collTokens:
		st.Tokens++
	case collCounters:
		st.Counters++
	case collSite:
		st.Site++
	case collEvents:
		st.Events++
	case collOutbox:
		st.Messages++
	case collSubscriptions:
		st.Subscriptions++
	case collLinkTokens:
		st.LinkTokens++
	case collStaffPrefs, collNotifyMarks:
		st.MailState++
	}
}
