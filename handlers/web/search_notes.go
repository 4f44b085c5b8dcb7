package web

// WithQuery returns the URL of the list's first page for the search text q,
// keeping the filters and the sort: the link of a "did you mean".
func (s *listState) WithQuery(q string) string {
	v := s.values("q", "", 1)
	if q != "" {
		v.Set("q", q)
	}
	return s.url(v)
}
