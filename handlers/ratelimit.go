package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"runtime/trace"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
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
	return l.begin(ctx, addr)()
}

// begin counts a hit of the client at addr and returns the function that
// reports whether it is within the limit. When this request adds the
// client's hits to the store, the limit is decided by the store's total
// (every instance's hits), which the returned function waits for: the
// caller may do other work meanwhile (limitWrite). With flushEvery set,
// the decision never waits: it is the last shared total plus this
// instance's hits since, as for every request that does not add the hits
// itself, and the addition runs on its own.
func (l *rateLimiter) begin(ctx context.Context, addr string) func() bool {
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
			return allowed
		}
		e = &limitEntry{}
		l.keys[string([]byte(addr))] = e
	}
	useStore := l.store != nil && now.After(l.downUntil)
	l.mu.Unlock()

	weight := 1 - float64(now.Sub(start))/float64(l.window)
	within := func(count int64) bool { return float64(before)*weight+float64(count) <= float64(l.max) }

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
	if !flush || l.flushEvery > 0 {
		if flush {
			go l.flush(ctx, addr, e, start, now, n)
		}
		ok := within(count)
		return func() bool { return ok }
	}
	var ok bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		ok = within(l.flush(ctx, addr, e, start, now, n))
	}()
	return func() bool {
		<-done
		return ok
	}
}

// allowed is the verdict of a hit that is within the limit.
func allowed() bool { return true }

// flush adds n hits of the client at addr (entry e, in the window that
// starts at start) to the store and returns the client's count after it:
// the store's total (every instance's hits) and this instance's hits not
// yet added. When the store fails, the hits stay pending and the limiter
// counts locally for limitStoreBackoff.
func (l *rateLimiter) flush(ctx context.Context, addr string, e *limitEntry, start, now time.Time, n int64) int64 {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), limitStoreTimeout)
	var total int64
	var err error
	trace.WithRegion(sctx, "limit "+l.name+" store", func() {
		total, err = l.store.AddHits(sctx, l.key(addr), start, start.Add(2*l.window), n)
	})
	cancel()
	e.mu.Lock()
	e.inflight, e.flushing = 0, false
	if err == nil {
		// The total holds these hits and every instance's before them.
		e.shared, e.flushed = max(e.shared+n, total), now
	} else {
		e.pending += n
	}
	count := e.shared + e.pending
	e.mu.Unlock()
	if err != nil {
		l.m.limiterFalls.WithLabelValues(l.name).Inc()
		l.log.WarnContext(ctx, "rate limiter: store unreachable; counting locally", "limiter", l.name, "err", err)
		l.mu.Lock()
		l.downUntil = now.Add(limitStoreBackoff)
		l.mu.Unlock()
	}
	return count
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

// refuse answers 429 with Retry-After.
func (l *rateLimiter) refuse(c *fiber.Ctx) error {
	l.m.limited.WithLabelValues(l.name).Inc()
	retry := time.Until(time.Now().Truncate(l.window).Add(l.window))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(retry.Seconds())+1))
	return fiber.ErrTooManyRequests
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
		return l.refuse(c)
	}
}

// errLimited is the write gate's error of a request over the limit.
var errLimited = errors.New("rate limited")

// writeHandler returns the middleware of l for a write whose store method
// passes the write gate (content.PassWriteGate: the registration of
// interest). The store's addition of the hit runs while the handler checks
// the request and reads what the write needs; the store waits for the
// verdict just before it writes, and writes nothing when it refuses. The
// answer is 429 (with Retry-After) for a request over the limit, whatever
// the handler found — as when the limit is decided before the handler.
func (l *rateLimiter) writeHandler() fiber.Handler {
	return func(c *fiber.Ctx) error {
		verdict := l.begin(c.UserContext(), clientaddr.Of(c))
		gate := func() error {
			if verdict() {
				return nil
			}
			return errLimited
		}
		c.SetUserContext(content.WithWriteGate(c.UserContext(), gate))
		err := c.Next()
		if !verdict() {
			// Nothing was written (the gate refused, or was not
			// reached); whatever the handler answered gives way.
			c.Response().ResetBody()
			c.Response().Header.Del(fiber.HeaderLocation)
			return l.refuse(c)
		}
		return err
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

// limitWrite returns l's middleware for a write that passes the write
// gate (writeHandler), or a pass-through when l is nil.
func limitWrite(l *rateLimiter) fiber.Handler {
	if l == nil {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	return l.writeHandler()
}

// limit returns l's middleware, or a pass-through when l is nil.
func limit(l *rateLimiter) fiber.Handler {
	if l == nil {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	return l.handler()
}
