package page

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"hubdir/content"
	"hubdir/i18n"
)

// View is everything a template knows about the request: its locale and
// the page's head. Its methods are the templates' localized helpers; a view
// belongs to one request, so they never race.
type View struct {
	s   *Site
	L   *i18n.Localizer
	Loc i18n.Locale
	// Lang and Dir go into <html lang dir>.
	Lang, Dir string
	// Path is the page's path after /{lang}, starting with "/"; Query is
	// the query string that identifies the page (for the language
	// switcher and the canonical link), without "?".
	Path, Query string
	// Base is the site's public base URL, for absolute URLs (Site.PublicBase).
	Base string
	// Title and Description fill <title>, the description and Open Graph.
	Title, Description string
	// OGType is the Open Graph type ("website" or "article").
	OGType string
	// TextLocales lists the locales the page's content exists in, for
	// hreflang alternates; nil means every locale.
	TextLocales []string
	// JSONLD is the page's schema.org description, marshalled by
	// html/template's JavaScript escaper (encoding/json) into the
	// application/ld+json script; nil for none.
	JSONLD any
	// Section names the navigation entry of the page, for aria-current.
	Section string
	// NoIndex asks robots not to index the page (errors, confirmations).
	NoIndex bool
	// Today is the park's current date.
	Today content.Date
	// Staff is the signed-in staff member on staff pages (staffView), nil
	// elsewhere; CSRF is the form token every staff form repeats in _csrf.
	Staff *content.Staff
	CSRF  string
	// Preview marks a staff preview of a public page with unsaved values
	// (staff B): the layout shows a banner; NoIndex is set too.
	Preview bool
}

// NewView returns the view of a request in locale code for the page at
// path (after /{lang}) with the query q.
func (s *Site) NewView(code, path string, q url.Values) *View {
	loc, ok := i18n.Lookup(code)
	if !ok {
		loc, _ = i18n.Lookup(s.cfg.DefaultLang)
	}
	return &View{
		s: s, L: s.cfg.Bundle.Localizer(loc.Code), Loc: loc, Lang: loc.Code, Dir: loc.Dir,
		Path: path, Query: q.Encode(), OGType: "website",
		Today: content.Today(s.cfg.Now(), s.cfg.Zone),
	}
}

// alternate is the same page in another locale.
type alternate struct {
	Lang    string // locale code, or "x-default"
	Name    string // the locale's own name ("فارسی", "中文")
	URL     string
	Current bool
}

// href returns the local URL of the view's page in locale code, with the
// page's query.
func (v *View) href(code string) string {
	u := "/" + code + v.Path
	if v.Query != "" {
		u += "?" + v.Query
	}
	return u
}

// Switcher returns the links of the language switcher: the same page in
// every locale, marked so that following one remembers the choice.
func (v *View) Switcher() []alternate {
	var out []alternate
	for _, loc := range i18n.Locales() {
		u := v.href(loc.Code)
		if strings.Contains(u, "?") {
			u += "&" + setLangParam + "=1"
		} else {
			u += "?" + setLangParam + "=1"
		}
		out = append(out, alternate{
			Lang: loc.Code, Name: v.s.cfg.Bundle.Localizer(loc.Code).T("locale.name"),
			URL: u, Current: loc.Code == v.Lang,
		})
	}
	return out
}

// Alternates returns the hreflang alternates of the page: every locale it
// has content in, and x-default (the default locale).
func (v *View) Alternates() []alternate {
	var out []alternate
	for _, code := range i18n.Codes() {
		if v.TextLocales != nil && !slices.Contains(v.TextLocales, code) {
			continue
		}
		out = append(out, alternate{Lang: code, URL: v.Base + v.href(code)})
	}
	out = append(out, alternate{Lang: "x-default", URL: v.Base + v.href(v.s.cfg.DefaultLang)})
	return out
}

// Canonical returns the absolute URL of the page.
func (v *View) Canonical() string { return v.Base + v.href(v.Lang) }

// OGLocale returns the page's locale in Open Graph's form.
func (v *View) OGLocale() string {
	switch v.Lang {
	case "fa":
		return "fa_IR"
	case "zh":
		return "zh_CN"
	case "tr":
		return "tr_TR"
	}
	return "en_US"
}

// CSS returns the versioned URL of the style sheet.
func (v *View) CSS() string { return v.s.assets.url("site.css") }

// JS returns the versioned URL of the script that enhances the needs
// search box with suggestions; pages work without it.
func (v *View) JS() string { return v.s.assets.url("suggest.js") }

// Asset returns the versioned URL of a static file.
func (v *View) Asset(name string) string { return v.s.assets.url(name) }

// URL returns the local URL of a page in the view's locale: URL "needs" ref
// gives "/fa/needs/TR-26-0001".
func (v *View) URL(parts ...string) string {
	var b strings.Builder
	b.WriteString("/")
	b.WriteString(v.Lang)
	b.WriteString("/")
	for i, p := range parts {
		if i > 0 {
			b.WriteString("/")
		}
		b.WriteString(url.PathEscape(p))
	}
	return b.String()
}

// T returns the message id, with template data given as alternating keys
// and values.
func (v *View) T(id string, kv ...any) string { return v.L.T(id, pairs(kv)) }

// N returns the plural message id for count.
func (v *View) N(id string, count int, kv ...any) string { return v.L.N(id, count, pairs(kv)) }

// pairs turns alternating keys and values into a map.
func pairs(kv []any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// Num formats n in the locale's digits.
func (v *View) Num(n int) string { return v.Loc.Number(int64(n)) }

// Digits writes the ASCII digits of s in the locale's digits.
func (v *View) Digits(s string) string { return v.Loc.Digits(s) }

// Date formats a calendar date in the locale's long form (Solar Hijri in
// fa, 年月日 in zh).
func (v *View) Date(d content.Date) string {
	if d == "" {
		return ""
	}
	return v.Loc.Date(d.Time())
}

// Time formats the date of t in the park's time zone.
func (v *View) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return v.Loc.Date(t.In(v.s.cfg.Zone))
}

// Sector returns the name of a sector.
func (v *View) Sector(code string) string { return v.L.T("sector." + code) }

// NeedKind returns the name of a need kind.
func (v *View) NeedKind(kind string) string { return v.L.T("kind.need." + kind) }

// CompanyKind returns the name of a company kind.
func (v *View) CompanyKind(kind string) string { return v.L.T("kind.company." + kind) }

// Partnership returns the name of a partnership form.
func (v *View) Partnership(p string) string { return v.L.T("partnership." + p) }

// Country returns the name of a country in the locale.
func (v *View) Country(code string) string { return i18n.RegionName(v.Loc, code) }

// LocaleName returns the name of a locale in the page's language.
func (v *View) LocaleName(code string) string { return v.L.T("locale.name." + code) }

// NeedStatus returns the need's status as read today.
func (v *View) NeedStatus(n *content.Need) string { return n.StatusOn(v.Today) }

// NeedStatusName returns the name of the need's status as read today.
func (v *View) NeedStatusName(n *content.Need) string {
	return v.L.T("status.need." + n.StatusOn(v.Today))
}

// AgreementStatus returns the agreement's status as read today.
func (v *View) AgreementStatus(a *content.Agreement) string { return a.StatusOn(v.Today) }

// AgreementStatusName returns the name of the agreement's status today.
func (v *View) AgreementStatusName(a *content.Agreement) string {
	return v.L.T("status.agreement." + a.StatusOn(v.Today))
}

// LocalText is listing text chosen for the page's locale: the text, the
// locale it is in and its direction, and whether it is a fallback (then
// the template marks it with its own lang and dir). Notice, set on the
// first text of a listing only, says so in the page's language.
type LocalText struct {
	S        string
	Lang     string
	Dir      string
	Fallback bool
	Notice   string
}

// order returns the locales the page reads the listings of hubs in (see
// content.FallbackOrder): the page's locale, English, the working
// languages of the hubs, then any.
func (v *View) order(hubs ...string) []string {
	var working []string
	for _, code := range hubs {
		if h, ok := v.s.cfg.Catalog.Hub(code); ok {
			working = append(working, h.WorkingLanguages...)
		}
	}
	return content.FallbackOrder(v.Lang, working)
}

// Order returns the locales the page reads the listings of hubs in: the
// page's locale, English, the hubs' working languages, then any.
func (v *View) Order(hubs ...string) []string { return v.order(hubs...) }

// TextIn returns t's text in locale l, marked as a fallback when l is not
// the page's locale; notice asks for the sentence that says so.
func (v *View) TextIn(t content.Text, l string, notice bool) LocalText {
	s, _ := t.In(l)
	lt := LocalText{S: s, Lang: v.Lang, Dir: v.Dir}
	if s == "" || l == v.Lang {
		return lt
	}
	lt.Lang, lt.Fallback = l, true
	if loc, ok := i18n.Lookup(l); ok {
		lt.Dir = loc.Dir
	}
	if notice {
		lt.Notice = v.L.T("web.fallback.notice", map[string]any{"Language": v.LocaleName(l)})
	}
	return lt
}

// Listing chooses one locale for the texts of one listing of the given
// hubs (content.ChooseLocale: the first text is its title or name) and
// returns them in it, so that title, summary and body never mix
// languages. Only the first carries the fallback notice.
func (v *View) Listing(hubs []string, texts ...content.Text) []LocalText {
	l := content.ChooseLocale(v.order(hubs...), texts...)
	out := make([]LocalText, len(texts))
	for i, t := range texts {
		out[i] = v.TextIn(t, l, i == 0)
	}
	return out
}

// Pick chooses the text of t for the page's locale, falling back to
// English, the working languages of hub, then any locale.
func (v *View) Pick(t content.Text, hub string) LocalText {
	return v.Listing([]string{hub}, t)[0]
}

// PickAny chooses the text of t with the fallbacks of hubs.
func (v *View) PickAny(t content.Text, hubs []string) LocalText {
	return v.Listing(hubs, t)[0]
}

// NeedTexts are a need's title, summary and body in one locale.
type NeedTexts struct{ Title, Summary, Body LocalText }

// NeedTexts returns the need's texts in the one locale the page shows it
// in; cards and the need's page agree.
func (v *View) NeedTexts(n *content.Need) NeedTexts {
	t := v.Listing([]string{n.Hub}, n.Title, n.Summary, n.Body)
	return NeedTexts{Title: t[0], Summary: t[1], Body: t[2]}
}

// HubName returns the name of the hub with the given code.
func (v *View) HubName(code string) LocalText {
	if h, ok := v.s.cfg.Catalog.Hub(code); ok {
		return v.Pick(h.Name, code)
	}
	return LocalText{S: code, Lang: v.Lang, Dir: v.Dir}
}

// DeadlineInfo is a need's deadline as shown: the date and how far it is.
type DeadlineInfo struct {
	Date  string
	ISO   string
	Label string
	Class string // "open", "soon", "expired", "closed"
}

// Deadline describes the need's deadline relative to today: "closes in N
// days", "closes today" or "deadline passed".
func (v *View) Deadline(n *content.Need) DeadlineInfo {
	d := DeadlineInfo{Date: v.Date(n.Deadline), ISO: string(n.Deadline)}
	days := n.Deadline.DaysUntil(v.Today)
	switch {
	case n.StatusOn(v.Today) == content.NeedClosed:
		d.Class = "closed"
		d.Label = v.L.T("status.need.closed")
	case days < 0:
		d.Class = "expired"
		d.Label = v.L.T("web.need.expired")
	case days == 0:
		d.Class = "soon"
		d.Label = v.L.T("web.need.closes_today")
	default:
		d.Class = "open"
		if days <= 7 {
			d.Class = "soon"
		}
		d.Label = v.L.N("web.need.closes_in", days)
	}
	return d
}

// Option is one value of a select or a facet.
type Option struct {
	Value    string
	Label    string
	Count    int
	Selected bool
	// Remove is the URL of the current list without this value.
	Remove string
}

// SortOptions sorts options by label in the locale's collation.
func SortOptions(loc i18n.Locale, opts []Option) {
	labels := make([]string, len(opts))
	byLabel := make(map[string][]Option, len(opts))
	for i, o := range opts {
		labels[i] = o.Label
		byLabel[o.Label] = append(byLabel[o.Label], o)
	}
	loc.SortStrings(labels)
	labels = slices.Compact(labels)
	out := opts[:0:0]
	for _, l := range labels {
		out = append(out, byLabel[l]...)
	}
	copy(opts, out)
}

// CountryCodes returns every ISO 3166-1 alpha-2 code content accepts.
func CountryCodes() []string {
	var out []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if code := string([]rune{a, b}); content.IsCountry(code) {
				out = append(out, code)
			}
		}
	}
	return out
}

// bufPool recycles render buffers.
var bufPool = pool{p: sync.Pool{New: func() any { return new(bytes.Buffer) }}}

type pool struct{ p sync.Pool }

func (p *pool) get() *bytes.Buffer { b := p.p.Get().(*bytes.Buffer); b.Reset(); return b }

func (p *pool) put(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		p.p.Put(b)
	}
}

// FieldMsg is one problem of a form, for the summary at its top.
type FieldMsg struct {
	Field, Label, Message string
}
