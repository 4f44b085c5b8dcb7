package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
)

func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

// clock is the fixed time of most tests: 10 March 2026 in Tabriz.
var clock = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return clock }

// open returns a store on a fresh database at the fixed time, with the hubs
// TR and CN.
func open(t *testing.T) *mongo.Store {
	t.Helper()
	s := mongotest.Open(t, mongo.Config{Now: fixedNow})
	for _, h := range []*content.Hub{hub("TR", "TR"), hub("CN", "CN")} {
		if err := s.PutHub(context.Background(), h); err != nil {
			t.Fatalf("PutHub %s: %v", h.Code, err)
		}
	}
	return s
}

func hub(code, country string) *content.Hub {
	return &content.Hub{
		Code: code, PartnerCountry: country,
		Name:             content.Text{"fa": "هاب ایران‌و‌" + code, "zh": "伊朗—中国中心", "en": "Iran–" + code + " hub"},
		HostPark:         content.Text{"fa": "پارک علم و فناوری آذربایجان شرقی", "en": "East Azarbaijan S&T Park"},
		WorkingLanguages: []string{"fa", "en"},
	}
}

// zwnjTitle is Persian with a zero-width non-joiner (U+200C) in "فناوری‌های".
const zwnjTitle = "فناوری‌های نوین تصفیه آب"

func needInput(hub string) *content.NeedInput {
	return &content.NeedInput{
		Hub: hub, Kind: "technology", Sectors: []string{"water", "environment"}, Country: "TR",
		Partnerships: []string{"licence"}, TRL: 6,
		Title:    content.Text{"fa": zwnjTitle, "zh": "新型水处理技术", "en": "New water treatment technology"},
		Summary:  content.Text{"fa": "ما به‌دنبال شریک هستیم.", "zh": "我们正在寻找合作伙伴。"},
		Deadline: "2026-06-30",
	}
}

func createNeed(t *testing.T, s *mongo.Store, hub string) *content.Need {
	t.Helper()
	n, err := s.CreateNeed(context.Background(), needInput(hub), "editor@park.ir")
	if err != nil {
		t.Fatalf("CreateNeed: %v", err)
	}
	return n
}

// publishedNeed creates and publishes a need.
func publishedNeed(t *testing.T, s *mongo.Store) *content.Need {
	t.Helper()
	n := createNeed(t, s, "TR")
	n, err := s.TransitionNeed(context.Background(), n.Ref, content.Publish, n.Version, "editor@park.ir")
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return n
}

// wantCode fails the test unless err has the content error code.
func wantCode(t *testing.T, err error, code content.Code) {
	t.Helper()
	if got := content.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// wantField fails the test unless err is invalid input with field broken
// by rule.
func wantField(t *testing.T, err error, field string, rule content.Rule) {
	t.Helper()
	var ce *content.Error
	if !errors.As(err, &ce) || ce.Code != content.CodeInvalid || ce.Fields[field].Rule != rule {
		t.Fatalf("error = %v, want invalid %s: %s", err, field, rule)
	}
}

func TestHubRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	hubs, err := s.Hubs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(hubs) != 2 || hubs[0].Code != "CN" || hubs[1].Code != "TR" {
		t.Fatalf("Hubs = %v, want CN, TR", hubs)
	}
	want := hub("TR", "TR")
	if !reflect.DeepEqual(hubs[1].Name, want.Name) || hubs[1].Version != 1 {
		t.Errorf("TR = %+v", hubs[1])
	}
	h := hub("TR", "TR")
	h.Description = content.Text{"zh": "描述"}
	if err := s.PutHub(ctx, h); err != nil {
		t.Fatal(err)
	}
	if h.Version != 2 || !h.CreatedAt.Equal(hubs[1].CreatedAt) {
		t.Errorf("second PutHub: version %d, created %v, want 2, %v", h.Version, h.CreatedAt, hubs[1].CreatedAt)
	}
	hubs, _ = s.Hubs(ctx)
	if !reflect.DeepEqual(hubs[1], h) {
		t.Errorf("stored %+v\nwant %+v", hubs[1], h)
	}
	wantField(t, s.PutHub(ctx, &content.Hub{Code: "tr"}), "code", content.RuleInvalidHub)
}

func TestNeedRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	n := createNeed(t, s, "TR")
	if n.Ref != "TR-26-0001" || n.Status != content.NeedDraft || n.Version != 1 {
		t.Fatalf("created %s %s v%d, want TR-26-0001 draft v1", n.Ref, n.Status, n.Version)
	}
	got, err := s.Need(ctx, n.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, n) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, n)
	}
	if got.Title["fa"] != zwnjTitle || got.Title["zh"] != "新型水处理技术" {
		t.Errorf("title = %q", got.Title)
	}
	if !got.CreatedAt.Equal(clock) || got.CreatedBy != "editor@park.ir" || got.Rev == 0 {
		t.Errorf("created %v by %q rev %d", got.CreatedAt, got.CreatedBy, got.Rev)
	}

	for _, want := range []string{"TR-26-0002", "TR-26-0003"} {
		if n := createNeed(t, s, "TR"); n.Ref != want {
			t.Errorf("ref = %s, want %s", n.Ref, want)
		}
	}
	if n := createNeed(t, s, "CN"); n.Ref != "CN-26-0001" {
		t.Errorf("first CN ref = %s", n.Ref)
	}

	_, err = s.CreateNeed(ctx, needInput("DE"), "x")
	wantField(t, err, "hub", content.RuleInvalidHub)
	in := needInput("TR")
	in.Deadline = "2026-03-09"
	_, err = s.CreateNeed(ctx, in, "x")
	wantField(t, err, "deadline", content.RuleDatePast)
	_, err = s.Need(ctx, "TR-26-0099")
	wantCode(t, err, content.CodeNotFound)
}

func TestCompanyAndAgreement(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	cin := &content.CompanyInput{
		Slug: "tabriz-water", Kind: "knowledge-based", Country: "IR", Sectors: []string{"water"},
		Name: content.Text{"fa": "شرکت آب‌پویان تبریز", "zh": "大不里士水务公司"},
		Hubs: []string{"TR", "CN"},
	}
	c, err := s.CreateCompany(ctx, cin, "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Company(ctx, "tabriz-water")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) || got.Name["fa"] != "شرکت آب‌پویان تبریز" {
		t.Errorf("read back\n%+v\nwant\n%+v", got, c)
	}
	_, err = s.CreateCompany(ctx, cin, "x")
	wantCode(t, err, content.CodeConflict)
	bad := *cin
	bad.Slug, bad.Hubs = "other", []string{"TR", "DE"}
	_, err = s.CreateCompany(ctx, &bad, "x")
	wantField(t, err, "hubs", content.RuleInvalidHub)

	need := createNeed(t, s, "TR")
	ain := &content.AgreementInput{
		Slug: "mou-2026-water", Hub: "TR", Status: "signed", SignedOn: "2026-02-01",
		Title:   content.Text{"fa": "تفاهم‌نامه همکاری", "zh": "合作谅解备忘录"},
		Parties: []content.Party{{Company: "tabriz-water"}, {Name: content.Text{"tr": "İstanbul Teknopark"}}},
		Needs:   []string{need.Ref},
	}
	a, err := s.CreateAgreement(ctx, ain, "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	gotA, err := s.Agreement(ctx, a.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotA, a) {
		t.Errorf("read back\n%+v\nwant\n%+v", gotA, a)
	}
	_, err = s.CreateAgreement(ctx, ain, "x")
	wantCode(t, err, content.CodeConflict)

	b := *ain
	b.Slug, b.Parties = "bb", []content.Party{{Name: content.Text{"en": "A"}}, {Company: "nobody"}}
	_, err = s.CreateAgreement(ctx, &b, "x")
	wantField(t, err, "parties.1.company", content.RuleUnknownCompany)
	b = *ain
	b.Slug, b.Needs = "cc", []string{"TR-26-0999"}
	_, err = s.CreateAgreement(ctx, &b, "x")
	wantField(t, err, "needs", content.RuleInvalidRef)

	// Publish, and a patch naming an unknown company.
	a, err = s.PublishAgreement(ctx, a.Slug, true, a.Version, "x")
	if err != nil || !a.Published || a.Version != 2 {
		t.Fatalf("publish: %+v, %v", a, err)
	}
	parties := []content.Party{{Company: "tabriz-water"}, {Company: "ghost"}}
	_, err = s.UpdateAgreement(ctx, a.Slug, &content.AgreementPatch{Version: 2, Parties: &parties}, "x")
	wantField(t, err, "parties.1.company", content.RuleUnknownCompany)

	// A deleted company is unknown to new agreements.
	c, err = s.DeleteCompany(ctx, c.Slug, c.Version, "x")
	if err != nil {
		t.Fatal(err)
	}
	b = *ain
	b.Slug = "dd"
	_, err = s.CreateAgreement(ctx, &b, "x")
	wantField(t, err, "parties.0.company", content.RuleUnknownCompany)
	_, err = s.Company(ctx, c.Slug)
	wantCode(t, err, content.CodeNotFound)
}

func TestUpdateNeed(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	n := createNeed(t, s, "TR")
	kind := "rnd"
	u, err := s.UpdateNeed(ctx, n.Ref, &content.NeedPatch{Version: 1, Kind: &kind, Title: content.Text{"zh": "", "tr": "Su arıtma"}}, "other@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if u.Version != 2 || u.Kind != "rnd" || u.UpdatedBy != "other@park.ir" || u.Rev <= n.Rev {
		t.Errorf("updated %+v", u)
	}
	if _, ok := u.Title["zh"]; ok || u.Title["fa"] != zwnjTitle || u.Title["tr"] != "Su arıtma" {
		t.Errorf("title = %q", u.Title)
	}
	got, _ := s.Need(ctx, n.Ref)
	if !reflect.DeepEqual(got, u) {
		t.Errorf("stored\n%+v\nwant\n%+v", got, u)
	}

	// A stale version changes nothing.
	other := "testing"
	_, err = s.UpdateNeed(ctx, n.Ref, &content.NeedPatch{Version: 1, Kind: &other}, "x")
	wantCode(t, err, content.CodeConflict)
	_, err = s.UpdateNeed(ctx, n.Ref, &content.NeedPatch{Kind: &other}, "x")
	wantField(t, err, "version", content.RuleRequired)
	bad := "nonsense"
	_, err = s.UpdateNeed(ctx, n.Ref, &content.NeedPatch{Version: 2, Kind: &bad}, "x")
	wantCode(t, err, content.CodeInvalid)
	if after, _ := s.Need(ctx, n.Ref); !reflect.DeepEqual(after, u) {
		t.Errorf("failed updates changed the need:\n%+v", after)
	}
	_, err = s.UpdateNeed(ctx, "TR-26-0404", &content.NeedPatch{Version: 1}, "x")
	wantCode(t, err, content.CodeNotFound)
}

func TestTransitions(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	n := createNeed(t, s, "TR")

	_, err := s.TransitionNeed(ctx, n.Ref, content.Close, n.Version, "x")
	wantCode(t, err, content.CodeBadTransition)
	if got, _ := s.Need(ctx, n.Ref); !reflect.DeepEqual(got, n) {
		t.Fatalf("a refused transition changed the need: %+v", got)
	}
	_, err = s.TransitionNeed(ctx, n.Ref, content.Publish, 0, "x")
	wantField(t, err, "version", content.RuleRequired)

	steps := []struct {
		t    content.NeedTransition
		want string
	}{
		{content.Publish, content.NeedPublished},
		{content.Close, content.NeedClosed},
		{content.Publish, content.NeedPublished},
		{content.Archive, content.NeedArchived},
	}
	var published *time.Time
	for i, st := range steps {
		next, err := s.TransitionNeed(ctx, n.Ref, st.t, n.Version, "x")
		if err != nil {
			t.Fatalf("step %d %s: %v", i, st.t, err)
		}
		if next.Status != st.want || next.Version != n.Version+1 || next.Rev <= n.Rev {
			t.Fatalf("step %d: %s v%d rev %d", i, next.Status, next.Version, next.Rev)
		}
		if next.PublishedAt == nil {
			t.Fatalf("step %d: no published_at", i)
		}
		if published == nil {
			published = next.PublishedAt
		} else if !next.PublishedAt.Equal(*published) {
			t.Errorf("published_at changed on republish")
		}
		n = next
	}
	_, err = s.TransitionNeed(ctx, n.Ref, content.Close, n.Version, "x")
	wantCode(t, err, content.CodeBadTransition)
	if got, _ := s.Need(ctx, n.Ref); !reflect.DeepEqual(got, n) {
		t.Errorf("stored\n%+v\nwant\n%+v", got, n)
	}
}

func TestSoftDelete(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	keep := createNeed(t, s, "TR")
	gone := createNeed(t, s, "TR")
	rev, _ := s.Revision(ctx)

	_, err := s.DeleteNeed(ctx, gone.Ref, 7, "x")
	wantCode(t, err, content.CodeConflict)
	d, err := s.DeleteNeed(ctx, gone.Ref, gone.Version, "x")
	if err != nil {
		t.Fatal(err)
	}
	if d.DeletedAt == nil || d.Version != 2 || d.Rev <= rev {
		t.Errorf("deleted %+v", d)
	}
	_, err = s.Need(ctx, gone.Ref)
	wantCode(t, err, content.CodeNotFound)
	_, err = s.DeleteNeed(ctx, gone.Ref, d.Version, "x")
	wantCode(t, err, content.CodeNotFound)

	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Needs) != 1 || snap.Needs[0].Ref != keep.Ref || len(snap.Hubs) != 2 || snap.Rev != d.Rev {
		t.Errorf("snapshot: %d needs, %d hubs, rev %d", len(snap.Needs), len(snap.Hubs), snap.Rev)
	}
	ch, err := s.Changes(ctx, rev)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Needs) != 1 || ch.Needs[0].Ref != gone.Ref || ch.Needs[0].DeletedAt == nil {
		t.Errorf("changes after delete: %+v", ch.Needs)
	}
}

func TestConcurrentUpdateNeed(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	n := createNeed(t, s, "TR")
	const writers = 50
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		winners   []*content.Need
		conflicts int
	)
	for i := range writers {
		wg.Go(func() {
			p := &content.NeedPatch{Version: n.Version, Title: content.Text{"en": fmt.Sprintf("Edit number %d", i)}}
			u, err := s.UpdateNeed(ctx, n.Ref, p, fmt.Sprintf("w%d@park.ir", i))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				winners = append(winners, u)
			case errors.Is(err, content.ErrConflict):
				conflicts++
			default:
				t.Errorf("writer %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if len(winners) != 1 || conflicts != writers-1 {
		t.Fatalf("%d writers won and %d got a conflict, want 1 and %d", len(winners), conflicts, writers-1)
	}
	got, err := s.Need(ctx, n.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, winners[0]) || got.Version != 2 {
		t.Errorf("stored\n%+v\nwant the winner's\n%+v", got, winners[0])
	}
}

func interestInput(email string) *content.InterestInput {
	return &content.InterestInput{
		Company:     content.InterestCompany{Name: "شرکت دانش‌بنیان آب‌نما", Country: "IR"},
		ContactName: "مریم احمدی",
		Email:       email,
		Answers: content.Answers{
			Offer:    "سامانه تصفیه آب با غشای نانو‌ساختار",
			Fit:      "ده سال تجربه در پروژه‌های تصفیه صنعتی",
			Proposal: "انتقال فناوری با لیسانس و آموزش فنی",
		},
		Consent: true,
	}
}

func TestConcurrentInterests(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	n := publishedNeed(t, s)

	const firms = 100
	refs := make([]string, firms)
	var wg sync.WaitGroup
	for i := range firms {
		wg.Go(func() {
			in, created, err := s.CreateInterest(ctx, n.Ref, interestInput(fmt.Sprintf("firm%d@example.ir", i)))
			if err != nil || !created {
				t.Errorf("firm %d: created %v, %v", i, created, err)
				return
			}
			refs[i] = in.Ref
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, r := range refs {
		if !content.ValidInterestRef(r) || seen[r] {
			t.Errorf("ref %q invalid or repeated", r)
		}
		seen[r] = true
	}
	if !seen["EOI-26-00001"] || !seen[fmt.Sprintf("EOI-26-%05d", firms)] {
		t.Errorf("refs are not EOI-26-00001…%05d", firms)
	}
	all, err := s.Interests(ctx, content.InterestFilter{Need: n.Ref})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != firms {
		t.Fatalf("Interests returned %d, want %d", len(all), firms)
	}

	// One email, ten times at once: one record.
	const tries = 10
	type result struct {
		ref     string
		created bool
	}
	results := make([]result, tries)
	for i := range tries {
		wg.Go(func() {
			in, created, err := s.CreateInterest(ctx, n.Ref, interestInput("Same@Example.ir"))
			if err != nil {
				t.Errorf("try %d: %v", i, err)
				return
			}
			results[i] = result{in.Ref, created}
		})
	}
	wg.Wait()
	created := 0
	for _, r := range results {
		if r.created {
			created++
		}
		if r.ref != results[0].ref {
			t.Errorf("refs differ: %s and %s", r.ref, results[0].ref)
		}
	}
	if created != 1 {
		t.Errorf("%d of %d registrations of one email created a record, want 1", created, tries)
	}
	again, createdAgain, err := s.CreateInterest(ctx, n.Ref, interestInput("same@example.ir"))
	if err != nil || createdAgain || again.Ref != results[0].ref {
		t.Errorf("repeat: %v %v %v", again, createdAgain, err)
	}
	all, _ = s.Interests(ctx, content.InterestFilter{Need: n.Ref})
	if len(all) != firms+1 {
		t.Errorf("Interests returned %d, want %d", len(all), firms+1)
	}
}

func TestInterestOnClosedNeeds(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	draft := createNeed(t, s, "TR")
	closed := publishedNeed(t, s)
	closed, err := s.TransitionNeed(ctx, closed.Ref, content.Close, closed.Version, "x")
	if err != nil {
		t.Fatal(err)
	}
	archived := createNeed(t, s, "TR")
	if _, err := s.TransitionNeed(ctx, archived.Ref, content.Archive, 1, "x"); err != nil {
		t.Fatal(err)
	}
	open := publishedNeed(t, s)
	// The same database a day after the deadline.
	later := mongotest.OpenSame(t, s, mongo.Config{Now: func() time.Time { return time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC) }})

	for _, c := range []struct {
		name  string
		s     *mongo.Store
		ref   string
		code  content.Code
		email string
	}{
		{"draft", s, draft.Ref, content.CodeNotFound, "a@x.ir"},
		{"archived", s, archived.Ref, content.CodeNotFound, "b@x.ir"},
		{"unknown", s, "TR-26-9999", content.CodeNotFound, "c@x.ir"},
		{"closed", s, closed.Ref, content.CodeNeedNotOpen, "d@x.ir"},
		{"expired", later, open.Ref, content.CodeNeedNotOpen, "e@x.ir"},
	} {
		_, _, err := c.s.CreateInterest(ctx, c.ref, interestInput(c.email))
		if content.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	bad := interestInput("f@x.ir")
	bad.Consent = false
	_, _, err = s.CreateInterest(ctx, open.Ref, bad)
	wantField(t, err, "consent", content.RuleConsent)

	all, err := s.Interests(ctx, content.InterestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 0 {
		t.Errorf("%d interests stored, want none", len(all))
	}
	// The open need still takes interest on the day of its deadline.
	onDeadline := mongotest.OpenSame(t, s, mongo.Config{Now: func() time.Time { return time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC) }})
	if _, _, err := onDeadline.CreateInterest(ctx, open.Ref, interestInput("g@x.ir")); err != nil {
		t.Errorf("on the deadline: %v", err)
	}
}

func TestInterestInbox(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	tr := publishedNeed(t, s)
	cn := createNeed(t, s, "CN")
	cn, err := s.TransitionNeed(ctx, cn.Ref, content.Publish, 1, "x")
	if err != nil {
		t.Fatal(err)
	}
	now := clock
	times := mongotest.OpenSame(t, s, mongo.Config{Now: func() time.Time { return now }})
	var made []*content.Interest
	for i, ref := range []string{tr.Ref, tr.Ref, cn.Ref} {
		now = clock.Add(time.Duration(i) * time.Hour)
		in, _, err := times.CreateInterest(ctx, ref, interestInput(fmt.Sprintf("i%d@x.ir", i)))
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, in)
	}
	refs := func(f content.InterestFilter) []string {
		t.Helper()
		list, err := s.Interests(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, i := range list {
			out = append(out, i.Ref)
		}
		return out
	}
	for _, c := range []struct {
		f    content.InterestFilter
		want []string
	}{
		{content.InterestFilter{}, []string{made[2].Ref, made[1].Ref, made[0].Ref}},
		{content.InterestFilter{Hubs: []string{"TR"}}, []string{made[1].Ref, made[0].Ref}},
		{content.InterestFilter{Hubs: []string{}}, []string{}},
		{content.InterestFilter{Need: cn.Ref}, []string{made[2].Ref}},
		{content.InterestFilter{Since: clock.Add(time.Hour)}, []string{made[2].Ref, made[1].Ref}},
		{content.InterestFilter{Limit: 1}, []string{made[2].Ref}},
		{content.InterestFilter{Status: content.InterestContacted}, []string{}},
	} {
		if got := refs(c.f); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Interests(%+v) = %v, want %v", c.f, got, c.want)
		}
	}

	i := made[0]
	u, err := s.UpdateInterestStatus(ctx, i.Ref, &content.InterestStatusInput{Version: 1, Status: content.InterestContacted, Note: "تماس گرفته شد"}, "staff@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if u.Version != 2 || len(u.History) != 1 || u.History[0].By != "staff@park.ir" {
		t.Errorf("updated %+v", u)
	}
	if got, _ := s.Interest(ctx, i.Ref); !reflect.DeepEqual(got, u) {
		t.Errorf("stored\n%+v\nwant\n%+v", got, u)
	}
	_, err = s.UpdateInterestStatus(ctx, i.Ref, &content.InterestStatusInput{Version: 1, Status: content.InterestMatched}, "x")
	wantCode(t, err, content.CodeConflict)
	_, err = s.UpdateInterestStatus(ctx, i.Ref, &content.InterestStatusInput{Version: 2, Status: content.InterestNew}, "x")
	wantCode(t, err, content.CodeBadTransition)
	if got := refs(content.InterestFilter{Status: content.InterestContacted}); !reflect.DeepEqual(got, []string{i.Ref}) {
		t.Errorf("contacted = %v", got)
	}
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	st, err := s.AddStaff(ctx, &content.StaffInput{Email: "Editor@Park.IR", Name: "ویراستار", Role: content.RoleEditor, Hubs: []string{"TR"}}, "hash")
	if err != nil {
		t.Fatal(err)
	}
	if st.Email != "editor@park.ir" {
		t.Errorf("email %q", st.Email)
	}
	_, err = s.AddStaff(ctx, &content.StaffInput{Email: "editor@park.ir", Name: "x", Role: content.RoleAdmin}, "h")
	wantCode(t, err, content.CodeConflict)
	if got, err := s.Staff(ctx, "EDITOR@park.ir"); err != nil || !reflect.DeepEqual(got, st) {
		t.Errorf("Staff: %+v, %v", got, err)
	}

	token, err := s.CreateToken(ctx, "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if len(token) != 3+43 || token[:3] != "hd_" {
		t.Errorf("token %q", token)
	}
	got, err := s.StaffByToken(ctx, token)
	if err != nil || got.Email != "editor@park.ir" {
		t.Fatalf("StaffByToken: %+v, %v", got, err)
	}
	for _, bad := range []string{"", "hd_", token + "x", "hd_" + token[4:], token[3:]} {
		_, err := s.StaffByToken(ctx, bad)
		wantCode(t, err, content.CodeUnauthorized)
	}
	_, err = s.CreateToken(ctx, "nobody@park.ir")
	wantCode(t, err, content.CodeNotFound)

	// Disable the staff member through the database, as an admin would.
	second, err := s.AddStaff(ctx, &content.StaffInput{Email: "gone@park.ir", Name: "x", Role: content.RoleAdmin}, "h")
	if err != nil {
		t.Fatal(err)
	}
	tok2, err := s.CreateToken(ctx, second.Email)
	if err != nil {
		t.Fatal(err)
	}
	if err := mongo.SetStaffDisabled(ctx, s, second.Email, true); err != nil {
		t.Fatal(err)
	}
	_, err = s.StaffByToken(ctx, tok2)
	wantCode(t, err, content.CodeUnauthorized)
}

func TestRevisionAndChanges(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	other := mongotest.OpenSame(t, s, mongo.Config{Now: fixedNow})
	rev, err := s.Revision(ctx)
	if err != nil || rev != 2 {
		t.Fatalf("revision after two hubs = %d, %v", rev, err)
	}
	expect := func(what string) int64 {
		t.Helper()
		next, err := other.Revision(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if next != rev+1 {
			t.Errorf("%s: revision %d, want %d", what, next, rev+1)
		}
		rev = next
		return next
	}
	n := createNeed(t, s, "TR")
	expect("create need")
	n, err = other.TransitionNeed(ctx, n.Ref, content.Publish, n.Version, "x")
	if err != nil {
		t.Fatal(err)
	}
	afterPublish := expect("publish need (other store)")
	c, err := other.CreateCompany(ctx, &content.CompanyInput{Slug: "acme", Kind: "foreign-company", Country: "CN", Name: content.Text{"zh": "阿克米"}, Hubs: []string{"CN"}}, "x")
	if err != nil {
		t.Fatal(err)
	}
	expect("create company")
	if got, err := s.Company(ctx, "acme"); err != nil || got.Version != c.Version {
		t.Errorf("first store does not see the company: %v", err)
	}
	if _, err := s.PublishCompany(ctx, "acme", true, c.Version, "x"); err != nil {
		t.Fatal(err)
	}
	expect("publish company")
	if err := s.PutHub(ctx, hub("CN", "CN")); err != nil {
		t.Fatal(err)
	}
	expect("put hub")
	kind := "rnd"
	if _, err := s.UpdateNeed(ctx, n.Ref, &content.NeedPatch{Version: 1, Kind: &kind}, "x"); err == nil {
		t.Error("update from version 1 after publish succeeded")
	}
	expect2, _ := s.Revision(ctx)
	if expect2 != rev {
		t.Errorf("a refused write moved the revision to %d", expect2)
	}

	ch, err := s.Changes(ctx, afterPublish)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Needs) != 0 || len(ch.Companies) != 1 || len(ch.Hubs) != 1 || ch.Hubs[0].Code != "CN" || ch.Rev != rev {
		t.Errorf("Changes(%d): %d needs, %d companies, %d hubs, rev %d", afterPublish, len(ch.Needs), len(ch.Companies), len(ch.Hubs), ch.Rev)
	}
	ch, _ = other.Changes(ctx, afterPublish-1)
	if len(ch.Needs) != 1 || ch.Needs[0].Status != content.NeedPublished {
		t.Errorf("Changes(%d) needs = %+v", afterPublish-1, ch.Needs)
	}
	ch, _ = s.Changes(ctx, rev)
	if len(ch.Needs)+len(ch.Companies)+len(ch.Agreements)+len(ch.Hubs) != 0 {
		t.Errorf("Changes(current) not empty: %+v", ch)
	}
}

func TestUnavailable(t *testing.T) {
	ctx := context.Background()
	start := time.Now()
	_, err := mongo.Open(ctx, mongo.Config{URI: "mongodb://127.0.0.1:1/", Timeout: 300 * time.Millisecond})
	if !errors.Is(err, content.ErrUnavailable) {
		t.Errorf("Open on a closed port: %v, want unavailable", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("Open took %v", time.Since(start))
	}

	// A store whose server goes away.
	e, err := mongo.StartEmbedded(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := mongo.Open(ctx, mongo.Config{URI: e.URI(), Now: fixedNow, Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	if err := s.PutHub(ctx, hub("TR", "TR")); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("close took %v", time.Since(t0))
	t0 = time.Now()
	_, err = s.CreateNeed(ctx, needInput("TR"), "x")
	if !errors.Is(err, content.ErrUnavailable) {
		t.Errorf("CreateNeed with the server gone: %v, want unavailable", err)
	}
	t.Logf("create took %v", time.Since(t0))
	_, err = s.Revision(ctx)
	wantCode(t, err, content.CodeUnavailable)
	wantCode(t, s.Ping(ctx), content.CodeUnavailable)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Need(cctx, "TR-26-0001"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestSeedNeedAdvancesCounter(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	n := needInput("TR").NewNeed("TR-26-0030", "seed", clock)
	n.Deadline = "2026-01-31" // past: seeding accepts it
	if err := s.SeedNeed(ctx, n); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Need(ctx, "TR-26-0030"); err != nil || got.Deadline != "2026-01-31" {
		t.Fatalf("seeded need: %+v, %v", got, err)
	}
	if c := createNeed(t, s, "TR"); c.Ref != "TR-26-0031" {
		t.Errorf("first created ref after seeding TR-26-0030 = %s", c.Ref)
	}
	if c := createNeed(t, s, "CN"); c.Ref != "CN-26-0001" {
		t.Errorf("CN ref = %s", c.Ref)
	}
}
