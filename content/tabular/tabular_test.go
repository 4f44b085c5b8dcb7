package tabular_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"hubdir/content/tabular"
)

// limits are the import's: 5,000 rows, files up to 8 MiB.
var limits = tabular.DefaultLimits(8<<20, 5000)

// read reads b as a file named name with limits.
func read(b []byte, name string) (*tabular.Table, error) {
	return tabular.Read(bytes.NewReader(b), int64(len(b)), name, limits)
}

// workbook returns an XLSX file whose first sheet's XML is what sheet
// writes (the other parts from an empty workbook made by WriteXLSX).
func workbook(t testing.TB, sheet func(w io.Writer)) []byte {
	t.Helper()
	var base bytes.Buffer
	if err := tabular.WriteXLSX(&base, [][]string{{"x"}}, false); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.DefaultCompression)
	})
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			sheet(w)
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, r)
		r.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// sheetOf writes a sheet of n rows, each made by row(i) (1-based), padded
// with filler rows of pad bytes of XML so the sheet reaches a size.
func sheetOf(n int, row func(i int) string) func(w io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		bw := &bytes.Buffer{}
		for i := 1; i <= n; i++ {
			bw.WriteString(row(i))
			if bw.Len() > 1<<16 {
				w.Write(bw.Bytes())
				bw.Reset()
			}
		}
		w.Write(bw.Bytes())
		io.WriteString(w, `</sheetData></worksheet>`)
	}
}

// tinyRow is a row of one inline string cell, numbered by its place: 4
// million make 200 MB that pack to a few hundred KB.
func tinyRow(int) string {
	return `<row><c t="inlineStr"><is><t>x</t></is></c></row>`
}

// allocated returns the bytes f allocates (runtime.MemStats.TotalAlloc),
// a bound on its peak memory that does not depend on the collector.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestXLSXBombRefused: the file, a few hundred KB that unpack to
// a 200 MB sheet of 4 million rows (before: 66 s, RSS up by 1.8 GB, then
// "more than 5,000 rows"), is refused from its zip directory, before
// anything is unpacked, with a few MB allocated.
func TestXLSXBombRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 200 MB sheet")
	}
	bomb := workbook(t, sheetOf(4_000_000, tinyRow))
	t.Logf("bomb: %d KB packed", len(bomb)>>10)
	var err error
	n := allocated(func() { _, err = read(bomb, "needs.xlsx") })
	if !errors.Is(err, tabular.ErrTooLarge) {
		t.Fatalf("bomb: %v, want ErrTooLarge", err)
	}
	t.Logf("refused: %v; %d KB allocated", err, n>>10)
	if n > 16<<20 {
		t.Errorf("reading the bomb allocated %d MB", n>>20)
	}
}

// TestXLSXManyRowsStopsAtLimit: a sheet within the unpack limit but with a
// million rows is streamed (from a temporary file) and given up at the
// 5,001st data row, allocating a few MB (GetRows built every row).
func TestXLSXManyRowsStopsAtLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 50 MB sheet")
	}
	file := workbook(t, sheetOf(1_000_000, func(i int) string {
		return `<row><c t="inlineStr"><is><t>` + fmt.Sprint(i%10) + `</t></is></c></row>`
	}))
	var err error
	n := allocated(func() { _, err = read(file, "needs.xlsx") })
	if !errors.Is(err, tabular.ErrTooManyRows) {
		t.Fatalf("a million rows: %v, want ErrTooManyRows", err)
	}
	t.Logf("refused: %v; %d KB allocated", err, n>>10)
	if n > 32<<20 {
		t.Errorf("reading a million rows allocated %d MB", n>>20)
	}
	// A million blank rows (one row element far down) stop at the ceiling.
	blank := workbook(t, sheetOf(1, func(int) string {
		return `<row r="1"><c r="A1" t="inlineStr"><is><t>hub</t></is></c></row><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>TR</t></is></c></row>`
	}))
	if _, err := read(blank, "needs.xlsx"); !errors.Is(err, tabular.ErrTooManyRows) {
		t.Errorf("a million blank rows: %v, want ErrTooManyRows", err)
	}
}

// TestXLSXSharedStringsBombRefused: the shared strings, which excelize
// decodes whole, are bounded on their own.
func TestXLSXSharedStringsBombRefused(t *testing.T) {
	var base bytes.Buffer
	tabular.WriteXLSX(&base, [][]string{{"x"}}, false)
	zr, _ := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		r, _ := f.Open()
		io.Copy(w, r)
		r.Close()
	}
	w, _ := zw.Create("xl/sharedStrings.xml")
	io.WriteString(w, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	io.WriteString(w, strings.Repeat("<si><t/></si>", 1_000_000))
	io.WriteString(w, `</sst>`)
	zw.Close()
	var err error
	n := allocated(func() { _, err = read(out.Bytes(), "x.xlsx") })
	if !errors.Is(err, tabular.ErrTooLarge) {
		t.Fatalf("shared strings bomb: %v, want ErrTooLarge", err)
	}
	if n > 16<<20 {
		t.Errorf("reading it allocated %d MB", n>>20)
	}
}

// TestXLSXLyingSizeRefused: a part that declares a small size and unpacks
// to more is refused while unpacking (archive/zip checks the size).
func TestXLSXLyingSizeRefused(t *testing.T) {
	var base bytes.Buffer
	tabular.WriteXLSX(&base, [][]string{{"x"}}, false)
	zr, _ := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			var sheet bytes.Buffer
			sheetOf(500_000, tinyRow)(&sheet)
			var packed bytes.Buffer
			fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
			fw.Write(sheet.Bytes())
			fw.Close()
			w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate,
				CRC32: crc32.ChecksumIEEE(sheet.Bytes()), CompressedSize64: uint64(packed.Len()), UncompressedSize64: 1 << 10})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(packed.Bytes())
			continue
		}
		w, _ := zw.Create(f.Name)
		r, _ := f.Open()
		io.Copy(w, r)
		r.Close()
	}
	zw.Close()
	var err error
	n := allocated(func() { _, err = read(out.Bytes(), "x.xlsx") })
	if !errors.Is(err, tabular.ErrUnreadable) {
		t.Fatalf("a part larger than it declares: %v, want ErrUnreadable", err)
	}
	t.Logf("refused: %v; %d KB allocated", err, n>>10)
	if n > 16<<20 {
		t.Errorf("reading it allocated %d MB", n>>20)
	}
}

// TestRoundTrip: what WriteCSV and WriteXLSX write, Read reads back
// (Persian and Chinese text, blank rows left out with the file's row
// numbers kept).
func TestRoundTrip(t *testing.T) {
	rows := [][]string{
		{"hub", "title_fa", "title_zh", "trl"},
		{"TR", "فناوری‌های نوین", "新型水处理技术", "6"},
		{"", "", "", ""},
		{"CN", "حسگر، کالیبراسیون", `带"引号"的文本`, "7"},
	}
	var c, x bytes.Buffer
	if err := tabular.WriteCSV(&c, rows); err != nil {
		t.Fatal(err)
	}
	if err := tabular.WriteXLSX(&x, rows, true); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"t.csv": c.Bytes(), "t.xlsx": x.Bytes(), "no-extension": x.Bytes()} {
		tab, err := read(b, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(tab.Header, rows[0]) || len(tab.Rows) != 2 || !slices.Equal(tab.Rows[1], rows[3]) ||
			!slices.Equal(tab.Lines, []int{2, 4}) {
			t.Errorf("%s: %+v", name, tab)
		}
	}
}

// TestCSV: semicolons, the byte order mark, invalid UTF-8, bad quoting,
// the row limit exactly, and the formula guard of WriteCSV.
func TestCSV(t *testing.T) {
	tab, err := read([]byte("\uFEFFhub;kind\nTR;rnd\n"), "x.csv")
	if err != nil || !slices.Equal(tab.Header, []string{"hub", "kind"}) || tab.Rows[0][1] != "rnd" {
		t.Errorf("semicolons: %+v %v", tab, err)
	}
	for _, bad := range []string{"hub\n\xff\xfe\n", "hub\n\"open quote\n"} {
		if _, err := read([]byte(bad), "x.csv"); !errors.Is(err, tabular.ErrUnreadable) {
			t.Errorf("%q: %v, want ErrUnreadable", bad, err)
		}
	}
	lim := tabular.DefaultLimits(1<<20, 3)
	at := "h\n1\n\n2\n3\n"
	if tab, err := tabular.Read(strings.NewReader(at), int64(len(at)), "x.csv", lim); err != nil || len(tab.Rows) != 3 {
		t.Errorf("at the limit: %+v %v", tab, err)
	}
	over := at + "4\n"
	if _, err := tabular.Read(strings.NewReader(over), int64(len(over)), "x.csv", lim); !errors.Is(err, tabular.ErrTooManyRows) {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := tabular.Read(strings.NewReader(over), 2<<20, "x.csv", lim); !errors.Is(err, tabular.ErrTooLarge) {
		t.Errorf("declared too large: %v", err)
	}
	long := strings.Repeat("a", 2<<20)
	if _, err := tabular.Read(strings.NewReader(long), 10, "x.csv", lim); !errors.Is(err, tabular.ErrTooLarge) {
		t.Errorf("larger than declared: %v", err)
	}
	var b bytes.Buffer
	tabular.WriteCSV(&b, [][]string{{"=HYPERLINK(\"x\")", "+1", "-2", "@a", "ok", "ai;iot", " x"}})
	if !strings.Contains(b.String(), `"'=HYPERLINK(""x"")",'+1,'-2,'@a,ok,"ai;iot"," x"`+"\r\n") {
		t.Errorf("formula guard: %q", b.String())
	}
}

func TestGate(t *testing.T) {
	g := tabular.NewGate(2)
	l1, ok1 := g.TryEnter()
	_, ok2 := g.TryEnter()
	_, ok3 := g.TryEnter()
	if !ok1 || !ok2 || ok3 {
		t.Fatalf("places: %v %v %v", ok1, ok2, ok3)
	}
	l1()
	if _, ok := g.TryEnter(); !ok {
		t.Error("a place given back is not free")
	}
}
