// Package pagecache keeps whole anonymous GET answers (HTML pages, public
// API lists) in memory, so that a page is rendered once per version of
// what it shows rather than once per request.
//
// An answer is cached under its request: scheme and host (canonical links
// are absolute), path and query exactly as sent, and what Config.Vary adds
// (the API's negotiated language). A cached answer is served only while
// the era it was rendered in is current: the same content version
// (Config.Version: a number that every write of what the pages show
// changes, such as the catalog's state, which this process's writes change
// before their response and the sync changes for other processes'), the
// same epoch (Invalidate, for a change Config.Version cannot see) and the
// same day (Config.Day: statuses such as "expired" and "closes in N days"
// change at midnight). A write is therefore visible on this process's
// pages before its response is sent, and writes of what no page shows
// (Config.Version does not change) keep every answer. As a safety net for
// content that is not versioned, an answer older than Config.MaxAge is
// rendered again (while one request renders, the others get the previous
// answer).
//
// Per-request parts of a page are holes: the handler calls Hole for them
// (the CSRF token of a form); while a page is recorded the hole is a
// marker, and each answer fills the markers with the request's own values.
//
// What is never cached: requests other than GET, requests with an
// Authorization header or with a cookie outside Config.Cookies (a staff
// session, a flash cookie), requests Config.Skip names, and answers that
// are not 200, that set a cookie, that already have a Content-Encoding,
// or whose Cache-Control says private or no-store, unless they also vary
// by Host: a page whose absolute links follow the request's host is
// marked "private, no-store, Vary: Host" for shared caches (page.Site's
// PublicBase), and this cache keys on the host. A page that depends on
// anything else of the request (a header, a cookie outside
// Config.Cookies) must say Cache-Control: private or no-store without
// varying by Host.
//
// Clients that accept gzip get the answer compressed once per entry; the
// others get the bytes as rendered. Every cached answer carries a strong
// ETag and answers a matching If-None-Match with 304.
package pagecache

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Config describes what a cached answer depends on.
type Config struct {
	// Version returns a number that changes whenever the content that
	// pages show may have changed (the catalog's state version). Required.
	Version func() uint64
	// Day returns the current day in the zone that decides dates shown
	// ("2026-12-01"). Required.
	Day func() string
	// Vary returns what else of the request an answer depends on (nil:
	// nothing); it is part of the key.
	Vary func(c *fiber.Ctx) string
	// Skip reports whether a request is not to be served from the cache
	// at all (nil: none is skipped).
	Skip func(c *fiber.Ctx) bool
	// Cookies are the request cookies an answer does not depend on (or
	// only through a hole); a request with any other cookie is not served
	// from the cache.
	Cookies []string
	// MaxAge is how long an answer is served before it is rendered again
	// even though its era is current (default 2 s).
	MaxAge time.Duration
	// MaxBytes bounds the bytes of answers held (default 64 MiB); when it
	// is reached nothing more is added until the era changes.
	MaxBytes int64
	// MaxEntry is the largest answer cached (default 1 MiB).
	MaxEntry int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Cache is the answer cache and its middleware. It is safe for concurrent
// use.
type Cache struct {
	cfg     Config
	epoch   atomic.Uint64
	era     atomic.Pointer[era]
	marker  string // random prefix of hole markers, unique per Cache
	keyBufs sync.Pool
	cookies map[string]bool
	stats   Stats
}

// Stats counts the cache's outcomes since start.
type Stats struct {
	Hits, Misses, Bypasses, NotModified atomic.Uint64
}

// era is one generation of the cache: the answers rendered at one content
// version, write epoch and day.
type era struct {
	version, epoch uint64
	day            string

	mu       sync.RWMutex
	entries  map[string]*entry
	inflight map[string]chan struct{} // answers being rendered (await)
	bytes    int64
}

// New returns a cache with the given configuration.
func New(cfg Config) *Cache {
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = 2 * time.Second
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 64 << 20
	}
	if cfg.MaxEntry <= 0 {
		cfg.MaxEntry = 1 << 20
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	c := &Cache{cfg: cfg, marker: "hole" + hex.EncodeToString(b) + "x", cookies: map[string]bool{}}
	c.keyBufs.New = func() any { return new([]byte) }
	for _, name := range cfg.Cookies {
		c.cookies[name] = true
	}
	return c
}

// Invalidate starts a new era: no answer rendered before it is served
// again. Call it after a write of this process whose result pages show
// and Config.Version does not count, before the write's response is sent.
func (c *Cache) Invalidate() { c.epoch.Add(1) }

// Counters returns the cache's counters: hits, misses, bypasses and 304
// answers.
func (c *Cache) Counters() (hits, misses, bypasses, notModified uint64) {
	return c.stats.Hits.Load(), c.stats.Misses.Load(), c.stats.Bypasses.Load(), c.stats.NotModified.Load()
}

// recordingKey is the c.Locals key of the recorder of a page being
// rendered for the cache.
const recordingKey = "pagecache.recorder"

// Handler is the middleware: it serves a current cached answer, or lets
// the route render one and keeps it.
func (c *Cache) Handler(ctx *fiber.Ctx) error {
	if !c.cacheable(ctx) {
		c.stats.Bypasses.Add(1)
		return ctx.Next()
	}
	kp := c.keyBufs.Get().(*[]byte)
	defer c.keyBufs.Put(kp)
	key := c.key(ctx, (*kp)[:0])
	*kp = key

	version, epoch, day := c.cfg.Version(), c.epoch.Load(), c.cfg.Day()
	now := c.cfg.Now()
	var stale *entry // an expired answer this request renders again
	cur := c.current(version, epoch, day)
	cur.mu.RLock()
	e := cur.entries[string(key)]
	cur.mu.RUnlock()
	if e != nil {
		// Expired: one request renders it again, the others keep
		// getting it meanwhile.
		if now.Before(e.expires) || !e.refreshing.CompareAndSwap(false, true) {
			c.stats.Hits.Add(1)
			return c.serve(ctx, e)
		}
		stale = e
	} else if e, leader := cur.await(string(key)); e != nil {
		// Another request was rendering it: its answer.
		c.stats.Hits.Add(1)
		return c.serve(ctx, e)
	} else if leader {
		defer cur.done(string(key))
	}

	c.stats.Misses.Add(1)
	rec := &recorder{cache: c}
	ctx.Locals(recordingKey, rec)
	err := ctx.Next()
	ctx.Locals(recordingKey, nil)
	e, storable := (*entry)(nil), false
	if err == nil {
		e, storable = c.build(ctx, rec, now)
	}
	if stale != nil && !storable {
		stale.refreshing.Store(false) // let a later request try again
	}
	if err != nil || e == nil {
		return err
	}
	if storable {
		c.store(string(key), e, version, epoch, day)
	}
	return c.serve(ctx, e)
}

// current returns the era of (version, epoch, day), making it the
// current one when it is newer than the current one.
func (c *Cache) current(version, epoch uint64, day string) *era {
	for {
		cur := c.era.Load()
		if cur != nil && cur.version == version && cur.epoch == epoch && cur.day == day {
			return cur
		}
		next := &era{version: version, epoch: epoch, day: day, entries: map[string]*entry{}, inflight: map[string]chan struct{}{}}
		if cur != nil && (c.cfg.Version() != version || c.epoch.Load() != epoch || c.cfg.Day() != day) {
			// Already superseded: a private era nothing else uses.
			return next
		}
		if c.era.CompareAndSwap(cur, next) {
			return next
		}
	}
}

// renderWait bounds how long a request waits for another that renders
// the same answer, before it renders it itself.
const renderWait = 5 * time.Second

// await returns the answer of key once the request rendering it has
// stored it, or nil with leader set when no request renders it (the
// caller renders it, and must call done), or nil when waiting took too
// long or the answer was not kept.
func (r *era) await(key string) (e *entry, leader bool) {
	r.mu.Lock()
	if e := r.entries[key]; e != nil {
		r.mu.Unlock()
		return e, false
	}
	ch, busy := r.inflight[key]
	if !busy {
		r.inflight[key] = make(chan struct{})
		r.mu.Unlock()
		return nil, true
	}
	r.mu.Unlock()
	t := time.NewTimer(renderWait)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
		return nil, false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.entries[key], false
}

// done ends the rendering of key: the requests waiting for it look again.
func (r *era) done(key string) {
	r.mu.Lock()
	if ch, ok := r.inflight[key]; ok {
		close(ch)
		delete(r.inflight, key)
	}
	r.mu.Unlock()
}

// cacheable reports whether the request may be answered from the cache:
// a GET without Authorization and without cookies other than the
// configured ones.
func (c *Cache) cacheable(ctx *fiber.Ctx) bool {
	if ctx.Method() != fiber.MethodGet || c.cfg.Skip != nil && c.cfg.Skip(ctx) {
		return false
	}
	h := &ctx.Request().Header
	if len(h.Peek(fiber.HeaderAuthorization)) > 0 {
		return false
	}
	ok := true
	h.VisitAllCookie(func(k, _ []byte) {
		if !c.cookies[string(k)] {
			ok = false
		}
	})
	return ok
}

// key appends the request's cache key to buf.
func (c *Cache) key(ctx *fiber.Ctx, buf []byte) []byte {
	buf = append(buf, ctx.Protocol()...)
	buf = append(buf, "://"...)
	buf = append(buf, ctx.Hostname()...)
	buf = append(buf, 0)
	buf = append(buf, ctx.Request().URI().Host()...)
	buf = append(buf, 0)
	buf = append(buf, ctx.Request().RequestURI()...)
	if c.cfg.Vary != nil {
		buf = append(buf, 0)
		buf = append(buf, c.cfg.Vary(ctx)...)
	}
	return buf
}

// store keeps e under key in the era (version, epoch, day), when that era
// is still the current one, and there is room.
func (c *Cache) store(key string, e *entry, version, epoch uint64, day string) {
	for {
		cur := c.era.Load()
		if cur != nil && cur.version == version && cur.epoch == epoch && cur.day == day {
			cur.mu.Lock()
			defer cur.mu.Unlock()
			size := e.size()
			if old := cur.entries[key]; old != nil {
				cur.bytes -= old.size()
			} else if cur.bytes+size > c.cfg.MaxBytes {
				return
			}
			cur.entries[key] = e
			cur.bytes += size
			return
		}
		// A newer era than the one rendered in: the answer may be stale.
		if c.cfg.Version() != version || c.epoch.Load() != epoch || c.cfg.Day() != day {
			return
		}
		next := &era{version: version, epoch: epoch, day: day, entries: map[string]*entry{}, inflight: map[string]chan struct{}{}}
		c.era.CompareAndSwap(cur, next)
	}
}

// Hole returns the value of a per-request part of a page: fill(ctx), or,
// while the page is being recorded for the cache, a marker that every
// answer from the cache replaces with fill of its own request. fill must
// depend on nothing but its argument (it runs for later requests), and
// its result must not need escaping where the page uses it.
func Hole(ctx *fiber.Ctx, fill func(*fiber.Ctx) string) string {
	rec, ok := ctx.Locals(recordingKey).(*recorder)
	if !ok || rec == nil {
		return fill(ctx)
	}
	return rec.hole(ctx, fill)
}

// recorder collects the holes of a page being rendered for the cache.
type recorder struct {
	cache    *Cache
	fills    []func(*fiber.Ctx) string
	overflow bool // more holes than markers can number: not stored
}

// holeDigits is the width of a hole's number in its marker.
const holeDigits = 3

// hole registers fill and returns its marker.
func (r *recorder) hole(ctx *fiber.Ctx, fill func(*fiber.Ctx) string) string {
	n := len(r.fills)
	if n >= 1000 {
		// Far more holes than any page has: not stored (see build).
		r.overflow = true
		return fill(ctx)
	}
	r.fills = append(r.fills, fill)
	var num [holeDigits]byte
	for i := holeDigits - 1; i >= 0; i-- {
		num[i] = byte('0' + n%10)
		n /= 10
	}
	return r.cache.marker + string(num[:])
}

// split cuts body at the markers of the recorder's holes: the literal
// segments and, between them, the number of each hole.
func (r *recorder) split(body []byte) (segs [][]byte, holes []int, ok bool) {
	m := []byte(r.cache.marker)
	for {
		i := bytes.Index(body, m)
		if i < 0 {
			segs = append(segs, body)
			return segs, holes, true
		}
		rest := body[i+len(m):]
		if len(rest) < holeDigits {
			return nil, nil, false
		}
		n := 0
		for _, d := range rest[:holeDigits] {
			if d < '0' || d > '9' {
				return nil, nil, false
			}
			n = n*10 + int(d-'0')
		}
		if n >= len(r.fills) {
			return nil, nil, false
		}
		segs = append(segs, body[:i])
		holes = append(holes, n)
		body = rest[holeDigits:]
	}
}
