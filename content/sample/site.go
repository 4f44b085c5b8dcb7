package sample

import (
	"fmt"

	"hubdir/content"
)

// Site is the sample text of the platform's pages and the default site
// settings (the park's name), in every locale: what the site shows until
// an administrator saves a page or the settings.
type Site struct {
	Settings content.SiteSettings `json:"settings"`
	Pages    []*content.SitePage  `json:"pages"`
}

// SiteContent decodes and validates the embedded site pages and settings.
// Each call returns a fresh copy.
func SiteContent() (*Site, error) {
	var s Site
	if err := decodeFile("site.json", &s); err != nil {
		return nil, err
	}
	if err := s.Settings.Validate(); err != nil {
		return nil, fmt.Errorf("sample: site.json settings: %w", err)
	}
	seen := map[string]bool{}
	for i, p := range s.Pages {
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("sample: site.json pages[%d]: %w", i, err)
		}
		seen[p.ID] = true
	}
	for _, id := range content.SitePages() {
		if !seen[id] {
			return nil, fmt.Errorf("sample: site.json: no page %q", id)
		}
	}
	return &s, nil
}
