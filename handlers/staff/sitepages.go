package staff

// Admin editing of the platform's pages (About, Privacy, Contact, Terms)
// and of the site settings (the park's name and logo), issue 11. The
// public site shows the sample text until a page is saved here.
//
// The writes go through the workspace (content/workspace/site.go), which
// checks the admin role and writes the audit entry.

import (
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/i18n"
)

// sitePagesData is the data of the admin page that lists the platform's
// pages and edits the settings, or edits one page.
type sitePagesData struct {
	Pages    []sitePageRow
	Page     *sitePageForm
	Settings *settingsForm
	Saved    bool
	Conflict bool // another admin saved since the form was read
	Errors   map[string]string
	Summary  []fieldMsg
}

// sitePageRow is one page in the list.
type sitePageRow struct {
	ID, Title, Edit, Public string
	Saved                   bool // saved by an admin (else the sample text)
}

// sitePageForm is the edit form of one page: title and body per locale.
type sitePageForm struct {
	ID      string
	Version int64
	Action  string
	Tabs    []sitePageTab
}

// sitePageTab is one locale's part of the form.
type sitePageTab struct {
	Code, Name, Dir string
	Title, Body     string
}

// settingsForm is the settings form: the park's name per locale and the
// logo.
type settingsForm struct {
	Version int64
	Action  string
	Names   []sitePageTab // Title holds the name
	HasLogo bool
	LogoURL string
}

// AdminSitePages answers GET /{lang}/staff/admin/pages: the platform's
// pages with links to edit them, and the settings form.
func (h *Handler) AdminSitePages(c *fiber.Ctx) error {
	return h.renderSitePages(c, fiber.StatusOK, nil, nil, c.Query("saved") == "1")
}

func (h *Handler) renderSitePages(c *fiber.Ctx, status int, set *content.SiteSettings, err error, saved bool) error {
	v := h.staffView(c, "/staff/admin/pages", nil)
	v.Title = v.T("site.admin.title")
	sc := h.SiteContent(c.UserContext())
	d := sitePagesData{Saved: saved}
	for _, id := range content.SitePages() {
		p := sc.Pages[id]
		_, isSaved := sc.Saved[id]
		d.Pages = append(d.Pages, sitePageRow{ID: id, Title: v.Pick(p.Title, "").S, Saved: isSaved,
			Edit: v.URL("staff", "admin", "pages", id), Public: v.URL(id)})
	}
	if set == nil {
		set = sc.Settings
	}
	f := &settingsForm{Version: sc.Saved[content.SiteSettingsID], Action: v.URL("staff", "admin", "pages", "settings"),
		HasLogo: len(sc.Settings.Logo) > 0, LogoURL: v.LogoURL()}
	for _, loc := range i18n.Locales() {
		f.Names = append(f.Names, sitePageTab{Code: loc.Code, Name: v.LocaleName(loc.Code), Dir: loc.Dir, Title: set.ParkName[loc.Code]})
	}
	d.Settings = f
	d.Conflict = content.ErrorCode(err) == content.CodeConflict
	d.Errors, d.Summary = fieldMessages(v, err, map[string]bool{"park_name": true, "logo": true, "version": true})
	return h.render(c, status, "staff_site_pages", v, d)
}

// AdminSitePage answers GET /{lang}/staff/admin/pages/{id}: the edit form
// of one page.
func (h *Handler) AdminSitePage(c *fiber.Ctx) error {
	id := c.Params("id")
	sc := h.SiteContent(c.UserContext())
	p, ok := sc.Pages[id]
	if !content.IsSitePage(id) || !ok {
		return fiber.ErrNotFound
	}
	return h.renderSitePage(c, fiber.StatusOK, p, sc.Saved[id], nil)
}

func (h *Handler) renderSitePage(c *fiber.Ctx, status int, p *content.SitePage, version int64, err error) error {
	v := h.staffView(c, "/staff/admin/pages/"+p.ID, nil)
	v.Title = v.T("site.admin.edit_page", "Page", v.T("site.page."+p.ID))
	f := &sitePageForm{ID: p.ID, Version: version, Action: v.URL("staff", "admin", "pages", p.ID)}
	for _, loc := range i18n.Locales() {
		f.Tabs = append(f.Tabs, sitePageTab{Code: loc.Code, Name: v.LocaleName(loc.Code), Dir: loc.Dir,
			Title: echo(p.Title[loc.Code], content.MaxPageTitle), Body: echo(p.Body[loc.Code], content.MaxPageBody)})
	}
	names := map[string]bool{"version": true}
	for _, l := range i18n.Codes() {
		names["title."+l], names["body."+l] = true, true
	}
	d := sitePagesData{Page: f, Conflict: content.ErrorCode(err) == content.CodeConflict}
	d.Errors, d.Summary = fieldMessages(v, err, names)
	return h.render(c, status, "staff_site_pages", v, d)
}

// AdminSitePageSave answers POST /{lang}/staff/admin/pages/{id}: saves the
// page from the version read (a stale one is a conflict, shown with the
// typed text kept).
func (h *Handler) AdminSitePageSave(c *fiber.Ctx) error {
	id := c.Params("id")
	if !content.IsSitePage(id) {
		return fiber.ErrNotFound
	}
	p := &content.SitePage{ID: id, Title: content.Text{}, Body: content.Text{}}
	for _, l := range i18n.Codes() {
		if s := utils.CopyString(c.FormValue("title." + l)); s != "" {
			p.Title[l] = s
		}
		if s := utils.CopyString(c.FormValue("body." + l)); s != "" {
			p.Body[l] = s
		}
	}
	version, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
	_, err := h.cfg.Workspace.PutSitePage(c.UserContext(), staffOf(c), content.ChannelWeb, p, version)
	switch content.ErrorCode(err) {
	case "":
	case content.CodeInvalid:
		return h.renderSitePage(c, fiber.StatusUnprocessableEntity, p, version, err)
	case content.CodeConflict:
		// Show the typed text with the version now stored: saving again
		// replaces the other admin's text knowingly.
		h.ReloadSiteContent()
		return h.renderSitePage(c, fiber.StatusConflict, p, h.SiteContent(c.UserContext()).Saved[id], err)
	default:
		return err
	}
	h.ReloadSiteContent()
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/admin/pages?saved=1", fiber.StatusSeeOther)
}

// AdminSiteSettingsSave answers POST /{lang}/staff/admin/pages/settings:
// the park's name per locale and, when a file is sent, a new logo (PNG,
// JPEG or WebP up to content.MaxLogoBytes); "remove_logo" drops it.
func (h *Handler) AdminSiteSettingsSave(c *fiber.Ctx) error {
	cur := h.SiteContent(c.UserContext()).Settings
	set := &content.SiteSettings{ParkName: content.Text{}, Logo: cur.Logo}
	for _, l := range i18n.Codes() {
		if s := utils.CopyString(c.FormValue("park_name." + l)); s != "" {
			set.ParkName[l] = s
		}
	}
	if c.FormValue("remove_logo") == "1" {
		set.Logo = nil
	}
	if fh, ferr := c.FormFile("logo"); ferr == nil && fh.Size > 0 {
		if fh.Size > content.MaxLogoBytes {
			return h.renderSitePages(c, fiber.StatusUnprocessableEntity, set, content.InvalidField("logo", content.RuleTooLong), false)
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(io.LimitReader(f, content.MaxLogoBytes+1))
		f.Close()
		if err != nil {
			return err
		}
		set.Logo = b
	}
	version, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
	_, err := h.cfg.Workspace.PutSiteSettings(c.UserContext(), staffOf(c), content.ChannelWeb, set, version)
	switch content.ErrorCode(err) {
	case "":
	case content.CodeInvalid:
		return h.renderSitePages(c, fiber.StatusUnprocessableEntity, set, err, false)
	case content.CodeConflict:
		return h.renderSitePages(c, fiber.StatusConflict, set, err, false)
	default:
		return err
	}
	h.ReloadSiteContent()
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/admin/pages?saved=1", fiber.StatusSeeOther)
}
