package web

import (
	"context"
	"encoding/xml"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/page"
	"hubdir/i18n"
)

// Atom feed of the newest needs (GET /{lang}/feed.atom).
//
// Entry ids are tag URIs that name the need and the feed's locale, such as
// "tag:hubdir,2026:needs/TR-26-0042/fa": they do not depend on the host
// name the site is reached under, so a reader that follows the feed
// through two addresses, or across a change of domain, sees one entry per
// need. Links are absolute, built from HUBDIR_PUBLIC_URL, else the
// request (see page.Site.PublicBase).

const (
	// feedMaxEntries bounds the entries of one feed.
	feedMaxEntries = 50
	// tagAuthority is the tagging entity of Hubdir's tag: URIs (RFC 4151).
	tagAuthority = "tag:hubdir,2026:"
)

// atomFeed is an Atom 1.0 feed document (RFC 4287).
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Subtitle atomText    `xml:"subtitle"`
	Updated  string      `xml:"updated"`
	Author   atomPerson  `xml:"author"`
	Links    []atomLink  `xml:"link"`
	Entries  []atomEntry `xml:"entry"`
}

// atomEntry is one need in the feed. Lang is set when the entry's text
// fell back to another locale than the feed's.
type atomEntry struct {
	Lang       string         `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
}

// atomText is a plain-text construct (title, subtitle, summary).
type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

// atomPerson is an author.
type atomPerson struct {
	Name string `xml:"name"`
}

// atomLink is a link to a page or to the feed itself.
type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

// atomCategory is a sector or the hub of a need.
type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// feedFilter is the validated query of a feed request.
type feedFilter struct {
	hubs    []string
	sectors []string
}

// parseFeedFilter reads ?hub= and ?sector= (each may repeat). Any other
// parameter, a hub the catalog does not know, or a code outside the sector
// taxonomy is an invalid-input error (400).
func (h *Handler) parseFeedFilter(c *fiber.Ctx) (feedFilter, error) {
	var f feedFilter
	fe := content.FieldErrors{}
	var bad error
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		key, val := string(k), string(v)
		switch key {
		case "hub":
			if _, ok := h.cfg.Catalog.Hub(val); !ok || !content.ValidHubCode(val) {
				fe["hub"] = content.FieldError{Rule: content.RuleUnknownValue}
				return
			}
			if !slices.Contains(f.hubs, val) {
				f.hubs = append(f.hubs, val)
			}
		case "sector":
			if !content.IsSector(val) {
				fe["sector"] = content.FieldError{Rule: content.RuleUnknownValue}
				return
			}
			if !slices.Contains(f.sectors, val) {
				f.sectors = append(f.sectors, val)
			}
		default:
			if bad == nil {
				bad = content.InvalidField(safeParamName(key), content.RuleUnknownField)
			}
		}
	})
	if bad != nil {
		return f, bad
	}
	return f, fe.Err()
}

// safeParamName returns a query parameter's name for an error message:
// short and printable, or "query".
func safeParamName(k string) string {
	if len(k) == 0 || len(k) > 40 {
		return "query"
	}
	for _, r := range k {
		if r < 0x21 || r > 0x7e {
			return "query"
		}
	}
	return k
}

// query returns the filter as a canonical query string ("" or "?hub=TR&sector=ai").
func (f feedFilter) query() string {
	v := url.Values{}
	for _, x := range f.hubs {
		v.Add("hub", x)
	}
	for _, x := range f.sectors {
		v.Add("sector", x)
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// FeedAtom answers GET /{lang}/feed.atom: an Atom 1.0 feed of the newest
// open needs (published and not past their deadline; at most 50, newest
// publication first), in the path's locale, optionally limited
// to hubs (?hub=TR) and sectors (?sector=ai). An unsupported locale is
// not found (404); an unknown parameter or value is invalid input (400).
func (h *Handler) FeedAtom(c *fiber.Ctx) error {
	lang := c.Params("lang")
	if !i18n.IsSupported(lang) {
		return fiber.ErrNotFound
	}
	lang = strings.Clone(lang)
	page.SetLocale(c, lang) // the error page speaks the feed's language
	f, err := h.parseFeedFilter(c)
	if err != nil {
		return err
	}
	feed := h.buildFeed(h.PublicBase(c), lang, f)
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/atom+xml; charset=utf-8")
	c.Set(fiber.HeaderContentLanguage, lang)
	h.SetPublicCache(c, "public, max-age=300")
	return c.Send(append([]byte(xml.Header), out...))
}

// buildFeed assembles the feed for locale lang from the catalog.
func (h *Handler) buildFeed(base, lang string, f feedFilter) *atomFeed {
	loc := h.cfg.Bundle.Localizer(lang)
	hubs := map[string]*content.Hub{}
	for _, hub := range h.cfg.Catalog.Hubs() {
		hubs[hub.Code] = hub
	}

	title := loc.T("feed.title")
	if len(f.hubs)+len(f.sectors) > 0 {
		var parts []string
		for _, code := range f.hubs {
			name := code
			if hub := hubs[code]; hub != nil {
				if s, _ := hub.Name.Pick(lang, hub.Fallbacks()...); s != "" {
					name = s
				}
			}
			parts = append(parts, name)
		}
		for _, s := range f.sectors {
			parts = append(parts, loc.T("sector."+s))
		}
		title = loc.T("feed.title_filtered", map[string]any{"Filter": strings.Join(parts, loc.T("feed.separator"))})
	}

	self := base + "/" + lang + "/feed.atom" + f.query()
	feed := &atomFeed{
		Lang:     lang,
		ID:       tagAuthority + "feeds/" + lang + f.query(),
		Title:    atomText{Text: title},
		Subtitle: atomText{Text: loc.T("feed.subtitle")},
		Author:   atomPerson{Name: h.parkName(lang, loc.T("feed.author"))},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", HrefLang: lang, Href: base + "/" + lang + "/needs" + f.query()},
		},
	}

	var newest time.Time
	for _, n := range h.feedNeeds(f) {
		hub := hubs[n.Hub]
		var fallbacks []string
		if hub != nil {
			fallbacks = hub.Fallbacks()
		} else {
			fallbacks = []string{"en"}
		}
		// One locale per need: title and summary never mix languages.
		tl := content.ChooseLocale(content.FallbackOrder(lang, fallbacks), n.Title, n.Summary)
		text, _ := n.Title.In(tl)
		e := atomEntry{
			ID:      tagAuthority + "needs/" + n.Ref + "/" + lang,
			Title:   atomText{Text: n.Ref + " · " + text},
			Updated: atomTime(n.UpdatedAt),
			Links: []atomLink{{
				Rel: "alternate", Type: "text/html", HrefLang: lang,
				Href: base + "/" + lang + "/needs/" + url.PathEscape(n.Ref),
			}},
		}
		if text == "" {
			e.Title.Text = n.Ref
		}
		if tl != "" && tl != lang {
			e.Lang = tl
		}
		if s, _ := n.Summary.In(tl); s != "" {
			e.Summary = &atomText{Text: s}
		}
		if n.PublishedAt != nil {
			e.Published = atomTime(*n.PublishedAt)
		}
		if hub != nil {
			if park, _ := hub.HostPark.Pick(lang, fallbacks...); park != "" {
				e.Author = &atomPerson{Name: park}
			}
			name, _ := hub.Name.Pick(lang, fallbacks...)
			e.Categories = append(e.Categories, atomCategory{
				Term: hub.Code, Scheme: tagAuthority + "hubs", Label: name,
			})
		}
		for _, s := range n.Sectors {
			e.Categories = append(e.Categories, atomCategory{
				Term: s, Scheme: tagAuthority + "sectors", Label: loc.T("sector." + s),
			})
		}
		if n.UpdatedAt.After(newest) {
			newest = n.UpdatedAt
		}
		feed.Entries = append(feed.Entries, e)
	}
	if newest.IsZero() {
		newest = h.feedNow()
	}
	feed.Updated = atomTime(newest)
	return feed
}

// feedNeeds returns the newest open needs matching f, newest publication
// first, at most feedMaxEntries.
func (h *Handler) feedNeeds(f feedFilter) []*content.Need {
	res := h.cfg.Catalog.Needs(catalog.NeedQuery{
		Hubs:     f.hubs,
		Sectors:  f.sectors,
		Statuses: []string{content.NeedPublished},
		Sort:     catalog.SortNewest,
		Page:     1,
		PerPage:  feedMaxEntries,
	})
	items := res.Items
	if len(items) > feedMaxEntries {
		items = items[:feedMaxEntries]
	}
	return items
}

// atomTime formats t as an RFC 3339 date-time in UTC.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feedNow returns the handler's clock reading.
func (h *Handler) feedNow() time.Time {
	if h.cfg.Now != nil {
		return h.cfg.Now()
	}
	return time.Now()
}

// parkName returns the park's name from the site settings in locale lang
// (falling back like every name), or def when it has none.
func (h *Handler) parkName(lang, def string) string {
	name, _ := h.SiteContent(context.Background()).Settings.ParkName.Pick(lang, content.FallbackOrder(lang, nil)...)
	if name == "" {
		return def
	}
	return name
}
