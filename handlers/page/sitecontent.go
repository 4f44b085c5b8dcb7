package page

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"hubdir/content"
	"hubdir/content/sample"
)

// siteContentTTL is how long the platform's pages and settings are served
// from memory before they are read again (a few lookups by _id), so that
// an administrator's change on another instance shows within the design's
// 2 s bound for other processes' writes, and no public page reads the
// database on every request.
const siteContentTTL = 2 * time.Second

// SiteContent is a snapshot of the platform's pages and settings: what an
// administrator saved, else the embedded sample text. Shared, read-only.
type SiteContent struct {
	Settings *content.SiteSettings
	Pages    map[string]*content.SitePage
	// Saved says which pages (and "settings") come from the store, with
	// the version to edit from.
	Saved map[string]int64
	at    time.Time
	gen   uint64 // siteCache.gen when it was read
	sum   uint64 // the sum of Saved (SiteContentVersion)
}

// siteCache holds the current SiteContent of a Site.
type siteCache struct {
	cur      atomic.Pointer[SiteContent]
	gen      atomic.Uint64 // ReloadSiteContent's count: a snapshot of an older one is read again at once
	mu       sync.Mutex    // one refresh at a time
	defaults *sample.Site
}

// newSiteCache returns a cache that starts from the embedded sample.
func newSiteCache() (*siteCache, error) {
	def, err := sample.SiteContent()
	if err != nil {
		return nil, err
	}
	c := &siteCache{defaults: def}
	c.cur.Store(c.fromDefaults())
	return c, nil
}

func (c *siteCache) fromDefaults() *SiteContent {
	sc := &SiteContent{Settings: &c.defaults.Settings, Pages: map[string]*content.SitePage{}, Saved: map[string]int64{}}
	for _, p := range c.defaults.Pages {
		sc.Pages[p.ID] = p
	}
	return sc
}

// SiteContent returns the platform's pages and settings, reading them
// again when the snapshot is older than siteContentTTL (one request reads,
// the others keep the snapshot meanwhile) or older than the last
// ReloadSiteContent (every request waits for the one that reads: a save
// of this process is on its pages at once). When the store has no site
// collection or cannot be reached, the last snapshot stays.
func (s *Site) SiteContent(ctx context.Context) *SiteContent {
	cur := s.site.cur.Load()
	st, ok := s.cfg.Store.(content.SiteStore)
	gen := s.site.gen.Load()
	if !ok || cur.gen == gen && s.cfg.Now().Sub(cur.at) < siteContentTTL {
		return cur
	}
	if cur.gen == gen {
		if !s.site.mu.TryLock() {
			return cur
		}
	} else {
		s.site.mu.Lock()
		if cur = s.site.cur.Load(); cur.gen == gen {
			s.site.mu.Unlock() // another request has read it meanwhile
			return cur
		}
	}
	defer s.site.mu.Unlock()
	next, err := s.site.load(ctx, st, s.cfg.Now())
	if err != nil {
		s.cfg.Logger.WarnContext(ctx, "site pages: keeping the last ones", "err", err)
		c := *cur
		c.at = s.cfg.Now() // try again after the TTL, not on every request
		c.gen = gen
		s.site.cur.Store(&c)
		return &c
	}
	next.gen = gen
	s.site.cur.Store(next)
	return next
}

// ReloadSiteContent makes the next request read the store again, waiting
// for it (after an administrator's save on this instance).
func (s *Site) ReloadSiteContent() { s.site.gen.Add(1) }

// load reads every page and the settings from st, falling back to the
// defaults for those never saved.
func (c *siteCache) load(ctx context.Context, st content.SiteStore, now time.Time) (*SiteContent, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	sc := c.fromDefaults()
	sc.at = now
	set, err := st.SiteSettings(ctx)
	switch {
	case err == nil:
		sc.Settings, sc.Saved[content.SiteSettingsID] = set, set.Version
	case !errors.Is(err, content.ErrNotFound):
		return nil, err
	}
	for _, id := range content.SitePages() {
		p, err := st.SitePage(ctx, id)
		switch {
		case err == nil:
			sc.Pages[id], sc.Saved[id] = p, p.Version
		case !errors.Is(err, content.ErrNotFound):
			return nil, err
		}
	}
	for _, v := range sc.Saved {
		sc.sum += uint64(v)
	}
	return sc, nil
}

// SiteName returns the park's name for the view's locale (the settings'
// name, falling back like every name).
func (v *View) SiteName() string {
	sc := v.s.site.cur.Load()
	name, _ := sc.Settings.ParkName.Pick(v.Lang, content.FallbackOrder(v.Lang, nil)...)
	if name == "" {
		return v.T("web.site.name")
	}
	return name
}

// LogoURL returns the local URL of the park's logo: the uploaded one
// (versioned, so it can be cached) or the embedded default.
func (v *View) LogoURL() string {
	sc := v.s.site.cur.Load()
	if len(sc.Settings.Logo) > 0 {
		return "/site/logo?v=" + strconv.FormatInt(sc.Settings.Version, 10)
	}
	return v.Asset("logo.svg")
}

// LogoAbsURL returns the absolute URL of the logo, for Open Graph.
func (v *View) LogoAbsURL() string { return v.Base + v.LogoURL() }

// Block is one block of a platform page's body: a heading, a paragraph
// (Lines keep its line breaks) or a list.
type Block struct {
	Heading string
	Lines   []string
	Items   []string
}

// Blocks splits a platform page's plain-text body into blocks: a line
// starting with "## " is a heading; lines starting with "- " make a list;
// other lines make paragraphs, split at blank lines.
func Blocks(body string) []Block {
	var out []Block
	var cur *Block
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "## "):
			flush()
			out = append(out, Block{Heading: strings.TrimSpace(line[3:])})
		case strings.HasPrefix(line, "- "):
			if cur == nil || cur.Items == nil {
				flush()
				cur = &Block{Items: []string{}}
			}
			cur.Items = append(cur.Items, strings.TrimSpace(line[2:]))
		default:
			if cur == nil || cur.Items != nil {
				flush()
				cur = &Block{}
			}
			cur.Lines = append(cur.Lines, line)
		}
	}
	flush()
	return out
}

// SiteContentVersion returns a number that changes whenever an
// administrator saves a platform page or the settings (on any instance,
// seen within siteContentTTL): the sum of the saved versions, which only
// grow. Page caches add it to their key.
func (s *Site) SiteContentVersion(ctx context.Context) uint64 {
	return s.SiteContent(ctx).sum
}
