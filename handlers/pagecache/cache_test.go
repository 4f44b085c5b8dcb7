package pagecache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// site is a small app behind the cache: /page renders a page with a
// counter (so a re-render shows) and a token hole; other routes test the
// rules.
type site struct {
	app              *fiber.App
	cache            *Cache
	version, renders atomic.Uint64
	day              atomic.Value
	now              atomic.Int64
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{}
	s.day.Store("2026-12-01")
	s.now.Store(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC).UnixNano())
	s.cache = New(Config{
		Version: s.version.Load,
		Day:     func() string { return s.day.Load().(string) },
		Cookies: []string{"lang", "tok"},
		Now:     func() time.Time { return time.Unix(0, s.now.Load()) },
	})
	s.app = fiber.New(fiber.Config{ReadBufferSize: 1 << 18})
	s.app.Use(s.cache.Handler)
	token := func(c *fiber.Ctx) string {
		if t := c.Cookies("tok"); t != "" {
			return t
		}
		c.Cookie(&fiber.Cookie{Name: "tok", Value: "new-token"})
		return "new-token"
	}
	s.app.Get("/page", func(c *fiber.Ctx) error {
		n := s.renders.Add(1)
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		tok := Hole(c, token)
		return c.SendString(fmt.Sprintf("<p>render %d</p>%s<form><input name=t value=%s></form><i>%s</i>",
			n, strings.Repeat("<b>same text</b>", 200), tok, tok))
	})
	s.app.Get("/private", func(c *fiber.Ctx) error {
		s.renders.Add(1)
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return c.SendString(fmt.Sprintf("private %d %s", s.renders.Load(), Hole(c, token)))
	})
	s.app.Get("/hosty", func(c *fiber.Ctx) error {
		s.renders.Add(1)
		c.Vary(fiber.HeaderHost)
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return c.SendString(fmt.Sprintf("links to %s, render %d", c.Hostname(), s.renders.Load()))
	})
	s.app.Get("/missing", func(c *fiber.Ctx) error {
		s.renders.Add(1)
		return c.Status(404).SendString("not here")
	})
	return s
}

func (s *site) get(t *testing.T, path string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := s.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHitsAndHoles(t *testing.T) {
	s := newSite(t)
	first := body(t, s.get(t, "/page", "Cookie", "tok=AAA"))
	second := s.get(t, "/page", "Cookie", "tok=BBB")
	got := body(t, second)
	if s.renders.Load() != 1 {
		t.Fatalf("rendered %d times, want 1 (the second from the cache)", s.renders.Load())
	}
	if !strings.Contains(first, "value=AAA></form><i>AAA</i>") || !strings.Contains(got, "value=BBB></form><i>BBB</i>") {
		t.Errorf("holes not filled with each request's token:\n%.80q\n%.80q", first[len(first)-60:], got[len(got)-60:])
	}
	if strings.Contains(got, s.cache.marker) {
		t.Errorf("a marker reached the client")
	}
	if strings.Replace(first, "AAA", "BBB", -1) != got {
		t.Errorf("the cached page differs from the rendered one beyond the holes")
	}
	// A request without the cookie gets one, through the hole's fill.
	res := s.get(t, "/page")
	if !strings.Contains(res.Header.Get("Set-Cookie"), "tok=new-token") || !strings.Contains(body(t, res), "value=new-token") {
		t.Errorf("no token set for a request without one")
	}
	if s.renders.Load() != 1 {
		t.Errorf("rendered again: %d", s.renders.Load())
	}
}

func TestErasEndEntries(t *testing.T) {
	s := newSite(t)
	s.get(t, "/page")
	s.version.Add(1)
	if b := body(t, s.get(t, "/page")); !strings.Contains(b, "render 2") {
		t.Errorf("a new version served the old page")
	}
	s.cache.Invalidate()
	if b := body(t, s.get(t, "/page")); !strings.Contains(b, "render 3") {
		t.Errorf("after Invalidate the old page was served")
	}
	s.day.Store("2026-12-02")
	if b := body(t, s.get(t, "/page")); !strings.Contains(b, "render 4") {
		t.Errorf("a new day served yesterday's page")
	}
	if b := body(t, s.get(t, "/page")); !strings.Contains(b, "render 4") {
		t.Errorf("the page of the current era was not cached")
	}
	// Past MaxAge, one request renders again; the next gets its page.
	s.now.Add(int64(3 * time.Second))
	if b := body(t, s.get(t, "/page")); !strings.Contains(b, "render 5") {
		t.Errorf("an expired page was not rendered again: %.20q", b)
	}
	if b := body(t, s.get(t, "/page")); !strings.Contains(b, "render 5") {
		t.Errorf("the refreshed page was not kept")
	}
}

func TestBypassAndNotStored(t *testing.T) {
	s := newSite(t)
	s.get(t, "/page")
	for _, h := range [][]string{
		{"Cookie", "hubdir_session=x"},
		{"Cookie", "lang=fa; flash=EOI-1"},
		{"Authorization", "Bearer x"},
	} {
		before := s.renders.Load()
		s.get(t, "/page", h...)
		if s.renders.Load() != before+1 {
			t.Errorf("request with %v was answered from the cache", h)
		}
	}
	before := s.renders.Load()
	s.get(t, "/page", "Cookie", "lang=fa")
	if s.renders.Load() != before {
		t.Errorf("the language cookie bypassed the cache")
	}
	for _, p := range []string{"/private", "/missing"} {
		s.get(t, p)
		n := s.renders.Load()
		res := s.get(t, p)
		if s.renders.Load() != n+1 {
			t.Errorf("%s was stored", p)
		}
		if p == "/private" {
			if b := body(t, res); strings.Contains(b, s.cache.marker) || !strings.HasSuffix(b, "new-token") {
				t.Errorf("hole of a page not stored left unfilled: %q", b)
			}
		}
	}
}

func TestGzipAndETag(t *testing.T) {
	s := newSite(t)
	plain := body(t, s.get(t, "/page", "Cookie", "tok=CCC"))
	for _, tok := range []string{"CCC", "DDD", strings.Repeat("x", 70000)} {
		res := s.get(t, "/page", "Cookie", "tok="+tok, "Accept-Encoding", "br;q=1, gzip;q=0.8")
		if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("not gzipped: %v", res.Header)
		}
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("gzip body with token of %d bytes: %v", len(tok), err)
		}
		if want := strings.Replace(plain, "CCC", tok, -1); string(got) != want {
			t.Errorf("gzip body with token of %d bytes differs from the plain page", len(tok))
		}
	}
	if res := s.get(t, "/page", "Accept-Encoding", "gzip;q=0"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip sent to a client that refused it")
	}
	res := s.get(t, "/page", "Cookie", "tok=CCC")
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if res := s.get(t, "/page", "Cookie", "tok=CCC", "If-None-Match", `"other", `+etag); res.StatusCode != 304 || body(t, res) != "" {
		t.Errorf("matching If-None-Match: %d", res.StatusCode)
	}
	if res := s.get(t, "/page", "Cookie", "tok=DDD", "If-None-Match", etag); res.StatusCode != 200 {
		t.Errorf("an ETag of another token's page matched: %d", res.StatusCode)
	}
	s.version.Add(1)
	if res := s.get(t, "/page", "Cookie", "tok=CCC", "If-None-Match", etag); res.StatusCode != 200 || !bytes.Contains([]byte(body(t, res)), []byte("render 2")) {
		t.Errorf("a changed page answered 304")
	}
}

func TestMaxBytes(t *testing.T) {
	s := newSite(t)
	s.cache.cfg.MaxBytes = 100 // less than one page
	s.get(t, "/page")
	s.get(t, "/page")
	if s.renders.Load() != 2 {
		t.Errorf("a page larger than the budget was kept")
	}
}

// TestHostKeyed: an answer private only because its links follow the host
// (Vary: Host) is kept per host, never handed to another host.
func TestHostKeyed(t *testing.T) {
	s := newSite(t)
	a := body(t, s.get(t, "/hosty", "Host", "a.example"))
	b := body(t, s.get(t, "/hosty", "Host", "b.example"))
	a2 := body(t, s.get(t, "/hosty", "Host", "a.example"))
	if s.renders.Load() != 2 || a != a2 || !strings.Contains(a, "a.example") || !strings.Contains(b, "b.example") {
		t.Errorf("renders %d; a %q, b %q, a again %q", s.renders.Load(), a, b, a2)
	}
}
