package web

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// ParsePublicURL checks the site's public address (HUBDIR_PUBLIC_URL) and
// returns it as the base of absolute links: "https://hub.example.org"
// (scheme and host in lower case, no trailing slash). It must be an
// absolute http or https URL with a host and nothing after it but an
// optional "/": no user, path, query or fragment, since every route of the
// site starts at the root.
func ParsePublicURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", err
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("want an absolute http:// or https:// URL")
	case u.Host == "" || u.Hostname() == "":
		return "", errors.New("no host")
	case u.User != nil:
		return "", errors.New("a user or password does not belong in it")
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || u.Opaque != "":
		return "", errors.New("want the site's root: no path, query or fragment")
	case !plainHost(u.Host):
		return "", errors.New("the host must be a plain host name or address, with an optional port")
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}

// publicBase returns the absolute base URL of the links a page or document
// gives to others: the canonical link, og:url, hreflang alternates,
// JSON-LD, the sitemap, the feed and robots.txt. It is Config.PublicURL
// when set. Else it falls back to the request's scheme and host
// (discoveryBase), which a client chooses: the answer is then marked
// "private, no-store" and to vary by host, so that no shared cache hands one
// host's links to another; handlers set their own caching with
// setPublicCache, which keeps it so.
func (h *Handler) publicBase(c *fiber.Ctx) string {
	if h.cfg.PublicURL != "" {
		return h.cfg.PublicURL
	}
	c.Vary(fiber.HeaderHost, fiber.HeaderXForwardedHost, fiber.HeaderXForwardedProto)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return discoveryBase(c)
}

// setPublicCache sets Cache-Control to value (public caching) when the
// links of the answer come from Config.PublicURL; otherwise the answer
// stays private (see publicBase).
func (h *Handler) setPublicCache(c *fiber.Ctx, value string) {
	if h.cfg.PublicURL == "" {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return
	}
	c.Set(fiber.HeaderCacheControl, value)
}
