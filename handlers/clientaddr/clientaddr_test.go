package clientaddr

import (
	"net/netip"
	"testing"
)

func TestResolve(t *testing.T) {
	r, err := New([]string{"127.0.0.1", "10.0.0.0/8", "2001:db8::/32"})
	if err != nil {
		t.Fatal(err)
	}
	none, _ := New(nil)
	cases := []struct {
		name string
		r    *Resolver
		peer string
		xff  []string
		want string
	}{
		{"no trusted proxies: the peer", none, "127.0.0.1", []string{"203.0.113.7"}, "127.0.0.1"},
		{"untrusted peer: its header ignored", r, "198.51.100.1", []string{"203.0.113.7"}, "198.51.100.1"},
		{"trusted peer, one hop", r, "127.0.0.1", []string{"203.0.113.7"}, "203.0.113.7"},
		{"client-chosen entries on the left are skipped", r, "127.0.0.1", []string{"6.6.1.1, 6.6.2.1, 203.0.113.7"}, "203.0.113.7"},
		{"trusted hops on the right are skipped", r, "127.0.0.1", []string{"6.6.1.1, 203.0.113.7, 10.0.0.2, 10.1.0.3"}, "203.0.113.7"},
		{"several headers are one list", r, "127.0.0.1", []string{"6.6.1.1", "203.0.113.7, 10.0.0.2"}, "203.0.113.7"},
		{"no header: the peer", r, "127.0.0.1", nil, "127.0.0.1"},
		{"all trusted: the leftmost", r, "127.0.0.1", []string{"10.0.0.9, 10.0.0.2"}, "10.0.0.9"},
		{"garbage left of the client", r, "127.0.0.1", []string{"evil, 203.0.113.7"}, "203.0.113.7"},
		{"garbage from a trusted hop: the last address read", r, "127.0.0.1", []string{"203.0.113.7, garbage, 10.0.0.2"}, "10.0.0.2"},
		{"ports", r, "127.0.0.1", []string{"6.6.1.1, 203.0.113.7:4711, [2001:db8::5]:80"}, "203.0.113.7"},
		{"IPv6 client", r, "::ffff:127.0.0.1", []string{"2001:db9::1, 2001:db8::2"}, "2001:db9::1"},
		{"mapped IPv4 peer", r, "::ffff:127.0.0.1", []string{"203.0.113.7"}, "203.0.113.7"},
	}
	for _, c := range cases {
		got := c.r.Resolve(netip.MustParseAddr(c.peer), c.xff)
		if got.String() != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestNewRefusesBadEntries(t *testing.T) {
	for _, s := range []string{"proxy.example", "10.0.0.0/33", "1.2.3"} {
		if _, err := New([]string{s}); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}
