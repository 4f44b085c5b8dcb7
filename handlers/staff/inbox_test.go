package staff_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// openNeedOf returns an open need of the hub in the site's sample content.
func (s *site) openNeedOf(t *testing.T, hub string) string {
	t.Helper()
	snap, err := s.store.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	today := content.Today(time.Now(), s.zone)
	for _, n := range snap.Needs {
		if n.Hub == hub && n.OpenOn(today) {
			return n.Ref
		}
	}
	t.Fatalf("no open need in hub %s", hub)
	return ""
}

// addInterest stores an interest in need ref with Persian and Chinese text.
func (s *site) addInterest(t *testing.T, ref, email, company string) *content.Interest {
	t.Helper()
	in := &content.InterestInput{
		Company:     content.InterestCompany{Name: company, Registration: "10320", Country: "IR"},
		ContactName: "مریم احمدی", Email: email, Phone: "+98 41 3333 4444",
		Answers: content.Answers{
			Offer:    "سامانهٔ کالیبراسیون حسگر با دقت بالا برای خطوط تولید",
			Fit:      "我们在传感器校准方面有十年的经验，服务过多家工厂。",
			Proposal: "انتقال فناوری با لیسانس و آموزش فنی کارکنان",
		},
		Consent: true, Lang: "fa",
	}
	i, _, err := s.store.CreateInterest(context.Background(), ref, in)
	if err != nil {
		t.Fatalf("create interest: %v", err)
	}
	return i
}

// staffGet sends a signed-in GET.
func staffGet(t *testing.T, s *site, target string, cookies []*http.Cookie) response {
	t.Helper()
	return s.do(t, staffRequest(http.MethodGet, target, cookies, nil))
}

func TestStaffInboxScopeAndExports(t *testing.T) {
	s := newSite(t, siteOptions{})
	trRef, cnRef := s.openNeedOf(t, "TR"), s.openNeedOf(t, "CN")
	tr := s.addInterest(t, trRef, "tr@example.org", "=HYPERLINK(\"http://evil.example\") شرکت")
	cn := s.addInterest(t, cnRef, "cn@example.org", "中国传感器有限公司")
	pw := addStaff(t, s, "editor-tr@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "editor-tr@example.org", pw)

	r := staffGet(t, s, "/en/staff/inbox", ck)
	if r.status != http.StatusOK || !strings.Contains(r.body, tr.Ref) || strings.Contains(r.body, cn.Ref) {
		t.Fatalf("inbox: status %d, TR shown %v, CN shown %v", r.status, strings.Contains(r.body, tr.Ref), strings.Contains(r.body, cn.Ref))
	}
	if !strings.Contains(r.body, "十年的经验") {
		t.Error("inbox lacks the firm's answers")
	}
	for _, target := range []string{"/en/staff/inbox?hub=CN", "/en/staff/inbox/" + cn.Ref, "/en/staff/inbox/export.csv?hub=CN", "/en/staff/inbox/export.xlsx?hub=CN"} {
		if r := staffGet(t, s, target, ck); r.status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", target, r.status)
		}
	}
	if r := staffGet(t, s, "/en/staff/inbox/"+tr.Ref, ck); r.status != http.StatusOK || !strings.Contains(r.body, "tr@example.org") {
		t.Errorf("interest page: status %d", r.status)
	}
	if r := staffGet(t, s, "/en/staff/inbox?from=2020-13-01", ck); r.status != http.StatusUnprocessableEntity {
		t.Errorf("bad date: status %d", r.status)
	}

	// CSV: BOM, Persian and Chinese text intact, formulas guarded, no CN.
	r = staffGet(t, s, "/en/staff/inbox/export.csv", ck)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: status %d, disposition %q", r.status, r.header.Get("Content-Disposition"))
	}
	if !strings.HasPrefix(r.body, "\uFEFF") {
		t.Fatal("csv does not start with the byte order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0][0] != "Reference" {
		t.Fatalf("csv rows: %v", recs)
	}
	row := recs[1]
	if row[0] != tr.Ref || row[6] != "'"+tr.Company.Name || row[9] != "مریم احمدی" || row[13] != tr.Answers.Fit || row[11] != "'+98 41 3333 4444" {
		t.Errorf("csv row: %q", row)
	}
	if strings.Contains(r.body, cn.Ref) {
		t.Error("csv holds a CN interest")
	}

	// XLSX: opens, holds the rows as text.
	r = staffGet(t, s, "/en/staff/inbox/export.xlsx", ck)
	if r.status != http.StatusOK {
		t.Fatalf("xlsx: status %d", r.status)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][0] != tr.Ref || rows[1][6] != tr.Company.Name || rows[1][13] != tr.Answers.Fit {
		t.Errorf("xlsx rows: %q", rows)
	}
	if formula, _ := f.GetCellFormula(f.GetSheetName(0), "G2"); formula != "" {
		t.Errorf("xlsx cell is a formula: %q", formula)
	}

	// Outcomes: TR only.
	r = staffGet(t, s, "/en/staff/outcomes", ck)
	if r.status != http.StatusOK || !strings.Contains(r.body, `id="hub-TR"`) || strings.Contains(r.body, `id="hub-CN"`) || strings.Contains(r.body, cnRef) {
		t.Errorf("outcomes: status %d or shows CN", r.status)
	}
}

func TestStaffInterestStatusAndErase(t *testing.T) {
	s := newSite(t, siteOptions{})
	ref := s.openNeedOf(t, "TR")
	i := s.addInterest(t, ref, "firm@example.org", "شرکت حسگر تبریز")
	s.addInterest(t, ref, "other@example.org", "شرکت دوم")
	pw := addStaff(t, s, "admin@example.org", content.RoleAdmin)
	ck := signIn(t, s, "admin@example.org", pw)
	post := func(path string, form url.Values) response {
		return s.do(t, staffRequest(http.MethodPost, "/en/staff/inbox/"+i.Ref+path, ck, form))
	}

	// Declining without a reason is refused with a localized message.
	r := post("/status", url.Values{"version": {"1"}, "status": {"declined"}, "note": {"نامناسب"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "This field is required.") || !strings.Contains(r.body, "نامناسب") {
		t.Fatalf("decline without reason: status %d", r.status)
	}
	r = s.do(t, staffRequest(http.MethodPost, "/fa/staff/inbox/"+i.Ref+"/status", ck, url.Values{"version": {"1"}, "status": {"declined"}}))
	if r.status != http.StatusUnprocessableEntity || strings.Contains(r.body, "This field is required.") {
		t.Errorf("fa: status %d, or English message", r.status)
	}
	r = post("/status", url.Values{"version": {"1"}, "status": {"declined"}, "decline_reason": {"not-a-fit"}, "note": {"بدون تطابق"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("decline: status %d\n%s", r.status, r.body)
	}
	got, err := s.store.Interest(context.Background(), i.Ref)
	if err != nil || got.Status != content.InterestDeclined || got.DeclineReason != "not-a-fit" || len(got.History) != 1 {
		t.Fatalf("declined interest: %+v %v", got, err)
	}
	// A stale version is a conflict and changes nothing.
	if r := post("/status", url.Values{"version": {"1"}, "status": {"contacted"}}); r.status != http.StatusConflict {
		t.Errorf("stale version: status %d", r.status)
	}
	r = staffGet(t, s, "/en/staff/inbox/"+i.Ref, ck)
	if !strings.Contains(r.body, "Not a fit") && !strings.Contains(r.body, "بدون تطابق") {
		t.Errorf("history not shown")
	}

	tallies := func() content.InterestTally {
		ts, err := s.store.InterestTallies(context.Background(), []string{"TR"})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ts {
			if x.Need == ref {
				return x
			}
		}
		return content.InterestTally{}
	}
	before := tallies()

	// Erase needs the confirmation box, then keeps the figures only.
	if r := post("/erase", url.Values{"version": {"2"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("erase without confirmation: status %d", r.status)
	}
	if r := post("/erase", url.Values{"version": {"2"}, "confirm": {"yes"}}); r.status != http.StatusSeeOther {
		t.Fatalf("erase: status %d\n%s", r.status, r.body)
	}
	got, _ = s.store.Interest(context.Background(), i.Ref)
	if got.Email != content.ErasedMarker || got.Company.Name != content.ErasedMarker || got.Answers.Offer != content.ErasedMarker || got.Erased == nil || got.Erased.By != "admin@example.org" {
		t.Errorf("erased: %+v", got)
	}
	if got.Status != content.InterestDeclined || got.Need != ref {
		t.Errorf("figures lost: %+v", got)
	}
	after := tallies()
	if after.Total != before.Total || after.ByStatus[content.InterestDeclined] != 1 {
		t.Errorf("tallies before %+v after %+v", before, after)
	}
	r = staffGet(t, s, "/en/staff/inbox/export.csv?need="+ref, ck)
	if strings.Contains(r.body, "firm@example.org") || strings.Contains(r.body, "شرکت حسگر تبریز") || !strings.Contains(r.body, "other@example.org") {
		t.Error("csv export holds erased personal data, or lost the other interest")
	}
	// Outcomes in Persian: Persian digits.
	r = staffGet(t, s, "/fa/staff/outcomes", ck)
	if r.status != http.StatusOK || !strings.Contains(r.body, "<dd>۱</dd>") {
		t.Errorf("fa outcomes: status %d, no Persian digit", r.status)
	}
}

// upload posts an import form with a file.
func upload(t *testing.T, s *site, ck []*http.Cookie, kind, mode, name string, data []byte) response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", csrfOf(ck))
	w.WriteField("kind", kind)
	w.WriteField("mode", mode)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	req := httptest.NewRequest(http.MethodPost, "/en/staff/import", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for _, c := range ck {
		req.AddCookie(c)
	}
	return s.do(t, req)
}

func TestStaffImport(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "importer@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "importer@example.org", pw)
	editor := &content.Staff{Role: content.RoleEditor, Hubs: []string{"TR"}}
	deadline := content.DateOf(time.Now().AddDate(0, 2, 0))
	header := "hub,kind,partnerships,sectors,country,trl,title_fa,title_zh,title_en,deadline\r\n"
	good := fmt.Sprintf("TR,technology,licence;supply,ai;iot,TR,5,فناوری کالیبراسیون حسگر,传感器校准技术,Sensor calibration,%s\r\n", deadline) +
		fmt.Sprintf("TR,testing,,electronics,TR,,آزمون سازگاری الکترومغناطیسی,电磁兼容测试,EMC testing,%s\r\n", deadline)
	bad := fmt.Sprintf("TR,spaceship,,ai,TR,,عنوان,标题,Title,%s\r\n", deadline)

	rev, err := s.store.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A file with a bad row: named, nothing written, by check or import.
	for _, mode := range []string{"check", "import"} {
		r := upload(t, s, ck, "needs", mode, "needs.csv", []byte("\uFEFF"+header+good+bad))
		if r.status != http.StatusUnprocessableEntity || !regexp.MustCompile(`<td>4</td><td dir="ltr">kind</td><td>Choose one of the listed values.</td>`).MatchString(r.body) {
			t.Fatalf("%s bad file: status %d\n%s", mode, r.status, r.body)
		}
		if now, _ := s.store.Revision(ctx); now != rev {
			t.Fatalf("%s of a bad file changed the revision %d → %d", mode, rev, now)
		}
	}
	// Another hub's row is refused for a TR editor.
	r := upload(t, s, ck, "needs", "check", "needs.csv", []byte(header+strings.ReplaceAll(good, "TR,", "CN,")))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "You do not manage this hub.") {
		t.Errorf("CN rows: status %d", r.status)
	}
	// A good file: the check writes nothing, the import every row.
	r = upload(t, s, ck, "needs", "check", "needs.csv", []byte(header+good))
	if now, _ := s.store.Revision(ctx); r.status != http.StatusOK || now != rev {
		t.Fatalf("check: status %d, revision %d → %d", r.status, rev, now)
	}
	r = upload(t, s, ck, "needs", "import", "needs.csv", []byte(header+good))
	if r.status != http.StatusOK {
		t.Fatalf("import: status %d\n%s", r.status, r.body)
	}
	refs := regexp.MustCompile(`<li dir="ltr">(TR-\d\d-\d{4,6})</li>`).FindAllStringSubmatch(r.body, -1)
	if len(refs) != 2 {
		t.Fatalf("imported refs: %v", refs)
	}
	n, ok := s.cat.Need(refs[0][1], catalog.Viewer{Staff: editor})
	if !ok || n.Title["zh"] != "传感器校准技术" || n.Status != content.NeedDraft {
		t.Errorf("imported need in catalog: %+v %v", n, ok)
	}
	if _, err := s.store.Need(ctx, refs[1][1]); err != nil {
		t.Errorf("second need not stored: %v", err)
	}

	// Companies from XLSX.
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	f.SetSheetRow(sheet, "A1", &[]any{"slug", "kind", "country", "name_fa", "name_zh", "sectors", "hubs"})
	f.SetSheetRow(sheet, "A2", &[]any{"tabriz-sensors", "knowledge-based", "IR", "حسگر تبریز", "大不里士传感器", "ai;iot", "TR"})
	f.SetSheetRow(sheet, "A3", &[]any{"tabriz-labs", "laboratory", "IR", "آزمایشگاه تبریز", "", "electronics", "TR"})
	var xb bytes.Buffer
	if err := f.Write(&xb); err != nil {
		t.Fatal(err)
	}
	r = upload(t, s, ck, "companies", "import", "companies.xlsx", xb.Bytes())
	if r.status != http.StatusOK {
		t.Fatalf("companies import: status %d\n%s", r.status, r.body)
	}
	if c, ok := s.cat.Company("tabriz-sensors", catalog.Viewer{Staff: editor}); !ok || c.Name["zh"] != "大不里士传感器" {
		t.Errorf("imported company: %+v %v", c, ok)
	}
	// Importing it again: the slugs are taken.
	r = upload(t, s, ck, "companies", "check", "companies.xlsx", xb.Bytes())
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "A company with this slug already exists.") {
		t.Errorf("re-import: status %d", r.status)
	}

	// Templates download and import as they are.
	for _, file := range []string{"needs.csv", "needs.xlsx", "companies.csv", "companies.xlsx"} {
		r := staffGet(t, s, "/en/staff/import/template/"+file, ck)
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("template %s: status %d", file, r.status)
			continue
		}
		kind, _, _ := strings.Cut(file, ".")
		if r := upload(t, s, ck, kind, "check", file, []byte(r.body)); r.status != http.StatusOK {
			t.Errorf("template %s does not pass the check: status %d\n%s", file, r.status, r.body)
		}
	}
	if r := staffGet(t, s, "/fa/staff/import", ck); r.status != http.StatusOK || !strings.Contains(r.body, "title_fa") {
		t.Errorf("import page: status %d", r.status)
	}
}
