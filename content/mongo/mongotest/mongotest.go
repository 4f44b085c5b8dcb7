// Package mongotest gives the tests of a binary one shared database server
// and a fresh database on it per test.
//
// The server is the one at $MONGODB_TEST_URI when that is set, else an
// embedded FerretDB in a temporary directory, started once per test binary
// by Main.
package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"hubdir/content/mongo"
)

// server is the shared server of the test binary, set by Main.
var server struct {
	uri string
	seq atomic.Int64
}

// Main starts the shared server, runs the tests and stops the server. Call
// it from TestMain: os.Exit(mongotest.Main(m)). It returns the exit code.
func Main(m *testing.M) int {
	if uri := os.Getenv("MONGODB_TEST_URI"); uri != "" {
		server.uri = uri
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "hubdir-mongotest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "mongotest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e, err := mongo.StartEmbedded(ctx, dir, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "mongotest:", err)
		return 1
	}
	defer e.Close()
	server.uri = e.URI()
	return m.Run()
}

// URI returns the shared server's URI.
func URI() string {
	if server.uri == "" {
		panic("mongotest: call mongotest.Main from TestMain")
	}
	return server.uri
}

// Open returns a Store on a new database of the shared server, dropped when
// the test ends. Now, Zone and Timeout come from cfg when given.
func Open(tb testing.TB, cfg ...mongo.Config) *mongo.Store {
	tb.Helper()
	b := make([]byte, 4)
	rand.Read(b)
	name := fmt.Sprintf("test_%d_%s", server.seq.Add(1), hex.EncodeToString(b))
	s := open(tb, name, cfg)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.Drop(ctx); err != nil { // before open's Close: cleanups run last first
			tb.Errorf("mongotest: drop %s: %v", name, err)
		}
	})
	return s
}

// OpenSame returns a second Store on the database of s, as a second
// instance of the service would have, closed when the test ends. Now, Zone
// and Timeout come from cfg when given.
func OpenSame(tb testing.TB, s *mongo.Store, cfg ...mongo.Config) *mongo.Store {
	tb.Helper()
	return open(tb, s.Database(), cfg)
}

func open(tb testing.TB, db string, cfg []mongo.Config) *mongo.Store {
	tb.Helper()
	var c mongo.Config
	if len(cfg) > 0 {
		c = cfg[0]
	}
	c.URI, c.Database = URI(), db
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := mongo.Open(ctx, c)
	if err != nil {
		tb.Fatalf("mongotest: open %s: %v", db, err)
	}
	tb.Cleanup(func() { s.Close(context.Background()) })
	return s
}
