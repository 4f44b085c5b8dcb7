package mongo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

// Embedded is an in-process FerretDB v1 server that keeps its data in
// SQLite files in a directory. It speaks the MongoDB wire protocol on a
// loopback port, so a Store talks to it as to any MongoDB server.
type Embedded struct {
	uri     string
	cancel  context.CancelFunc
	done    chan error
	release func() // the data folder's OS lock
}

// StartEmbedded creates dir if needed, starts an embedded FerretDB server
// with its data in dir, listening on 127.0.0.1 on a free port, and waits
// until it answers a ping. FerretDB's own messages go to logger at level
// error and above only (it is noisy below that). Close stops it.
func StartEmbedded(ctx context.Context, dir string, logger *slog.Logger) (*Embedded, error) {
	return StartEmbeddedAt(ctx, dir, "", logger)
}

// StartEmbeddedAt is StartEmbedded listening on addr ("127.0.0.1:27018")
// instead of a free loopback port; "" means a free loopback port. A fixed
// address lets a second process share the embedded store (through its
// URI) and lets a server stopped with Close start again where its clients
// expect it. Only one process may open the data directory at a time: the
// directory is locked (an OS lock on the file hubdir.lock, released by
// Close or when the process ends, however it ends), and a second process
// gets an error matching ErrDataDirInUse.
func StartEmbeddedAt(ctx context.Context, dir, addr string, logger *slog.Logger) (*Embedded, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if logger == nil {
		logger = slog.Default()
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("embedded store: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("embedded store: %w", err)
	}
	release, err := lockDir(abs)
	if err != nil {
		return nil, fmt.Errorf("embedded store: %w", err)
	}
	started := false
	defer func() {
		if !started {
			release()
		}
	}()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Logger:    slog.New(&minLevelHandler{min: slog.LevelError, h: logger.Handler()}),
		Handler:   "sqlite",
		SQLiteURL: "file:" + filepath.ToSlash(abs) + "/",
	})
	if err != nil {
		return nil, fmt.Errorf("embedded store: %w", err)
	}

	runCtx, cancel := context.WithCancel(context.Background())
	e := &Embedded{cancel: cancel, done: make(chan error, 1), release: func() {}}
	go func() { e.done <- f.Run(runCtx) }()

	// MongoDBURI blocks until the listener is up; Run failing early would
	// leave it blocked, so wait for it beside Run and the caller's context.
	uriCh := make(chan string, 1)
	go func() { uriCh <- f.MongoDBURI() }()
	select {
	case e.uri = <-uriCh:
	case err := <-e.done:
		cancel()
		return nil, fmt.Errorf("embedded store: stopped at start-up: %v", err)
	case <-ctx.Done():
		e.Close()
		return nil, fmt.Errorf("embedded store: %w", ctx.Err())
	}

	if err := e.waitReady(ctx); err != nil {
		e.Close()
		return nil, fmt.Errorf("embedded store: %w", err)
	}
	e.release, started = sync.OnceFunc(release), true
	logger.Debug("embedded store started", "dir", abs, "uri", e.uri)
	return e, nil
}

// waitReady pings the server until it answers.
func (e *Embedded) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err := mdb.Connect(options.Client().ApplyURI(e.uri).SetServerSelectionTimeout(time.Second))
	if err != nil {
		return err
	}
	defer c.Disconnect(context.Background())
	for {
		err := c.Ping(ctx, readpref.Primary())
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.Join(ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// URI returns the MongoDB connection string of the server.
func (e *Embedded) URI() string { return e.uri }

// Close stops the server and waits until it has closed its connections and
// its SQLite files. Close the Stores using it first: a connection still open
// delays Close by about three seconds.
func (e *Embedded) Close() error {
	e.cancel()
	err := <-e.done
	e.done <- err // a second Close returns at once
	e.release()
	return err
}

// minLevelHandler passes on only the records at or above min.
type minLevelHandler struct {
	min slog.Level
	h   slog.Handler
}

func (m *minLevelHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= m.min && m.h.Enabled(ctx, l)
}

func (m *minLevelHandler) Handle(ctx context.Context, r slog.Record) error {
	return m.h.Handle(ctx, r)
}

func (m *minLevelHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &minLevelHandler{min: m.min, h: m.h.WithAttrs(attrs)}
}

func (m *minLevelHandler) WithGroup(name string) slog.Handler {
	return &minLevelHandler{min: m.min, h: m.h.WithGroup(name)}
}
