package mongo

import (
	"context"
	"errors"
	"fmt"

	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"hubdir/content"
)

// storeError maps a driver error to the content error it stands for:
// content errors and cancellation pass through; no document is
// ErrNotFound; a duplicate key is ErrConflict; an unreachable server,
// a broken connection or a timeout is ErrUnavailable, wrapping the cause.
// Anything else is wrapped as it is: the HTTP layer treats it as internal.
func storeError(err error) error {
	var ce *content.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ce):
		return err
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, mdb.ErrNoDocuments):
		return content.Errorf(content.CodeNotFound, "not found")
	case mdb.IsDuplicateKeyError(err):
		return content.Errorf(content.CodeConflict, "already exists")
	case unavailable(err):
		return fmt.Errorf("%w: %w", content.ErrUnavailable, err)
	}
	return fmt.Errorf("mongo: %w", err)
}

// unavailable reports whether err means the server cannot be reached now.
func unavailable(err error) bool {
	var sse topology.ServerSelectionError
	var conn topology.ConnectionError
	return mdb.IsNetworkError(err) || mdb.IsTimeout(err) ||
		errors.As(err, &sse) || errors.As(err, &conn) ||
		errors.Is(err, topology.ErrTopologyClosed) || errors.Is(err, mdb.ErrClientDisconnected)
}

// notFound returns the not-found error for a document.
func notFound(kind, id string) error {
	return content.Errorf(content.CodeNotFound, "%s %q not found", kind, id)
}

// conflict returns the stale-version error for a document.
func conflict(kind, id string, read, current int64) error {
	return content.Errorf(content.CodeConflict, "%s %q: version %d is stale, current is %d", kind, id, read, current)
}
