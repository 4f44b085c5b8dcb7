package pagecache

import (
	"bytes"
	"hash/fnv"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
)

// entry is one cached answer: its headers, its body cut at the holes, and
// the gzip form of the body once a client asked for it. An entry is
// immutable except for refreshing and the lazily made gzip form.
type entry struct {
	header [][2][]byte // response headers as rendered, minus per-request ones
	segs   [][]byte    // literal parts of the body; len(holes)+1 of them
	holes  []int       // the fill of each hole between segs
	fills  []func(*fiber.Ctx) string
	etag   string // of the literal parts; with holes, the fills' hash is added
	// ownETag is the ETag the route set itself (the API's version tag):
	// sent as is, and the cache answers no 304 for it.
	ownETag []byte
	expires time.Time
	bytes   int64

	refreshing atomic.Bool // one request is rendering it again (expired)
	gzOnce     sync.Once
	gz         *gzipped
}

// size returns the bytes the entry holds, its gzip form not included.
func (e *entry) size() int64 { return e.bytes }

// skipHeaders are response headers never stored: per request, or set by
// the cache itself.
var skipHeaders = map[string]bool{
	fiber.HeaderContentLength: true, fiber.HeaderSetCookie: true, fiber.HeaderXRequestID: true,
	fiber.HeaderDate: true, fiber.HeaderServer: true, fiber.HeaderConnection: true,
	fiber.HeaderContentEncoding: true, fiber.HeaderTransferEncoding: true, fiber.HeaderETag: true,
	fiber.HeaderVary: true,
}

// build makes an entry of the answer just rendered, filling its holes for
// this request, and reports whether it may be kept. It returns nil when
// there is nothing to do: an answer that is not kept and has no holes is
// sent as rendered.
func (c *Cache) build(ctx *fiber.Ctx, rec *recorder, now time.Time) (*entry, bool) {
	resp := ctx.Response()
	storable := resp.StatusCode() == fiber.StatusOK &&
		len(resp.Header.Peek(fiber.HeaderContentEncoding)) == 0 &&
		len(resp.Body()) <= c.cfg.MaxEntry
	if cc := resp.Header.Peek(fiber.HeaderCacheControl); (bytes.Contains(cc, []byte("no-store")) ||
		bytes.Contains(cc, []byte("private"))) && !variesByHost(resp.Header.Peek(fiber.HeaderVary)) {
		storable = false
	}
	resp.Header.VisitAllCookie(func(_, _ []byte) { storable = false })
	if rec.overflow {
		storable = false
	}
	if !storable && len(rec.fills) == 0 {
		return nil, false
	}
	body := bytes.Clone(resp.Body())
	segs, holes, ok := rec.split(body)
	if !ok {
		// Marker-like text the recorder did not make: not cacheable, and
		// the holes cannot be told apart from it.
		return nil, false
	}
	if !storable {
		// Sent as rendered, with this request's values in the holes.
		resp.ResetBody()
		vals := make([]string, len(rec.fills))
		for i, fill := range rec.fills {
			vals[i] = fill(ctx)
		}
		for i, s := range segs {
			resp.AppendBody(s)
			if i < len(holes) {
				resp.AppendBodyString(vals[holes[i]])
			}
		}
		return nil, false
	}
	e := &entry{segs: segs, holes: holes, fills: rec.fills, expires: now.Add(c.cfg.MaxAge), bytes: int64(len(body))}
	resp.Header.VisitAll(func(k, v []byte) {
		if skipHeaders[string(k)] {
			return
		}
		e.header = append(e.header, [2][]byte{bytes.Clone(k), bytes.Clone(v)})
		e.bytes += int64(len(k) + len(v))
	})
	if et := resp.Header.Peek(fiber.HeaderETag); len(et) > 0 {
		e.ownETag = bytes.Clone(et)
	}
	h := fnv.New64a()
	for _, s := range segs {
		_, _ = h.Write(s)
		_, _ = h.Write([]byte{0})
	}
	e.etag = strconv.FormatUint(h.Sum64(), 36)
	return e, storable
}

// serve answers the request with e: its headers, its ETag (304 when the
// client has it), and its body, gzipped when the client accepts gzip.
func (c *Cache) serve(ctx *fiber.Ctx, e *entry) error {
	resp := ctx.Response()
	for _, kv := range e.header {
		resp.Header.SetCanonical(kv[0], kv[1]) // as the response header held them
	}
	if len(resp.Header.Peek(fiber.HeaderCacheControl)) == 0 {
		resp.Header.Set(fiber.HeaderCacheControl, "no-cache")
	}
	ctx.Vary(fiber.HeaderAcceptEncoding)

	var vals []string
	etag := e.etag
	if len(e.fills) > 0 {
		vals = make([]string, len(e.fills))
		h := fnv.New32a()
		for i, fill := range e.fills {
			vals[i] = fill(ctx)
			_, _ = h.Write([]byte(vals[i]))
			_, _ = h.Write([]byte{0})
		}
		etag += "-" + strconv.FormatUint(uint64(h.Sum32()), 36)
	}
	etag = `"` + etag + `"`
	resp.SetStatusCode(fiber.StatusOK)
	if e.ownETag != nil {
		resp.Header.SetBytesV(fiber.HeaderETag, e.ownETag)
	} else {
		resp.Header.Set(fiber.HeaderETag, etag)
	}
	if inm := ctx.Request().Header.Peek(fiber.HeaderIfNoneMatch); len(inm) > 0 && e.ownETag == nil && ETagMatch(inm, etag) {
		c.stats.NotModified.Add(1)
		resp.ResetBody()
		resp.SetStatusCode(fiber.StatusNotModified)
		return nil
	}
	if AcceptsGzip(ctx.Request().Header.Peek(fiber.HeaderAcceptEncoding)) {
		resp.Header.Set(fiber.HeaderContentEncoding, "gzip")
		gz := e.gzipped()
		if len(e.holes) == 0 {
			resp.SetBodyRaw(gz.full)
			return nil
		}
		resp.ResetBody()
		resp.SetBodyRaw(gz.assemble(nil, e, vals))
		return nil
	}
	resp.Header.Del(fiber.HeaderContentEncoding)
	if len(e.holes) == 0 {
		resp.SetBodyRaw(e.segs[0])
		return nil
	}
	n := 0
	for _, s := range e.segs {
		n += len(s)
	}
	for _, hole := range e.holes {
		n += len(vals[hole])
	}
	out := make([]byte, 0, n)
	for i, s := range e.segs {
		out = append(out, s...)
		if i < len(e.holes) {
			out = append(out, vals[e.holes[i]]...)
		}
	}
	resp.SetBodyRaw(out)
	return nil
}

// ETagMatch reports whether the If-None-Match header inm names etag (or
// is "*"). Weak tags match too (RFC 9110's weak comparison).
func ETagMatch(inm []byte, etag string) bool {
	for len(inm) > 0 {
		var tag []byte
		if i := bytes.IndexByte(inm, ','); i >= 0 {
			tag, inm = inm[:i], inm[i+1:]
		} else {
			tag, inm = inm, nil
		}
		tag = bytes.TrimSpace(tag)
		tag = bytes.TrimPrefix(tag, []byte("W/"))
		if string(tag) == etag || string(tag) == "*" {
			return true
		}
	}
	return false
}

// AcceptsGzip reports whether an Accept-Encoding header value lists gzip
// (or *) without q=0.
func AcceptsGzip(ae []byte) bool {
	for len(ae) > 0 {
		var item []byte
		if i := bytes.IndexByte(ae, ','); i >= 0 {
			item, ae = ae[:i], ae[i+1:]
		} else {
			item, ae = ae, nil
		}
		name, params, _ := bytes.Cut(item, []byte(";"))
		name = bytes.TrimSpace(name)
		if !bytes.EqualFold(name, []byte("gzip")) && !bytes.Equal(name, []byte("*")) {
			continue
		}
		q := bytes.TrimSpace(params)
		if v, ok := bytes.CutPrefix(q, []byte("q=")); ok {
			if f, err := strconv.ParseFloat(string(bytes.TrimSpace(v)), 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// variesByHost reports whether a Vary header value names Host: the answer
// is private only because it follows the request's host, which the key
// holds.
func variesByHost(vary []byte) bool {
	for _, f := range bytes.Split(vary, []byte(",")) {
		if bytes.EqualFold(bytes.TrimSpace(f), []byte(fiber.HeaderHost)) {
			return true
		}
	}
	return false
}
