package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/content/catalog"
)

var offerRefPattern = regexp.MustCompile(`[A-Z]{2}-OF-[0-9]{2}-[0-9]{4}`)

func TestStaffOffers(t *testing.T) {
	s := newSite(t, siteOptions{})
	ctx := context.Background()
	pw := addStaff(t, s, "ed-tr@example.org", content.RoleEditor, "TR")
	ck := signIn(t, s, "ed-tr@example.org", pw)
	pwCN := addStaff(t, s, "ed-cn@example.org", content.RoleEditor, "CN")
	ckCN := signIn(t, s, "ed-cn@example.org", pwCN)

	// A firm's proposal arrives as a draft, with its submitter.
	sub := content.SubmitterInput{Org: "شرکت آزمون‌گستر", Country: "IR", ContactName: "مریم", Email: "m@example.ir", Consent: true, Lang: "fa"}
	o, err := s.store.SubmitOffer(ctx, &content.OfferSubmission{Offer: content.OfferInput{
		Hubs: []string{"TR"}, Kind: "testing", Sectors: []string{"automotive"},
		Title: content.Text{"fa": "آزمون مه نمکی طبق ISO 9227"}, Standards: []string{"ISO 9227"},
	}, Submitter: sub})
	if err != nil {
		t.Fatal(err)
	}
	s.cat.PutOffer(o)
	r := staffDo(t, s, http.MethodGet, "/fa/staff/offers", ck, nil)
	if r.status != 200 || !strings.Contains(r.body, o.Ref) || !strings.Contains(r.body, "m@example.ir") {
		t.Fatalf("staff offers: %d, lacks the proposal %s", r.status, o.Ref)
	}
	// A stale version is a conflict and changes nothing; the right one publishes.
	if r := staffDo(t, s, http.MethodPost, "/fa/staff/offers/"+o.Ref+"/publish", ck, url.Values{"version": {"7"}}); r.status != http.StatusConflict {
		t.Errorf("stale publish: %d", r.status)
	}
	// An editor of another hub cannot see or act on it.
	if r := staffDo(t, s, http.MethodPost, "/en/staff/offers/"+o.Ref+"/publish", ckCN, url.Values{"version": {"1"}}); r.status != http.StatusNotFound {
		t.Errorf("publish by another hub's editor: %d", r.status)
	}
	if r := staffDo(t, s, http.MethodPost, "/fa/staff/offers/"+o.Ref+"/publish", ck, url.Values{"version": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.status, r.body)
	}
	if got, ok := s.cat.Offer(o.Ref, catalog.Viewer{}); !ok || !got.Public() {
		t.Fatal("a published offer is not public in the catalog")
	}
	if r := s.get(t, "/zh/offers/"+o.Ref); r.status != 200 {
		t.Errorf("public page after publish: %d", r.status)
	}
	audit, _ := s.store.Audit(ctx, content.AuditFilter{Kind: content.KindOffer, ID: o.Ref})
	if len(audit) != 1 || audit[0].Action != "publish" || audit[0].By != "ed-tr@example.org" {
		t.Errorf("audit: %+v", audit)
	}
	// Create and edit through the staff form; bad input is a 422 and stores nothing.
	snap, _ := s.store.Snapshot(ctx)
	before := len(snap.Offers)
	bad := url.Values{"hubs": {"TR"}, "kind": {"nonsense"}, "title.en": {"x"}, "sectors": {"automotive"}}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/offers/new", ck, bad); r.status != http.StatusUnprocessableEntity {
		t.Errorf("bad new offer: %d", r.status)
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/offers/new", ck, url.Values{"hubs": {"CN"}, "kind": {"testing"}, "title.en": {"x"}, "sectors": {"automotive"}}); r.status != http.StatusForbidden {
		t.Errorf("new offer in another hub: %d", r.status)
	}
	good := url.Values{"hubs": {"TR"}, "kind": {"training"}, "title.en": {"Welding robot course"}, "title.tr": {"Kaynak robotu kursu"},
		"sectors": {"robotics"}, "standards": {"ISO 10218-1"}}
	r = staffDo(t, s, http.MethodPost, "/en/staff/offers/new", ck, good)
	if r.status != http.StatusSeeOther {
		t.Fatalf("new offer: %d\n%s", r.status, r.body)
	}
	snap, _ = s.store.Snapshot(ctx)
	if len(snap.Offers) != before+1 {
		t.Fatalf("%d offers, want %d", len(snap.Offers), before+1)
	}
	var created *content.Offer
	for _, x := range snap.Offers {
		if x.Title["en"] == "Welding robot course" {
			created = x
		}
	}
	if created == nil || created.Status != content.NeedDraft || created.CreatedBy != "ed-tr@example.org" {
		t.Fatalf("created %+v", created)
	}
	edit := url.Values{"version": {"1"}, "hubs": {"TR"}, "kind": {"training"}, "title.en": {"Welding robot course"}, "title.tr": {""},
		"title.zh": {"焊接机器人课程"}, "sectors": {"robotics"}}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/offers/"+created.Ref+"/edit", ck, edit); r.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.status, r.body)
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/offers/"+created.Ref+"/edit", ck, edit); r.status != http.StatusConflict {
		t.Errorf("stale edit: %d", r.status)
	}
	got, _ := s.store.Offer(ctx, created.Ref)
	if got.Title["zh"] != "焊接机器人课程" || got.Title["tr"] != "" || got.Version != 2 {
		t.Errorf("after edit: %+v", got.Title)
	}
	// Possible matches of the TR hub list the EMC need with the EMC lab.
	r = staffDo(t, s, http.MethodGet, "/en/staff/matches?hub=TR", ck, nil)
	if r.status != 200 || !strings.Contains(r.body, "/en/labs/azarbaijan-emc-lab") || !strings.Contains(r.body, "CISPR 25") {
		t.Errorf("possible matches: %d", r.status)
	}
	if !offerRefPattern.MatchString(r.body) {
		t.Error("possible matches list no offer")
	}
	// Erasing the proposer's data keeps the offer.
	cur, _ := s.store.Offer(ctx, o.Ref)
	if r := staffDo(t, s, http.MethodPost, "/en/staff/offers/"+o.Ref+"/erase", ck, url.Values{"version": {itoa(cur.Version)}}); r.status != http.StatusSeeOther {
		t.Errorf("erase: %d", r.status)
	}
	cur, _ = s.store.Offer(ctx, o.Ref)
	if cur.Submission.Email != content.ErasedMarker || !cur.Public() {
		t.Errorf("after erasure: %+v", cur.Submission)
	}
	// A proposed laboratory is listed for review; its proposer's data can be erased.
	lab, err := s.store.SubmitLab(ctx, &content.LabSubmission{Company: content.CompanyInput{
		Name: content.Text{"en": "Urmia Soil Lab"}, Country: "IR", Hubs: []string{"TR"},
		Lab: &content.LabProfile{Methods: []content.TestMethod{{Standard: "ISO 11272"}}},
	}, Submitter: sub})
	if err != nil {
		t.Fatal(err)
	}
	s.cat.PutCompany(lab)
	r = staffDo(t, s, http.MethodGet, "/en/staff/offers", ck, nil)
	if !strings.Contains(r.body, "/en/staff/companies/urmia-soil-lab/edit") {
		t.Error("the proposed laboratory is not listed for review")
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/offers/labs/urmia-soil-lab/erase", ckCN, url.Values{"version": {"1"}}); r.status != http.StatusNotFound {
		t.Errorf("erase by another hub's editor: %d", r.status)
	}
	if r := staffDo(t, s, http.MethodPost, "/en/staff/offers/labs/urmia-soil-lab/erase", ck, url.Values{"version": {"1"}}); r.status != http.StatusSeeOther {
		t.Errorf("erase the lab's proposer: %d", r.status)
	}
	if co, _ := s.store.Company(ctx, "urmia-soil-lab"); co.Submission.Email != content.ErasedMarker || co.Lab == nil {
		t.Errorf("after erasure: %+v", co.Submission)
	}
}

func itoa(n int64) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
