package sample

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"hubdir/content"
	"hubdir/i18n"
)

// today is the fixed date the data tests run on.
const today = content.Date("2026-03-10")

var partnerLang = map[string]string{"TR": "tr", "CN": "zh"}

func mustParse(t *testing.T) *Data {
	t.Helper()
	d, err := Parse()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestFilesStrict decodes every data file into its input types with unknown
// fields disallowed, independently of Parse.
func TestFilesStrict(t *testing.T) {
	files := map[string]any{
		"hubs.json":       &[]*content.Hub{},
		"needs.json":      &[]NeedData{},
		"companies.json":  &[]CompanyData{},
		"agreements.json": &[]AgreementData{},
	}
	for name, dst := range files {
		b, err := dataFS.ReadFile("data/" + name)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(dst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The decoder really is strict.
	var x []NeedData
	if err := decodeInto(`[{"hub":"TR","colour":"red"}]`, &x); err == nil {
		t.Error("unknown field accepted")
	}
}

func decodeInto(s string, dst any) error {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	return dec.Decode(dst)
}

func TestCounts(t *testing.T) {
	d := mustParse(t)
	if len(d.Hubs) != 2 || len(d.Needs) < 24 || len(d.Companies) < 16 || len(d.Agreements) != 6 {
		t.Fatalf("hubs %d, needs %d, companies %d, agreements %d", len(d.Hubs), len(d.Needs), len(d.Companies), len(d.Agreements))
	}
	status := map[string]int{}
	kinds := map[string]map[string]bool{}
	sectors := map[string]bool{}
	byHub := map[string]int{}
	foreignOrigin := 0
	for _, n := range d.Needs {
		s := n.Status
		if s == content.NeedPublished && n.DeadlineOffsetDays < 0 {
			s = content.NeedExpired
		}
		status[s]++
		if kinds[n.Hub] == nil {
			kinds[n.Hub] = map[string]bool{}
		}
		kinds[n.Hub][n.Kind] = true
		for _, sec := range n.Sectors {
			sectors[sec] = true
		}
		byHub[n.Hub]++
		if n.Country != n.Hub {
			foreignOrigin++
		}
		if n.TRL == 0 && n.Kind != "training" {
			t.Errorf("%s: no TRL on a %s need", n.Title["en"], n.Kind)
		}
	}
	want := map[string]int{content.NeedExpired: 3, content.NeedClosed: 2, content.NeedDraft: 2, content.NeedArchived: 1}
	for s, w := range want {
		if status[s] != w {
			t.Errorf("%d %s needs, want %d", status[s], s, w)
		}
	}
	if status[content.NeedPublished] < len(d.Needs)/2 {
		t.Errorf("only %d open published needs", status[content.NeedPublished])
	}
	for _, hub := range []string{"TR", "CN"} {
		if byHub[hub] < 10 {
			t.Errorf("hub %s has %d needs", hub, byHub[hub])
		}
		for _, k := range content.NeedKinds() {
			if !kinds[hub][k] {
				t.Errorf("hub %s has no %s need", hub, k)
			}
		}
	}
	if len(sectors) < 12 {
		t.Errorf("needs use %d sectors, want ≥ 12", len(sectors))
	}
	if foreignOrigin == 0 || foreignOrigin > 4 {
		t.Errorf("%d needs from outside the partner country, want a few", foreignOrigin)
	}
	companyKinds := map[string]int{}
	for _, c := range d.Companies {
		companyKinds[c.Kind]++
	}
	for k, w := range map[string]int{"foreign-company": 8, "knowledge-based": 3, "laboratory": 3, "hospital": 2, "university": 1, "park": 2} {
		if companyKinds[k] < w {
			t.Errorf("%d companies of kind %s, want ≥ %d", companyKinds[k], k, w)
		}
	}
	t.Logf("needs by hub %v, by status %v; %d sectors; companies by kind %v", byHub, status, len(sectors), companyKinds)
}

func TestHubs(t *testing.T) {
	d := mustParse(t)
	codes := []string{}
	for _, h := range d.Hubs {
		codes = append(codes, h.Code)
		if !content.ValidHubCode(h.Code) || h.PartnerCountry != h.Code || !content.IsCountry(h.PartnerCountry) {
			t.Errorf("hub %q: partner %q", h.Code, h.PartnerCountry)
		}
		for _, l := range i18n.Codes() {
			for field, tx := range map[string]content.Text{"name": h.Name, "host_park": h.HostPark, "description": h.Description, "address": h.Contact.Address} {
				if _, ok := tx.In(l); !ok {
					t.Errorf("hub %s: no %s.%s", h.Code, field, l)
				}
			}
		}
		if !slices.Equal(h.WorkingLanguages, []string{"fa", partnerLang[h.Code], "en"}) {
			t.Errorf("hub %s: working languages %v", h.Code, h.WorkingLanguages)
		}
		a, err := mail.ParseAddress(h.Contact.Email)
		if err != nil || a.Address != h.Contact.Email || !strings.Contains(h.Contact.Email[strings.LastIndexByte(h.Contact.Email, '@'):], ".") {
			t.Errorf("hub %s: email %q", h.Code, h.Contact.Email)
		}
		if u, err := url.Parse(h.Contact.Website); err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("hub %s: website %q", h.Code, h.Contact.Website)
		}
		if h.Contact.Phone == "" {
			t.Errorf("hub %s: no phone", h.Code)
		}
	}
	if !slices.Equal(codes, []string{"TR", "CN"}) {
		t.Errorf("hub codes %v", codes)
	}
}

// createInput returns the input Load sends to CreateNeed for the need.
func createInput(n NeedData, today content.Date) content.NeedInput {
	in := n.NeedInput
	in.Deadline = n.Deadline(today)
	if in.Deadline.Before(today) {
		in.Deadline = addDays(today, 1)
	}
	return in
}

func TestNeedsValid(t *testing.T) {
	d := mustParse(t)
	missing := 0
	for i, n := range d.Needs {
		name := fmt.Sprintf("needs[%d] %s", i, n.Title["en"])
		in := createInput(n, today)
		before := cloneNeedInput(in)
		if err := in.Validate(today); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(before, in) {
			t.Errorf("%s: validation changed the input (not normalised):\n%+v\n%+v", name, before, in)
		}
		if !slices.Contains(content.NeedKinds(), n.Kind) {
			t.Errorf("%s: kind %q", name, n.Kind)
		}
		for _, s := range n.Sectors {
			if !content.IsSector(s) {
				t.Errorf("%s: sector %q", name, s)
			}
		}
		for _, p := range n.Partnerships {
			if !slices.Contains(content.Partnerships(), p) {
				t.Errorf("%s: partnership %q", name, p)
			}
		}
		if len(n.Partnerships) == 0 {
			t.Errorf("%s: no partnership", name)
		}
		if !content.IsCountry(n.Country) {
			t.Errorf("%s: country %q", name, n.Country)
		}
		if n.DeadlineOffsetDays < 0 && n.Status != content.NeedPublished {
			t.Errorf("%s: only published needs should have a past deadline", name)
		}
		want := []string{"fa", "en", partnerLang[n.Hub]}
		for _, l := range want {
			if _, ok := n.Title.In(l); !ok {
				t.Errorf("%s: no %s title", name, l)
			}
		}
		for _, tx := range []content.Text{n.Title, n.Summary, n.Body} {
			for l := range tx {
				if !slices.Contains(want, l) {
					t.Errorf("%s: text in %s, not a language of hub %s", name, l, n.Hub)
				}
			}
			for _, l := range want {
				if _, ok := tx.In(l); !ok {
					missing++
				}
			}
		}
		if paras := strings.Count(n.Body["en"]+n.Body["fa"], "\n\n"); paras < 1 {
			t.Errorf("%s: body has a single paragraph", name)
		}
	}
	if missing < 3 || missing > 6 {
		t.Errorf("%d translations missing from summaries and bodies, want 3–4 or so", missing)
	}
}

func cloneNeedInput(in content.NeedInput) content.NeedInput {
	out := in
	out.Partnerships = slices.Clone(in.Partnerships)
	out.Sectors = slices.Clone(in.Sectors)
	out.Title, out.Summary, out.Body = in.Title.Clone(), in.Summary.Clone(), in.Body.Clone()
	return out
}

// TestScripts checks that each locale's text is in its own script and that
// Persian is written as Persian: ی and ک rather than Arabic ي and ك, and
// ZWNJ in forms such as «می‌شود».
func TestScripts(t *testing.T) {
	d := mustParse(t)
	var texts []content.Text
	for _, h := range d.Hubs {
		texts = append(texts, h.Name, h.HostPark, h.Description, h.Contact.Address)
	}
	for _, n := range d.Needs {
		texts = append(texts, n.Title, n.Summary, n.Body)
	}
	for _, c := range d.Companies {
		texts = append(texts, c.Name, c.City, c.Description, c.Capabilities)
	}
	for _, a := range d.Agreements {
		texts = append(texts, a.Title, a.Scope)
		for _, p := range a.Parties {
			texts = append(texts, p.Name)
		}
	}
	zwnj := 0
	for _, tx := range texts {
		checkScripts(t, tx)
		zwnj += strings.Count(tx["fa"], "\u200c")
	}
	if zwnj < 100 {
		t.Errorf("only %d ZWNJ in the Persian text", zwnj)
	}
}

func checkScripts(t *testing.T, tx content.Text) {
	t.Helper()
	for l, s := range tx {
		switch l {
		case "fa":
			if strings.ContainsAny(s, "يك") {
				t.Errorf("fa text with Arabic ي/ك: %q", s)
			}
			for _, w := range []string{" می ", " نمی ", "ها ی ", " ای "} {
				if strings.Contains(s, w) {
					t.Errorf("fa text with %q where ZWNJ belongs: %q", w, s)
				}
			}
			if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
				t.Errorf("fa text not in Persian script: %q", s)
			}
		case "zh":
			if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("zh text without Han characters: %q", s)
			}
		case "en", "tr":
			if strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Arabic, r) || unicode.Is(unicode.Han, r) }) {
				t.Errorf("%s text in another script: %q", l, s)
			}
		}
		if strings.ContainsFunc(s, func(r rune) bool {
			return r == '\u200b' || r == '\ufeff' || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
		}) {
			t.Errorf("%s text with a forbidden invisible character: %q", l, s)
		}
	}
}

func TestCompaniesValid(t *testing.T) {
	d := mustParse(t)
	slugs := map[string]bool{}
	unpublished := 0
	for _, c := range d.Companies {
		in := c.CompanyInput
		if err := in.Validate(); err != nil {
			t.Errorf("company %s: %v", c.Slug, err)
		}
		if slugs[c.Slug] {
			t.Errorf("company %s twice", c.Slug)
		}
		slugs[c.Slug] = true
		if !slices.Contains(content.CompanyKinds(), c.Kind) {
			t.Errorf("company %s: kind %q", c.Slug, c.Kind)
		}
		for _, s := range c.Sectors {
			if !content.IsSector(s) {
				t.Errorf("company %s: sector %q", c.Slug, s)
			}
		}
		for _, h := range c.Hubs {
			if h != "TR" && h != "CN" {
				t.Errorf("company %s: hub %q", c.Slug, h)
			}
		}
		langs := []string{"fa", "en"}
		if c.Country != "IR" {
			langs = append(langs, partnerLang[c.Country])
		}
		for _, l := range langs {
			if _, ok := c.Name.In(l); !ok {
				t.Errorf("company %s: no %s name", c.Slug, l)
			}
			if _, ok := c.Description.In(l); !ok {
				t.Errorf("company %s: no %s description", c.Slug, l)
			}
		}
		if !c.Published {
			unpublished++
		}
	}
	if unpublished > 2 {
		t.Errorf("%d unpublished companies", unpublished)
	}
}

func TestAgreementsValid(t *testing.T) {
	d := mustParse(t)
	companies := map[string]CompanyData{}
	for _, c := range d.Companies {
		companies[c.Slug] = c
	}
	statuses := map[string]bool{}
	for _, a := range d.Agreements {
		in := a.AgreementInput
		for _, x := range a.NeedIndexes {
			in.Needs = append(in.Needs, fmt.Sprintf("%s-26-%04d", a.Hub, x+1))
		}
		if err := in.Validate(); err != nil {
			t.Errorf("agreement %s: %v", a.Slug, err)
		}
		statuses[a.Status] = true
		for _, p := range a.Parties {
			if p.Company == "" {
				continue
			}
			c, ok := companies[p.Company]
			switch {
			case !ok:
				t.Errorf("agreement %s: unknown party %q", a.Slug, p.Company)
			case !slices.Contains(c.Hubs, a.Hub):
				t.Errorf("agreement %s: party %s is not in hub %s", a.Slug, p.Company, a.Hub)
			case !c.Published:
				t.Errorf("agreement %s: party %s is unpublished", a.Slug, p.Company)
			}
		}
		for _, x := range a.NeedIndexes {
			n := d.Needs[x]
			if n.Hub != a.Hub {
				t.Errorf("agreement %s: need %d is in hub %s", a.Slug, x, n.Hub)
			}
			if n.Status != content.NeedPublished && n.Status != content.NeedClosed {
				t.Errorf("agreement %s: need %d is %s, not public", a.Slug, x, n.Status)
			}
		}
		for _, l := range []string{"fa", "en", partnerLang[a.Hub]} {
			if _, ok := a.Title.In(l); !ok {
				t.Errorf("agreement %s: no %s title", a.Slug, l)
			}
		}
	}
	for _, s := range []string{content.AgreementSigned, content.AgreementActive, content.AgreementTerminated} {
		if !statuses[s] {
			t.Errorf("no %s agreement", s)
		}
	}
}

func TestSynthetic(t *testing.T) {
	now := time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC)
	day := content.DateOf(now)
	a := Synthetic(1000, 1, now)
	if len(a) != 1000 {
		t.Fatalf("%d needs", len(a))
	}
	if b := Synthetic(1000, 1, now); !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different needs")
	}
	if c := Synthetic(1000, 2, now); reflect.DeepEqual(a, c) {
		t.Fatal("different seeds, same needs")
	}
	status := map[string]int{}
	kinds, sectors, countries, titles := map[string]int{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	hubs := map[string]int{}
	missing := 0
	minDays, maxDays := 1000, -1000
	for i, sn := range a {
		in := cloneNeedInput(sn.Input)
		// A past deadline is only rejected for being past.
		check := min(day, in.Deadline)
		if err := in.Validate(check); err != nil {
			t.Fatalf("need %d: %v\n%+v", i, err, sn.Input)
		}
		if !reflect.DeepEqual(in, sn.Input) {
			t.Fatalf("need %d: validation changed the input", i)
		}
		days := sn.Input.Deadline.DaysUntil(day)
		minDays, maxDays = min(minDays, days), max(maxDays, days)
		if (days < 0) != (sn.Status == content.NeedExpired) {
			t.Fatalf("need %d: deadline in %d days, status %s", i, days, sn.Status)
		}
		status[sn.Status]++
		kinds[sn.Input.Kind]++
		hubs[sn.Input.Hub]++
		countries[sn.Input.Country] = true
		titles[sn.Input.Title["en"]] = true
		for _, s := range sn.Input.Sectors {
			sectors[s] = true
		}
		for _, l := range []string{"fa", "en", partnerLang[sn.Input.Hub]} {
			if _, ok := sn.Input.Title.In(l); !ok {
				t.Fatalf("need %d: no %s title", i, l)
			}
			if _, ok := sn.Input.Summary.In(l); !ok {
				missing++
			}
			if _, ok := sn.Input.Body.In(l); !ok {
				missing++
			}
		}
		if i < 50 {
			checkScripts(t, sn.Input.Title)
			checkScripts(t, sn.Input.Summary)
			checkScripts(t, sn.Input.Body)
		}
	}
	if minDays < -60 || maxDays > 365 || minDays > -40 || maxDays < 330 {
		t.Errorf("deadlines from %d to %d days", minDays, maxDays)
	}
	if len(kinds) != 5 || len(sectors) < 20 || len(countries) < 6 || hubs["TR"] < 400 || hubs["CN"] < 400 {
		t.Errorf("too little variety: kinds %v, %d sectors, %d countries, hubs %v", kinds, len(sectors), len(countries), hubs)
	}
	if len(titles) < 300 {
		t.Errorf("only %d different English titles", len(titles))
	}
	if status[content.NeedExpired] < 80 || status[content.NeedDraft] == 0 || status[content.NeedClosed] == 0 || missing == 0 {
		t.Errorf("statuses %v, %d missing translations", status, missing)
	}
	if got := Synthetic(0, 1, now); len(got) != 0 {
		t.Errorf("Synthetic(0) = %d needs", len(got))
	}
	t.Logf("statuses %v, kinds %v, hubs %v, %d sectors, %d countries, %d titles, %d missing translations",
		status, kinds, hubs, len(sectors), len(countries), len(titles), missing)
	t.Logf("example:\n%s\n%s\n%s\n\n%s", a[0].Input.Title["fa"], a[0].Input.Title["en"], a[0].Input.Summary["en"], a[0].Input.Body["fa"])
}

func TestFormatInt(t *testing.T) {
	for _, c := range []struct {
		v    int
		l    string
		want string
	}{
		{12000, "fa", "۱۲٬۰۰۰"}, {12000, "en", "12,000"}, {12000, "tr", "12.000"}, {12000, "zh", "12000"},
		{600, "en", "600"}, {1500, "fa", "۱٬۵۰۰"},
	} {
		if got := formatInt(c.v, c.l); got != c.want {
			t.Errorf("formatInt(%d, %s) = %q, want %q", c.v, c.l, got, c.want)
		}
	}
}

// fakeStore is an in-memory content.Store with just what the loaders use,
// checking what the real store checks. Other methods panic.
type fakeStore struct {
	content.Store
	now time.Time

	mu         sync.Mutex
	hubs       map[string]*content.Hub
	needs      map[string]*content.Need
	companies  map[string]*content.Company
	agreements map[string]*content.Agreement
	offers     map[string]*content.Offer
	next       int
	seeded     int
}

func newFakeStore(now time.Time) *fakeStore {
	return &fakeStore{now: now, hubs: map[string]*content.Hub{}, needs: map[string]*content.Need{},
		companies: map[string]*content.Company{}, agreements: map[string]*content.Agreement{}}
}

func (s *fakeStore) today() content.Date { return content.DateOf(s.now) }

func (s *fakeStore) Hubs(context.Context) ([]*content.Hub, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*content.Hub
	for _, h := range s.hubs {
		out = append(out, h)
	}
	return out, nil
}

func (s *fakeStore) PutHub(_ context.Context, h *content.Hub) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !content.ValidHubCode(h.Code) {
		return content.ErrInvalid
	}
	s.hubs[h.Code] = h
	return nil
}

func (s *fakeStore) Snapshot(context.Context) (*content.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := &content.Snapshot{}
	for _, n := range s.needs {
		snap.Needs = append(snap.Needs, n)
	}
	return snap, nil
}

func (s *fakeStore) CreateNeed(_ context.Context, in *content.NeedInput, by string) (*content.Need, error) {
	if err := in.Validate(s.today()); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hubs[in.Hub] == nil {
		return nil, content.InvalidField("hub", content.RuleInvalidHub)
	}
	s.next++
	n := in.NewNeed(fmt.Sprintf("%s-26-%04d", in.Hub, s.next), by, s.now)
	s.needs[n.Ref] = n
	c := *n
	return &c, nil
}

func (s *fakeStore) TransitionNeed(_ context.Context, ref string, tr content.NeedTransition, version int64, by string) (*content.Need, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.needs[ref]
	if n == nil {
		return nil, content.ErrNotFound
	}
	if n.Version != version {
		return nil, content.ErrConflict
	}
	to, err := tr.Target(n.Status)
	if err != nil {
		return nil, err
	}
	m := *n
	m.Status, m.Version, m.UpdatedBy, m.UpdatedAt = to, n.Version+1, by, s.now
	if to == content.NeedPublished && m.PublishedAt == nil {
		p := s.now
		m.PublishedAt = &p
	}
	s.needs[ref] = &m
	c := m
	return &c, nil
}

func (s *fakeStore) CreateCompany(_ context.Context, in *content.CompanyInput, by string) (*content.Company, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.companies[in.Slug] != nil {
		return nil, content.ErrConflict
	}
	c := in.NewCompany(by, s.now)
	s.companies[c.Slug] = c
	cc := *c
	return &cc, nil
}

func (s *fakeStore) PublishCompany(_ context.Context, slug string, publish bool, version int64, by string) (*content.Company, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.companies[slug]
	if c == nil || c.Version != version {
		return nil, content.ErrConflict
	}
	c.Published, c.Version = publish, c.Version+1
	cc := *c
	return &cc, nil
}

func (s *fakeStore) CreateAgreement(_ context.Context, in *content.AgreementInput, by string) (*content.Agreement, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range in.Parties {
		if p.Company != "" && s.companies[p.Company] == nil {
			return nil, content.InvalidField("parties", content.RuleUnknownCompany)
		}
	}
	for _, r := range in.Needs {
		if s.needs[r] == nil {
			return nil, content.InvalidField("needs", content.RuleInvalidRef)
		}
	}
	a := in.NewAgreement(by, s.now)
	s.agreements[a.Slug] = a
	c := *a
	return &c, nil
}

func (s *fakeStore) PublishAgreement(_ context.Context, slug string, publish bool, version int64, by string) (*content.Agreement, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.agreements[slug]
	if a == nil || a.Version != version {
		return nil, content.ErrConflict
	}
	a.Published, a.Version = publish, a.Version+1
	c := *a
	return &c, nil
}

// seederStore is a fakeStore that implements Seeder.
type seederStore struct{ *fakeStore }

func (s seederStore) SeedNeed(_ context.Context, n *content.Need) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !content.ValidRef(n.Ref) || !content.ValidHubCode(n.Hub) {
		return content.ErrInvalid
	}
	c := *n
	s.needs[n.Ref] = &c
	s.seeded++
	return nil
}

func TestLoad(t *testing.T) {
	zone, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		zone = time.FixedZone("IRST", 3*3600+1800)
	}
	now := time.Date(2026, 3, 10, 9, 30, 0, 0, zone)
	d := mustParse(t)
	for _, seeding := range []bool{true, false} {
		t.Run(fmt.Sprintf("seeder=%v", seeding), func(t *testing.T) {
			fs := newFakeStore(now)
			var st content.Store = fs
			if seeding {
				st = seederStore{fs}
			}
			ctx := context.Background()
			if empty, err := Empty(ctx, st); err != nil || !empty {
				t.Fatalf("Empty = %v, %v", empty, err)
			}
			if err := Load(ctx, st, now, zone); err != nil {
				t.Fatal(err)
			}
			if empty, _ := Empty(ctx, st); empty {
				t.Fatal("Empty after Load")
			}
			if len(fs.hubs) != 2 || len(fs.needs) != len(d.Needs) || len(fs.companies) != len(d.Companies) || len(fs.agreements) != 6 {
				t.Fatalf("stored %d hubs, %d needs, %d companies, %d agreements", len(fs.hubs), len(fs.needs), len(fs.companies), len(fs.agreements))
			}
			day := content.Today(now, zone)
			got := map[string]int{}
			for _, n := range fs.needs {
				got[n.StatusOn(day)]++
			}
			want := map[string]int{content.NeedExpired: 3, content.NeedClosed: 2, content.NeedDraft: 2, content.NeedArchived: 1}
			want[content.NeedPublished] = len(d.Needs) - 8
			if !seeding {
				want[content.NeedPublished] += 3
				want[content.NeedExpired] = 0
			}
			for s, w := range want {
				if got[s] != w {
					t.Errorf("%d needs read as %s, want %d", got[s], s, w)
				}
			}
			for i, nd := range d.Needs {
				n := fs.needs[fmt.Sprintf("%s-26-%04d", nd.Hub, i+1)]
				if n == nil || n.Title["en"] != nd.Title["en"] {
					t.Fatalf("need %d not stored under the expected reference", i)
				}
				if seeding && n.Deadline != nd.Deadline(day) {
					t.Errorf("need %d: deadline %s, want %s", i, n.Deadline, nd.Deadline(day))
				}
			}
			for _, a := range d.Agreements {
				stored := fs.agreements[a.Slug]
				if len(stored.Needs) != len(a.NeedIndexes) || !stored.Published {
					t.Errorf("agreement %s stored as %+v", a.Slug, stored)
				}
				for j, x := range a.NeedIndexes {
					if fs.needs[stored.Needs[j]].Title["en"] != d.Needs[x].Title["en"] {
						t.Errorf("agreement %s links %s, not need %d", a.Slug, stored.Needs[j], x)
					}
				}
			}
			published := 0
			for _, c := range fs.companies {
				if c.Published {
					published++
				}
			}
			if published != len(d.Companies)-1 {
				t.Errorf("%d companies published", published)
			}
			if err := Load(ctx, st, now, zone); err == nil {
				t.Error("second Load into a store with needs succeeded")
			}
		})
	}
}

func TestLoadSynthetic(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
	fs := newFakeStore(now)
	st := seederStore{fs}
	if err := LoadSynthetic(context.Background(), st, 300, 7, now, time.UTC); err != nil {
		t.Fatal(err)
	}
	if len(fs.hubs) != 2 || len(fs.needs) != 300 {
		t.Fatalf("%d hubs, %d needs", len(fs.hubs), len(fs.needs))
	}
	want := map[string]int{}
	for _, sn := range Synthetic(300, 7, now) {
		want[sn.Status]++
	}
	got := map[string]int{}
	for _, n := range fs.needs {
		got[n.StatusOn(content.DateOf(now))]++
	}
	if !reflect.DeepEqual(got, want) || fs.seeded != want[content.NeedExpired] {
		t.Errorf("statuses %v, want %v; %d seeded", got, want, fs.seeded)
	}

	// A failing store stops the load with its error.
	bad := &failingStore{fakeStore: newFakeStore(now), failAfter: 20}
	err := LoadSynthetic(context.Background(), bad, 200, 7, now, time.UTC)
	if !errors.Is(err, content.ErrUnavailable) {
		t.Errorf("err = %v, want unavailable", err)
	}
}

// failingStore fails every CreateNeed after the first failAfter.
type failingStore struct {
	*fakeStore
	failAfter int
	calls     int
}

func (s *failingStore) CreateNeed(ctx context.Context, in *content.NeedInput, by string) (*content.Need, error) {
	s.mu.Lock()
	s.calls++
	fail := s.calls > s.failAfter
	s.mu.Unlock()
	if fail {
		return nil, content.ErrUnavailable
	}
	return s.fakeStore.CreateNeed(ctx, in, by)
}

func TestSiteContent(t *testing.T) {
	s, err := SiteContent()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Pages {
		for _, l := range []string{"fa", "zh", "en", "tr"} {
			if _, ok := p.Title.In(l); !ok {
				t.Errorf("page %s: no %s title", p.ID, l)
			}
			if b, _ := p.Body.In(l); len([]rune(b)) < 200 {
				t.Errorf("page %s: %s body too short (%d)", p.ID, l, len([]rune(b)))
			}
		}
	}
	if len(s.Settings.ParkName) != 4 {
		t.Errorf("park name in %d locales", len(s.Settings.ParkName))
	}
}
