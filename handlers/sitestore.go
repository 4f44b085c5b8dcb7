package handlers

import (
	"context"

	"hubdir/content"
)

// The counting wrapper passes the platform's pages and settings
// (content.SiteStore) through to the store when it keeps them; a store
// without them answers ErrUnavailable, and the site shows its sample text.

var _ content.SiteStore = countingStore{}

func (s countingStore) siteStore() (content.SiteStore, error) {
	if st, ok := s.Store.(content.SiteStore); ok {
		return st, nil
	}
	return nil, content.ErrUnavailable
}

// SitePage returns a saved platform page.
func (s countingStore) SitePage(ctx context.Context, id string) (*content.SitePage, error) {
	st, err := s.siteStore()
	if err != nil {
		return nil, err
	}
	return st.SitePage(ctx, id)
}

// PutSitePage saves a platform page.
func (s countingStore) PutSitePage(ctx context.Context, p *content.SitePage, version int64, by string) (*content.SitePage, error) {
	st, err := s.siteStore()
	if err != nil {
		return nil, err
	}
	return st.PutSitePage(ctx, p, version, by)
}

// SiteSettings returns the saved site settings.
func (s countingStore) SiteSettings(ctx context.Context) (*content.SiteSettings, error) {
	st, err := s.siteStore()
	if err != nil {
		return nil, err
	}
	return st.SiteSettings(ctx)
}

// PutSiteSettings saves the site settings.
func (s countingStore) PutSiteSettings(ctx context.Context, set *content.SiteSettings, version int64, by string) (*content.SiteSettings, error) {
	st, err := s.siteStore()
	if err != nil {
		return nil, err
	}
	return st.PutSiteSettings(ctx, set, version, by)
}
