package handlers_test

import (
	"bytes"
	"hubdir/handlers"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// TestImportRouteBodyLimit: the import route takes a body of the import's
// documented size (8 MB and its form), and refuses a larger one from its
// headers with a page in the path's language that says how large a file
// may be; every other route keeps the 1 MiB limit.
func TestImportRouteBodyLimit(t *testing.T) {
	e := newEnv(t, -1)
	for lang, want := range map[string]string{"fa": "۸ مگابایت", "zh": "大于 8 MB", "en": "larger than 8 MB", "tr": "alabileceği en büyük boyut olan 8 MB"} {
		r := e.do(http.MethodPost, "/"+lang+"/staff/import", oversized(handlers.ImportBodyLimit+1), "Content-Type", "multipart/form-data; boundary=x")
		if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(string(r.Body), want) || !strings.Contains(string(r.Body), `lang="`+lang+`"`) {
			t.Errorf("%s: oversized import: status %d, want 413 naming %q\n%.400s", lang, r.Status, want, r.Body)
		}
	}
	// Other routes: still 1 MiB, the usual error.
	for _, path := range []string{"/en/staff/login", "/en/staff/import/x", "/en/x/staff/import", "/staff/import",
		"/en/staff/importx", "/en/needs/TR-26-0001/interest", "/api/v1/needs"} {
		r := e.do(http.MethodPost, path, oversized(2<<20))
		if r.Status != http.StatusRequestEntityTooLarge || strings.Contains(string(r.Body), "larger than 8 MB") {
			t.Errorf("%s: 2 MiB body: status %d, want the generic 413", path, r.Status)
		}
	}
	// A body of the import's size is read: without a session the import
	// answers as for any signed-out request, not 413.
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("kind", "offers")
	fw, _ := w.CreateFormFile("file", "offers.csv")
	fw.Write(bytes.Repeat([]byte("a,b\r\n"), (8<<20)/5))
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.base+"/en/staff/import", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode == http.StatusRequestEntityTooLarge || res.StatusCode >= 500 {
		t.Errorf("8 MB import body: status %d", res.StatusCode)
	}
}
