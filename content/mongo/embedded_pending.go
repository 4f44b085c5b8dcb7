package mongo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// PendingIDs returns the _id of every document of the collection coll of
// the database that carries pending events (Config.Pending). FerretDB
// answers the same query ({pending_events: {$exists: true}}) by turning
// every document of the collection into BSON: at start-up on 100,000 needs
// that was 20–25 CPU seconds and most of the memory peak. SQLite reads
// the field from its own JSON in one pass instead. A collection FerretDB
// has not made yet has no such documents.
//
// Like IndexIDLookups it reads FerretDB's SQLite file beside it, through
// SQLite's own locking, and relies on the layout of FerretDB v1.24: a
// table per collection, named in _ferretdb_collections, with the
// document in _ferretdb_sjson.
func (e *Embedded) PendingIDs(ctx context.Context, database, coll string) ([]string, error) {
	file := filepath.Join(e.dir, database+".sqlite")
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(file)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var table string
	err = db.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, coll).Scan(&table)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pending events of %s: %w", coll, err)
	}
	if strings.ContainsAny(table, `"`+"\x00") {
		return nil, fmt.Errorf("pending events of %s: unexpected table name %q", coll, table)
	}
	q := fmt.Sprintf(`SELECT _ferretdb_sjson->>'$._id' FROM "%s" WHERE _ferretdb_sjson->'$.pending_events' IS NOT NULL`, table)
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("pending events of %s: %w", coll, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id sql.NullString
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if id.Valid {
			ids = append(ids, id.String)
		}
	}
	return ids, rows.Err()
}
