package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"hubdir/i18n"
)

// maxQueryRunes bounds the search text taken from a URL.
const maxQueryRunes = 200

// listState is the whole state of a list page, as held in its URL: the
// search text, the selected values of each filter, the sort order and the
// page. A shared URL shows the same list.
type listState struct {
	path  string              // the list's path, "/fa/needs"
	keys  []string            // filter parameters, in display order
	Q     string              // search text
	F     map[string][]string // selected values per filter
	Sort  string
	Page  int
	sorts []string // allowed sort orders; "" when the list has none
}

// parseList reads a list's state from the query string, keeping only
// well-formed values: a bad value is dropped, not an error, so an old or
// hand-edited link still shows a list.
func parseList(c *fiber.Ctx, path string, filters map[string]func(string) bool, keys []string, sorts []string) *listState {
	s := &listState{path: path, keys: keys, F: map[string][]string{}, Page: 1, sorts: sorts}
	args := c.Context().QueryArgs()
	q := strings.ToValidUTF8(string(args.Peek("q")), "")
	q = strings.Join(strings.Fields(q), " ")
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = string([]rune(q)[:maxQueryRunes])
	}
	s.Q = q
	for _, k := range keys {
		valid := filters[k]
		for _, raw := range args.PeekMulti(k) {
			v := string(raw)
			if valid(v) && !slices.Contains(s.F[k], v) && len(s.F[k]) < 30 {
				s.F[k] = append(s.F[k], v)
			}
		}
	}
	if sort := string(args.Peek("sort")); slices.Contains(sorts, sort) {
		s.Sort = sort
	}
	if p, err := strconv.Atoi(string(args.Peek("page"))); err == nil && p > 1 && p <= 10000 {
		s.Page = p
	}
	return s
}

// values returns the state as query values, leaving out the value skip of
// filter skipKey (all of it for skip "*") and using page.
func (s *listState) values(skipKey, skip string, page int) url.Values {
	q := url.Values{}
	if s.Q != "" && skipKey != "q" {
		q.Set("q", s.Q)
	}
	for _, k := range s.keys {
		for _, v := range s.F[k] {
			if k == skipKey && (skip == "*" || v == skip) {
				continue
			}
			q.Add(k, v)
		}
	}
	if s.Sort != "" {
		q.Set("sort", s.Sort)
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return q
}

// url returns the list's URL for the given values.
func (s *listState) url(q url.Values) string {
	if len(q) == 0 {
		return s.path
	}
	return s.path + "?" + q.Encode()
}

// Query returns the state's query string, for the canonical link and the
// language switcher.
func (s *listState) Query() url.Values { return s.values("", "", s.Page) }

// PageURL returns the URL of page p of the list.
func (s *listState) PageURL(p int) string { return s.url(s.values("", "", p)) }

// Without returns the URL of the list without one filter value (page 1).
func (s *listState) Without(key, value string) string { return s.url(s.values(key, value, 1)) }

// Filtered reports whether the list has any filter or search text.
func (s *listState) Filtered() bool {
	if s.Q != "" {
		return true
	}
	for _, v := range s.F {
		if len(v) > 0 {
			return true
		}
	}
	return false
}

// ClearURL returns the list's URL without search text or filters.
func (s *listState) ClearURL() string { return s.path }

// filterGroup is one filter of a list page, with its values and counts.
type filterGroup struct {
	Name   string // the query parameter
	Label  string
	Values []option
}

// group builds a filter group from facet counts. Values are the facet's
// values with listings plus the selected ones; label names each. With
// sorted, the values are in the locale's collation order of their labels,
// else in the order of order (values missing from order go last).
func (s *listState) group(loc i18n.Locale, name, label string, counts map[string]int, order []string, sorted bool, labelOf func(string) string) filterGroup {
	g := filterGroup{Name: name, Label: label}
	seen := map[string]bool{}
	add := func(v string) {
		if seen[v] {
			return
		}
		seen[v] = true
		g.Values = append(g.Values, option{
			Value: v, Label: labelOf(v), Count: counts[v],
			Selected: slices.Contains(s.F[name], v), Remove: s.Without(name, v),
		})
	}
	for _, v := range order {
		if counts[v] > 0 || slices.Contains(s.F[name], v) {
			add(v)
		}
	}
	keys := make([]string, 0, len(counts))
	for v, n := range counts {
		if n > 0 {
			keys = append(keys, v)
		}
	}
	slices.Sort(keys)
	for _, v := range keys {
		add(v)
	}
	for _, v := range s.F[name] {
		add(v)
	}
	if sorted {
		sortOptions(loc, g.Values)
	}
	return g
}

// activeFilters lists the selected values of every group, each with the
// URL that removes it.
func activeFilters(groups []filterGroup) []option {
	var out []option
	for _, g := range groups {
		for _, o := range g.Values {
			if o.Selected {
				out = append(out, o)
			}
		}
	}
	return out
}

// pager is the page navigation of a list.
type pager struct {
	Page, Pages int
	Prev, Next  string
	Links       []pageLink
}

// pageLink is one entry of the page navigation; a zero Page is a gap.
type pageLink struct {
	Page    int
	URL     string
	Current bool
}

// newPager builds the navigation for page of total items, perPage a page.
func newPager(s *listState, page, total, perPage int) pager {
	pages := (total + perPage - 1) / perPage
	if pages < 1 {
		pages = 1
	}
	p := pager{Page: page, Pages: pages}
	if page > 1 {
		p.Prev = s.PageURL(page - 1)
	}
	if page < pages {
		p.Next = s.PageURL(page + 1)
	}
	if pages == 1 {
		return p
	}
	last := 0
	for i := 1; i <= pages; i++ {
		if i != 1 && i != pages && (i < page-2 || i > page+2) {
			continue
		}
		if last != 0 && i > last+1 {
			p.Links = append(p.Links, pageLink{})
		}
		p.Links = append(p.Links, pageLink{Page: i, URL: s.PageURL(i), Current: i == page})
		last = i
	}
	return p
}
