package api

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"hubdir/content"
)

// withCtx runs f with a Fiber context for a request with the given query
// string, content type and body, without a server.
func withCtx(query, contentType string, body []byte, f func(c *fiber.Ctx)) {
	app := fiber.New()
	rc := &fasthttp.RequestCtx{}
	rc.Request.Header.SetMethod(fiber.MethodPost)
	rc.Request.SetRequestURI("/x?" + query)
	rc.Request.Header.SetContentType(contentType)
	rc.Request.SetBody(body)
	c := app.AcquireCtx(rc)
	defer app.ReleaseCtx(c)
	f(c)
}

// checkErr fails unless err is nil or an invalid-input *content.Error whose
// field names are valid UTF-8 and short (they are echoed to clients).
func checkErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var ce *content.Error
	if !errors.As(err, &ce) || ce.Code != content.CodeInvalid {
		t.Fatalf("error %v is not an invalid-input content error", err)
	}
	for field := range ce.Fields {
		if !utf8.ValidString(field) || len(field) > 64 {
			t.Fatalf("field name %q is not safe to echo", field)
		}
	}
}

// FuzzParseQuery: query parsing never panics, refuses with safe field
// errors, and accepts only allowed names with valid, bounded values.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"q=water&hub=TR&page=2&per_page=100",
		"hub[$ne]=TR", "q%5B%24regex%5D=.*", "q=%FF%FE", "%FF=1", "lang=fa&q=آب",
		"page=-1&per_page=1000000", "sector=ai,water,,&sector=energy", "q=" + string(make([]byte, 300)),
		"a=1&a=2&a=3", "&&&=&=", "q=%E2%80%AEevil",
	} {
		f.Add(s)
	}
	allowed := []string{"q", "hub", "sector", "page", "per_page", "status"}
	f.Fuzz(func(t *testing.T, raw string) {
		withCtx(raw, "", nil, func(c *fiber.Ctx) {
			q, err := parseQuery(c, allowed...)
			checkErr(t, err)
			if err != nil {
				return
			}
			for k, vals := range q {
				ok := false
				for _, a := range allowed {
					ok = ok || a == k
				}
				if !ok {
					t.Fatalf("parameter %q accepted", k)
				}
				for _, v := range vals {
					if !utf8.ValidString(v) || len(v) > 200 {
						t.Fatalf("value %q of %s accepted", v, k)
					}
				}
			}
			f := content.FieldErrors{}
			page, per := q.paging(f)
			if len(f) == 0 && (page < 1 || page > 100000 || per < 1 || per > 100) {
				t.Fatalf("paging out of bounds: %d %d", page, per)
			}
		})
	})
}

// FuzzDecode: decoding a request body never panics and refuses with
// invalid-input errors (or 415) only; what it accepts is shallow.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"company":{"name":"Acme","country":"IR"},"email":"a@b.org","consent":true}`,
		`{"$ne":null}`, `{"email":{"$regex":".*"}}`, `[1,2]`, `{"email":"a"} {"email":"b"}`,
		`{"unknown":1}`, "{\"email\":\"\xff\"}", `{"consent":"yes"}`, `{"a":` + "\"\\\"{[[[\"}",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", `null`, ``, `"\u202e"`,
	} {
		f.Add([]byte(s), "application/json")
	}
	f.Add([]byte(`email=a`), "application/x-www-form-urlencoded")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		withCtx("", contentType, body, func(c *fiber.Ctx) {
			var in content.InterestInput
			err := decode(c, &in)
			if errors.Is(err, fiber.ErrUnsupportedMediaType) {
				return
			}
			checkErr(t, err)
			if err == nil && jsonDepth(body) > maxJSONDepth {
				t.Fatalf("accepted a body %d deep", jsonDepth(body))
			}
		})
	})
}
