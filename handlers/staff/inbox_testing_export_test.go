package staff_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hubdir/content"
)

// TestInboxExportTestingRequests: the inbox exports (CSV and XLSX, in
// English and Persian) carry the details of testing-service requests —
// type, the offer or laboratory addressed and its title or name, what to
// test, the standard, the sample count and the date — and leave those
// cells empty for an interest in a need.
func TestInboxExportTestingRequests(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "tr-inbox@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "tr-inbox@example.org", pw)
	plain := s.addInterest(t, s.openNeedOf(t, "TR"), "plain@example.org", "Plain Co")

	snap, err := s.store.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	today := content.Today(time.Now(), s.zone)
	var offer *content.Offer
	for _, o := range snap.Offers {
		if o.OpenOn(today) && slices.Contains(o.Hubs, "TR") && o.Hubs[0] == "TR" {
			offer = o
			break
		}
	}
	if offer == nil {
		t.Fatal("no open TR offer in the sample")
	}
	deadline := content.DateOf(time.Now().AddDate(0, 1, 0))
	req := content.TestingRequestInput{
		Company: content.InterestCompany{Name: "苏州仪表公司", Country: "CN"}, ContactName: "李娜", Email: "li@example.cn",
		What: "三台智能电表的电磁兼容测试", Standard: "cispr 25", Samples: 3, Deadline: deadline, Consent: true, Lang: "zh",
	}
	byOffer, _, err := s.store.CreateTestingRequest(ctx, content.TestingTarget{Offer: offer.Ref}, &req)
	if err != nil {
		t.Fatal(err)
	}
	req2 := req
	req2.What, req2.Standard, req2.Samples, req2.Deadline = "Tensile test of polymer samples", "", 12, ""
	byLab, _, err := s.store.CreateTestingRequest(ctx, content.TestingTarget{Lab: "gebze-ileri-malzeme-test-lab"}, &req2)
	if err != nil {
		t.Fatal(err)
	}

	for _, lang := range []string{"en", "fa"} {
		r := staffGet(t, s, "/"+lang+"/staff/inbox/export.csv", ck)
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\uFEFF"))).ReadAll()
		if r.status != http.StatusOK || err != nil {
			t.Fatalf("%s csv: status %d, %v", lang, r.status, err)
		}
		x := staffGet(t, s, "/"+lang+"/staff/inbox/export.xlsx", ck)
		f, err := excelize.OpenReader(strings.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		xrows, _ := f.GetRows(f.GetSheetName(0))
		f.Close()
		for name, rows := range map[string][][]string{"csv": recs, "xlsx": xrows} {
			col := map[string]int{}
			header := map[string][]string{
				"en": {"Type", "Offer requested", "Laboratory requested", "Offer title or laboratory name", "What to test", "Standard", "Number of samples", "Results needed by"},
				"fa": {"نوع", "پیشنهاد درخواست‌شده", "آزمایشگاه درخواست‌شده", "عنوان پیشنهاد یا نام آزمایشگاه", "چه چیزی آزموده شود", "استاندارد", "تعداد نمونه", "نتیجه لازم تا"},
			}[lang]
			for _, h := range header {
				i := slices.Index(rows[0], h)
				if i < 0 {
					t.Fatalf("%s %s: no column %q in %q", lang, name, h, rows[0])
				}
				col[h] = i
			}
			byRef := map[string][]string{}
			for _, row := range rows[1:] {
				for len(row) < len(rows[0]) { // XLSX rows end at their last non-empty cell
					row = append(row, "")
				}
				byRef[row[0]] = row
			}
			get := func(ref string, k int) string { return byRef[ref][col[header[k]]] }
			o := byOffer.Ref
			if get(o, 1) != offer.Ref || get(o, 2) != "" || get(o, 3) == "" || get(o, 4) != "三台智能电表的电磁兼容测试" ||
				get(o, 5) != "CISPR 25" || get(o, 6) != "3" || get(o, 7) != string(deadline) || get(o, 0) == get(plain.Ref, 0) {
				t.Errorf("%s %s: offer request row %q", lang, name, byRef[o])
			}
			l := byLab.Ref
			if get(l, 1) != "" || get(l, 2) != "gebze-ileri-malzeme-test-lab" || get(l, 3) == "" || get(l, 6) != "12" || get(l, 5) != "" || get(l, 7) != "" {
				t.Errorf("%s %s: lab request row %q", lang, name, byRef[l])
			}
			for k := 1; k < len(header); k++ {
				if get(plain.Ref, k) != "" {
					t.Errorf("%s %s: plain interest has %q in %q", lang, name, get(plain.Ref, k), header[k])
				}
			}
			if want := map[string]string{"en": "Interest in a need", "fa": "اعلام آمادگی برای نیاز"}[lang]; get(plain.Ref, 0) != want {
				t.Errorf("%s %s: plain interest type %q", lang, name, get(plain.Ref, 0))
			}
		}
	}
}
