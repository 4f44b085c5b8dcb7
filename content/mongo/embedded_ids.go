package mongo

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
)

// IndexIDLookups makes FerretDB's lookups by _id use an index. FerretDB
// v1.24 (SQLite) looks a document up by _id with the condition
// `_ferretdb_sjson->'$._id' = ?`, but indexes _id as
// `_ferretdb_sjson->"_id"`: SQLite matches index expressions by their
// text, so every lookup by _id reads and parses every document of the
// collection (on 10,000 needs 0.5 s with the sqlite3 command, where the
// index answers in a few ms; see docs/performance.md, issue 13). This
// adds, for every collection FerretDB has made, an index on the expression
// its lookups use. FerretDB does not know of these indexes (it keeps its
// own list) and SQLite drops them with their table. It returns how many
// it created; existing ones are kept. Safe to run while FerretDB serves:
// the SQLite files are shared through SQLite's own locking.
//
// It uses the "sqlite" database/sql driver, which FerretDB's SQLite
// backend (modernc.org/sqlite) registers.
func (e *Embedded) IndexIDLookups(ctx context.Context) (int, error) {
	files, err := filepath.Glob(filepath.Join(e.dir, "*.sqlite"))
	if err != nil {
		return 0, err
	}
	made := 0
	for _, f := range files {
		n, err := indexIDs(ctx, f)
		made += n
		if err != nil {
			return made, fmt.Errorf("%s: %w", filepath.Base(f), err)
		}
	}
	return made, nil
}

// indexIDs adds the missing _id lookup indexes of one SQLite file.
func indexIDs(ctx context.Context, file string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(file)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// FerretDB's own _id index is named <table>__id_.
	rows, err := db.QueryContext(ctx, `SELECT tbl_name FROM sqlite_master
		WHERE type = 'index' AND name = tbl_name || '__id_'`)
	if err != nil {
		return 0, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return 0, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	made := 0
	for _, t := range tables {
		if strings.ContainsAny(t, `"`+"\x00") {
			continue // not a name FerretDB makes
		}
		name := t + "__id_lookup"
		var exists int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`, name).Scan(&exists)
		if err != nil {
			return made, err
		}
		if exists > 0 {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS "%s" ON "%s" (_ferretdb_sjson->'$._id')`, name, t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return made, err
		}
		made++
	}
	return made, nil
}
