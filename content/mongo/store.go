// Package mongo implements content.Store on MongoDB, through the official
// driver, and on FerretDB v1, the embedded default, which speaks the same
// wire protocol.
//
// Every hot path is a lookup by _id: FerretDB v1 on SQLite pushes nothing
// else down to its database. Needs and interests use their reference code as
// _id, companies and agreements their slug, staff their lower-case email,
// tokens the SHA-256 of the token and counters their name.
//
// FerretDB v1 applies an update by reading the document, changing it in Go
// and writing it back, with nothing in between to stop a second writer: two
// concurrent $inc can both return the same number and two replacements
// filtered on the same version can both match. On FerretDB, the store
// therefore serialises each read-modify-write on one document with a lock
// document (see lock.go), made atomic by SQLite's primary key. On MongoDB
// the same operations run without the lock, as MongoDB makes them atomic.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"

	"hubdir/content"
)

// Collection names.
const (
	collHubs       = "hubs"
	collNeeds      = "needs"
	collCompanies  = "companies"
	collAgreements = "agreements"
	collInterests  = "interests"
	collStaff      = "staff"
	collTokens     = "tokens"
	collCounters   = "counters"
	collLocks      = "locks"
)

// Config configures a Store.
type Config struct {
	// URI is the MongoDB connection string, such as
	// "mongodb://localhost:27017/" or the URI of an Embedded server.
	URI string
	// Database is the database name; "hubdir" when empty.
	Database string
	// Timeout bounds server selection, that is how long an operation waits
	// for an unreachable server before failing with content.ErrUnavailable.
	// Zero means the URI's serverSelectionTimeoutMS, else 5 seconds.
	Timeout time.Duration
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// Zone is the park's time zone, which decides what "today" is for
	// deadlines and the year in reference codes; Asia/Tehran when nil.
	Zone *time.Location
	// Logger receives the store's log messages; slog.Default() when nil.
	Logger *slog.Logger
	// Pending, when set, returns the _id of every document of a
	// collection that carries pending events, for RecoverEvents in place
	// of a query FerretDB answers by decoding the whole collection
	// (Embedded.PendingIDs).
	Pending func(ctx context.Context, database, coll string) ([]string, error)
}

// Store is the MongoDB implementation of content.Store. It is safe for
// concurrent use.
type Store struct {
	client *mdb.Client
	db     *mdb.Database
	now    func() time.Time
	zone   *time.Location
	log    *slog.Logger

	// serialize is set when the server is FerretDB, whose updates are not
	// atomic: read-modify-writes then take a lock (lock.go).
	serialize bool
	locks     keyedMutex

	// pendingIDs is Config.Pending.
	pendingIDs func(ctx context.Context, database, coll string) ([]string, error)

	proc   procID    // this process, named in the lock documents it writes
	blocks seqBlocks // reserved interest numbers (nextInBlock)
	evSeqs eventSeqs // event numbers claimed by the log's unique index (eventseq.go)

	hubs, needs, companies, agreements *mdb.Collection
	interests, staff, tokens, counters *mdb.Collection
	lockColl                           *mdb.Collection
}

var _ content.Store = (*Store)(nil)

// defaultTimeout is the server selection timeout when neither Config nor
// the URI sets one.
const defaultTimeout = 5 * time.Second

// Open connects to the server at cfg.URI with majority write concern, checks
// that it answers and creates the indexes the store needs, if missing. It
// returns content.ErrUnavailable when the server cannot be reached.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, errors.New("mongo: no URI")
	}
	if cfg.Database == "" {
		cfg.Database = "hubdir"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Zone == nil {
		cfg.Zone = tehran()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}

	opts := options.Client().ApplyURI(cfg.URI)
	switch {
	case cfg.Timeout > 0:
		opts.SetServerSelectionTimeout(cfg.Timeout)
	case opts.ServerSelectionTimeout == nil:
		opts.SetServerSelectionTimeout(defaultTimeout)
	}
	if opts.WriteConcern == nil {
		opts.SetWriteConcern(writeconcern.Majority())
	}
	client, err := mdb.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("mongo: %w", err)
	}
	db := client.Database(cfg.Database)
	s := &Store{
		client: client, db: db, now: cfg.Now, zone: cfg.Zone, log: cfg.Logger,
		hubs: db.Collection(collHubs), needs: db.Collection(collNeeds),
		companies: db.Collection(collCompanies), agreements: db.Collection(collAgreements),
		interests: db.Collection(collInterests), staff: db.Collection(collStaff),
		tokens: db.Collection(collTokens), counters: db.Collection(collCounters),
		lockColl: db.Collection(collLocks), proc: thisProc(), pendingIDs: cfg.Pending,
	}
	if err := s.setUp(ctx); err != nil {
		client.Disconnect(context.WithoutCancel(ctx))
		return nil, err
	}
	return s, nil
}

// setUp pings the server, finds out whether it is FerretDB and creates the
// indexes.
func (s *Store) setUp(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	var info bson.Raw
	err := s.client.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info)
	if err != nil {
		return storeError(err)
	}
	if _, err := info.LookupErr("ferretdbVersion"); err == nil {
		s.serialize = true
	}
	if err := s.createIndexes(ctx); err != nil {
		return err
	}
	s.ensureEventSeqIndex(ctx)
	return s.startLog(ctx)
}

// createIndexes creates the store's indexes; creating an existing index
// again does nothing.
func (s *Store) createIndexes(ctx context.Context) error {
	asc := func(keys ...string) bson.D {
		d := bson.D{}
		for _, k := range keys {
			d = append(d, bson.E{Key: k, Value: 1})
		}
		return d
	}
	byRev := mdb.IndexModel{Keys: asc("rev")}
	set := []struct {
		c      *mdb.Collection
		models []mdb.IndexModel
	}{
		{s.hubs, []mdb.IndexModel{byRev}},
		{s.needs, []mdb.IndexModel{byRev, {Keys: asc("hub", "status")}}},
		{s.companies, []mdb.IndexModel{byRev}},
		{s.agreements, []mdb.IndexModel{byRev}},
		{s.offers(), []mdb.IndexModel{byRev}},
		{s.interests, []mdb.IndexModel{
			{Keys: asc("dedupe_key"), Options: options.Index().SetUnique(true)},
			{Keys: asc("need")},
			{Keys: bson.D{{Key: "hub", Value: 1}, {Key: "created_at", Value: -1}}},
		}},
		{s.tokens, []mdb.IndexModel{{Keys: asc("email")}}},
		// Staff workspace A: sessions by member (sign everyone out), audit by who and listing.
		{s.db.Collection(collSessions), []mdb.IndexModel{{Keys: asc("email")}}},
		{s.db.Collection(collAudit), []mdb.IndexModel{{Keys: asc("by")}, {Keys: asc("id")}}},
		// Domain events, read in Seq order (events.go).
		{s.db.Collection(collEvents), []mdb.IndexModel{{Keys: asc("seq")}}},
	}
	for _, x := range set {
		missing, err := missingIndexes(ctx, x.c, x.models)
		if err != nil {
			return fmt.Errorf("mongo: indexes of %s: %w", x.c.Name(), err)
		}
		if len(missing) == 0 {
			continue
		}
		if _, err := x.c.Indexes().CreateMany(ctx, missing); err != nil {
			return fmt.Errorf("mongo: indexes of %s: %w", x.c.Name(), storeError(err))
		}
	}
	return nil
}

// missingIndexes returns the models whose index c lacks, by name. Asking
// FerretDB v1 to create a compound index that exists crashes its
// connection, so existing indexes are never created again.
func missingIndexes(ctx context.Context, c *mdb.Collection, models []mdb.IndexModel) ([]mdb.IndexModel, error) {
	specs, err := c.Indexes().ListSpecifications(ctx)
	if err != nil {
		return nil, storeError(err)
	}
	have := map[string]bool{}
	for _, s := range specs {
		have[s.Name] = true
	}
	var out []mdb.IndexModel
	for _, m := range models {
		if !have[indexName(m.Keys.(bson.D))] {
			out = append(out, m)
		}
	}
	return out, nil
}

// indexName returns the name MongoDB gives an index by default: "hub_1_status_1".
func indexName(keys bson.D) string {
	name := ""
	for i, k := range keys {
		if i > 0 {
			name += "_"
		}
		name += fmt.Sprintf("%s_%v", k.Key, k.Value)
	}
	return name
}

// Close disconnects from the server.
func (s *Store) Close(ctx context.Context) error {
	s.raiseEventHintNow(ctx) // the counter follows the events before the process ends
	return s.client.Disconnect(ctx)
}

// Ping checks that the server answers; content.ErrUnavailable otherwise.
func (s *Store) Ping(ctx context.Context) error {
	return storeError(s.client.Ping(ctx, readpref.Primary()))
}

// Database returns the name of the store's database.
func (s *Store) Database() string { return s.db.Name() }

// stamp returns the current time as stored: UTC, to the millisecond (BSON
// dates hold milliseconds), so a value returned equals the value read back.
func (s *Store) stamp() time.Time {
	return s.now().UTC().Truncate(time.Millisecond)
}

// today returns the park's calendar date.
func (s *Store) today() content.Date {
	return content.Today(s.now(), s.zone)
}

// yy returns the two-digit year of today, as used in reference codes.
func (s *Store) yy() string {
	return string(s.today())[2:4]
}

// tehran returns the Asia/Tehran zone, or its fixed offset (+03:30, without
// daylight saving since 2022) where the system has no zone database.
func tehran() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tehran"); err == nil {
		return loc
	}
	return time.FixedZone("Asia/Tehran", 3*3600+30*60)
}

// byID returns the filter on one _id.
func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// Drop deletes the store's database with everything in it. It is meant for
// tests.
func (s *Store) Drop(ctx context.Context) error {
	return storeError(s.db.Drop(ctx))
}
