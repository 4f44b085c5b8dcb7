package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// suggestions is the answer of GET /api/v1/suggest.
type suggestions struct {
	Items []catalog.Suggestion `json:"items"`
}

// Suggest answers GET /api/v1/suggest?q=…&limit=…: the titles of the best
// matching needs in the request's language, for a search-as-you-type box.
// The last word of q matches as a prefix. limit is 1–20 (default 8).
func (h *Handler) Suggest(c *fiber.Ctx) error {
	q, err := parseQuery(c, "q", "limit")
	if err != nil {
		return err
	}
	f := content.FieldErrors{}
	limit := q.intParam(f, "limit", 8, 1, catalog.MaxSuggestions)
	if err := f.Err(); err != nil {
		return err
	}
	items := h.Catalog.Suggest(q.one("q"), h.locale(c), viewer(c), limit)
	c.Set(fiber.HeaderCacheControl, "public, max-age=30")
	c.Vary(fiber.HeaderAcceptLanguage)
	return c.JSON(suggestions{Items: items})
}

// intParam reads an integer parameter within [lo, hi], def when absent; a
// bad value is recorded in f.
func (q query) intParam(f content.FieldErrors, key string, def, lo, hi int) int {
	s := q.one(key)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		f[key] = content.FieldError{Rule: content.RuleOutOfRange, Min: lo, Max: hi}
		return def
	}
	return n
}

// companyFit is one company of GET /api/v1/needs/{ref}/matches.
type companyFit struct {
	Slug    string          `json:"slug"`
	Name    content.Text    `json:"name"`
	Country string          `json:"country"`
	Score   float64         `json:"score"`
	Reasons catalog.Reasons `json:"reasons"`
}

// needFit is one need of GET /api/v1/companies/{slug}/matches.
type needFit struct {
	Ref      string          `json:"ref"`
	Hub      string          `json:"hub"`
	Title    content.Text    `json:"title"`
	Deadline content.Date    `json:"deadline"`
	Score    float64         `json:"score"`
	Reasons  catalog.Reasons `json:"reasons"`
}

// matchLimit reads the limit of a matches request: 1–50, default 10.
func matchLimit(c *fiber.Ctx) (int, error) {
	q, err := parseQuery(c, "limit")
	if err != nil {
		return 0, err
	}
	f := content.FieldErrors{}
	limit := q.intParam(f, "limit", 10, 1, 50)
	return limit, f.Err()
}

// NeedMatches answers GET /api/v1/needs/{ref}/matches: the companies that
// may fit the need, best first, with the reasons (shared sectors, matching
// terms).
func (h *Handler) NeedMatches(c *fiber.Ctx) error {
	limit, err := matchLimit(c)
	if err != nil {
		return err
	}
	v := viewer(c)
	if _, ok := h.Catalog.Need(c.Params("ref"), v); !ok {
		return content.ErrNotFound
	}
	items := []companyFit{}
	for _, m := range h.Catalog.CompaniesForNeed(c.Params("ref"), v, limit) {
		items = append(items, companyFit{
			Slug: m.Company.Slug, Name: m.Company.Name, Country: m.Company.Country,
			Score: round2(m.Score), Reasons: m.Reasons,
		})
	}
	return c.JSON(fiber.Map{"items": items})
}

// CompanyMatches answers GET /api/v1/companies/{slug}/matches: the open
// needs that may fit the company, best first, with the reasons.
func (h *Handler) CompanyMatches(c *fiber.Ctx) error {
	limit, err := matchLimit(c)
	if err != nil {
		return err
	}
	v := viewer(c)
	if _, ok := h.Catalog.Company(c.Params("slug"), v); !ok {
		return content.ErrNotFound
	}
	items := []needFit{}
	for _, m := range h.Catalog.NeedsForCompany(c.Params("slug"), v, limit) {
		items = append(items, needFit{
			Ref: m.Need.Ref, Hub: m.Need.Hub, Title: m.Need.Title, Deadline: m.Need.Deadline,
			Score: round2(m.Score), Reasons: m.Reasons,
		})
	}
	return c.JSON(fiber.Map{"items": items})
}

// round2 rounds a score to two decimals for display.
func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// duplicate is an existing need that looks like the one being created.
type duplicate struct {
	Ref   string       `json:"ref"`
	Title content.Text `json:"title"`
}

// createdNeed is the answer of POST /api/v1/needs: the need, with the
// existing needs of its hub whose title is near-identical.
type createdNeed struct {
	content.Need
	Duplicates []duplicate `json:"duplicates,omitempty"`
}

// withDuplicates returns the created need n (as the API shows it) with
// its likely duplicates.
func (h *Handler) withDuplicates(n *content.Need) createdNeed {
	out := createdNeed{Need: h.needView(n)}
	for _, d := range h.Catalog.SimilarNeeds(n.Hub, n.Title, n.Ref) {
		out.Duplicates = append(out.Duplicates, duplicate{Ref: d.Ref, Title: d.Title})
	}
	return out
}
