package mongo

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
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
var exportOrder = []string{
	collTokens, collStaff, collInterests, collAgreements, collOffers,
	collNeeds, collCompanies, collHubs, collCounters,
}

// importOrder is the order in which Import writes the collections: every
// collection after the collections it refers to. Counters come last and are
// only ever raised.
var importOrder = []string{
	collHubs, collCompanies, collNeeds, collAgreements, collOffers,
	collInterests, collStaff, collTokens, collCounters,
}

// contentCollections are the collections that must be empty for Import.
var contentCollections = []string{
	collHubs, collNeeds, collCompanies, collAgreements, collOffers, collInterests, collStaff, collTokens,
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
// companies, needs, agreements, interests, staff, tokens and counters; not
// the locks) to w as a backup in JSON lines, described at exportFormat. It
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
	// Rev is the revision counter after the import.
	Rev int64
}

// Total returns the number of documents restored.
func (st ImportStats) Total() int {
	return st.Hubs + st.Companies + st.Needs + st.Agreements + st.Offers + st.Interests + st.Staff + st.Tokens + st.Counters
}

// String lists the counts: "2 hubs, 14 companies, …".
func (st ImportStats) String() string {
	return fmt.Sprintf("%d hubs, %d companies, %d needs, %d agreements, %d offers, %d interests, %d staff, %d tokens, %d counters",
		st.Hubs, st.Companies, st.Needs, st.Agreements, st.Offers, st.Interests, st.Staff, st.Tokens, st.Counters)
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
	}
}

// Import restores a backup written by Export into this store, which must be
// empty: it returns ErrConflict, writing nothing, when any of the
// collections hubs, needs, companies, agreements, interests, staff or
// tokens holds a document.
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

// check checks one line.
func (v *importCheck) check(b []byte) error {
	if !utf8.Valid(b) {
		return v.errorf("invalid UTF-8")
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		return v.errorf("a carriage return (CR) that no line feed follows: lines end with LF or CRLF")
	}
	if v.ended {
		return v.errorf("text after the end line")
	}
	if !v.header {
		var h exportHeader
		if err := strictJSON(b, &h); err != nil {
			return v.errorf("not a hubdir export header: %v", err)
		}
		if h.Format != exportFormat {
			return v.errorf("export format %d is not supported (want %d)", h.Format, exportFormat)
		}
		v.header = true
		return nil
	}
	var l exportLine
	if err := strictJSON(b, &l); err != nil {
		return v.errorf("%v", err)
	}
	if l.End != nil {
		if l.Collection != "" || l.Doc != nil {
			return v.errorf("the end line has other fields")
		}
		if *l.End != v.count {
			return v.errorf("the end line counts %d documents, the file has %d", *l.End, v.count)
		}
		v.ended = true
		return nil
	}
	if _, ok := v.ids[l.Collection]; !ok {
		return v.errorf("unknown collection %q", l.Collection)
	}
	if len(l.Doc) == 0 || l.Doc[0] != '{' {
		return v.errorf("no document")
	}
	if v.count++; v.count > maxDocuments {
		return v.errorf("more than %d documents", maxDocuments)
	}
	var raw bson.Raw
	if err := bson.UnmarshalExtJSON(l.Doc, true, &raw); err != nil {
		return v.errorf("%s: not a document in Extended JSON: %v", l.Collection, err)
	}
	id, ok := raw.Lookup("_id").StringValueOK()
	if !ok || id == "" || len(id) > 200 {
		return v.errorf("%s: the _id is missing or not a string", l.Collection)
	}
	if _, dup := v.ids[l.Collection][id]; dup {
		return v.errorf("%s %q appears twice", l.Collection, id)
	}
	if err := v.checkDoc(l.Collection, id, raw); err != nil {
		return fmt.Errorf("import: line %d: %s %q: %w", v.line, l.Collection, id, err)
	}
	v.offsets[l.Collection] = append(v.offsets[l.Collection], v.written)
	n, err := v.spool.Write(raw)
	v.written += int64(n)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

// strictJSON decodes one JSON object into v, refusing unknown fields and
// anything after the object.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("text after the JSON object")
	}
	return nil
}

// tokenHashPattern is the form of a token's _id: a hex SHA-256.
var tokenHashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// counterNamePattern is the form of a counter's name.
var counterNamePattern = regexp.MustCompile(`^[A-Za-z0-9:_\-.]{1,100}$`)

// checkDoc checks the document id of collection coll and records its
// identifier, references and counters.
func (v *importCheck) checkDoc(coll, id string, raw bson.Raw) error {
	hub := ""
	switch coll {
	case collHubs:
		h, err := checkTyped(raw, func(h *content.Hub) error {
			return checkMeta(h.Version, h.Rev, h.CreatedAt, h.Validate())
		})
		if err != nil {
			return err
		}
		v.raise(revCounter, h.Rev)
	case collCompanies:
		c, err := checkTyped(raw, func(c *content.Company) error {
			in := content.CompanyInput{
				Slug: c.Slug, Name: c.Name, Kind: c.Kind, Country: c.Country, City: c.City,
				Sectors: c.Sectors, Website: c.Website, Description: c.Description,
				Capabilities: c.Capabilities, Hubs: c.Hubs, Lab: c.Lab,
			}
			err := in.Validate()
			c.Name, c.Kind, c.Country, c.City, c.Sectors = in.Name, in.Kind, in.Country, in.City, in.Sectors
			c.Website, c.Description, c.Capabilities, c.Hubs = in.Website, in.Description, in.Capabilities, in.Hubs
			return checkMeta(c.Version, c.Rev, c.CreatedAt, err)
		})
		if err != nil {
			return err
		}
		v.raise(revCounter, c.Rev)
		for _, h := range c.Hubs {
			v.refer("hubs", collHubs, h, "")
		}
	case collNeeds:
		n, err := checkTyped(raw, func(n *content.Need) error {
			return checkMeta(n.Version, n.Rev, n.CreatedAt, n.Validate())
		})
		if err != nil {
			return err
		}
		v.raise(revCounter, n.Rev)
		if name, seq, ok := needCounter(n.Ref); ok {
			v.raise(name, seq)
		}
		v.refer("hub", collHubs, n.Hub, "")
		hub = n.Hub
	case collAgreements:
		a, err := checkTyped(raw, func(a *content.Agreement) error {
			in := content.AgreementInput{
				Slug: a.Slug, Hub: a.Hub, Title: a.Title, Scope: a.Scope, Parties: a.Parties,
				SignedOn: a.SignedOn, ExpiresOn: a.ExpiresOn, Status: a.Status, Needs: a.Needs,
			}
			err := in.Validate()
			a.Title, a.Scope, a.Parties, a.SignedOn, a.ExpiresOn, a.Needs = in.Title, in.Scope, in.Parties, in.SignedOn, in.ExpiresOn, in.Needs
			return checkMeta(a.Version, a.Rev, a.CreatedAt, err)
		})
		if err != nil {
			return err
		}
		v.raise(revCounter, a.Rev)
		v.refer("hub", collHubs, a.Hub, "")
		for _, p := range a.Parties {
			if p.Company != "" {
				v.refer("parties", collCompanies, p.Company, "")
			}
		}
		for _, r := range a.Needs {
			v.refer("needs", collNeeds, r, "")
		}
	case collOffers:
		h, err := v.checkOffer(raw)
		if err != nil {
			return err
		}
		hub = h
	case collInterests:
		if _, ok := raw.Lookup("testing").DocumentOK(); ok {
			i, err := v.checkTestingInterest(raw)
			if err != nil {
				return err
			}
			if v.dedupe[i.DedupeKey] {
				return content.Errorf(content.CodeInvalid, "a second identical testing request %s", i.Ref)
			}
			v.dedupe[i.DedupeKey] = true
			v.raise("interest:"+i.Ref[4:6], interestSeq(i.Ref))
			break
		}
		i, err := checkTyped(raw, checkInterest)
		if err != nil {
			return err
		}
		if v.dedupe[i.DedupeKey] {
			return content.Errorf(content.CodeInvalid, "a second interest of the same email in need %s", i.Need)
		}
		v.dedupe[i.DedupeKey] = true
		v.raise("interest:"+i.Ref[4:6], interestSeq(i.Ref))
		v.refer("need", collNeeds, i.Need, i.Hub)
	case collStaff:
		_, err := checkTyped(raw, func(st *content.Staff) error {
			in := content.StaffInput{Email: st.Email, Name: st.Name, Role: st.Role, Hubs: st.Hubs}
			err := in.Validate()
			st.Email, st.Name, st.Hubs = in.Email, in.Name, in.Hubs
			if err == nil && (st.PasswordHash == "" || len(st.PasswordHash) > 200) {
				err = content.InvalidField("password_hash", content.RuleRequired)
			}
			return checkMeta(1, 1, st.CreatedAt, err)
		})
		if err != nil {
			return err
		}
	case collTokens:
		t, err := checkTyped(raw, func(t *content.Token) error {
			if !tokenHashPattern.MatchString(t.Hash) {
				return content.InvalidField("_id", content.RuleUnknownValue)
			}
			return checkMeta(1, 1, t.CreatedAt, nil)
		})
		if err != nil {
			return err
		}
		v.refer("email", collStaff, t.Email, "")
	case collCounters:
		type counter struct {
			Name string `bson:"_id"`
			N    int64  `bson:"n"`
		}
		c, err := checkTyped(raw, func(c *counter) error {
			if !counterNamePattern.MatchString(c.Name) || c.N < 0 {
				return content.InvalidField("n", content.RuleOutOfRange)
			}
			return nil
		})
		if err != nil {
			return err
		}
		v.raise(c.Name, c.N)
		v.counterDocs++
	}
	v.ids[coll][id] = hub
	return nil
}

// checkInterest validates an interest as CreateInterest and
// UpdateInterestStatus leave it.
func checkInterest(i *content.Interest) error {
	in := content.InterestInput{
		Company: i.Company, ContactName: i.ContactName, Email: i.Email, Phone: i.Phone,
		Answers: i.Answers, Consent: i.Consent, Lang: i.Lang,
	}
	lang := i.Lang
	err := in.Validate("")
	i.Company, i.ContactName, i.Email, i.Phone, i.Answers = in.Company, in.ContactName, in.Email, in.Phone, in.Answers
	if err != nil {
		return err
	}
	statuses := content.InterestStatuses()
	switch {
	case !content.ValidInterestRef(i.Ref):
		return content.InvalidField("ref", content.RuleInvalidRef)
	case !content.ValidRef(i.Need):
		return content.InvalidField("need", content.RuleInvalidRef)
	case !content.ValidHubCode(i.Hub):
		return content.InvalidField("hub", content.RuleInvalidHub)
	case lang == "":
		return content.InvalidField("lang", content.RuleRequired)
	case !slices.Contains(statuses, i.Status):
		return content.InvalidField("status", content.RuleUnknownValue)
	case i.DeclineReason != "" && !slices.Contains(content.DeclineReasons(), i.DeclineReason):
		return content.InvalidField("decline_reason", content.RuleUnknownValue)
	case i.DedupeKey != content.DedupeKey(i.Need, i.Email):
		return content.InvalidField("dedupe_key", content.RuleUnknownValue)
	}
	for _, h := range i.History {
		if !slices.Contains(statuses, h.From) || !slices.Contains(statuses, h.To) || h.At.IsZero() {
			return content.InvalidField("history", content.RuleUnknownValue)
		}
	}
	return checkMeta(i.Version, 1, i.CreatedAt, nil)
}

// interestSeq returns the number of an interest reference ("EOI-26-00042":
// 42).
func interestSeq(ref string) int64 {
	var n int64
	for _, c := range ref[7:] {
		n = n*10 + int64(c-'0')
	}
	return n
}

// checkMeta returns err, or an invalid-input error when a document's
// version or revision is below 1 or it has no creation time.
func checkMeta(version, rev int64, created time.Time, err error) error {
	switch {
	case err != nil:
		return err
	case version < 1:
		return content.InvalidField("version", content.RuleOutOfRange)
	case rev < 1:
		return content.InvalidField("rev", content.RuleOutOfRange)
	case created.IsZero():
		return content.InvalidField("created_at", content.RuleRequired)
	}
	return nil
}

// raise records that counter name must reach at least n.
func (v *importCheck) raise(name string, n int64) {
	if n > v.counters[name] {
		v.counters[name] = n
	}
}

// refer records a reference of the current line.
func (v *importCheck) refer(field, coll, id, hub string) {
	v.refs = append(v.refs, importRef{line: v.line, field: field, coll: coll, id: id, hub: hub})
}

// checkRefs checks that every recorded reference resolves.
func (v *importCheck) checkRefs() error {
	for _, r := range v.refs {
		hub, ok := v.ids[r.coll][r.id]
		switch {
		case !ok:
			return content.Errorf(content.CodeInvalid, "import: line %d: %s refers to %s %q, which is not in the file", r.line, r.field, r.coll, r.id)
		case r.hub != "" && hub != r.hub:
			return content.Errorf(content.CodeInvalid, "import: line %d: %s %q is of hub %s, not %s", r.line, r.field, r.id, hub, r.hub)
		}
	}
	return nil
}

// checkTyped decodes raw into a T and checks that the T holds all of it:
// encoded again, it must give the same fields with the same BSON types and
// values (any order), so that no unknown, missing or mistyped field slips
// through. It then runs validate, which normalises the T in place as the
// store's writes do, and checks that normalising changed nothing: a
// document that the store would not have written is refused.
func checkTyped[T any](raw bson.Raw, validate func(*T) error) (*T, error) {
	v := new(T)
	if err := bson.Unmarshal(raw, v); err != nil {
		return nil, content.Errorf(content.CodeInvalid, "does not fit its type: %v", err)
	}
	before, err := bson.Marshal(v)
	if err != nil {
		return nil, err
	}
	if p := diffDocs(raw, before, "", false); p != "" {
		return nil, content.Errorf(content.CodeInvalid, "field %s is unknown, missing or of the wrong type", p)
	}
	if err := validate(v); err != nil {
		return nil, err
	}
	after, err := bson.Marshal(v)
	if err != nil {
		return nil, err
	}
	if p := diffDocs(before, after, "", true); p != "" {
		return nil, content.Errorf(content.CodeInvalid, "field %s is not in normal form", p)
	}
	return v, nil
}

// diffDocs returns the path of the first field in which the BSON documents
// a and b differ, "" when they are equal. The order of fields does not
// matter; a field present twice is a difference. When loose is set, a null,
// an empty array, an empty document and a missing field count as equal.
func diffDocs(a, b bson.Raw, path string, loose bool) string {
	ea, err := a.Elements()
	if err != nil {
		return orRoot(path)
	}
	eb, err := b.Elements()
	if err != nil {
		return orRoot(path)
	}
	mb := make(map[string]bson.RawValue, len(eb))
	for _, e := range eb {
		mb[e.Key()] = e.Value()
	}
	seen := make(map[string]bool, len(ea))
	for _, e := range ea {
		k, va := e.Key(), e.Value()
		p := joinPath(path, k)
		if seen[k] {
			return p
		}
		seen[k] = true
		vb, ok := mb[k]
		if !ok {
			if loose && emptyValue(va) {
				continue
			}
			return p
		}
		if d := diffValues(va, vb, p, loose); d != "" {
			return d
		}
	}
	for _, e := range eb {
		if !seen[e.Key()] && !(loose && emptyValue(e.Value())) {
			return joinPath(path, e.Key())
		}
	}
	return ""
}

// diffValues compares two BSON values as diffDocs does.
func diffValues(a, b bson.RawValue, path string, loose bool) string {
	if loose && emptyValue(a) && emptyValue(b) {
		return ""
	}
	if a.Type != b.Type {
		return path
	}
	switch a.Type {
	case bson.TypeEmbeddedDocument:
		return diffDocs(a.Document(), b.Document(), path, loose)
	case bson.TypeArray:
		return diffDocs(bson.Raw(a.Array()), bson.Raw(b.Array()), path, loose)
	}
	if string(a.Value) != string(b.Value) {
		return path
	}
	return ""
}

// emptyValue reports whether v is null, an empty array or an empty document.
func emptyValue(v bson.RawValue) bool {
	switch v.Type {
	case bson.TypeNull:
		return true
	case bson.TypeArray, bson.TypeEmbeddedDocument:
		return len(v.Value) == 5 // the length and the terminating zero only
	}
	return false
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "(document)"
	}
	return path
}
