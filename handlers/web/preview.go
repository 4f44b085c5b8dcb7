package web

import (
	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/i18n"
)

// Previews of public pages with unsaved values, for the staff workspace's
// edit forms: the page as the public will see it, in the locale named by
// the form's preview_lang, marked as a preview and not indexed.

// previewView returns the view of a preview of the public page at path in
// locale lang: marked as a preview and not indexed.
func (h *Handler) previewView(c *fiber.Ctx, lang, path string) *view {
	if !i18n.IsSupported(lang) {
		lang = h.locale(c)
	}
	v := h.newView(lang, path, nil)
	v.Base = h.PublicBase(c)
	v.NoIndex = true
	v.Preview = true
	return v
}

// PreviewNeed renders the public page of n, unsaved, for staff member st.
func (h *Handler) PreviewNeed(c *fiber.Ctx, st *content.Staff, n *content.Need) error {
	v := h.previewView(c, c.FormValue("preview_lang"), "/needs/"+n.Ref)
	v.Section = "needs"
	d := &needData{
		Need: n, Title: v.Pick(n.Title, n.Hub), Summary: v.Pick(n.Summary, n.Hub),
		Body: v.Pick(n.Body, n.Hub), Status: n.StatusOn(v.Today), Deadline: v.Deadline(n),
	}
	if n.OpenOn(v.Today) || n.Status == content.NeedDraft && !n.Deadline.Before(v.Today) {
		d.Form = h.newInterestForm(c, v, n) // as the public will see it
	}
	v.Title = v.T("staff.edit.preview.title", "Title", d.Title.S)
	return h.render(c, fiber.StatusOK, "need", v, d)
}

// PreviewCompany renders the public page of co, unsaved, for staff member st.
func (h *Handler) PreviewCompany(c *fiber.Ctx, st *content.Staff, co *content.Company) error {
	v := h.previewView(c, c.FormValue("preview_lang"), "/companies/"+co.Slug)
	v.Section = "companies"
	d := companyData{
		Company: co, Name: v.PickAny(co.Name, co.Hubs), City: v.PickAny(co.City, co.Hubs),
		Description: v.PickAny(co.Description, co.Hubs), Capabilities: v.PickAny(co.Capabilities, co.Hubs),
	}
	v.Title = v.T("staff.edit.preview.title", "Title", d.Name.S)
	return h.render(c, fiber.StatusOK, "company", v, d)
}

// PreviewAgreement renders the public page of a, unsaved, for staff member st.
func (h *Handler) PreviewAgreement(c *fiber.Ctx, st *content.Staff, a *content.Agreement) error {
	v := h.previewView(c, c.FormValue("preview_lang"), "/agreements/"+a.Slug)
	v.Section = "agreements"
	d := agreementData{Agreement: a, Title: v.Pick(a.Title, a.Hub), Scope: v.Pick(a.Scope, a.Hub)}
	for _, p := range a.Parties {
		if p.Company != "" {
			if co, ok := h.cfg.Catalog.Company(p.Company, catalog.Viewer{Staff: st}); ok {
				d.Parties = append(d.Parties, partyView{Name: v.PickAny(co.Name, co.Hubs)})
			} else {
				d.Parties = append(d.Parties, partyView{Name: localText{S: p.Company, Lang: "en", Dir: "ltr"}})
			}
			continue
		}
		d.Parties = append(d.Parties, partyView{Name: v.Pick(p.Name, a.Hub)})
	}
	v.Title = v.T("staff.edit.preview.title", "Title", d.Title.S)
	return h.render(c, fiber.StatusOK, "agreement", v, d)
}
