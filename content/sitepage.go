package content

import (
	"context"
	"slices"
	"time"
)

// The platform's own pages (About, Privacy notice, Contact, Terms) and the
// site's settings (the park's name and logo), edited by administrators
// (issue 11). They live in the store; until an administrator saves one,
// the site shows the sample text (content/sample).

// Site page identifiers, also their paths: /{lang}/about and so on.
const (
	PageAbout   = "about"
	PagePrivacy = "privacy"
	PageContact = "contact"
	PageTerms   = "terms"
)

// Limits of the site pages and settings, in characters (bytes for the logo).
const (
	MaxPageTitle = 120
	MaxPageBody  = 20000
	MaxParkName  = 160
	MaxLogoBytes = 200 << 10
)

// SitePages returns the platform's page identifiers, in footer order.
func SitePages() []string { return []string{PageAbout, PagePrivacy, PageContact, PageTerms} }

// IsSitePage reports whether id names one of the platform's pages.
func IsSitePage(id string) bool { return slices.Contains(SitePages(), id) }

// SitePage is one of the platform's pages: a title and a body per locale.
// The body is plain text: paragraphs separated by blank lines; a line
// starting with "## " is a heading, "- " an item of a list.
type SitePage struct {
	ID        string    `bson:"_id" json:"id"`
	Title     Text      `bson:"title" json:"title"`
	Body      Text      `bson:"body" json:"body"`
	Version   int64     `bson:"version" json:"version"`
	UpdatedAt time.Time `bson:"updated_at" json:"updated_at"`
	UpdatedBy string    `bson:"updated_by" json:"-"`
}

// Validate normalises and checks a page.
func (p *SitePage) Validate() error {
	f := FieldErrors{}
	if !IsSitePage(p.ID) {
		f.add("id", RuleUnknownValue)
	}
	f.checkText("title", &p.Title, singleLine, true, MaxPageTitle)
	f.checkText("body", &p.Body, multiLine, true, MaxPageBody)
	return f.Err()
}

// SiteSettingsID is the _id of the settings document.
const SiteSettingsID = "settings"

// SiteSettings are the site-wide settings administrators edit: the park's
// name per locale (shown in the header, the feed and Open Graph) and its
// logo (PNG, JPEG or WebP; SVG is refused, as it can carry script).
type SiteSettings struct {
	ID        string    `bson:"_id" json:"-"`
	ParkName  Text      `bson:"park_name" json:"park_name"`
	Logo      []byte    `bson:"logo,omitempty" json:"-"`
	LogoType  string    `bson:"logo_type,omitempty" json:"logo_type,omitempty"`
	Version   int64     `bson:"version" json:"version"`
	UpdatedAt time.Time `bson:"updated_at" json:"updated_at"`
	UpdatedBy string    `bson:"updated_by" json:"-"`
}

// LogoTypeOf returns the media type of a logo image from its first bytes,
// "" when it is not a PNG, JPEG or WebP image.
func LogoTypeOf(b []byte) string {
	switch {
	case len(b) > 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n":
		return "image/png"
	case len(b) > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "image/jpeg"
	case len(b) > 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	}
	return ""
}

// Validate normalises and checks the settings.
func (s *SiteSettings) Validate() error {
	f := FieldErrors{}
	s.ID = SiteSettingsID
	f.checkText("park_name", &s.ParkName, singleLine, true, MaxParkName)
	switch {
	case len(s.Logo) > MaxLogoBytes:
		f.addBounds("logo", RuleTooLong, 0, MaxLogoBytes)
	case len(s.Logo) > 0 && LogoTypeOf(s.Logo) == "":
		f.add("logo", RuleInvalidType)
	case len(s.Logo) > 0:
		s.LogoType = LogoTypeOf(s.Logo)
	default:
		s.LogoType = ""
	}
	return f.Err()
}

// SiteStore keeps the platform's pages and settings. Writes are single
// documents with optimistic concurrency: version is the version read (0 to
// create); a stale one is ErrConflict. Reads of a page or of the settings
// never saved return ErrNotFound.
type SiteStore interface {
	SitePage(ctx context.Context, id string) (*SitePage, error)
	PutSitePage(ctx context.Context, p *SitePage, version int64, by string) (*SitePage, error)
	SiteSettings(ctx context.Context) (*SiteSettings, error)
	PutSiteSettings(ctx context.Context, s *SiteSettings, version int64, by string) (*SiteSettings, error)
}

// Audit kinds and actions of the platform's pages and settings.
const (
	KindSitePage     = "site_page"
	KindSiteSettings = "site_settings"
	AuditSiteSave    = "site.save"
)
