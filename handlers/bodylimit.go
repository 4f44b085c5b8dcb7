package handlers

import (
	"bytes"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"hubdir/handlers/staff"
)

// ImportBodyLimit bounds the body of a staff import (POST
// /{lang}/staff/import): the largest file the import reads
// (staff.MaxImportBytes) and its multipart envelope and form fields.
const ImportBodyLimit = staff.MaxImportBytes + 256<<10

// bodyLimit is the server's per-request body limit (fasthttp's
// HeaderReceived, consulted once a request's headers are read and before
// its body is): the import route gets ImportBodyLimit, every other route
// Fiber's BodyLimit (cfg.BodyLimit, 1 MiB by default). A body over its
// limit is refused from its Content-Length, unread, with 413.
func bodyLimit(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	if importRoute(h.Method(), h.RequestURI()) {
		return fasthttp.RequestConfig{MaxRequestBodySize: ImportBodyLimit}
	}
	return fasthttp.RequestConfig{}
}

// importRoute reports whether a request is a POST of the import form:
// /{lang}/staff/import (with any query), lang a path segment.
func importRoute(method, uri []byte) bool {
	if string(method) != fiber.MethodPost {
		return false
	}
	if i := bytes.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	rest, ok := bytes.CutSuffix(uri, []byte("/staff/import"))
	return ok && len(rest) > 1 && rest[0] == '/' && bytes.IndexByte(rest[1:], '/') < 0
}

// tooLarge answers a body over its limit: the import's own page for the
// import route (localised, with the size it takes), else the usual error.
func (s *Server) tooLarge(c *fiber.Ctx) (bool, error) {
	if !importRoute([]byte(c.Method()), []byte(c.OriginalURL())) {
		return false, nil
	}
	return true, s.staff.ImportTooLarge(c)
}
