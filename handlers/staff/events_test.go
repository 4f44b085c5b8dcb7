package staff_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"

	"hubdir/content"
)

// eventKinds returns "kind/channel" of every event of the log about ref.
func eventKinds(t *testing.T, s *site, ref string) []string {
	t.Helper()
	evs, err := s.store.EventsAfter(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		if e.Ref == ref {
			out = append(out, e.Kind+"/"+e.Channel)
		}
	}
	return out
}

// TestStaffWritesEvents checks that the staff pages' writes (the edit
// form, the publish action, the import) record exactly one event per
// change, through the web or import channel, and a refused write none.
func TestStaffWritesEvents(t *testing.T) {
	s := newSite(t, siteOptions{})
	pw := addStaff(t, s, "events@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "events@example.org", pw)
	ref := createNeed(t, s, ck, needForm(s, "TR", "en", "Evented need", "fa", "نیاز رویدادی"))
	edit := needForm(s, "TR", "en", "Evented need, edited")
	edit.Del("hub")
	edit.Set("version", "1")
	if r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/edit", ck, edit); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.status)
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/edit", ck, edit); r.status != http.StatusConflict {
		t.Fatalf("stale save: %d", r.status)
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/needs/"+ref+"/publish", ck, url.Values{"version": {"2"}}); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.status)
	}
	want := []string{"listing.created/web", "listing.updated/web", "need.published/web"}
	if got := eventKinds(t, s, ref); !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	// The audit entries name the changed fields per locale.
	entries, err := s.store.Audit(context.Background(), content.AuditFilter{ID: ref})
	if err != nil || len(entries) != 3 || !slices.Contains(entries[1].Fields, "title.en") || !slices.Contains(entries[1].Fields, "title.fa") {
		t.Errorf("audit %+v %v", entries, err)
	}

	// An import: one event per imported need, channel import.
	deadline := content.DateOf(time.Now().AddDate(0, 2, 0))
	file := "hub,kind,partnerships,sectors,country,trl,title_fa,title_zh,title_en,deadline\r\n" +
		fmt.Sprintf("TR,technology,licence,ai,TR,5,فناوری رویداد,事件技术,Event technology,%s\r\n", deadline)
	r := upload(t, s, ck, "needs", "import", "needs.csv", []byte(file))
	m := regexp.MustCompile(`<li dir="ltr">(TR-\d\d-\d{4,6})</li>`).FindStringSubmatch(r.body)
	if r.status != http.StatusOK || m == nil {
		t.Fatalf("import: %d", r.status)
	}
	if got := eventKinds(t, s, m[1]); !slices.Equal(got, []string{"listing.created/import"}) {
		t.Errorf("imported need's events %v", got)
	}
}
