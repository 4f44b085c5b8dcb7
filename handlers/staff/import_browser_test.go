package staff_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hubdir/content"
	"hubdir/handlers/servicetest"
)

// TestBrowserImportTooLarge: a file over the import's 8 MB, chosen in the
// import form and sent by Chromium, gets the localized page that says how
// large a file may be (not a reset connection), which passes axe.
func TestBrowserImportTooLarge(t *testing.T) {
	t.Parallel()
	ctx, srv := browserAndServer(t)
	axeJS := axeSource(t)
	email := "import-ui@park.example"
	signInBrowser(t, ctx, srv, email, addStaff(t, srv, email, content.RoleEditor, "TR"))
	dir := t.TempDir()
	big := filepath.Join(dir, "offers.csv")
	if err := os.WriteFile(big, bytes.Repeat([]byte("TR,testing,,ai,,,x,y,z,\r\n"), (10<<20)/25), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"fa", "zh"} {
		run(t, ctx, "open import "+lang,
			chromedp.Navigate(srv.URL+"/"+lang+"/staff/import?kind=offers"),
			chromedp.WaitReady(`#f-file`, chromedp.ByQuery),
			chromedp.SetUploadFiles(`#f-file`, []string{big}, chromedp.ByQuery),
		)
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(`button[value="check"]`, chromedp.ByQuery)); err != nil {
			t.Fatalf("%s: upload: %v", lang, err)
		}
		body := servicetest.EvalString(t, ctx, `document.body.innerText`)
		want := map[string]string{"fa": "۸ مگابایت", "zh": "8 MB"}[lang]
		if !strings.Contains(body, want) {
			t.Errorf("%s: the page after a 10 MB upload does not name the limit: %.300s", lang, body)
		}
		checkAxe(t, ctx, axeJS, lang+" import too large")
	}
}
