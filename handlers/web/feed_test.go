package web_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/handlers"
	"hubdir/handlers/servicetest"
)

// fixtureNow is the clock of the discovery tests.
var fixtureNow = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// Reference codes of the discovery fixture's needs.
const (
	refFaEn   = "TR-26-0001" // TR, ai, open; title and summary in fa and en only
	refZhEn   = "CN-26-0002" // CN, robotics, open; title in zh and en only
	refDraft  = "TR-26-0003" // TR, ai, draft
	refClosed = "TR-26-0004" // TR, ai, closed: public, but not open
)

// discoveryFixture returns a snapshot with two hubs and needs, companies
// and agreements in every state the feed and sitemap must tell apart,
// plus extra open TR needs when extra > 0.
func discoveryFixture(extra int) *content.Snapshot {
	at := func(day int) time.Time { return fixtureNow.AddDate(0, 0, -day) }
	ptr := func(t time.Time) *time.Time { return &t }
	all := func(s string) content.Text {
		return content.Text{"fa": s + " (fa)", "zh": s + " (zh)", "en": s, "tr": s + " (tr)"}
	}
	s := &content.Snapshot{
		Rev: 100,
		Hubs: []*content.Hub{
			{Code: "CN", PartnerCountry: "CN", Name: all("Iran–China"), HostPark: all("Park"),
				WorkingLanguages: []string{"zh", "fa"}, UpdatedAt: at(30), Version: 1},
			{Code: "TR", PartnerCountry: "TR", Name: all("Iran–Turkey"), HostPark: all("Park"),
				WorkingLanguages: []string{"tr", "fa"}, UpdatedAt: at(30), Version: 1},
		},
	}
	need := func(ref, hub, status, sector string, title, summary content.Text, day int) *content.Need {
		n := &content.Need{
			Ref: ref, Hub: hub, Kind: "technology", Sectors: []string{sector}, Country: hub,
			Title: title, Summary: summary, Body: summary, Deadline: "2026-12-31",
			Status: status, Version: 1, CreatedAt: at(day + 1), UpdatedAt: at(day),
		}
		if status != content.NeedDraft {
			n.PublishedAt = ptr(at(day))
		}
		return n
	}
	s.Needs = []*content.Need{
		need(refFaEn, "TR", content.NeedPublished, "ai",
			content.Text{"fa": "حسگر هوشمند", "en": "Smart sensor"},
			content.Text{"fa": "خلاصهٔ فارسی", "en": "English summary"}, 2),
		need(refZhEn, "CN", content.NeedPublished, "robotics",
			content.Text{"zh": "工业机器人", "en": "Industrial robot"},
			content.Text{"en": "English summary only"}, 1),
		need(refDraft, "TR", content.NeedDraft, "ai", all("Draft need"), all("Draft"), 0),
		need(refClosed, "TR", content.NeedClosed, "ai", all("Closed need"), all("Closed"), 5),
	}
	for i := range extra {
		s.Needs = append(s.Needs, need(fmt.Sprintf("TR-26-%04d", 100+i), "TR", content.NeedPublished, "water",
			all(fmt.Sprintf("Extra need %d", i)), all("Extra"), 10+i))
	}
	s.Companies = []*content.Company{
		{Slug: "latin-only", Name: content.Text{"en": "Latin Only Ltd"}, Kind: "foreign-company",
			Country: "TR", Hubs: []string{"TR"}, Sectors: []string{"ai"}, Published: true,
			Version: 1, UpdatedAt: at(3)},
		{Slug: "hidden-co", Name: all("Hidden"), Kind: "foreign-company", Country: "TR",
			Hubs: []string{"TR"}, Sectors: []string{"ai"}, Version: 1, UpdatedAt: at(3)},
	}
	s.Agreements = []*content.Agreement{
		{Slug: "mou-tabriz-istanbul", Hub: "TR", Title: content.Text{"fa": "تفاهم‌نامه", "tr": "Mutabakat", "en": "MoU"},
			Parties: []content.Party{{Name: all("A")}, {Name: all("B")}}, SignedOn: "2026-01-10",
			Status: content.AgreementSigned, Published: true, Version: 1, UpdatedAt: at(4)},
		{Slug: "secret-mou", Hub: "TR", Title: all("Secret"), Parties: []content.Party{{Name: all("A")}},
			SignedOn: "2026-01-10", Status: content.AgreementSigned, Version: 1, UpdatedAt: at(4)},
	}
	return s
}

// discoveryServer returns the service over a catalog loaded from the
// fixture; it needs no database.
func discoveryServer(t *testing.T, extra int) *handlers.Server {
	t.Helper()
	return servicetest.FromSnapshot(t, discoveryFixture(extra), fixtureNow)
}

// get sends a GET for target to the service with Host hub.example.org and
// returns the response and its body.
func get(t *testing.T, srv *handlers.Server, target string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = "hub.example.org"
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := srv.App().Test(req, -1)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// Atom documents as the tests read them back.
type (
	testFeed struct {
		XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID       string      `xml:"id"`
		Title    string      `xml:"title"`
		Subtitle string      `xml:"subtitle"`
		Updated  string      `xml:"updated"`
		Author   string      `xml:"author>name"`
		Links    []testLink  `xml:"link"`
		Entries  []testEntry `xml:"entry"`
	}
	testEntry struct {
		Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Summary struct {
			Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
		Updated    string     `xml:"updated"`
		Links      []testLink `xml:"link"`
		Categories []struct {
			Term  string `xml:"term,attr"`
			Label string `xml:"label,attr"`
		} `xml:"category"`
	}
	testLink struct {
		Rel      string `xml:"rel,attr"`
		HrefLang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
)

// fetchFeed gets and parses a feed, checking status and content type.
func fetchFeed(t *testing.T, srv *handlers.Server, target string) testFeed {
	t.Helper()
	res, body := get(t, srv, target)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%s", target, res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", target, ct)
	}
	var f testFeed
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("GET %s: not valid Atom XML: %v\n%s", target, err, body)
	}
	return f
}

// refs returns the reference codes of a feed's entries, from their links.
func refs(f testFeed) []string {
	var out []string
	for _, e := range f.Entries {
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				out = append(out, l.Href[strings.LastIndexByte(l.Href, '/')+1:])
			}
		}
	}
	return out
}

func TestFeedAtom(t *testing.T) {
	srv := discoveryServer(t, 0)

	f := fetchFeed(t, srv, "/en/feed.atom")
	if got, want := refs(f), []string{refZhEn, refFaEn}; !slices.Equal(got, want) {
		t.Fatalf("entries %v, want the open needs newest first %v", got, want)
	}
	if f.Lang != "en" || f.ID == "" || f.Author == "" || f.Title == "" || f.Title == "feed.title" {
		t.Errorf("feed head: lang %q id %q author %q title %q", f.Lang, f.ID, f.Author, f.Title)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	var self string
	for _, l := range f.Links {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	if self != "http://hub.example.org/en/feed.atom" {
		t.Errorf("self link %q", self)
	}
	e := f.Entries[1]
	if e.ID != "tag:hubdir,2026:needs/"+refFaEn+"/en" {
		t.Errorf("entry id %q", e.ID)
	}
	if e.Links[0].Href != "http://hub.example.org/en/needs/"+refFaEn {
		t.Errorf("entry link %q", e.Links[0].Href)
	}
	if want := fixtureNow.AddDate(0, 0, -2).Format(time.RFC3339); e.Updated != want {
		t.Errorf("entry updated %q, want %q", e.Updated, want)
	}
	if !strings.Contains(e.Title, "Smart sensor") || e.Lang != "" || e.Summary.Text != "English summary" {
		t.Errorf("entry %+v", e)
	}
	if !slices.ContainsFunc(e.Categories, func(c struct {
		Term  string `xml:"term,attr"`
		Label string `xml:"label,attr"`
	}) bool {
		return c.Term == "ai" && c.Label != "" && c.Label != "sector.ai"
	}) {
		t.Errorf("entry categories %+v: no labelled ai sector", e.Categories)
	}

	// Persian: the CN need has no Persian text; it falls back, title and
	// summary together, to English (which has both), marked with xml:lang.
	f = fetchFeed(t, srv, "/fa/feed.atom")
	if f.Lang != "fa" {
		t.Errorf("fa feed xml:lang %q", f.Lang)
	}
	for _, e := range f.Entries {
		switch {
		case strings.HasSuffix(e.ID, refFaEn+"/fa"):
			if e.Lang != "" || !strings.Contains(e.Title, "حسگر هوشمند") || e.Summary.Lang != "" {
				t.Errorf("fa entry with Persian text: %+v", e)
			}
		case strings.HasSuffix(e.ID, refZhEn+"/fa"):
			if e.Lang != "en" || !strings.Contains(e.Title, "Industrial robot") || e.Summary.Lang != "" || e.Summary.Text == "" {
				t.Errorf("fa entry falling back: lang %q title %q summary lang %q", e.Lang, e.Title, e.Summary.Lang)
			}
		default:
			t.Errorf("unexpected entry %q", e.ID)
		}
	}

	// Filters, alone and combined.
	for target, want := range map[string][]string{
		"/en/feed.atom?hub=TR":                    {refFaEn},
		"/zh/feed.atom?sector=robotics":           {refZhEn},
		"/tr/feed.atom?hub=TR&sector=robotics":    nil,
		"/en/feed.atom?hub=TR&hub=CN":             {refZhEn, refFaEn},
		"/en/feed.atom?sector=ai&sector=robotics": {refZhEn, refFaEn},
	} {
		f := fetchFeed(t, srv, target)
		if got := refs(f); !slices.Equal(got, want) {
			t.Errorf("GET %s: entries %v, want %v", target, got, want)
		}
		if !strings.Contains(f.Links[0].Href, "?") {
			t.Errorf("GET %s: self link %q lost the filter", target, f.Links[0].Href)
		}
	}

	// Bad requests.
	for target, want := range map[string]int{
		"/en/feed.atom?hub=XX":        http.StatusBadRequest,
		"/en/feed.atom?hub=tr":        http.StatusBadRequest,
		"/en/feed.atom?sector=nope":   http.StatusBadRequest,
		"/en/feed.atom?sector=":       http.StatusBadRequest,
		"/en/feed.atom?page=2":        http.StatusBadRequest,
		"/en/feed.atom?hub=TR&x=%ff":  http.StatusBadRequest,
		"/xx/feed.atom":               http.StatusNotFound,
		"/EN/feed.atom":               http.StatusNotFound,
		"/en/feed.atom?hub=TR%0d%0aX": http.StatusBadRequest,
	} {
		if res, body := get(t, srv, target); res.StatusCode != want {
			t.Errorf("GET %s: status %d, want %d\n%s", target, res.StatusCode, want, body)
		}
	}
}

func TestFeedAtomLimit(t *testing.T) {
	srv := discoveryServer(t, 60)
	f := fetchFeed(t, srv, "/tr/feed.atom")
	if len(f.Entries) != 50 {
		t.Errorf("%d entries, want at most 50", len(f.Entries))
	}
}
