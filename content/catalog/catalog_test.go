package catalog

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/i18n"
)

var tehran = time.FixedZone("IRST", 3*3600+1800)

// at returns a fixed time on 2026-03-01 plus d.
func at(d time.Duration) time.Time {
	return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).Add(d)
}

func tp(t time.Time) *time.Time { return &t }

type needOpt func(*content.Need)

func need(ref, hub, kind, status, deadline string, day int, opts ...needOpt) *content.Need {
	n := &content.Need{
		Ref: ref, Hub: hub, Kind: kind, Status: status, Deadline: content.Date(deadline),
		Country: hub, Sectors: []string{"software"}, Version: 1, Rev: 1,
		Title:     content.Text{"en": "Need " + ref},
		CreatedAt: at(time.Duration(day)*24*time.Hour).AddDate(0, -2, 0),
	}
	if status != content.NeedDraft {
		n.PublishedAt = tp(n.CreatedAt.Add(time.Hour))
	}
	for _, o := range opts {
		o(n)
	}
	return n
}

func sectors(s ...string) needOpt    { return func(n *content.Need) { n.Sectors = s } }
func country(c string) needOpt       { return func(n *content.Need) { n.Country = c } }
func partners(p ...string) needOpt   { return func(n *content.Need) { n.Partnerships = p } }
func title(t content.Text) needOpt   { return func(n *content.Need) { n.Title = t } }
func body(t content.Text) needOpt    { return func(n *content.Need) { n.Body = t } }
func rev(r int64) needOpt            { return func(n *content.Need) { n.Rev = r } }
func deleted() needOpt               { return func(n *content.Need) { n.DeletedAt = tp(at(0)) } }
func summary(t content.Text) needOpt { return func(n *content.Need) { n.Summary = t } }

// fixture returns a snapshot; "today" in Tehran is 2026-03-01 at at(0).
func fixture() *content.Snapshot {
	return &content.Snapshot{
		Rev: 20,
		Hubs: []*content.Hub{
			{Code: "TR", Name: content.Text{"en": "Iran–Turkey"}, Rev: 1},
			{Code: "CN", Name: content.Text{"en": "Iran–China"}, Rev: 2},
		},
		Needs: []*content.Need{
			need("TR-26-0001", "TR", "technology", content.NeedPublished, "2026-06-30", 1,
				sectors("ai", "software"), partners("licence"), rev(3),
				title(content.Text{"en": "Machine vision for textile inspection", "fa": "بینایی ماشین برای بازرسی نساجی"})),
			need("TR-26-0002", "TR", "rnd", content.NeedPublished, "2026-01-10", 2,
				sectors("textiles"), partners("joint-venture"), rev(4)),
			need("TR-26-0003", "TR", "testing", content.NeedDraft, "2026-08-01", 3, sectors("ai"), rev(5)),
			need("TR-26-0004", "TR", "investment", content.NeedClosed, "2026-02-15", 9,
				sectors("renewable-energy"), rev(6), body(content.Text{"en": "Solar panel inspection drones"})),
			need("TR-26-0005", "TR", "technology", content.NeedArchived, "2026-04-01", 5, rev(7)),
			need("CN-26-0001", "CN", "technology", content.NeedPublished, "2026-05-01", 6,
				sectors("ai", "robotics"), partners("licence", "supply"), rev(8),
				title(content.Text{"zh": "工业机器人视觉检测"})),
			need("CN-26-0002", "CN", "technology", content.NeedDraft, "2026-05-01", 7, rev(9)),
			need("CN-26-0003", "CN", "technology", content.NeedPublished, "2026-05-01", 8, rev(10), deleted()),
			need("CN-26-0004", "CN", "technology", content.NeedPublished, "2026-04-01", 4,
				sectors("electronics"), country("HK"), rev(11),
				title(content.Text{"fa": "سیستم کنترل کیفیت قطعات پلاستیکی"}),
				summary(content.Text{"en": "Quality control"})),
		},
		Companies: []*content.Company{
			{Slug: "zeta-robotics", Name: content.Text{"en": "Zeta Robotics", "fa": "زتا رباتیک"}, Kind: "foreign-company",
				Country: "CN", Sectors: []string{"robotics"}, Hubs: []string{"CN"}, Published: true, Rev: 12},
			{Slug: "alpha-labs", Name: content.Text{"en": "alpha Labs", "fa": "پارس آلفا"}, Kind: "laboratory",
				Country: "IR", Sectors: []string{"ai", "electronics"}, Hubs: []string{"TR", "CN"}, Published: true, Rev: 13,
				Capabilities: content.Text{"en": "Machine vision testing"}},
			{Slug: "beta-textile", Name: content.Text{"en": "Beta Textile", "fa": "آلفا نساجی"}, Kind: "foreign-company",
				Country: "TR", Sectors: []string{"textiles"}, Hubs: []string{"TR"}, Published: true, Rev: 14},
			{Slug: "gamma-draft", Name: content.Text{"en": "Gamma"}, Kind: "knowledge-based",
				Country: "IR", Sectors: []string{"ai"}, Hubs: []string{"TR"}, Published: false, Rev: 15},
		},
		Agreements: []*content.Agreement{
			{Slug: "tabriz-ankara-mou", Hub: "TR", Title: content.Text{"en": "Tabriz–Ankara parks MoU"},
				SignedOn: "2025-05-01", ExpiresOn: "2026-02-01", Status: content.AgreementActive,
				Needs: []string{"TR-26-0001", "TR-26-0003"}, Published: true, Rev: 16},
			{Slug: "tabriz-izmir-contract", Hub: "TR", Title: content.Text{"en": "Textile testing contract"},
				SignedOn: "2025-11-20", Status: content.AgreementActive, Needs: []string{"TR-26-0001"}, Published: true, Rev: 17},
			{Slug: "tabriz-shenzhen-mou", Hub: "CN", Title: content.Text{"en": "Robotics MoU"},
				SignedOn: "2025-09-01", Status: content.AgreementSigned, Published: true, Rev: 18},
			{Slug: "cn-draft", Hub: "CN", Title: content.Text{"en": "Unpublished"},
				SignedOn: "2026-01-01", Status: content.AgreementSigned, Needs: []string{"TR-26-0001"}, Rev: 19},
		},
	}
}

func newCatalog(t testing.TB, now time.Time) *Catalog {
	t.Helper()
	c := New(tehran, func() time.Time { return now })
	c.Load(fixture())
	return c
}

var (
	trEditor = Viewer{Staff: &content.Staff{Email: "tr@park.ir", Role: content.RoleEditor, Hubs: []string{"TR"}}}
	admin    = Viewer{Staff: &content.Staff{Email: "admin@park.ir", Role: content.RoleAdmin}}
	disabled = Viewer{Staff: &content.Staff{Email: "old@park.ir", Role: content.RoleAdmin, Disabled: true}}
)

func refs(ns []*content.Need) []string {
	out := []string{}
	for _, n := range ns {
		out = append(out, n.Ref)
	}
	return out
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

func TestNeedVisibility(t *testing.T) {
	c := newCatalog(t, at(0))
	tests := []struct {
		name string
		v    Viewer
		want []string
	}{
		{"public", Viewer{}, []string{"CN-26-0001", "CN-26-0004", "TR-26-0001", "TR-26-0002", "TR-26-0004"}},
		{"disabled staff is the public", disabled, []string{"CN-26-0001", "CN-26-0004", "TR-26-0001", "TR-26-0002", "TR-26-0004"}},
		{"TR editor", trEditor, []string{"CN-26-0001", "CN-26-0004", "TR-26-0001", "TR-26-0002", "TR-26-0003", "TR-26-0004", "TR-26-0005"}},
		{"admin", admin, []string{"CN-26-0001", "CN-26-0002", "CN-26-0004", "TR-26-0001", "TR-26-0002", "TR-26-0003", "TR-26-0004", "TR-26-0005"}},
	}
	all := []string{"TR-26-0001", "TR-26-0002", "TR-26-0003", "TR-26-0004", "TR-26-0005", "CN-26-0001", "CN-26-0002", "CN-26-0003", "CN-26-0004", "XX-26-0001"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Needs(NeedQuery{Viewer: tt.v, PerPage: 100})
			if got := sorted(refs(r.Items)); !slices.Equal(got, tt.want) || r.Total != len(tt.want) {
				t.Errorf("Needs: got %v (total %d), want %v", got, r.Total, tt.want)
			}
			for _, ref := range all {
				_, ok := c.Need(ref, tt.v)
				if want := slices.Contains(tt.want, ref); ok != want {
					t.Errorf("Need(%s): got %v, want %v", ref, ok, want)
				}
			}
		})
	}
	if n, ok := c.Need("tr-26-0001", Viewer{}); !ok || n.Ref != "TR-26-0001" {
		t.Errorf("Need in lower case: %v %v", n, ok)
	}
}

func TestNeedFilters(t *testing.T) {
	c := newCatalog(t, at(0))
	tests := []struct {
		name string
		q    NeedQuery
		want []string
	}{
		{"hub", NeedQuery{Hubs: []string{"TR"}}, []string{"TR-26-0001", "TR-26-0002", "TR-26-0004"}},
		{"hub lower case", NeedQuery{Hubs: []string{"tr"}}, []string{"TR-26-0001", "TR-26-0002", "TR-26-0004"}},
		{"hubs OR", NeedQuery{Hubs: []string{"TR", "CN"}}, []string{"CN-26-0001", "CN-26-0004", "TR-26-0001", "TR-26-0002", "TR-26-0004"}},
		{"sector", NeedQuery{Sectors: []string{"ai"}}, []string{"CN-26-0001", "TR-26-0001"}},
		{"sectors OR", NeedQuery{Sectors: []string{"robotics", "textiles"}}, []string{"CN-26-0001", "TR-26-0002"}},
		{"hub AND sector", NeedQuery{Hubs: []string{"TR"}, Sectors: []string{"ai"}}, []string{"TR-26-0001"}},
		{"countries", NeedQuery{Countries: []string{"CN", "HK"}}, []string{"CN-26-0001", "CN-26-0004"}},
		{"kind", NeedQuery{Kinds: []string{"rnd", "investment"}}, []string{"TR-26-0002", "TR-26-0004"}},
		{"partnership", NeedQuery{Partnerships: []string{"licence"}}, []string{"CN-26-0001", "TR-26-0001"}},
		{"partnership AND kind", NeedQuery{Partnerships: []string{"supply"}, Kinds: []string{"technology"}}, []string{"CN-26-0001"}},
		{"open", NeedQuery{Statuses: []string{"open"}}, []string{"CN-26-0001", "CN-26-0004", "TR-26-0001"}},
		{"published", NeedQuery{Statuses: []string{"published"}}, []string{"CN-26-0001", "CN-26-0004", "TR-26-0001"}},
		{"expired", NeedQuery{Statuses: []string{"expired"}}, []string{"TR-26-0002"}},
		{"expired or closed", NeedQuery{Statuses: []string{"expired", "closed"}}, []string{"TR-26-0002", "TR-26-0004"}},
		{"public asks for drafts", NeedQuery{Statuses: []string{"draft"}}, []string{}},
		{"TR editor asks for drafts", NeedQuery{Statuses: []string{"draft"}, Viewer: trEditor}, []string{"TR-26-0003"}},
		{"admin drafts and archived", NeedQuery{Statuses: []string{"draft", "archived"}, Viewer: admin}, []string{"CN-26-0002", "TR-26-0003", "TR-26-0005"}},
		{"unknown value", NeedQuery{Sectors: []string{"nope"}}, []string{}},
		{"empty values ignored", NeedQuery{Sectors: []string{"", " "}}, []string{"CN-26-0001", "CN-26-0004", "TR-26-0001", "TR-26-0002", "TR-26-0004"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Needs(tt.q)
			if got := sorted(refs(r.Items)); !slices.Equal(got, tt.want) || r.Total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, r.Total, tt.want)
			}
		})
	}
}

func TestNeedFacets(t *testing.T) {
	c := newCatalog(t, at(0))
	tests := []struct {
		name string
		q    NeedQuery
		want Facets
	}{
		{"no filter", NeedQuery{}, Facets{
			"hub":         {"TR": 3, "CN": 2},
			"sector":      {"ai": 2, "software": 1, "textiles": 1, "renewable-energy": 1, "robotics": 1, "electronics": 1},
			"kind":        {"technology": 3, "rnd": 1, "investment": 1},
			"country":     {"TR": 3, "CN": 1, "HK": 1},
			"status":      {"published": 3, "expired": 1, "closed": 1},
			"partnership": {"licence": 2, "joint-venture": 1, "supply": 1},
		}},
		{"hub TR and sector ai: disjunctive", NeedQuery{Hubs: []string{"TR"}, Sectors: []string{"ai"}}, Facets{
			"hub":         {"TR": 1, "CN": 1},
			"sector":      {"ai": 1, "software": 1, "textiles": 1, "renewable-energy": 1},
			"kind":        {"technology": 1},
			"country":     {"TR": 1},
			"status":      {"published": 1},
			"partnership": {"licence": 1},
		}},
		{"selected value without listings", NeedQuery{Countries: []string{"JP"}}, Facets{
			"hub": {}, "sector": {}, "kind": {}, "status": {}, "partnership": {},
			"country": {"JP": 0, "TR": 3, "CN": 1, "HK": 1},
		}},
		{"text applies to every facet", NeedQuery{Text: "inspection", Statuses: []string{"closed"}}, Facets{
			"hub":         {"TR": 1},
			"sector":      {"renewable-energy": 1},
			"kind":        {"investment": 1},
			"country":     {"TR": 1},
			"status":      {"published": 1, "closed": 1},
			"partnership": {},
		}},
		{"staff see draft counts", NeedQuery{Viewer: trEditor, Hubs: []string{"TR"}}, Facets{
			"hub":         {"TR": 5, "CN": 2},
			"sector":      {"ai": 2, "software": 2, "textiles": 1, "renewable-energy": 1},
			"kind":        {"technology": 2, "rnd": 1, "testing": 1, "investment": 1},
			"country":     {"TR": 5},
			"status":      {"published": 1, "expired": 1, "closed": 1, "draft": 1, "archived": 1},
			"partnership": {"licence": 1, "joint-venture": 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Needs(tt.q).Facets
			for name, want := range tt.want {
				if !maps.Equal(got[name], want) {
					t.Errorf("facet %s: got %v, want %v", name, got[name], want)
				}
			}
			if len(got) != 6 {
				t.Errorf("got %d facets, want 6", len(got))
			}
		})
	}
}

func TestNeedSortAndPaging(t *testing.T) {
	c := newCatalog(t, at(0))
	tests := []struct {
		name        string
		q           NeedQuery
		want        []string
		page, per   int
		total       int
		wantAnyPage bool
	}{
		// newest: by PublishedAt (day) desc
		{"newest", NeedQuery{}, []string{"TR-26-0004", "CN-26-0001", "CN-26-0004", "TR-26-0002", "TR-26-0001"}, 1, 20, 5, false},
		{"newest explicit", NeedQuery{Sort: "newest"}, []string{"TR-26-0004", "CN-26-0001", "CN-26-0004", "TR-26-0002", "TR-26-0001"}, 1, 20, 5, false},
		{"deadline: open soonest first, then most recent deadline", NeedQuery{Sort: "deadline"},
			[]string{"CN-26-0004", "CN-26-0001", "TR-26-0001", "TR-26-0004", "TR-26-0002"}, 1, 20, 5, false},
		{"deadline page 2", NeedQuery{Sort: "deadline", Page: 2, PerPage: 2}, []string{"TR-26-0001", "TR-26-0004"}, 2, 2, 5, false},
		{"deadline page 3", NeedQuery{Sort: "deadline", Page: 3, PerPage: 2}, []string{"TR-26-0002"}, 3, 2, 5, false},
		{"page 1 of 2", NeedQuery{PerPage: 2}, []string{"TR-26-0004", "CN-26-0001"}, 1, 2, 5, false},
		{"page 3 of 2", NeedQuery{Page: 3, PerPage: 2}, []string{"TR-26-0001"}, 3, 2, 5, false},
		{"past the end", NeedQuery{Page: 4, PerPage: 2}, []string{}, 4, 2, 5, false},
		{"far past the end", NeedQuery{Page: 1 << 40, PerPage: 100}, []string{}, 1 << 40, 100, 5, false},
		{"page 0 is 1", NeedQuery{Page: 0, PerPage: 1}, []string{"TR-26-0004"}, 1, 1, 5, false},
		{"per page capped", NeedQuery{PerPage: 1000}, []string{"TR-26-0004", "CN-26-0001", "CN-26-0004", "TR-26-0002", "TR-26-0001"}, 1, 100, 5, false},
		{"staff newest: drafts by creation", NeedQuery{Viewer: trEditor, Hubs: []string{"TR"}},
			[]string{"TR-26-0004", "TR-26-0005", "TR-26-0003", "TR-26-0002", "TR-26-0001"}, 1, 20, 5, false},
		{"relevance: title match before newer body match", NeedQuery{Text: "inspection"},
			[]string{"TR-26-0001", "TR-26-0004"}, 1, 20, 2, false},
		{"newest with text", NeedQuery{Text: "inspection", Sort: "newest"},
			[]string{"TR-26-0004", "TR-26-0001"}, 1, 20, 2, false},
		{"relevance page 2", NeedQuery{Text: "inspection", Page: 2, PerPage: 1},
			[]string{"TR-26-0004"}, 2, 1, 2, false},
		{"several terms with a reference", NeedQuery{Text: "TR-26-0004 need", PerPage: 1},
			[]string{"TR-26-0004"}, 1, 1, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Needs(tt.q)
			if got := refs(r.Items); !slices.Equal(got, tt.want) {
				t.Errorf("items: got %v, want %v", got, tt.want)
			}
			if r.Total != tt.total || r.Page != tt.page || r.PerPage != tt.per {
				t.Errorf("total/page/per: got %d/%d/%d, want %d/%d/%d", r.Total, r.Page, r.PerPage, tt.total, tt.page, tt.per)
			}
		})
	}
}

func TestExpiredByDate(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want string // status of CN-26-0004 (deadline 2026-04-01)
		open int
	}{
		{"day before", time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC), "published", 3},
		{"on the deadline", time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), "published", 3},
		{"late evening UTC is next day in Tehran", time.Date(2026, 4, 1, 21, 0, 0, 0, time.UTC), "expired", 2},
		{"day after", time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC), "expired", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCatalog(t, tt.now)
			r := c.Needs(NeedQuery{Statuses: []string{tt.want}})
			if !slices.Contains(refs(r.Items), "CN-26-0004") {
				t.Errorf("CN-26-0004 not %s: %v", tt.want, refs(r.Items))
			}
			if got := r.Facets["status"]["published"]; got != tt.open {
				t.Errorf("open needs: got %d, want %d", got, tt.open)
			}
			if got := c.Figures()["CN"].OpenNeeds + c.Figures()["TR"].OpenNeeds; got != tt.open {
				t.Errorf("figures open: got %d, want %d", got, tt.open)
			}
		})
	}
	// The same catalog reads differently as the day changes.
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	c := New(tehran, func() time.Time { return now })
	c.Load(fixture())
	before := c.Figures()["CN"].OpenNeeds
	now = now.AddDate(0, 0, 2)
	if after := c.Figures()["CN"].OpenNeeds; before != 2 || after != 1 {
		t.Errorf("CN open needs across days: %d then %d, want 2 then 1", before, after)
	}
}

func TestNeedText(t *testing.T) {
	c := newCatalog(t, at(0))
	// A newer need that names TR-26-0001 in its title: the need with that
	// reference still comes first.
	c.PutNeed(need("CN-26-0010", "CN", "rnd", "published", "2026-12-01", 50, rev(30),
		title(content.Text{"en": "Follow-up of TR-26-0001"})))
	tests := []struct {
		name  string
		text  string
		want  []string // in order
		first string   // when set, only the first item is checked
	}{
		{"english word", "vision", []string{"TR-26-0001"}, ""},
		{"case and several terms", "MACHINE Textile", []string{"TR-26-0001"}, ""},
		{"terms are AND-ed", "textile vision solar", []string{"TR-26-0001"}, ""}, // partial: 2 of 3
		{"persian", "بینایی", []string{"TR-26-0001"}, ""},
		{"persian, and its English glossary term", "بازرسی", []string{"TR-26-0001", "TR-26-0004"}, ""},
		{"persian typed with Arabic yeh and kaf", "كيفيت", []string{"CN-26-0004"}, ""},
		{"persian with Persian digits in ref", "CN-۲۶-۰۰۰۴", []string{"CN-26-0004"}, ""},
		{"chinese inside a word", "机器人", []string{"CN-26-0001"}, ""},
		{"traditional chinese", "機器人", []string{"CN-26-0001"}, ""},
		{"reference code", "tr-26-0002", nil, "TR-26-0002"},
		{"reference code before a newer title match", "TR-26-0001", nil, "TR-26-0001"},
		{"title match without the reference", "TR 0001 follow", nil, "CN-26-0010"},
		{"reference code upper case", "TR-26-0004", nil, "TR-26-0004"},
		{"summary", "quality", []string{"CN-26-0004"}, ""},
		{"drafts stay hidden", "TR-26-0003", []string{}, ""},
		{"punctuation only is no text", "  !! ", []string{"CN-26-0010", "TR-26-0004", "CN-26-0001", "CN-26-0004", "TR-26-0002", "TR-26-0001"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Needs(NeedQuery{Text: tt.text})
			got := refs(r.Items)
			if partial := strings.HasPrefix(tt.name, "terms are AND-ed"); r.Partial != partial {
				t.Errorf("partial %v, want %v", r.Partial, partial)
			}
			if tt.first != "" {
				if len(got) == 0 || got[0] != tt.first {
					t.Errorf("got %v, want %s first", got, tt.first)
				}
				return
			}
			if !slices.Equal(got, tt.want) || r.Total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, r.Total, tt.want)
			}
		})
	}
}

func TestApply(t *testing.T) {
	c := newCatalog(t, at(0))
	if got := c.Rev(); got != 20 {
		t.Fatalf("Rev after Load: %d, want 20", got)
	}
	titleOf := func(ref string) string {
		n, ok := c.Need(ref, admin)
		if !ok {
			return "<absent>"
		}
		return n.Title["en"]
	}
	steps := []struct {
		name  string
		put   *content.Need
		ref   string
		title string
		total int // public needs afterwards
	}{
		{"older revision ignored", need("TR-26-0001", "TR", "technology", "published", "2026-06-30", 1, rev(2), title(content.Text{"en": "Old"})),
			"TR-26-0001", "Machine vision for textile inspection", 5},
		{"same revision ignored", need("TR-26-0001", "TR", "technology", "published", "2026-06-30", 1, rev(3), title(content.Text{"en": "Same"})),
			"TR-26-0001", "Machine vision for textile inspection", 5},
		{"newer revision applied", need("TR-26-0001", "TR", "technology", "published", "2026-06-30", 1, rev(21), title(content.Text{"en": "New title"})),
			"TR-26-0001", "New title", 5},
		{"publish a draft", need("TR-26-0003", "TR", "testing", "published", "2026-08-01", 30, sectors("ai"), rev(22)),
			"TR-26-0003", "Need TR-26-0003", 6},
		{"delete", need("TR-26-0002", "TR", "rnd", "published", "2026-01-10", 2, rev(23), deleted()),
			"TR-26-0002", "<absent>", 5},
		{"older revision does not resurrect", need("TR-26-0002", "TR", "rnd", "published", "2026-01-10", 2, rev(22)),
			"TR-26-0002", "<absent>", 5},
		{"new need", need("CN-26-0005", "CN", "rnd", "published", "2026-09-01", 40, rev(24)),
			"CN-26-0005", "Need CN-26-0005", 6},
		{"archive", need("CN-26-0005", "CN", "rnd", "archived", "2026-09-01", 40, rev(25)),
			"CN-26-0005", "Need CN-26-0005", 5},
	}
	for _, s := range steps {
		c.PutNeed(s.put)
		if got := titleOf(s.ref); got != s.title {
			t.Errorf("%s: title %q, want %q", s.name, got, s.title)
		}
		if got := c.Needs(NeedQuery{}).Total; got != s.total {
			t.Errorf("%s: %d public needs, want %d", s.name, got, s.total)
		}
	}
	if got := refs(c.Needs(NeedQuery{Text: "cn-26-0005", Viewer: admin}).Items); !slices.Equal(got, []string{"CN-26-0005"}) {
		t.Errorf("text search of a need added after Load: %v", got)
	}
	if got := c.Rev(); got != 25 {
		t.Errorf("Rev: %d, want 25", got)
	}
	if got := refs(c.Needs(NeedQuery{}).Items)[0]; got != "TR-26-0003" {
		t.Errorf("newest after publishing: %s, want TR-26-0003", got)
	}
	c.PutCompany(&content.Company{Slug: "alpha-labs", Name: content.Text{"en": "Alpha"}, Hubs: []string{"TR"}, Rev: 26, DeletedAt: tp(at(0))})
	if _, ok := c.Company("alpha-labs", admin); ok {
		t.Error("deleted company still there")
	}
	c.PutAgreement(&content.Agreement{Slug: "tabriz-shenzhen-mou", Hub: "CN", Rev: 27, Status: "terminated", Published: true, SignedOn: "2025-09-01"})
	if a, _ := c.Agreement("tabriz-shenzhen-mou", Viewer{}); a.Status != "terminated" {
		t.Errorf("agreement not updated: %s", a.Status)
	}
	c.PutHub(&content.Hub{Code: "AE", Rev: 28})
	if got := len(c.Hubs()); got != 3 {
		t.Errorf("hubs: %d, want 3", got)
	}
	if c.Rev() != 28 {
		t.Errorf("Rev: %d, want 28", c.Rev())
	}
}

// TestApplyRandom checks the incremental orders against a full rebuild
// after random batches of upserts and deletes.
func TestApplyRandom(t *testing.T) {
	defer func(n int) { chunkSize = n }(chunkSize)
	chunkSize = 8 // many chunks, splits and emptied chunks
	rng := rand.New(rand.NewPCG(1, 2))
	c := New(tehran, func() time.Time { return at(0) })
	c.Load(&content.Snapshot{Needs: synthNeeds(300, 3)})
	r := int64(1000)
	live := map[string]*content.Need{}
	for _, n := range c.state.Load().needs.byID {
		live[n.id] = n.doc
	}
	for round := range 60 {
		size := 1 + rng.IntN(4)
		if round%10 == 9 {
			size = 200 // a big batch takes the rebuild path
		}
		var batch []*content.Need
		for range size {
			r++
			n := synthNeed(rng, rng.IntN(400))
			n.Rev = r
			if rng.IntN(4) == 0 {
				n.DeletedAt = tp(at(0))
				delete(live, n.Ref)
			} else {
				live[n.Ref] = n
			}
			batch = append(batch, n)
		}
		c.Apply(&content.Snapshot{Needs: batch})
		st := c.state.Load()
		want := build(needKind, slices.Collect(maps.Values(live)), map[string]int64{}, i18n.Analysis{})
		if len(st.needs.byID) != len(want.byID) {
			t.Fatalf("round %d: %d needs, want %d", round, len(st.needs.byID), len(want.byID))
		}
		for i := range want.orders {
			got, wantSlots := st.needs.orders[i].all(), want.orders[i].all()
			if len(got) != len(wantSlots) || st.needs.orders[i].len() != len(got) {
				t.Fatalf("round %d: order %d has %d slots, want %d", round, i, len(got), len(wantSlots))
			}
			for _, c := range st.needs.orders[i].chunks {
				if len(c) == 0 || len(c) > 2*chunkSize {
					t.Fatalf("round %d: order %d has a chunk of %d", round, i, len(c))
				}
			}
			for j := range wantSlots {
				if g, w := got[j].e.id, wantSlots[j].e.id; g != w {
					t.Fatalf("round %d: order %d differs at %d: %s, want %s", round, i, j, g, w)
				}
				if got[j].hot != got[j].e.hot || st.needs.orders[i].at(int32(j)).e != got[j].e {
					t.Fatalf("round %d: order %d: slot %d is not a copy of its entry", round, i, j)
				}
			}
		}
		for j := range want.byID {
			if st.needs.byID[j].doc != live[want.byID[j].id] {
				t.Fatalf("round %d: stale document %s", round, want.byID[j].id)
			}
		}
		// The text index with its delta (merged now and then) finds what
		// the index of a fresh catalog finds.
		fresh := New(tehran, func() time.Time { return at(0) })
		fresh.Load(&content.Snapshot{Needs: slices.Collect(maps.Values(live))})
		for _, text := range []string{"solar", "so", "کیفیت", "机器", "器", "26", "batery", "testi"} {
			wantN := fresh.Needs(NeedQuery{Text: text}).Total
			if wantN == 0 {
				t.Fatalf("round %d: %q finds nothing in a fresh catalog", round, text)
			}
			if got := c.Needs(NeedQuery{Text: text}).Total; got != wantN {
				t.Fatalf("round %d: %q finds %d needs, want %d", round, text, got, wantN)
			}
		}
	}
}

func TestCompanies(t *testing.T) {
	c := newCatalog(t, at(0))
	slugs := func(r CompanyResult) []string {
		out := []string{}
		for _, co := range r.Items {
			out = append(out, co.Slug)
		}
		return out
	}
	tests := []struct {
		name   string
		q      CompanyQuery
		want   []string
		facets Facets
	}{
		{"en collation ignores case", CompanyQuery{Locale: "en"}, []string{"alpha-labs", "beta-textile", "zeta-robotics"}, nil},
		{"default locale is en", CompanyQuery{}, []string{"alpha-labs", "beta-textile", "zeta-robotics"}, nil},
		{"persian collation", CompanyQuery{Locale: "fa"}, []string{"beta-textile", "alpha-labs", "zeta-robotics"}, nil},
		{"hub (companies in several hubs)", CompanyQuery{Hubs: []string{"TR"}}, []string{"alpha-labs", "beta-textile"},
			Facets{"hub": {"TR": 2, "CN": 2}, "kind": {"laboratory": 1, "foreign-company": 1}, "country": {"IR": 1, "TR": 1}, "sector": {"ai": 1, "electronics": 1, "textiles": 1}}},
		{"kind and sector", CompanyQuery{Kinds: []string{"foreign-company"}, Sectors: []string{"robotics", "textiles"}}, []string{"beta-textile", "zeta-robotics"},
			Facets{"kind": {"foreign-company": 2, "laboratory": 0}, "sector": {"robotics": 1, "textiles": 1}}},
		{"text in capabilities", CompanyQuery{Text: "vision"}, []string{"alpha-labs"}, nil},
		{"slug first", CompanyQuery{Text: "zeta-robotics"}, []string{"zeta-robotics"}, nil},
		{"staff see unpublished", CompanyQuery{Viewer: trEditor, Hubs: []string{"TR"}}, []string{"alpha-labs", "beta-textile", "gamma-draft"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Companies(tt.q)
			if got := slugs(r); !slices.Equal(got, tt.want) || r.Total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, r.Total, tt.want)
			}
			for name, want := range tt.facets {
				got := maps.Clone(r.Facets[name])
				maps.DeleteFunc(got, func(_ string, n int) bool { return n == 0 })
				maps.DeleteFunc(want, func(_ string, n int) bool { return n == 0 })
				if !maps.Equal(got, want) {
					t.Errorf("facet %s: got %v, want %v", name, r.Facets[name], want)
				}
			}
		})
	}
	if _, ok := c.Company("gamma-draft", Viewer{}); ok {
		t.Error("public sees an unpublished company")
	}
	if _, ok := c.Company("gamma-draft", trEditor); !ok {
		t.Error("TR editor does not see a TR company")
	}
	cn := Viewer{Staff: &content.Staff{Role: content.RoleEditor, Hubs: []string{"CN"}}}
	if _, ok := c.Company("gamma-draft", cn); ok {
		t.Error("CN editor sees an unpublished TR company")
	}
}

func TestAgreements(t *testing.T) {
	c := newCatalog(t, at(0))
	slugs := func(as []*content.Agreement) []string {
		out := []string{}
		for _, a := range as {
			out = append(out, a.Slug)
		}
		return out
	}
	tests := []struct {
		name string
		q    AgreementQuery
		want []string
	}{
		{"newest signed first", AgreementQuery{}, []string{"tabriz-izmir-contract", "tabriz-shenzhen-mou", "tabriz-ankara-mou"}},
		{"expired by date", AgreementQuery{Statuses: []string{"expired"}}, []string{"tabriz-ankara-mou"}},
		{"active", AgreementQuery{Statuses: []string{"active"}}, []string{"tabriz-izmir-contract"}},
		{"hub", AgreementQuery{Hubs: []string{"CN"}}, []string{"tabriz-shenzhen-mou"}},
		{"admin sees unpublished", AgreementQuery{Viewer: admin, Hubs: []string{"CN"}}, []string{"cn-draft", "tabriz-shenzhen-mou"}},
		{"text", AgreementQuery{Text: "robotics"}, []string{"tabriz-shenzhen-mou"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Agreements(tt.q)
			if got := slugs(r.Items); !slices.Equal(got, tt.want) || r.Total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, r.Total, tt.want)
			}
		})
	}
	f := c.Agreements(AgreementQuery{Statuses: []string{"expired"}}).Facets
	if want := map[string]int{"expired": 1, "active": 1, "signed": 1}; !maps.Equal(f["status"], want) {
		t.Errorf("status facet: %v, want %v", f["status"], want)
	}
	if got := slugs(c.AgreementsOfNeed("TR-26-0001", Viewer{})); !slices.Equal(got, []string{"tabriz-izmir-contract", "tabriz-ankara-mou"}) {
		t.Errorf("AgreementsOfNeed: %v", got)
	}
	if got := slugs(c.AgreementsOfNeed("TR-26-0001", admin)); len(got) != 3 || got[0] != "cn-draft" {
		t.Errorf("AgreementsOfNeed for admin: %v", got)
	}
	if got := refs(c.NeedsOfAgreement("tabriz-ankara-mou", Viewer{})); !slices.Equal(got, []string{"TR-26-0001"}) {
		t.Errorf("NeedsOfAgreement public: %v", got)
	}
	if got := refs(c.NeedsOfAgreement("tabriz-ankara-mou", trEditor)); !slices.Equal(got, []string{"TR-26-0001", "TR-26-0003"}) {
		t.Errorf("NeedsOfAgreement staff: %v", got)
	}
	if got := c.NeedsOfAgreement("cn-draft", Viewer{}); got != nil {
		t.Errorf("NeedsOfAgreement of an unpublished agreement: %v", got)
	}
}

func TestHubsAndFigures(t *testing.T) {
	c := newCatalog(t, at(0))
	hubs := c.Hubs()
	if len(hubs) != 2 || hubs[0].Code != "CN" || hubs[1].Code != "TR" {
		t.Errorf("Hubs: %v", hubs)
	}
	if h, ok := c.Hub("TR"); !ok || h.Code != "TR" {
		t.Errorf("Hub(TR): %v %v", h, ok)
	}
	if _, ok := c.Hub("XX"); ok {
		t.Error("Hub(XX) found")
	}
	want := map[string]HubFigures{
		"TR": {OpenNeeds: 1, Needs: 3, Companies: 2, Agreements: 2},
		"CN": {OpenNeeds: 2, Needs: 2, Companies: 2, Agreements: 1},
	}
	if got := c.Figures(); !maps.Equal(got, want) {
		t.Errorf("Figures: %v, want %v", got, want)
	}
	if !c.Loaded() || New(nil, nil).Loaded() {
		t.Error("Loaded")
	}
}

// TestConcurrentReadsAndWrites is for the race detector.
func TestConcurrentReadsAndWrites(t *testing.T) {
	c := New(tehran, nil)
	c.Load(&content.Snapshot{Needs: synthNeeds(2000, 1)})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for ctx.Err() == nil {
				r := c.Needs(NeedQuery{Text: "sensor", Hubs: []string{"TR"}, Sort: []string{"", "deadline", "relevance"}[i%3]})
				if r.Total < len(r.Items) {
					t.Error("total below items")
				}
				c.Figures()
			}
		})
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 300 {
		n := synthNeed(rng, rng.IntN(2500))
		n.Rev = int64(10000 + i)
		c.PutNeed(n)
	}
	cancel()
	wg.Wait()
}

// all returns the slots of o in order.
func (o *order[T]) all() []slot[T] {
	var out []slot[T]
	for _, c := range o.chunks {
		out = append(out, c...)
	}
	return out
}

// fakeStore serves Revision and Changes from a list of written needs; the
// rest of content.Store is left nil.
type fakeStore struct {
	content.Store
	mu       sync.Mutex
	rev      int64 // allocated
	docs     map[string]*content.Need
	revCalls int
	chCalls  int
}

func (f *fakeStore) allocate() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rev++
	return f.rev
}

func (f *fakeStore) write(n *content.Need) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs[n.Ref] = n
}

func (f *fakeStore) calls() (int, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.revCalls, f.chCalls
}

func (f *fakeStore) Revision(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.revCalls++
	return f.rev, nil
}

func (f *fakeStore) Changes(_ context.Context, rev int64) (*content.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.chCalls++
	s := &content.Snapshot{Rev: f.rev}
	for _, n := range f.docs {
		if n.Rev > rev {
			s.Needs = append(s.Needs, n)
		}
	}
	return s, nil
}

func syncFixture() (*Catalog, *fakeStore) {
	c := New(tehran, func() time.Time { return at(0) })
	f := &fakeStore{docs: map[string]*content.Need{}}
	for i := range 4 {
		r := f.allocate()
		f.write(need(fmt.Sprintf("TR-26-%04d", i+1), "TR", "rnd", "published", "2026-12-01", i, rev(r)))
	}
	snap, _ := f.Changes(context.Background(), 0)
	c.Load(snap)
	f.chCalls = 0
	return c, f
}

func TestSyncOutOfOrder(t *testing.T) {
	c, f := syncFixture()
	clock := time.Now()
	s := &syncer{c: c, st: f, log: nil, now: func() time.Time { return clock }}
	s.log = discard()
	ctx := context.Background()
	type want struct{ rev, ch int }
	check := func(step string, w want, refs ...string) {
		t.Helper()
		r, ch := f.calls()
		if r != w.rev || ch != w.ch {
			t.Errorf("%s: %d Revision and %d Changes calls, want %d and %d", step, r, ch, w.rev, w.ch)
		}
		for _, ref := range refs {
			if _, ok := c.Need(ref, Viewer{}); !ok {
				t.Errorf("%s: %s missing", step, ref)
			}
		}
	}
	s.tick(ctx)
	check("idle after load", want{1, 0}, "TR-26-0004")

	r5, r6 := f.allocate(), f.allocate() // two writers allocate 5 and 6 ...
	f.write(need("CN-26-0006", "CN", "rnd", "published", "2026-12-01", 6, rev(r6)))
	s.tick(ctx) // ... and only 6 is written yet
	check("rev 6 before 5", want{2, 1}, "CN-26-0006")
	if s.water != 4 {
		t.Errorf("watermark %d, want 4", s.water)
	}
	s.tick(ctx)
	check("gap open: asks again", want{3, 2})

	f.write(need("CN-26-0005", "CN", "rnd", "published", "2026-12-01", 5, rev(r5)))
	s.tick(ctx)
	check("rev 5 arrives", want{4, 3}, "CN-26-0005", "CN-26-0006")
	if s.water != 6 {
		t.Errorf("watermark %d, want 6", s.water)
	}
	for range 3 {
		s.tick(ctx)
	}
	check("idle", want{7, 3})

	// A revision whose write failed is given up after the timeout.
	f.allocate() // 7: never written
	r8 := f.allocate()
	f.write(need("CN-26-0008", "CN", "rnd", "published", "2026-12-01", 8, rev(r8)))
	s.tick(ctx)
	s.tick(ctx)
	check("gap of a failed write", want{9, 5}, "CN-26-0008")
	clock = clock.Add(31 * time.Second)
	s.tick(ctx)
	if s.water != 8 {
		t.Errorf("watermark %d, want 8", s.water)
	}
	s.tick(ctx)
	check("given up, idle", want{11, 6})

	// A local write through PutNeed is also seen by the sync.
	r9 := f.allocate()
	n9 := need("CN-26-0009", "CN", "rnd", "published", "2026-12-01", 9, rev(r9))
	f.write(n9)
	c.PutNeed(n9)
	s.tick(ctx)
	s.tick(ctx)
	check("local write", want{13, 7}, "CN-26-0009")
	if c.Rev() != 9 {
		t.Errorf("Rev %d, want 9", c.Rev())
	}
}

// TestSyncLoop runs the real loop: rev 6 is visible before rev 5, and the
// catalog ends up with both; when idle, only Revision is called.
func TestSyncLoop(t *testing.T) {
	c, f := syncFixture()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		c.Sync(ctx, f, time.Millisecond, discard())
		close(done)
	}()
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	r5, r6 := f.allocate(), f.allocate()
	f.write(need("CN-26-0006", "CN", "rnd", "published", "2026-12-01", 6, rev(r6)))
	waitFor("rev 6", func() bool { _, ok := c.Need("CN-26-0006", Viewer{}); return ok })
	f.write(need("CN-26-0005", "CN", "rnd", "published", "2026-12-01", 5, rev(r5)))
	waitFor("rev 5", func() bool { _, ok := c.Need("CN-26-0005", Viewer{}); return ok })
	_, ch := f.calls()
	waitFor("idle ticks", func() bool { r, _ := f.calls(); return r > 20 })
	if _, ch2 := f.calls(); ch2 != ch {
		t.Errorf("Changes called %d times while idle", ch2-ch)
	}
	cancel()
	<-done
}
