package web

import (
	"encoding/xml"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/page"
	"hubdir/i18n"
)

// FeedOffersAtom answers GET /{lang}/offers/feed.atom: the newest open
// offers as an Atom feed, each entry in one language (the page's, else
// its fallback, marked with xml:lang).
func (h *Handler) FeedOffersAtom(c *fiber.Ctx) error {
	lang := c.Params("lang")
	if !i18n.IsSupported(lang) {
		return fiber.ErrNotFound
	}
	lang = strings.Clone(lang)
	page.SetLocale(c, lang)
	base := h.PublicBase(c)
	loc := h.cfg.Bundle.Localizer(lang)
	feed := &atomFeed{
		Lang: lang, ID: tagAuthority + "feeds/offers/" + lang,
		Title: atomText{Text: loc.T("offers.feed.title")}, Subtitle: atomText{Text: loc.T("offers.list.intro")},
		Author: atomPerson{Name: loc.T("feed.author")},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + "/" + lang + "/offers/feed.atom"},
			{Rel: "alternate", Type: "text/html", HrefLang: lang, Href: base + "/" + lang + "/offers"},
		},
	}
	var newest time.Time
	res := h.cfg.Catalog.Offers(catalog.OfferQuery{Statuses: []string{content.NeedPublished}, PerPage: feedMaxEntries})
	for _, o := range res.Items {
		var fallbacks []string
		if hub, ok := h.cfg.Catalog.Hub(o.Hubs[0]); ok {
			fallbacks = hub.Fallbacks()
		}
		tl := content.ChooseLocale(content.FallbackOrder(lang, fallbacks), o.Title, o.Summary)
		text, _ := o.Title.In(tl)
		e := atomEntry{
			ID: tagAuthority + "offers/" + o.Ref + "/" + lang, Title: atomText{Text: o.Ref + " · " + text},
			Updated:    atomTime(o.UpdatedAt),
			Links:      []atomLink{{Rel: "alternate", Type: "text/html", HrefLang: lang, Href: base + "/" + lang + "/offers/" + url.PathEscape(o.Ref)}},
			Categories: []atomCategory{{Term: o.Kind, Scheme: tagAuthority + "offer-kinds", Label: loc.T("kind.offer." + o.Kind)}},
		}
		if tl != "" && tl != lang {
			e.Lang = tl
		}
		if s, _ := o.Summary.In(tl); s != "" {
			e.Summary = &atomText{Text: s}
		}
		if o.PublishedAt != nil {
			e.Published = atomTime(*o.PublishedAt)
		}
		for _, s := range o.Sectors {
			e.Categories = append(e.Categories, atomCategory{Term: s, Scheme: tagAuthority + "sectors", Label: loc.T("sector." + s)})
		}
		if o.UpdatedAt.After(newest) {
			newest = o.UpdatedAt
		}
		feed.Entries = append(feed.Entries, e)
	}
	if newest.IsZero() {
		newest = h.feedNow()
	}
	feed.Updated = atomTime(newest)
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/atom+xml; charset=utf-8")
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.Send(append([]byte(xml.Header), out...))
}
