// Package clientaddr finds the address of the client that sent a request,
// behind reverse proxies that append to X-Forwarded-For.
//
// A proxy appends the address it received the request from to the right of
// X-Forwarded-For; whatever is to the left came from further away, and the
// leftmost entries are whatever the client chose to send. So the client is
// the rightmost address that is not one of our own proxies: the walk starts
// at the peer (only when it is a trusted proxy) and moves left over the
// header while the addresses are trusted proxies. Fiber's c.IP() with
// ProxyHeader takes the leftmost entry, which any client can forge through
// an appending proxy; use Of instead.
package clientaddr

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// localKey is the c.Locals key of the client address the middleware found.
const localKey = "hubdir.client_addr"

// Resolver finds client addresses given the trusted proxies. The zero
// value trusts no proxy. It is safe for concurrent use.
type Resolver struct {
	trusted []netip.Prefix
}

// New returns the resolver that trusts the proxies listed (addresses or
// CIDR ranges); an entry that is neither is an error.
func New(trusted []string) (*Resolver, error) {
	r := &Resolver{}
	for _, s := range trusted {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			r.trusted = append(r.trusted, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is neither an address nor a CIDR range", s)
		}
		a = a.Unmap()
		r.trusted = append(r.trusted, netip.PrefixFrom(a, a.BitLen()))
	}
	return r, nil
}

// isTrusted reports whether a is one of the trusted proxies.
func (r *Resolver) isTrusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Resolve returns the client's address, given the peer's address and the
// X-Forwarded-For values in the order they arrived (several headers are
// one list). Without trusted proxies, or from a peer that is not one, it is
// the peer. Otherwise it is the rightmost forwarded address that is not a
// trusted proxy; when every one is (or one cannot be read, which a trusted
// proxy would not have written), the last address reached.
func (r *Resolver) Resolve(peer netip.Addr, forwardedFor []string) netip.Addr {
	peer = peer.Unmap()
	if len(r.trusted) == 0 || !r.isTrusted(peer) {
		return peer
	}
	var hops []string
	for _, v := range forwardedFor {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			return client
		}
		client = a
		if !r.isTrusted(a) {
			return a
		}
	}
	return client
}

// parseHop reads one X-Forwarded-For entry: an address, also with a port
// ("192.0.2.1:4711", "[2001:db8::1]:4711").
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// Middleware finds the request's client address and keeps it for Of. It
// must run before anything that calls Of.
func (r *Resolver) Middleware() fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Locals(localKey, r.of(c))
		return c.Next()
	}
}

// of resolves the client address of c.
func (r *Resolver) of(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.Context().RemoteIP().String()
	}
	var xff []string
	if len(r.trusted) > 0 {
		for _, v := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
			xff = append(xff, string(v)) // copied: fasthttp reuses the buffer
		}
	}
	return r.Resolve(peer, xff).String()
}

// Of returns the client address of the request, as the middleware found
// it; the peer's address when the middleware did not run.
func Of(c *fiber.Ctx) string {
	if s, ok := c.Locals(localKey).(string); ok {
		return s
	}
	return c.Context().RemoteIP().String()
}
