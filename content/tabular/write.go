package tabular

import (
	"bufio"
	"io"
	"strings"
)

// TableOf makes a table of records already in memory, the first the
// header; blank rows are left out, as Read does. It sets no limit.
func TableOf(recs [][]string) *Table {
	c := &collector{lim: Limits{Rows: int(^uint(0) >> 2)}, t: &Table{Header: []string{}}}
	if len(recs) == 0 {
		return c.t
	}
	c.t.Header = append([]string{}, recs[0]...)
	for _, rec := range recs[1:] {
		c.seen++
		if !isBlank(rec) {
			c.t.Rows = append(c.t.Rows, rec)
			c.t.Lines = append(c.t.Lines, c.seen+1)
		}
	}
	return c.t
}

// isBlank reports whether every cell of rec is blank.
func isBlank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// SafeCell guards a CSV cell against formula injection: a cell starting
// with =, +, -, @, a tab or a carriage return is prefixed with a quote, so
// spreadsheet programs show it as text.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes rows as CSV: UTF-8 with a byte order mark (so that
// spreadsheet programs read Persian and Chinese), CRLF line ends, commas
// between cells, every cell guarded by SafeCell. A cell is quoted when it
// holds a comma, a semicolon (the separator of spreadsheet programs in
// Persian and Turkish settings, and of lists inside a cell), a quote, a
// line break or space at either end.
func WriteCSV(w io.Writer, rows [][]string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\uFEFF")
	for _, r := range rows {
		for k, s := range r {
			if k > 0 {
				bw.WriteByte(',')
			}
			s = SafeCell(s)
			if strings.ContainsAny(s, ",;\"\r\n") || strings.TrimSpace(s) != s {
				s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
			}
			bw.WriteString(s)
		}
		bw.WriteString("\r\n")
	}
	return bw.Flush()
}

// WriteXLSX writes rows as a workbook of one sheet, every cell a text cell
// (never a formula); rtl sets the sheet right to left (Persian).
func WriteXLSX(w io.Writer, rows [][]string, rtl bool) error {
	return WriteSheets(w, []Sheet{{Rows: rows, RTL: rtl}})
}

// Gate bounds how many files are read at once: each import holds a place
// while it reads and checks its file, and an import that finds no place
// is refused at once (the caller answers "busy, try again") rather than
// queued, so that a burst of large files cannot pile up memory.
type Gate struct{ places chan struct{} }

// NewGate returns a gate of n places (at least 1).
func NewGate(n int) *Gate { return &Gate{places: make(chan struct{}, max(n, 1))} }

// TryEnter takes a place if one is free; leave gives it back.
func (g *Gate) TryEnter() (leave func(), ok bool) {
	select {
	case g.places <- struct{}{}:
		return func() { <-g.places }, true
	default:
		return nil, false
	}
}
