// Package tabulartest builds hostile spreadsheet files for tests.
package tabulartest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"strings"
	"testing"

	"hubdir/content/tabular"
)

// Bomb returns an XLSX file whose first sheet is rows identical tiny rows
// (each <row> with one inline string cell, about 50 bytes of XML): four
// million make a 200 MB sheet that packs to about 560 KB, the file of the
// review (issue 10, item 1).
func Bomb(tb testing.TB, rows int) []byte {
	tb.Helper()
	var base bytes.Buffer
	if err := tabular.WriteXLSX(&base, [][]string{{"hub"}}, false); err != nil {
		tb.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.DefaultCompression)
	})
	row := `<row><c t="inlineStr"><is><t>x</t></is></c></row>`
	chunk := strings.Repeat(row, 1000)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if f.Name != "xl/worksheets/sheet1.xml" {
			r, err := f.Open()
			if err != nil {
				tb.Fatal(err)
			}
			io.Copy(w, r)
			r.Close()
			continue
		}
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for n := rows; n > 0; n -= 1000 {
			if n >= 1000 {
				io.WriteString(w, chunk)
			} else {
				io.WriteString(w, strings.Repeat(row, n))
			}
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}
