// Package api serves Hubdir's JSON API under /api/v1. Public reads come
// from the in-memory catalog; staff writes go to the store and then update
// the catalog before the response is sent.
package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/deps"
	"hubdir/i18n"
)

// Handler holds the dependencies of the API's handlers.
type Handler struct {
	deps.Deps

	encoded needJSONCache   // the JSON of needs (encode.go)
	facets  facetsJSONCache // the JSON of cached list answers' facets (encode.go)
}

// Keys of values the middleware leaves in c.Locals.
const (
	localeKey = "api.locale"
	staffKey  = "api.staff"
)

// maxJSONDepth bounds the nesting of request bodies; no API body nests
// deeper than 4.
const maxJSONDepth = 16

func (h *Handler) today() content.Date { return content.Today(h.Now(), h.Zone) }

// Locale is middleware that picks the response language: ?lang=, then
// Accept-Language, then the default.
func (h *Handler) Locale(c *fiber.Ctx) error {
	lang := h.DefaultLang
	if q := c.Query("lang"); q != "" && i18n.IsSupported(q) {
		lang = q
	} else if al := c.Get(fiber.HeaderAcceptLanguage); al != "" {
		lang = i18n.Match(al, h.DefaultLang)
	}
	c.Locals(localeKey, lang)
	c.Set(fiber.HeaderContentLanguage, lang)
	return c.Next()
}

func (h *Handler) locale(c *fiber.Ctx) string {
	if l, ok := c.Locals(localeKey).(string); ok {
		return l
	}
	return h.DefaultLang
}

// Authenticate is middleware that resolves an "Authorization: Bearer" token
// to a staff member. Requests without the header stay anonymous; a bad
// token is refused.
func (h *Handler) Authenticate(c *fiber.Ctx) error {
	header := c.Get(fiber.HeaderAuthorization)
	if header == "" {
		return c.Next()
	}
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || token == "" || len(token) > 200 {
		return content.ErrUnauthorized
	}
	staff, err := h.Store.StaffByToken(c.UserContext(), token)
	if err != nil {
		return err
	}
	c.Locals(staffKey, staff)
	return c.Next()
}

// staff returns the signed-in staff member, or nil for the public.
func staff(c *fiber.Ctx) *content.Staff {
	s, _ := c.Locals(staffKey).(*content.Staff)
	return s
}

// requireStaff returns the signed-in staff member or ErrUnauthorized.
func requireStaff(c *fiber.Ctx) (*content.Staff, error) {
	s := staff(c)
	if s == nil {
		return nil, content.ErrUnauthorized
	}
	return s, nil
}

func viewer(c *fiber.Ctx) catalog.Viewer { return catalog.Viewer{Staff: staff(c)} }

// errorBody is the error shape of every API response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// Refs names the documents the error is about (in_use: the
	// agreements that name the company).
	Refs []string `json:"refs,omitempty"`
}

// WriteError writes the API's error shape with the message, and the field
// messages of cerr, in the request's language.
func (h *Handler) WriteError(c *fiber.Ctx, status int, code string, cerr *content.Error) error {
	loc := h.Bundle.Localizer(h.locale(c))
	body := errorBody{Error: errorDetail{Code: code, Message: loc.T("error." + code)}}
	if cerr != nil && len(cerr.Refs) > 0 {
		body.Error.Refs = cerr.Refs
		l, _ := i18n.Lookup(h.locale(c))
		body.Error.Message = loc.T("error."+code, map[string]any{"Refs": l.JoinList(cerr.Refs)})
	}
	if cerr != nil && len(cerr.Fields) > 0 {
		body.Error.Fields = make(map[string]string, len(cerr.Fields))
		for field, fe := range cerr.Fields {
			body.Error.Fields[field] = loc.T("field."+string(fe.Rule), map[string]any{"Min": fe.Min, "Max": fe.Max})
		}
	}
	return c.Status(status).JSON(body)
}

// decode reads a JSON request body into v strictly: JSON content type,
// valid UTF-8, bounded nesting, no unknown fields, the right types, one
// value. Every failure is an invalid-input error naming the field.
func decode(c *fiber.Ctx, v any) error {
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	if !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
		return fiber.ErrUnsupportedMediaType
	}
	body := c.Body()
	if !utf8.Valid(body) {
		return content.InvalidField("body", content.RuleInvalidUTF8)
	}
	if jsonDepth(body) > maxJSONDepth {
		return content.InvalidField("body", content.RuleInvalidType)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return content.InvalidField("body", content.RuleInvalidType)
	}
	return nil
}

// decodeError turns a json decoding error into a field error.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return content.InvalidField(field, content.RuleInvalidType)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no typed error for unknown fields; its message
		// is the only place the field's name is given.
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		if name == "" || !utf8.ValidString(name) || len(name) > 64 {
			name = "body"
		}
		return content.InvalidField(name, content.RuleUnknownField)
	}
	return content.InvalidField("body", content.RuleInvalidType)
}

// jsonDepth returns the deepest nesting of arrays and objects in data,
// stopping early once it is clearly too deep.
func jsonDepth(data []byte) int {
	depth, deepest, inString, escaped := 0, 0, false, false
	for _, b := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
		case b == '"':
			inString = true
		case b == '{' || b == '[':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest > maxJSONDepth {
					return deepest
				}
			}
		case b == '}' || b == ']':
			depth--
		}
	}
	return deepest
}

// query is a request's query string, checked against the parameters an
// endpoint accepts.
type query map[string][]string

// parseQuery collects the query parameters, refusing unknown names (such
// as "hub[$ne]"), invalid UTF-8 and overlong values.
func parseQuery(c *fiber.Ctx, allowed ...string) (query, error) {
	q := query{}
	f := content.FieldErrors{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		key := string(k)
		if !utf8.Valid(k) || !utf8.Valid(v) {
			f[sanitizeKey(key)] = content.FieldError{Rule: content.RuleInvalidUTF8}
			return
		}
		if key == "lang" {
			return
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == key
		}
		if !ok {
			f[sanitizeKey(key)] = content.FieldError{Rule: content.RuleUnknownField}
			return
		}
		if len(v) > 200 || len(q[key]) >= 20 {
			f[key] = content.FieldError{Rule: content.RuleTooLong, Max: 200}
			return
		}
		q[key] = append(q[key], string(v))
	})
	if err := f.Err(); err != nil {
		return nil, err
	}
	return q, nil
}

// sanitizeKey makes a hostile parameter name safe to echo in an error.
func sanitizeKey(k string) string {
	k = strings.ToValidUTF8(k, "\uFFFD")
	if len(k) > 64 {
		// Cut at a character boundary, so that the name stays valid UTF-8.
		n := 64
		for n > 0 && !utf8.RuneStart(k[n]) {
			n--
		}
		k = k[:n]
	}
	return k
}

// one returns the single value of a parameter, "" when absent.
func (q query) one(key string) string {
	if v := q[key]; len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

// list returns the values of a parameter, also split on commas.
func (q query) list(key string) []string {
	var out []string
	for _, v := range q[key] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// checkList records an error unless every value passes ok.
func (q query) checkList(f content.FieldErrors, key string, ok func(string) bool) []string {
	vals := q.list(key)
	for _, v := range vals {
		if !ok(v) {
			f[key] = content.FieldError{Rule: content.RuleUnknownValue}
		}
	}
	return vals
}

// paging reads page and per_page (≤ 100).
func (q query) paging(f content.FieldErrors) (page, perPage int) {
	page, perPage = 1, 20
	if s := q.one("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100000 {
			f["page"] = content.FieldError{Rule: content.RuleOutOfRange, Min: 1, Max: 100000}
		} else {
			page = n
		}
	}
	if s := q.one("per_page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			f["per_page"] = content.FieldError{Rule: content.RuleOutOfRange, Min: 1, Max: 100}
		} else {
			perPage = n
		}
	}
	return page, perPage
}

// versionOf returns the version a write names: the If-Match header, else
// the "version" of a JSON body, else the version query parameter.
func versionOf(c *fiber.Ctx) (int64, error) {
	if m := c.Get(fiber.HeaderIfMatch); m != "" {
		m = strings.TrimPrefix(strings.Trim(m, " "), "W/")
		n, err := strconv.ParseInt(strings.Trim(m, `"`), 10, 64)
		if err != nil || n < 1 {
			return 0, content.InvalidField("version", content.RuleInvalidType)
		}
		return n, nil
	}
	if len(c.Body()) > 0 {
		var body struct {
			Version int64 `json:"version"`
		}
		if err := decode(c, &body); err != nil {
			return 0, err
		}
		if body.Version > 0 {
			return body.Version, nil
		}
	}
	if s := c.Query("version"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return 0, content.InvalidField("version", content.RuleInvalidType)
		}
		return n, nil
	}
	return 0, content.InvalidField("version", content.RuleRequired)
}

// ifMatch fills *version from If-Match when the body gave none.
func ifMatch(c *fiber.Ctx, version *int64) error {
	if *version != 0 || c.Get(fiber.HeaderIfMatch) == "" {
		return nil
	}
	v, err := versionOf(c)
	*version = v
	return err
}

// etag sets the ETag header to a listing's version.
func etag(c *fiber.Ctx, version int64) {
	c.Set(fiber.HeaderETag, fmt.Sprintf(`"%d"`, version))
}

// list is the shape of every list answer. The answers of a text search
// also say whether the items only match part of the query (partial), which
// query terms were searched in other languages too (expanded) and a
// respelling of the query (did_you_mean); each is left out when false or
// empty.
type list[T any] struct {
	Items      []T                 `json:"items"`
	Total      int                 `json:"total"`
	Page       int                 `json:"page"`
	PerPage    int                 `json:"per_page"`
	Facets     catalog.Facets      `json:"facets"`
	Partial    bool                `json:"partial,omitempty"`
	Expanded   []catalog.Expansion `json:"expanded,omitempty"`
	DidYouMean string              `json:"did_you_mean,omitempty"`
}

// plainList is the shape of a list answer without facets: the hubs and
// the interest inbox.
type plainList[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}
