package staff_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// TestStaffImportOffers: offers import through the same flow as needs
// and companies: templates in the staff member's language that pass the
// check, every bad row named by row and column with nothing written (by
// check and by import), then a good file written as drafts with one audit
// entry.
func TestStaffImportOffers(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "offers-importer@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "offers-importer@example.org", pw)
	rev, err := s.store.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	unchanged := func(what string) {
		t.Helper()
		if now, _ := s.store.Revision(ctx); now != rev {
			t.Fatalf("%s changed the revision %d → %d", what, rev, now)
		}
	}

	// Templates: CSV and XLSX, in English and Persian, pass the check.
	for _, lang := range []string{"en", "fa"} {
		for _, ext := range []string{"csv", "xlsx"} {
			r := staffGet(t, s, "/"+lang+"/staff/import/template/offers."+ext, ck)
			if r.status != http.StatusOK || !strings.Contains(r.header.Get("Content-Disposition"), "hubdir-offers."+ext) {
				t.Fatalf("%s template %s: status %d", lang, ext, r.status)
			}
			if c := upload(t, s, ck, "offers", "check", "offers."+ext, []byte(r.body)); c.status != http.StatusOK || !strings.Contains(c.body, "No problems: 1 offer can be imported.") {
				t.Errorf("%s template %s does not pass the check: status %d\n%s", lang, ext, c.status, c.body)
			}
			if ext == "csv" {
				example := map[string]string{"en": "Example offer: EMC testing", "fa": "نمونه‌ی پیشنهاد"}[lang]
				if !strings.Contains(r.body, example) || !strings.HasPrefix(r.body, "\uFEFFhubs,kind,company") {
					t.Errorf("%s CSV template: no example text in the staff language\n%.300s", lang, r.body)
				}
				continue
			}
			f, err := excelize.OpenReader(strings.NewReader(r.body))
			if err != nil {
				t.Fatal(err)
			}
			sheets := f.GetSheetList()
			help, _ := f.GetRows(sheets[len(sheets)-1])
			want := map[string]string{"en": "Standard codes separated by semicolons", "fa": "کد استانداردها"}[lang]
			if len(sheets) != 2 || !strings.Contains(fmt.Sprint(help), want) {
				t.Errorf("%s XLSX template: sheets %v, help %v", lang, sheets, help)
			}
			f.Close()
		}
	}
	unchanged("templates and checks")

	future := content.DateOf(time.Now().AddDate(0, 6, 0))
	header := "hubs,kind,company,sectors,trl,standards,title_fa,title_zh,title_en,deadline\r\n"
	good := fmt.Sprintf("TR,testing,azarbaijan-emc-lab,electronics;automotive,9,CISPR 25;ISO 11452-2,آزمون EMC قطعات خودرو,汽车零部件电磁兼容测试,EMC testing of car parts,%s\r\n", future) +
		"tr,technology,,ai,۶,,کالیبراسیون حسگر,,Sensor calibration,\r\n"
	bads := []struct{ row, col, msg string }{
		{"4", "kind", "Choose one of the listed values."},
		{"5", "sectors", ""},
		{"6", "hubs", "You do not manage this hub."},
		{"7", "company", ""},
		{"8", "deadline", ""},
		{"9", "standards", ""},
		{"10", "trl", ""},
	}
	bad := "TR,spaceship,,ai,,,عنوان,标题,Title,\r\n" +
		"TR,testing,,warp-drives,,,عنوان,标题,Title,\r\n" +
		"CN,testing,,ai,,,عنوان,标题,Title,\r\n" +
		"TR,testing,no-such-lab,ai,,,عنوان,标题,Title,\r\n" +
		"TR,testing,,ai,,,عنوان,标题,Title,31/12/2030\r\n" +
		"TR,testing,,ai,,17025,عنوان,标题,Title,\r\n" +
		"TR,testing,,ai,high,,عنوان,标题,Title,\r\n"
	for _, mode := range []string{"check", "import"} {
		r := upload(t, s, ck, "offers", mode, "offers.csv", []byte(header+good+bad))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "problems found; nothing was written.") {
			t.Fatalf("%s bad file: status %d\n%s", mode, r.status, r.body)
		}
		for _, b := range bads {
			re := regexp.MustCompile(`<td>` + b.row + `</td><td dir="ltr">` + b.col + `</td><td>` + regexp.QuoteMeta(b.msg))
			if !re.MatchString(r.body) {
				t.Errorf("%s: row %s column %s not named", mode, b.row, b.col)
			}
		}
		unchanged(mode + " of a bad file")
	}
	// Files that cannot be read, and a kind of file that does not exist.
	for name, data := range map[string]string{
		"offers.xlsx": "PK\x03\x04 not really a workbook",
		"offers.csv":  "hubs,kind\r\n\"TR,testing\r\n",
		"latin1.csv":  "hubs,kind,title_en\r\nTR,testing,Caf\xe9\r\n",
	} {
		if r := upload(t, s, ck, "offers", "import", name, []byte(data)); r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", name, r.status)
		}
	}
	if r := upload(t, s, ck, "spaceships", "import", "offers.csv", []byte(header+good)); r.status != http.StatusUnprocessableEntity {
		t.Errorf("unknown kind of file: status %d, want 422", r.status)
	}
	// A file over the import's 8 MB (within the route's body limit).
	if r := upload(t, s, ck, "offers", "check", "big.csv", bytes.Repeat([]byte("x"), 8<<20+1000)); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "at most 8 MB") {
		t.Errorf("8 MB + 1000 bytes: status %d, want 422 naming 8 MB", r.status)
	}
	unchanged("unreadable files")

	// The good rows: drafts, in the catalog, one audit entry.
	r := upload(t, s, ck, "offers", "import", "offers.csv", []byte(header+good))
	if r.status != http.StatusOK || !strings.Contains(r.body, "2 offers imported as drafts.") {
		t.Fatalf("import: status %d\n%s", r.status, r.body)
	}
	refs := regexp.MustCompile(`<li dir="ltr">(TR-OF-\d\d-\d{4,6})</li>`).FindAllStringSubmatch(r.body, -1)
	if len(refs) != 2 {
		t.Fatalf("imported refs: %v", refs)
	}
	editor := &content.Staff{Role: content.RoleEditor, Hubs: []string{"TR"}}
	o, ok := s.cat.Offer(refs[0][1], catalog.Viewer{Staff: editor})
	if !ok || o.Status != content.NeedDraft || o.Company != "azarbaijan-emc-lab" || o.Title["zh"] != "汽车零部件电磁兼容测试" || len(o.Standards) != 2 {
		t.Errorf("imported offer in the catalog: %+v %v", o, ok)
	}
	if o2, err := s.store.Offer(ctx, refs[1][1]); err != nil || o2.TRL != 6 || o2.CreatedBy != "offers-importer@example.org" {
		t.Errorf("second offer: %+v %v", o2, err)
	}
	if _, ok := s.cat.Offer(refs[0][1], catalog.Viewer{}); ok {
		t.Error("an imported draft is public")
	}
	entries, err := s.store.Audit(ctx, content.AuditFilter{Kind: content.KindImport})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || (e.ID == "offers:2" && e.Hub == "TR" && len(e.Fields) == 2 && e.By == "offers-importer@example.org")
	}
	if !found {
		t.Errorf("no audit entry of the import in %+v", entries)
	}
}
