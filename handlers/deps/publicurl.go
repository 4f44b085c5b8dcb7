package deps

import (
	"errors"
	"net/url"
	"strings"
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

// plainHost reports whether s looks like a host name or address with an
// optional port: ASCII letters, digits, '.', '-', ':', '[' and ']' only.
func plainHost(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
		case ch == '.', ch == '-', ch == ':', ch == '[', ch == ']':
		default:
			return false
		}
	}
	return true
}
