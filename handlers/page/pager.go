package page

// Pager is the page navigation of a list, as the "pager" partial shows
// it: the current page, the number of pages, the previous and next links
// and the page links around the current one (a zero Page is a gap).
type Pager struct {
	Page, Pages int
	Prev, Next  string
	Links       []PageLink
}

// PageLink is one entry of the page navigation; a zero Page is a gap.
type PageLink struct {
	Page    int
	URL     string
	Current bool
}

// NewPager builds the navigation for page (1-based) of total items,
// perPage a page; url returns the address of a page. It links the first
// and the last page and two pages either side of the current one.
func NewPager(page, total, perPage int, url func(page int) string) Pager {
	pages := max((total+perPage-1)/perPage, 1)
	p := Pager{Page: page, Pages: pages}
	if page > 1 {
		p.Prev = url(min(page-1, pages))
	}
	if page < pages {
		p.Next = url(page + 1)
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
			p.Links = append(p.Links, PageLink{})
		}
		p.Links = append(p.Links, PageLink{Page: i, URL: url(i), Current: i == page})
		last = i
	}
	return p
}
