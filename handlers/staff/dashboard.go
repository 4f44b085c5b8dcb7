package staff

// The staff dashboard and the staff lists of needs, companies and
// agreements (issue 5, part B).

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/handlers/page"
	"hubdir/i18n"
)

// closingDays is how far ahead the dashboard looks for needs that close.
const closingDays = 14

// dashRows bounds the rows of each dashboard list.
const dashRows = 50

// dashLatest is how many new interests the dashboard lists first.
const dashLatest = 5

// dashNeed is a need on the dashboard.
type dashNeed struct {
	Need     *content.Need
	Title    localText
	Edit     string
	Deadline page.DeadlineInfo
	Awaiting bool   // sent for review
	By       string // who sent it for review
}

// dashMissing is one locale a listing lacks fields in.
type dashMissing struct {
	Locale string
	Fields string // localized names, joined
}

// dashTrans is one listing with gaps in its translations.
type dashTrans struct {
	Kind    string // label
	ID      string
	Title   localText
	Edit    string
	Missing []dashMissing
	Stale   string // locale names, joined
}

// dashHub is the dashboard of one hub.
type dashHub struct {
	Code          string
	Name          localText
	RequireReview bool
	Admin         bool // may change the hub's settings
	Open          []dashNeed
	OpenCount     int
	Closing       []dashNeed
	Drafts        []dashNeed
	NewInterests  int
	Latest        []inboxItem // the newest new interests (dashLatest)
	InboxURL      string
	langs         []string // the hub's working languages (translation status)
	LangNames     string   // the names of langs, in the page's language
	Translations  []dashTrans
	TransMore     int
}

// dashData is the data of the dashboard.
type dashData struct {
	Hubs   []dashHub
	Notice string
}

// hubNeeds returns every need of hub the member sees, in the given
// statuses (as read today), soonest deadline first.
func (h *Handler) hubNeeds(st *content.Staff, hub string, statuses ...string) []*content.Need {
	var out []*content.Need
	for page := 1; page <= 100; page++ {
		res := h.cfg.Catalog.Needs(catalog.NeedQuery{Hubs: []string{hub}, Statuses: statuses, Sort: catalog.SortDeadline,
			Page: page, PerPage: catalog.MaxPerPage, Viewer: catalog.Viewer{Staff: st}})
		out = append(out, res.Items...)
		if page*res.PerPage >= res.Total {
			break
		}
	}
	return out
}

// hubCompanies returns every company of hub the member sees.
func (h *Handler) hubCompanies(st *content.Staff, hub, locale string) []*content.Company {
	var out []*content.Company
	for page := 1; page <= 100; page++ {
		res := h.cfg.Catalog.Companies(catalog.CompanyQuery{Hubs: []string{hub}, Locale: locale,
			Page: page, PerPage: catalog.MaxPerPage, Viewer: catalog.Viewer{Staff: st}})
		out = append(out, res.Items...)
		if page*res.PerPage >= res.Total {
			break
		}
	}
	return out
}

// hubAgreements returns every agreement of hub the member sees.
func (h *Handler) hubAgreements(st *content.Staff, hub string) []*content.Agreement {
	var out []*content.Agreement
	for page := 1; page <= 100; page++ {
		res := h.cfg.Catalog.Agreements(catalog.AgreementQuery{Hubs: []string{hub},
			Page: page, PerPage: catalog.MaxPerPage, Viewer: catalog.Viewer{Staff: st}})
		out = append(out, res.Items...)
		if page*res.PerPage >= res.Total {
			break
		}
	}
	return out
}

// translation returns the translation gaps of a listing, nil when none.
// Only the hub's working languages count (langs; every locale when nil):
// a CN listing is not missing Turkish.
func translation(v *view, fields []content.NamedText, stamps map[string]time.Time, langs []string) ([]dashMissing, string) {
	var missing []dashMissing
	m := content.MissingFields(fields)
	for _, l := range i18n.Codes() {
		if langs != nil && !slices.Contains(langs, l) {
			continue
		}
		if fs, ok := m[l]; ok {
			names := make([]string, len(fs))
			for i, f := range fs {
				names[i] = v.T("staff.edit.field." + f)
			}
			missing = append(missing, dashMissing{Locale: v.LocaleName(l), Fields: strings.Join(names, v.T("staff.dash.list_sep"))})
		}
	}
	var stale []string
	for _, l := range content.StaleLocales(fields, stamps) {
		if langs != nil && !slices.Contains(langs, l) {
			continue
		}
		stale = append(stale, v.LocaleName(l))
	}
	return missing, strings.Join(stale, v.T("staff.dash.list_sep"))
}

// StaffDashboard answers GET /{lang}/staff/: per hub the member manages,
// its open needs, new interests, needs closing within 14 days, drafts
// (those sent for review first) and the translation status of its
// listings.
func (h *Handler) StaffDashboard(c *fiber.Ctx) error {
	st := staffOf(c)
	v := h.staffView(c, "/staff/", nil)
	v.Title = v.T("staff.dash.title")
	var d dashData
	switch c.Query("done") {
	case "review_on", "review_off":
		d.Notice = v.T("staff.dash.done." + c.Query("done"))
	}
	for _, code := range h.staffHubs(st) {
		hub, _ := h.cfg.Catalog.Hub(code)
		dh := dashHub{Code: code, Name: v.HubName(code), RequireReview: hub.RequireReview, Admin: st.Role == content.RoleAdmin,
			InboxURL: v.URL("staff", "inbox") + "?hub=" + code + "&status=" + content.InterestNew, langs: hub.WorkingLanguages}
		names := make([]string, len(dh.langs))
		for i, l := range dh.langs {
			names[i] = v.LocaleName(l)
		}
		dh.LangNames = strings.Join(names, v.T("staff.dash.list_sep"))
		for _, n := range h.hubNeeds(st, code) {
			dn := dashNeed{Need: n, Title: v.Pick(n.Title, n.Hub), Edit: v.URL("staff", "needs", n.Ref, "edit"),
				Deadline: v.Deadline(n), Awaiting: n.AwaitingReview(), By: n.ReviewRequestedBy}
			switch n.StatusOn(v.Today) {
			case content.NeedPublished:
				dh.OpenCount++
				if len(dh.Open) < dashRows {
					dh.Open = append(dh.Open, dn)
				}
				if n.Deadline.DaysUntil(v.Today) <= closingDays {
					dh.Closing = append(dh.Closing, dn)
				}
			case content.NeedDraft:
				dh.Drafts = append(dh.Drafts, dn)
			}
			if n.Status != content.NeedArchived {
				h.addTrans(v, &dh, v.T("staff.dash.kind.need"), n.Ref, v.Pick(n.Title, n.Hub), dn.Edit, n.Texts(), n.TextUpdated)
			}
		}
		slices.SortStableFunc(dh.Drafts, func(a, b dashNeed) int {
			switch {
			case a.Awaiting && !b.Awaiting:
				return -1
			case b.Awaiting && !a.Awaiting:
				return 1
			}
			return 0
		})
		for _, co := range h.hubCompanies(st, code, v.Lang) {
			h.addTrans(v, &dh, v.T("staff.dash.kind.company"), co.Slug, v.PickAny(co.Name, co.Hubs),
				v.URL("staff", "companies", co.Slug, "edit"), co.Texts(), co.TextUpdated)
		}
		for _, a := range h.hubAgreements(st, code) {
			h.addTrans(v, &dh, v.T("staff.dash.kind.agreement"), a.Slug, v.Pick(a.Title, a.Hub),
				v.URL("staff", "agreements", a.Slug, "edit"), a.Texts(), a.TextUpdated)
		}
		latest, newInterests, err := h.cfg.Store.InterestPage(c.UserContext(), content.InterestFilter{Hubs: []string{code}, Status: content.InterestNew, Limit: dashLatest})
		if err != nil {
			return err
		}
		dh.NewInterests = newInterests
		for _, i := range latest[:min(len(latest), dashLatest)] {
			dh.Latest = append(dh.Latest, h.interestItem(v, st, i))
		}
		d.Hubs = append(d.Hubs, dh)
	}
	return h.render(c, fiber.StatusOK, "staff_dashboard", v, d)
}

// addTrans adds a listing to the hub's translation status when it has gaps.
func (h *Handler) addTrans(v *view, dh *dashHub, kind, id string, title localText, edit string, fields []content.NamedText, stamps map[string]time.Time) {
	missing, stale := translation(v, fields, stamps, dh.langs)
	if len(missing) == 0 && stale == "" {
		return
	}
	if len(dh.Translations) >= dashRows {
		dh.TransMore++
		return
	}
	dh.Translations = append(dh.Translations, dashTrans{Kind: kind, ID: id, Title: title, Edit: edit, Missing: missing, Stale: stale})
}

// StaffHubReview answers POST /{lang}/staff/hubs/{code}/review: an admin
// turns the hub's review requirement on (require=1) or off.
func (h *Handler) StaffHubReview(c *fiber.Ctx) error {
	st := staffOf(c)
	code := strings.ToUpper(c.Params("code"))
	hub, err := h.cfg.Workspace.SetHubReview(c.UserContext(), st, content.ChannelWeb, code, c.FormValue("require") == "1")
	if err != nil {
		return err
	}
	done := "review_off"
	if hub.RequireReview {
		done = "review_on"
	}
	return h.redirectLocal(c, "/"+h.locale(c)+"/staff/?done="+done, fiber.StatusSeeOther)
}

// listRow is one listing in a staff list.
type listRow struct {
	ID     string
	Title  localText
	Edit   string
	Hub    string
	Status string
	Class  string
	Date   string
}

// listData is the data of a staff list.
type listData struct {
	Kind    string
	Heading string
	New     string
	NewText string
	Hubs    []option
	Q       string
	Rows    []listRow
	Total   int
	Prev    string
	Next    string
}

// StaffList answers GET /{lang}/staff/needs, /companies and /agreements:
// every listing of the member's hubs, drafts included, with a search box
// and a hub filter.
func (h *Handler) StaffList(kind string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		st := staffOf(c)
		v := h.staffView(c, "/staff/"+kind, nil)
		q := utils.CopyString(c.Query("q"))
		if !utf8.ValidString(q) || len(q) > 200 {
			q = ""
		}
		hubs := h.staffHubs(st)
		sel := hubs
		if hub := strings.ToUpper(c.Query("hub")); slices.Contains(hubs, hub) {
			sel = []string{hub}
		}
		page, _ := strconv.Atoi(c.Query("page"))
		page = max(page, 1)
		d := listData{Kind: kind, Q: q, New: v.URL("staff", kind, "new"),
			NewText: v.T("staff.dash.new." + map[string]string{"needs": "need", "companies": "company", "agreements": "agreement"}[kind])}
		for _, code := range hubs {
			d.Hubs = append(d.Hubs, option{Value: code, Label: v.HubName(code).S, Selected: len(sel) == 1 && sel[0] == code})
		}
		vw := catalog.Viewer{Staff: st}
		per := 50
		if len(sel) == 0 {
			sel = []string{"--"}
		}
		switch kind {
		case "needs":
			d.Heading = v.T("staff.dash.list.needs")
			res := h.cfg.Catalog.Needs(catalog.NeedQuery{Text: q, Hubs: sel, Sort: catalog.SortNewest, Page: page, PerPage: per, Viewer: vw,
				Statuses: content.NeedStatuses()})
			d.Total = res.Total
			for _, n := range res.Items {
				d.Rows = append(d.Rows, listRow{ID: n.Ref, Title: v.Pick(n.Title, n.Hub), Edit: v.URL("staff", "needs", n.Ref, "edit"),
					Hub: n.Hub, Status: v.NeedStatusName(n), Class: n.StatusOn(v.Today), Date: v.Date(n.Deadline)})
			}
		case "companies":
			d.Heading = v.T("staff.dash.list.companies")
			res := h.cfg.Catalog.Companies(catalog.CompanyQuery{Text: q, Hubs: sel, Locale: v.Lang, Page: page, PerPage: per, Viewer: vw})
			d.Total = res.Total
			for _, co := range res.Items {
				r := listRow{ID: co.Slug, Title: v.PickAny(co.Name, co.Hubs), Edit: v.URL("staff", "companies", co.Slug, "edit"),
					Hub: strings.Join(co.Hubs, " "), Status: v.T("staff.edit.status.unpublished"), Class: "draft"}
				if co.Published {
					r.Status, r.Class = v.T("staff.edit.status.published"), "published"
				}
				d.Rows = append(d.Rows, r)
			}
		default:
			d.Heading = v.T("staff.dash.list.agreements")
			res := h.cfg.Catalog.Agreements(catalog.AgreementQuery{Text: q, Hubs: sel, Page: page, PerPage: per, Viewer: vw})
			d.Total = res.Total
			for _, a := range res.Items {
				r := listRow{ID: a.Slug, Title: v.Pick(a.Title, a.Hub), Edit: v.URL("staff", "agreements", a.Slug, "edit"),
					Hub: a.Hub, Status: v.T("staff.edit.status.unpublished"), Class: "draft", Date: v.Date(a.SignedOn)}
				if a.Published {
					r.Status, r.Class = v.T("staff.edit.status.published"), "published"
				}
				d.Rows = append(d.Rows, r)
			}
		}
		link := func(p int) string {
			u := v.URL("staff", kind) + "?page=" + strconv.Itoa(p)
			if q != "" {
				u += "&q=" + url.QueryEscape(q)
			}
			if len(sel) == 1 && len(hubs) > 1 {
				u += "&hub=" + sel[0]
			}
			return u
		}
		if page > 1 {
			d.Prev = link(page - 1)
		}
		if page*per < d.Total {
			d.Next = link(page + 1)
		}
		v.Title = d.Heading
		return h.render(c, fiber.StatusOK, "staff_edit_list", v, d)
	}
}
