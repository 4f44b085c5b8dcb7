package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"hash/fnv"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/handlers/pagecache"
)

// Sitemap limits. The protocol allows 50,000 URLs and 50 MB (uncompressed)
// per file; a part here holds at most sitemapPartURLs URLs, each with its
// hreflang alternates (about 600 bytes), so a part stays near 6 MB.
const (
	sitemapPartURLs = 10_000
	// sitemapMinInterval is the least time between the starts of two
	// builds for one base: while the catalog changes often (an import),
	// the sitemap follows it at this pace, not at every change.
	sitemapMinInterval = 10 * time.Second
	// sitemapMaxBases bounds the sets kept when links follow the request's
	// host (HUBDIR_PUBLIC_URL unset): one per host asked for.
	sitemapMaxBases = 8
	// sitemapWait bounds how long a request waits for the first build of
	// its base.
	sitemapWait = 30 * time.Second
)

// sitemapFiles is one build of the sitemap for one base URL: the index and
// its parts, gzipped once. Immutable.
type sitemapFiles struct {
	version uint64 // the catalog's Version it was built from
	index   sitemapFile
	parts   []sitemapFile
}

// sitemapFile is one document of a build.
type sitemapFile struct {
	gz   []byte // the gzip form; clients that do not accept gzip get it inflated
	etag string
}

// sitemapStore keeps the current build per base URL and builds the next
// one in the background: one build at a time per base, readers get the
// previous build meanwhile; only the very first build of a base is waited
// for (by every request that asks for it, rendered once).
type sitemapStore struct {
	log     *slog.Logger
	mu      sync.Mutex
	sets    map[string]*sitemapFiles
	busy    map[string]chan struct{}
	started map[string]time.Time
}

// newSitemapStore returns an empty store.
func newSitemapStore(log *slog.Logger) *sitemapStore {
	return &sitemapStore{log: log, sets: map[string]*sitemapFiles{}, busy: map[string]chan struct{}{}, started: map[string]time.Time{}}
}

// get returns the build of base: the current one when it was built at
// version, else the last one while build makes the next in the
// background; without any, it waits for the first (nil when ctx ends or
// the build failed).
func (s *sitemapStore) get(ctx context.Context, base string, version uint64, now time.Time, build func() *sitemapFiles) *sitemapFiles {
	s.mu.Lock()
	cur, ch := s.sets[base], s.busy[base]
	if cur != nil && (cur.version == version || ch != nil || now.Sub(s.started[base]) < sitemapMinInterval) {
		s.mu.Unlock()
		return cur
	}
	if ch == nil {
		ch = make(chan struct{})
		s.busy[base], s.started[base] = ch, now
		go s.run(base, ch, build)
	}
	s.mu.Unlock()
	if cur != nil {
		return cur
	}
	t := time.NewTimer(sitemapWait)
	defer t.Stop()
	select {
	case <-ch:
	case <-ctx.Done():
		return nil
	case <-t.C:
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sets[base]
}

// run builds the files of base and makes them current.
func (s *sitemapStore) run(base string, ch chan struct{}, build func() *sitemapFiles) {
	var f *sitemapFiles
	defer func() {
		if r := recover(); r != nil {
			// The last build stays; the next request tries again.
			s.log.Error("sitemap build failed", "panic", r)
		}
		s.mu.Lock()
		if f != nil {
			s.sets[base] = f
			for b := range s.sets {
				if len(s.sets) <= sitemapMaxBases {
					break
				}
				if b != base {
					delete(s.sets, b)
					delete(s.started, b)
				}
			}
		}
		delete(s.busy, base)
		close(ch)
		s.mu.Unlock()
	}()
	f = build()
}

// buildSitemap renders the sitemap of base from the catalog: the parts of
// at most sitemapPartURLs URLs, then the index naming them.
func (h *Handler) buildSitemap(base string) *sitemapFiles {
	f := &sitemapFiles{version: h.cfg.Catalog.Version()}
	var lastMods []string
	w := &sitemapWriter{done: func(raw []byte, lastMod string) {
		f.parts = append(f.parts, newSitemapFile(raw))
		lastMods = append(lastMods, lastMod)
	}}
	for _, p := range h.sitemapPages(base) {
		w.page(base, p)
	}
	w.close()
	var index bytes.Buffer
	writeSitemapIndex(&index, base, lastMods)
	f.index = newSitemapFile(index.Bytes())
	return f
}

// newSitemapFile gzips raw once.
func newSitemapFile(raw []byte) sitemapFile {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	_, _ = zw.Write(raw)
	_ = zw.Close()
	h := fnv.New64a()
	_, _ = h.Write(raw)
	return sitemapFile{gz: gz.Bytes(), etag: `"sm` + strconv.FormatUint(h.Sum64(), 36) + `"`}
}

// Sitemap answers GET /sitemap.xml: the sitemap index, naming the parts
// (/sitemap-1.xml, ...). See SitemapPart for what they hold.
func (h *Handler) Sitemap(c *fiber.Ctx) error {
	f, err := h.sitemapFiles(c)
	if err != nil {
		return err
	}
	return h.sendSitemap(c, f.index)
}

// SitemapPart answers GET /sitemap-{n}.xml: part n of the sitemap, every
// public page in every locale (home, hub pages, the lists and every public
// need, company, agreement, offer and laboratory), each with lastmod and
// hreflang alternates for the locales the page has text in plus
// x-default. URLs are absolute, built from Config.PublicURL, else the
// request (see page.Site.PublicBase).
func (h *Handler) SitemapPart(c *fiber.Ctx) error {
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 || strconv.Itoa(n) != c.Params("n") {
		return fiber.ErrNotFound
	}
	f, err := h.sitemapFiles(c)
	if err != nil {
		return err
	}
	if n > len(f.parts) {
		return fiber.ErrNotFound
	}
	return h.sendSitemap(c, f.parts[n-1])
}

// sitemapFiles returns the current build for the request's base URL.
func (h *Handler) sitemapFiles(c *fiber.Ctx) (*sitemapFiles, error) {
	base := h.PublicBase(c)
	f := h.sitemaps.get(c.UserContext(), base, h.cfg.Catalog.Version(), h.cfg.Now(), func() *sitemapFiles {
		return h.buildSitemap(base)
	})
	if f == nil {
		return nil, fiber.ErrServiceUnavailable
	}
	return f, nil
}

// sendSitemap answers with one file: 304 for a matching If-None-Match, the
// stored gzip for clients that accept it, else the inflated document.
func (h *Handler) sendSitemap(c *fiber.Ctx, f sitemapFile) error {
	c.Set(fiber.HeaderContentType, "application/xml; charset=utf-8")
	h.SetPublicCache(c, "public, max-age=3600")
	c.Vary(fiber.HeaderAcceptEncoding)
	c.Set(fiber.HeaderETag, f.etag)
	if inm := c.Request().Header.Peek(fiber.HeaderIfNoneMatch); len(inm) > 0 && pagecache.ETagMatch(inm, f.etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	if pagecache.AcceptsGzip(c.Request().Header.Peek(fiber.HeaderAcceptEncoding)) {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		c.Response().SetBodyRaw(f.gz)
		return nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(f.gz))
	if err != nil {
		return err
	}
	c.Response().SetBodyStream(zr, -1)
	return nil
}
