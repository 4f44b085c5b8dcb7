package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/handlers/clientaddr"
)

// HitCounter keeps the fixed-window counters that rate limiters share
// between the instances of the service (content/mongo's Store is one).
type HitCounter interface {
	// AddHits adds n hits to key's counter of the window starting at
	// window, kept at least until expires, and returns its total.
	AddHits(ctx context.Context, key string, window, expires time.Time, n int64) (int64, error)
	// PruneHits deletes the counters that expired before t.
	PruneHits(ctx context.Context, t time.Time) error
}

// Bounds of the rate limiters' work against the store.
const (
	// limitStoreTimeout bounds one call to the HitCounter: a limiter never
	// holds a request long because the store is slow or gone.
	limitStoreTimeout = 500 * time.Millisecond
	// limitStoreBackoff is how long a limiter counts locally only, after
	// the store failed it.
	limitStoreBackoff = 5 * time.Second
	// limitMaxKeys bounds the clients a limiter tracks per window; beyond
	// it, new clients are let through uncounted (and it is logged).
	limitMaxKeys = 100_000
)

// rateLimiter is a limit of requests per client address and window,
// counted in the store so that every instance of the service sees the
// same total. Counters are per fixed window (aligned on the clock, so that
// all instances share them); a client's count is the current window's
// plus the previous window's weighted by the part of it still within one
// window of now, so a client cannot double its rate across a window's
// edge. Each instance adds its hits to the shared counter every
// flushEvery (0: on every request, which makes the limit exact on MongoDB
// for requests that do not overlap; a request that arrives while another
// of the same client is adding its hits counts locally and is added by
// the next flush, so that no request waits for another's store write) and
// decides from the last shared total plus its own hits since.
// When the store cannot be reached, it goes on counting locally, so the
// limit still holds per instance and requests are never refused or held
// because of the store.
type rateLimiter struct {
	name       string // the counter keys' prefix and the metrics label
	max        int64
	window     time.Duration
	flushEvery time.Duration
	store      HitCounter
	m          *metrics
	log        *slog.Logger

	mu        sync.Mutex
	start     time.Time // the current window
	keys      map[string]*limitEntry
	prev      map[string]int64 // the previous window's totals
	downUntil time.Time        // no store calls before then
	full      bool             // limitMaxKeys reached in this window (logged once)
}

// limitEntry is one client's count in the current window.
type limitEntry struct {
	mu       sync.Mutex
	shared   int64     // the store's total at the last flush
	pending  int64     // hits not yet added to the store
	inflight int64     // hits being added by the flush in progress
	flushing bool      // a request is adding hits to the store
	flushed  time.Time // when pending was last added
}

// allow counts a hit of the client at addr and reports whether it is
// within the limit.
func (l *rateLimiter) allow(ctx context.Context, addr string) bool {
	now := time.Now()
	start := now.Truncate(l.window)
	l.mu.Lock()
	if !start.Equal(l.start) {
		prev := map[string]int64{}
		if start.Equal(l.start.Add(l.window)) {
			for k, e := range l.keys {
				e.mu.Lock()
				prev[k] = e.shared + e.pending
				e.mu.Unlock()
			}
		}
		if l.store != nil && !l.start.IsZero() {
			go l.prune(start.Add(-l.window))
		}
		l.start, l.keys, l.prev, l.full = start, map[string]*limitEntry{}, prev, false
	}
	before := l.prev[addr]
	e := l.keys[addr]
	if e == nil {
		if len(l.keys) >= limitMaxKeys {
			if !l.full {
				l.full = true
				l.log.WarnContext(ctx, "rate limiter: too many clients in one window; not counting new ones", "limiter", l.name)
			}
			l.mu.Unlock()
			return true
		}
		e = &limitEntry{}
		l.keys[string([]byte(addr))] = e
	}
	useStore := l.store != nil && now.After(l.downUntil)
	l.mu.Unlock()

	// One request at a time adds the client's hits to the store, without
	// holding the entry: the client's other requests meanwhile count
	// locally and go on (they are added by the next flush) instead of
	// queueing behind a store write.
	e.mu.Lock()
	e.pending++
	flush := useStore && !e.flushing && (l.flushEvery == 0 || now.Sub(e.flushed) >= l.flushEvery)
	var n int64
	if flush {
		n, e.pending, e.inflight, e.flushing = e.pending, 0, e.pending, true
	}
	count := e.shared + e.pending + e.inflight
	e.mu.Unlock()
	if flush {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), limitStoreTimeout)
		total, err := l.store.AddHits(sctx, l.key(addr), start, start.Add(2*l.window), n)
		cancel()
		e.mu.Lock()
		e.inflight, e.flushing = 0, false
		if err == nil {
			// The total holds these hits and every instance's before them.
			e.shared, e.flushed = max(e.shared+n, total), now
		} else {
			e.pending += n
		}
		count = e.shared + e.pending
		e.mu.Unlock()
		if err != nil {
			l.m.limiterFalls.WithLabelValues(l.name).Inc()
			l.log.WarnContext(ctx, "rate limiter: store unreachable; counting locally", "limiter", l.name, "err", err)
			l.mu.Lock()
			l.downUntil = now.Add(limitStoreBackoff)
			l.mu.Unlock()
		}
	}
	weight := 1 - float64(now.Sub(start))/float64(l.window)
	return float64(before)*weight+float64(count) <= float64(l.max)
}

// key is the store key of a client's counter: the limiter's name and a
// hash of the address, so that the store holds no client addresses.
func (l *rateLimiter) key(addr string) string {
	sum := sha256.Sum256([]byte(l.name + "\x00" + addr))
	return l.name + ":" + hex.EncodeToString(sum[:12])
}

// prune deletes the counters of windows before t.
func (l *rateLimiter) prune(t time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.store.PruneHits(ctx, t); err != nil {
		l.log.Warn("rate limiter: pruning old counters", "limiter", l.name, "err", err)
	}
}

// handler returns the middleware that refuses (429, with Retry-After) the
// requests of a client over the limit. The client is clientaddr.Of: the
// peer, or behind trusted proxies the rightmost X-Forwarded-For address
// that is not one of them.
func (l *rateLimiter) handler() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if l.allow(c.UserContext(), clientaddr.Of(c)) {
			return c.Next()
		}
		l.m.limited.WithLabelValues(l.name).Inc()
		retry := time.Until(time.Now().Truncate(l.window).Add(l.window))
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(retry.Seconds())+1))
		return fiber.ErrTooManyRequests
	}
}

// newLimiter returns the limiter name of max requests per window; nil when
// max is negative (no limit).
func (s *Server) newLimiter(name string, max int, window, flushEvery time.Duration) *rateLimiter {
	if max < 0 {
		return nil
	}
	return &rateLimiter{
		name: name, max: int64(max), window: window, flushEvery: flushEvery,
		store: s.limits, m: s.m, log: s.cfg.Logger,
	}
}

// limit returns l's middleware, or a pass-through when l is nil.
func limit(l *rateLimiter) fiber.Handler {
	if l == nil {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	return l.handler()
}
