package mongo

// Import of a backup file (see backup.go for its format).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// Import restores a backup written by Export into this store, which must be
// empty: it returns ErrConflict, writing nothing, when any of the
// collections hubs, needs, companies, agreements, offers, interests, staff,
// tokens, site, events, outbox, subscriptions or link_tokens holds a
// document. The mail side's documents are checked as notify would write
// them (backup_mail.go); the outbox's due entries are rebuilt from its
// pending messages.
//
// Import reads the whole file and checks every line before it writes
// anything. Lines end with LF, as Export writes them, or CRLF, as an editor
// on Windows may save them (the line end is not part of a document, and a
// JSON value cannot hold a raw CR); any other CR is refused. It checks the
// header and the end line, the line length and UTF-8, each
// document against its type (no unknown, missing or mistyped field), its
// validation as the store's own writes apply it (a title with a bidi
// control, an unknown sector or a malformed reference fails) and its normal
// form, duplicate identifiers, and every reference between documents (a
// need's hub, an agreement's parties and needs, an interest's need, a
// token's staff member). It returns ErrInvalid with the line number of the
// first problem; nothing is written then. The checked documents wait in a
// temporary file (in os.TempDir) between the two passes.
//
// It then inserts the documents as they were in the file, byte for byte,
// collection by collection in importOrder, and raises the counters past
// every revision and reference in the file, so that new needs and
// interests never take an imported reference. A failure while writing (the
// database going away) leaves the store partly restored: drop its database
// and import again.
//
// Import is meant for a store no service is using yet: start the service
// after it (a service started on an empty store loads the sample content).
func (s *Store) Import(ctx context.Context, r io.Reader) (ImportStats, error) {
	if err := s.checkEmpty(ctx); err != nil {
		return ImportStats{}, err
	}
	spool, err := os.CreateTemp("", "hubdir-import-*")
	if err != nil {
		return ImportStats{}, fmt.Errorf("import: %w", err)
	}
	defer func() {
		spool.Close()
		os.Remove(spool.Name())
	}()
	v := newImportCheck(spool)
	if err := v.read(r); err != nil {
		return ImportStats{}, err
	}
	if err := v.checkRefs(); err != nil {
		return ImportStats{}, err
	}
	if err := v.spool.Flush(); err != nil {
		return ImportStats{}, fmt.Errorf("import: %w", err)
	}
	// Checking a large file takes a while: look again just before writing.
	if err := s.checkEmpty(ctx); err != nil {
		return ImportStats{}, err
	}
	return s.writeImport(ctx, spool, v)
}

// checkEmpty returns ErrConflict when a content collection has a document.
func (s *Store) checkEmpty(ctx context.Context) error {
	for _, name := range contentCollections {
		err := s.db.Collection(name).FindOne(ctx, bson.D{}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
		switch {
		case errors.Is(err, mdb.ErrNoDocuments):
			continue
		case err != nil:
			return fmt.Errorf("import: %w", storeError(err))
		}
		return content.Errorf(content.CodeConflict, "import: the store is not empty: %s has documents", name)
	}
	return nil
}

// writeImport inserts the checked documents of the spool file and raises
// the counters.
func (s *Store) writeImport(ctx context.Context, spool io.ReaderAt, v *importCheck) (ImportStats, error) {
	var stats ImportStats
	const maxBatch, maxBatchBytes = 500, 8 << 20
	for _, name := range importOrder {
		if name == collCounters {
			continue // raised below, never inserted: a counter may exist already
		}
		var batch []any
		size := 0
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			if mailUpserted[name] {
				return s.upsertImported(ctx, name, batch, &stats)
			}
			if _, err := s.db.Collection(name).InsertMany(ctx, batch); err != nil {
				return fmt.Errorf("import: writing %s after %d documents (the store is partly restored: drop its database before importing again): %w",
					name, stats.Total(), storeError(err))
			}
			for range batch {
				stats.add(name)
			}
			batch, size = batch[:0], 0
			return nil
		}
		for _, off := range v.offsets[name] {
			doc, err := readSpooled(spool, off)
			if err != nil {
				return stats, fmt.Errorf("import: %w", err)
			}
			batch = append(batch, doc)
			if size += len(doc); len(batch) >= maxBatch || size >= maxBatchBytes {
				if err := flush(); err != nil {
					return stats, err
				}
			}
		}
		if err := flush(); err != nil {
			return stats, err
		}
		if name == collOutbox {
			if err := s.restoreDue(ctx, v.due, &stats); err != nil {
				return stats, err
			}
		}
	}
	names := make([]string, 0, len(v.counters))
	for name := range v.counters {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := s.atLeast(ctx, name, v.counters[name]); err != nil {
			return stats, fmt.Errorf("import: counter %s (the store is partly restored: drop its database before importing again): %w", name, err)
		}
	}
	stats.Counters = v.counterDocs
	rev, err := s.Revision(ctx)
	if err != nil {
		return stats, fmt.Errorf("import: %w", err)
	}
	stats.Rev = rev
	return stats, nil
}

// readSpooled reads the BSON document at offset off of the spool file.
func readSpooled(spool io.ReaderAt, off int64) (bson.Raw, error) {
	var size [4]byte
	if _, err := spool.ReadAt(size[:], off); err != nil {
		return nil, err
	}
	n := int64(binary.LittleEndian.Uint32(size[:]))
	if n < 5 || n > 16<<20 {
		return nil, fmt.Errorf("spool: bad document size %d at %d", n, off)
	}
	doc := make([]byte, n)
	if _, err := spool.ReadAt(doc, off); err != nil {
		return nil, err
	}
	return doc, nil
}

// importCheck is the first pass of Import: it checks each line, spools the
// checked documents and remembers what the second pass and the reference
// checks need.
type importCheck struct {
	spool   *bufio.Writer
	written int64

	line   int  // number of the current line
	header bool // the header has been read
	ended  bool // the end line has been read
	count  int64

	// offsets holds the spool offset of each document, by collection.
	offsets map[string][]int64
	// ids holds the _id of every document, by collection; for needs the
	// value is the need's hub.
	ids map[string]map[string]string
	// dedupe holds the dedupe keys of interests.
	dedupe map[string]bool
	// refs are the references to check once every document is known.
	refs []importRef
	// counters holds the value each counter must reach: the imported
	// counters and the largest revision and reference numbers.
	counters    map[string]int64
	counterDocs int
	// seqs holds the Seq of every event; due the entries of the pending
	// messages, for outbox_due.
	seqs map[int64]bool
	due  []dueDoc
}

// importRef is a reference from the document on line to the document id of
// collection coll.
type importRef struct {
	line  int
	field string
	coll  string
	id    string
	hub   string // for an interest's need: the hub the need must be of
}

func newImportCheck(spool io.Writer) *importCheck {
	v := &importCheck{
		spool:    bufio.NewWriterSize(spool, 256<<10),
		offsets:  map[string][]int64{},
		ids:      map[string]map[string]string{},
		dedupe:   map[string]bool{},
		counters: map[string]int64{},
		seqs:     map[int64]bool{},
	}
	for _, name := range importOrder {
		v.ids[name] = map[string]string{}
	}
	return v
}

// errorf returns an invalid-input error about the current line.
func (v *importCheck) errorf(format string, args ...any) error {
	return content.Errorf(content.CodeInvalid, "import: line %d: "+format, append([]any{v.line}, args...)...)
}

// read checks every line of r.
func (v *importCheck) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	sc.Split(scanLine)
	for sc.Scan() {
		v.line++
		if err := v.check(sc.Bytes()); err != nil {
			return err
		}
	}
	switch err := sc.Err(); {
	case errors.Is(err, bufio.ErrTooLong):
		v.line++
		return v.errorf("longer than %d bytes", maxLine)
	case err != nil:
		return fmt.Errorf("import: line %d: %w", v.line+1, err)
	case !v.header:
		return content.Errorf(content.CodeInvalid, "import: the file is empty")
	case !v.ended:
		return content.Errorf(content.CodeInvalid, "import: the file has no end line after line %d: it is truncated", v.line)
	}
	return nil
}

// scanLine is a bufio.SplitFunc for backup files: a line ends with LF or
// CRLF, and the line end is not part of the token. Unlike
// bufio.ScanLines it keeps a CR that no LF follows (also at the end of the
// input), so that check refuses it.
func scanLine(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, bytes.TrimSuffix(data[:i], []byte{'\r'}), nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
