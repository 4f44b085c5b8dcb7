package handlers

import (
	"runtime"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// Admission of public reads (issue 13, "Registrations under load, third
// round" in docs/performance.md).
//
// Public GET answers come from memory (the catalog, the page and API
// caches): each is pure CPU. Under a closed-loop load of many readers, all
// their handlers are runnable at once, and every other goroutine of the
// process — the embedded store's connections serving a registration, the
// registration's handler woken by the store's answer — waits behind them
// in the scheduler's run queues. So only so many public reads run at a
// time (by default one fewer than GOMAXPROCS, at least one): the others
// wait parked on a channel, not runnable, and the goroutines of the
// writes find a processor free. A slot covers the handler only (reading
// the request and writing the answer run outside it), so the readers'
// throughput stays what the CPU gives: measured on 2 cores with one slot,
// the same requests per second as without a bound (docs/performance.md).
//
// A read that is not served from memory (staff pages, a firm's own page,
// alert pages, health checks, anything with an Authorization header)
// takes no slot, so a slow or absent store never holds the public's
// reads. As a last resort a read waits at most admitWait for a slot and
// then runs without one.

// admitWait bounds a public read's wait for a slot.
const admitWait = 250 * time.Millisecond

// admission is the set of slots of public reads; nil: no bound.
type admission struct {
	slots    chan struct{}
	wait     time.Duration      // the longest wait for a slot (admitWait)
	timeouts prometheus.Counter // reads that ran without a slot
}

// newAdmission returns the admission of n reads at once: GOMAXPROCS-1
// (at least 1) when n is 0, none (nil) when n is negative. timeouts counts
// the reads that waited admitWait and ran without a slot.
func newAdmission(n int, timeouts prometheus.Counter) *admission {
	if n < 0 {
		return nil
	}
	if n == 0 {
		n = max(1, runtime.GOMAXPROCS(0)-1)
	}
	return &admission{slots: make(chan struct{}, n), wait: admitWait, timeouts: timeouts}
}

// handler returns the middleware that holds a slot while a public read
// runs.
func (a *admission) handler() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if a == nil || !admitted(c) {
			return c.Next()
		}
		select {
		case a.slots <- struct{}{}:
		default:
			t := time.NewTimer(a.wait)
			select {
			case a.slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				a.timeouts.Inc()
				return c.Next()
			}
		}
		defer func() { <-a.slots }()
		return c.Next()
	}
}

// admitted reports whether the request is a public read served from
// memory: a GET or HEAD without credentials, outside the staff workspace,
// a firm's own pages, the alert pages and the health and metrics
// endpoints (which read the store or are the operator's).
func admitted(c *fiber.Ctx) bool {
	if m := c.Method(); m != fiber.MethodGet && m != fiber.MethodHead {
		return false
	}
	if len(c.Request().Header.Peek(fiber.HeaderAuthorization)) > 0 {
		return false
	}
	return admittedPath(c.Path())
}

// admittedPath reports whether a GET of path is served from memory (see
// admitted).
func admittedPath(path string) bool {
	switch path {
	case "/healthz", "/readyz", "/metrics":
		return false
	}
	if strings.HasPrefix(path, "/api/") {
		return !strings.HasPrefix(path, "/api/v1/interests")
	}
	// /{lang}/{section}/...
	rest := strings.TrimPrefix(path, "/")
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return true
	}
	section, _, _ := strings.Cut(rest[i+1:], "/")
	switch section {
	case "staff", "my", "alerts":
		return false
	}
	// A registration's confirmation page reads the interest from the
	// store: /{lang}/needs/{ref}/interest/{eoi}.
	return !strings.Contains(rest[i:], "/interest/")
}
