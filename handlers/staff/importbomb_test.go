package staff_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/content/tabular"
	"hubdir/content/tabular/tabulartest"
)

// TestImportZipBombRefused posts the review's file (about 560 KB that
// unpack to a 200 MB sheet of 4 million rows) to the import page in check
// mode, as .xlsx and disguised as .csv: it is refused (422, "too large")
// with a few MB allocated for the request (before: 66 s and RSS up by
// 1.8 GB, then "more than 5,000 rows"). A sheet within the unpack limit
// but over the row limit is refused at the limit.
func TestImportZipBombRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 200 MB sheet")
	}
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "bomb@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "bomb@example.org", pw)
	bomb := tabulartest.Bomb(t, 4_000_000)
	t.Logf("bomb: %d KB", len(bomb)>>10)
	for _, name := range []string{"needs.xlsx", "needs.csv", "needs"} {
		var r response
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r = upload(t, s, ck, "needs", "check", name, bomb)
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: status %d, %d MB allocated by the test process during the request", name, r.status, alloc>>20)
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", name, r.status)
		}
		if name != "needs.csv" && !strings.Contains(r.body, "too large") {
			t.Errorf("%s: the page does not say the file is too large", name)
		}
		// The request's own allocations: the multipart body (twice the
		// file), the page, and the zip directory: far below the sheet.
		if alloc > 48<<20 {
			t.Errorf("%s: %d MB allocated", name, alloc>>20)
		}
	}
	many := tabulartest.Bomb(t, 600_000) // 30 MB unpacked: within the limit, over the rows
	r := upload(t, s, ck, "needs", "check", "needs.xlsx", many)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "more than 5,000 rows") {
		t.Errorf("600,000 rows: status %d, want 422 with the row limit", r.status)
	}
}

// TestImportsAtOnceBounded: while the import gate is full, another import
// is refused at once with 503, Retry-After and a localized message; once
// a place is free it goes through.
func TestImportsAtOnceBounded(t *testing.T) {
	gate := tabular.NewGate(1)
	s := newSite(t, siteOptions{importGate: gate})
	pw := addStaff(t, s, "busy@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "busy@example.org", pw)
	leave, ok := gate.TryEnter() // an import in progress
	if !ok {
		t.Fatal("gate full at start")
	}
	file := []byte("hub,kind\r\n")
	r := upload(t, s, ck, "needs", "check", "needs.csv", file)
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" ||
		!strings.Contains(r.body, "Other imports are running") {
		t.Errorf("import while another runs: status %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	// In Persian and Chinese too.
	for lang, want := range map[string]string{"fa": "درون‌ریزی‌های دیگری", "zh": "其他导入正在进行"} {
		req := uploadRequest(t, ck, lang, "needs.csv", file)
		if r := s.do(t, req); r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, want) {
			t.Errorf("%s: status %d, no localized message", lang, r.status)
		}
	}
	leave()
	if r := upload(t, s, ck, "needs", "check", "needs.csv", file); r.status == http.StatusServiceUnavailable {
		t.Errorf("import after the other ended: status %d", r.status)
	}
	if _, ok := gate.TryEnter(); !ok {
		t.Error("the import did not give its place back")
	}
}

// uploadRequest is a check-mode import of a needs file on the page in lang.
func uploadRequest(t *testing.T, ck []*http.Cookie, lang, name string, data []byte) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", csrfOf(ck))
	w.WriteField("kind", "needs")
	w.WriteField("mode", "check")
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	req := httptest.NewRequest(http.MethodPost, "/"+lang+"/staff/import", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for _, c := range ck {
		req.AddCookie(c)
	}
	return req
}
