package workspace

import (
	"context"

	"hubdir/content"
)

// PutSitePage saves one of the platform's pages (About, Privacy…), from
// version (0: the first save); admins only. The store's SiteStore keeps
// it; a store without one answers ErrUnavailable.
func (w *Service) PutSitePage(ctx context.Context, st *content.Staff, channel string, p *content.SitePage, version int64) (*content.SitePage, error) {
	ss, err := w.siteStore(st, channel)
	if err != nil {
		return nil, err
	}
	saved, err := ss.PutSitePage(ctx, p, version, email(st))
	if err != nil {
		return nil, err
	}
	w.Audit(ctx, st, channel, content.AuditEntry{Action: content.AuditSiteSave, Kind: content.KindSitePage, ID: saved.ID})
	return saved, nil
}

// PutSiteSettings saves the site settings (the park's name and logo),
// from version; admins only.
func (w *Service) PutSiteSettings(ctx context.Context, st *content.Staff, channel string, set *content.SiteSettings, version int64) (*content.SiteSettings, error) {
	ss, err := w.siteStore(st, channel)
	if err != nil {
		return nil, err
	}
	saved, err := ss.PutSiteSettings(ctx, set, version, email(st))
	if err != nil {
		return nil, err
	}
	w.Audit(ctx, st, channel, content.AuditEntry{Action: content.AuditSiteSave, Kind: content.KindSiteSettings, ID: content.SiteSettingsID})
	return saved, nil
}

// siteStore returns the store's SiteStore when st may change the site.
func (w *Service) siteStore(st *content.Staff, channel string) (content.SiteStore, error) {
	if !canAdminister(st, channel) {
		return nil, content.ErrForbidden
	}
	ss, ok := w.cfg.Store.(content.SiteStore)
	if !ok {
		return nil, content.ErrUnavailable
	}
	return ss, nil
}
