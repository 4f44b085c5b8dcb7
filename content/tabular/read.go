// Package tabular reads and writes the tables staff exchange with
// spreadsheet programs: CSV (UTF-8) and XLSX. It is the one place that
// handles these formats, for the import of needs and companies and for the
// exports of the inbox and the import templates.
//
// Reading is bounded whatever the file holds. An XLSX file is a zip
// archive whose parts can unpack to a thousand times their packed size (a
// 575 KB file held a 200 MB sheet), so before anything is unpacked Read
// checks the archive's directory against Limits (the sizes it declares are
// enforced by archive/zip while unpacking); excelize then gets the same
// limits (Options.UnzipSizeLimit, UnzipXMLSizeLimit), keeps large sheets
// in a temporary file, and the sheet is streamed row by row (Rows), never
// read whole (GetRows). CSV is streamed the same way. Both stop reading at
// the row limit: a file over it costs no more than a file at it.
package tabular

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Errors of Read. Every error Read returns matches (errors.Is) exactly one
// of them.
var (
	// ErrTooLarge: the file, or what an XLSX file unpacks to, is over the
	// limits.
	ErrTooLarge = errors.New("tabular: the file is too large")
	// ErrTooManyRows: the file has more data rows than Limits.Rows.
	ErrTooManyRows = errors.New("tabular: too many rows")
	// ErrUnreadable: the file is neither a valid UTF-8 CSV nor an XLSX
	// workbook with a sheet.
	ErrUnreadable = errors.New("tabular: unreadable file")
)

// Limits bound the reading of one file.
type Limits struct {
	// Bytes bounds the file itself.
	Bytes int64
	// Rows bounds the data rows (the rows after the header that have a
	// non-blank cell). Blank rows are skipped but counted against a
	// ceiling of 2×Rows+100 rows, so that a sheet of a million empty rows
	// is refused at once too.
	Rows int
	// UnzipBytes bounds the sum of the sizes of an XLSX file's parts,
	// unpacked.
	UnzipBytes int64
	// UnzipMemory: an XLSX sheet unpacked larger than this is kept in a
	// temporary file (and streamed) instead of in memory.
	UnzipMemory int64
	// SharedStrings bounds the shared-strings part of an XLSX file, which
	// excelize decodes whole into memory (about eight times its size for
	// the smallest strings).
	SharedStrings int64
}

// DefaultLimits returns the limits of an import of at most rows data rows
// and bytes bytes: 64 MiB unpacked in all, sheets over 4 MiB kept on disk,
// shared strings up to 8 MiB.
func DefaultLimits(bytes int64, rows int) Limits {
	return Limits{Bytes: bytes, Rows: rows, UnzipBytes: 64 << 20, UnzipMemory: 4 << 20, SharedStrings: 8 << 20}
}

// rowCeiling is the number of rows, blank or not, after the header that
// Read looks at before it gives up.
func (l Limits) rowCeiling() int { return 2*l.Rows + 100 }

// Table is a file's cells: Header is its first row, Rows the data rows
// that follow (blank rows left out), each with the number of its row in the
// file (the header is row 1).
type Table struct {
	Header []string
	Rows   [][]string
	Lines  []int
}

// Format is the format of a file.
type Format string

// The formats Read knows.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// FormatOf tells a file's format by its name's extension (.csv, .xlsx),
// else by its first bytes (a zip archive is XLSX), else CSV.
func FormatOf(name string, head []byte) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		return XLSX
	case ".csv":
		return CSV
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return XLSX
	}
	return CSV
}

// Read reads a CSV or XLSX file of the given size (as the upload declared
// it; checked against lim.Bytes before anything is read, and not trusted
// further) from r. name decides the format (FormatOf). It returns
// ErrTooLarge, ErrTooManyRows or ErrUnreadable (wrapped with details).
func Read(r io.Reader, size int64, name string, lim Limits) (*Table, error) {
	if size > lim.Bytes {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, size, lim.Bytes)
	}
	b, err := io.ReadAll(io.LimitReader(r, lim.Bytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	if int64(len(b)) > lim.Bytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, lim.Bytes)
	}
	if FormatOf(name, b) == XLSX {
		return readXLSX(b, lim)
	}
	return readCSV(bytes.NewReader(b), lim)
}

// collector gathers rows up to the limits.
type collector struct {
	lim    Limits
	t      *Table
	header bool // the header was read
	seen   int  // rows after the header, blank or not
}

// add takes the next row of the file (the first is the header); it returns
// ErrTooManyRows once the file is over the limits.
func (c *collector) add(rec []string) error {
	if !c.header {
		c.header = true
		c.t.Header = append([]string{}, rec...)
		return nil
	}
	c.seen++
	if c.seen > c.lim.rowCeiling() {
		return fmt.Errorf("%w: more than %d rows", ErrTooManyRows, c.lim.rowCeiling())
	}
	if isBlank(rec) {
		return nil
	}
	if len(c.t.Rows) >= c.lim.Rows {
		return fmt.Errorf("%w: more than %d", ErrTooManyRows, c.lim.Rows)
	}
	c.t.Rows = append(c.t.Rows, rec)
	c.t.Lines = append(c.t.Lines, c.seen+1)
	return nil
}

// readCSV streams a UTF-8 CSV file (a leading byte order mark is skipped;
// the delimiter is a comma, or a semicolon when the first line has no
// comma but a semicolon).
func readCSV(r io.Reader, lim Limits) (*Table, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	head, _ := br.Peek(64 << 10)
	first, _, _ := bytes.Cut(head, []byte("\n"))
	cr := csv.NewReader(br)
	if !bytes.Contains(first, []byte(",")) && bytes.Contains(first, []byte(";")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	c := &collector{lim: lim, t: &Table{Header: []string{}}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
		}
		for _, v := range rec {
			if !utf8.ValidString(v) {
				return nil, fmt.Errorf("%w: the file is not UTF-8", ErrUnreadable)
			}
		}
		if err := c.add(rec); err != nil {
			return nil, err
		}
	}
	return c.t, nil
}

// sharedStringsPart is the shared-strings part of a workbook.
const sharedStringsPart = "xl/sharedstrings.xml"

// checkArchive checks the zip directory of an XLSX file against the
// limits, before anything is unpacked, and then unpacks every part once
// into nothing to check that it holds what it declares: archive/zip stops
// a part at its declared size (and checks its CRC-32), but excelize ignores
// that error and would read a truncated sheet as a shorter one.
func checkArchive(b []byte, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(lim.UnzipBytes) {
			return fmt.Errorf("%w: unpacks to more than %d bytes", ErrTooLarge, lim.UnzipBytes)
		}
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		if name == sharedStringsPart && f.UncompressedSize64 > uint64(lim.SharedStrings) {
			return fmt.Errorf("%w: shared strings of %d bytes, at most %d", ErrTooLarge, f.UncompressedSize64, lim.SharedStrings)
		}
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrUnreadable, f.Name, err)
		}
		_, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrUnreadable, f.Name, err)
		}
	}
	return nil
}

// readXLSX streams the first sheet of an XLSX workbook, cells as their
// raw values (numbers as written, not formatted).
func readXLSX(b []byte, lim Limits) (*Table, error) {
	if err := checkArchive(b, lim); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit: lim.UnzipBytes, UnzipXMLSizeLimit: min(lim.UnzipMemory, lim.UnzipBytes),
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, fmt.Errorf("%w: %v", ErrTooLarge, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer f.Close() // removes the temporary files
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%w: no sheet", ErrUnreadable)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	defer rows.Close()
	c := &collector{lim: lim, t: &Table{Header: []string{}}}
	for rows.Next() {
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			if errors.Is(err, zip.ErrFormat) {
				return nil, fmt.Errorf("%w: a part is larger than it declares", ErrTooLarge)
			}
			return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
		}
		for _, v := range rec {
			if !utf8.ValidString(v) {
				return nil, fmt.Errorf("%w: a cell is not UTF-8", ErrUnreadable)
			}
		}
		if err := c.add(rec); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	return c.t, nil
}
