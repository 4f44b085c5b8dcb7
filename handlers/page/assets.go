package page

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
)

//go:embed static
var staticFS embed.FS

// asset is one static file, ready to serve.
type asset struct {
	body  []byte
	ctype string
	hash  string // first 12 hex digits of the SHA-256 of body
}

// assets are the static files by name ("site.css", "fonts/x.woff2"), served
// at /static/<hash>/<name> so that they can be cached for a year.
type assets struct {
	files map[string]*asset
}

// loadAssets reads and hashes the embedded static files. In CSS files,
// references "/static/<name>" to other static files become their versioned
// URLs (so a new font changes the style sheet's hash too).
func loadAssets() (*assets, error) {
	a := &assets{files: map[string]*asset{}}
	var css []string
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		ct := mime.TypeByExtension(path.Ext(name))
		switch path.Ext(name) {
		case ".woff2":
			ct = "font/woff2"
		case ".txt":
			ct = "text/plain; charset=utf-8"
		case ".css":
			ct = "text/css; charset=utf-8"
			css = append(css, name)
		case ".js":
			ct = "text/javascript; charset=utf-8"
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.files[name] = &asset{body: body, ctype: ct, hash: hashOf(body)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	names := make([]string, 0, len(a.files))
	for n := range a.files {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) }) // longest first
	for _, name := range css {
		f := a.files[name]
		s := string(f.body)
		for _, other := range names {
			if other != name {
				s = strings.ReplaceAll(s, `"/static/`+other+`"`, `"`+a.url(other)+`"`)
			}
		}
		f.body = []byte(s)
		f.hash = hashOf(f.body)
	}
	if a.files["site.css"] == nil {
		return nil, fmt.Errorf("web: static/site.css is missing")
	}
	return a, nil
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// url returns the versioned URL of the static file name.
func (a *assets) url(name string) string {
	f, ok := a.files[name]
	if !ok {
		return "/static/missing/" + name
	}
	return "/static/" + f.hash + "/" + name
}

// Static answers GET /static/{hash}/{name}: the file, cached for a year
// when the hash is current; a stale hash still gets the current file, but
// cached only briefly.
func (s *Site) Static(c *fiber.Ctx) error {
	name := c.Params("*")
	f, ok := s.assets.files[name]
	if !ok {
		return fiber.ErrNotFound
	}
	if c.Params("hash") == f.hash {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	}
	c.Set(fiber.HeaderContentType, f.ctype)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set(fiber.HeaderETag, `"`+f.hash+`"`)
	if c.Get(fiber.HeaderIfNoneMatch) == `"`+f.hash+`"` {
		return c.SendStatus(fiber.StatusNotModified)
	}
	return c.Send(f.body)
}
