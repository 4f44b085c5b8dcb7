package notify

import (
	"net/url"
	"strings"
	"time"

	"hubdir/content"
	"hubdir/i18n"
)

// Link purposes: each token serves one purpose only.
const (
	PurposeMy         = "my"          // open a firm's own page (single use)
	PurposeMySession  = "my.session"  // the browser session it opens
	PurposeAlertOptIn = "alert.optin" // confirm a subscription (single use)
	PurposeAlertMng   = "alert.manage"
	PurposeUnsub      = "alert.unsub" // one-click unsubscribe (reusable)
)

// Link lifetimes.
const (
	MyLinkTTL      = 7 * 24 * time.Hour
	MySessionTTL   = time.Hour
	OptInTTL       = 3 * 24 * time.Hour
	ManageLinkTTL  = 24 * time.Hour
	UnsubscribeTTL = 2 * 365 * 24 * time.Hour
)

// Composer makes the messages, each in its recipient's language.
type Composer struct {
	Bundle *i18n.Bundle
	// PublicURL is the site's absolute address, without a final slash.
	PublicURL string
	Zone      *time.Location
	Now       func() time.Time
	// GiveUp is how long the sender retries a message (default 48 h).
	GiveUp time.Duration
	// ReplyDays is how many days staff take to answer an interest, as
	// promised in the receipt (default 14).
	ReplyDays int
}

func (c *Composer) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func (c *Composer) texts(lang string) *Texts {
	z := c.Zone
	if z == nil {
		z = time.UTC
	}
	return NewTexts(c.Bundle, lang, z)
}

// url returns the absolute URL of a page: url("fa", "needs", ref).
func (c *Composer) url(lang string, parts ...string) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(c.PublicURL, "/"))
	b.WriteString("/" + lang)
	for _, p := range parts {
		b.WriteString("/" + url.PathEscape(p))
	}
	return b.String()
}

// LinkURL returns the URL of a page that takes a link token, with the
// token's slot in its query.
func (c *Composer) LinkURL(lang, path string) string {
	return strings.TrimRight(c.PublicURL, "/") + "/" + lang + path + "?t=" + LinkSlot
}

// message finishes b into a message of kind for cause, to addr.
func (c *Composer) message(cause, kind, addr, name string, b *Body) (*Message, error) {
	text, html, err := Render(b)
	if err != nil {
		return nil, err
	}
	now := c.now().UTC()
	giveUp := c.GiveUp
	if giveUp <= 0 {
		giveUp = 48 * time.Hour
	}
	return &Message{
		ID: MessageID(cause, kind, strings.ToLower(addr)), Kind: kind, Event: cause, To: addr, ToName: clean(name),
		Lang: b.Lang, Subject: b.Subject, Text: text, HTML: html,
		State: StatePending, CreatedAt: now, NextAt: now, GiveUpAt: now.Add(giveUp),
	}, nil
}

// needTitle is the need's title in lang (falling back to English, then any).
func needTitle(n *content.Need, lang string) string {
	s, _ := n.Title.Pick(lang, "en")
	return s
}

// answerFields are a copy of the firm's answers, labelled in t's locale.
func answerFields(t *Texts, i *content.Interest) []Field {
	return []Field{
		{t.T("web.interest.company_name"), clean(i.Company.Name)},
		{t.T("web.interest.country"), i18n.RegionName(t.Loc, i.Company.Country)},
		{t.T("web.interest.contact_name"), clean(i.ContactName)},
		{t.T("web.interest.email"), clean(i.Email)},
		{t.T("web.interest.phone"), clean(i.Phone)},
		{t.T("web.interest.offer"), clean(i.Answers.Offer)},
		{t.T("web.interest.fit"), clean(i.Answers.Fit)},
		{t.T("web.interest.proposal"), clean(i.Answers.Proposal)},
	}
}

// myLink adds the link to the firm's page to b.
func (c *Composer) myLink(t *Texts, b *Body) {
	b.LinkText = t.T("notify.link.my")
	b.LinkURL = c.LinkURL(t.Loc.Code, "/my/open")
	b.LinkNote = t.T("notify.link.note", "Days", t.Loc.Number(int64(MyLinkTTL/(24*time.Hour))))
}

// Receipt is the message to a firm whose interest i in need n was
// received: the reference, a copy of its answers, what happens next and by
// when, and a link to its page.
func (c *Composer) Receipt(cause string, i *content.Interest, n *content.Need) (*Message, error) {
	t := c.texts(i.Lang)
	days := c.ReplyDays
	if days <= 0 {
		days = 14
	}
	b := t.body()
	b.Subject = t.T("notify.receipt.subject", "Need", n.Ref, "Ref", i.Ref)
	b.Greeting = t.T("notify.greeting", "Name", i.ContactName)
	b.Paras = []string{
		t.T("notify.receipt.intro", "Need", n.Ref, "Title", needTitle(n, i.Lang), "Ref", i.Ref),
		t.T("notify.receipt.next", "Date", t.Date(i.CreatedAt.AddDate(0, 0, days))),
	}
	b.FieldsTo = t.T("notify.receipt.copy")
	b.Fields = answerFields(t, i)
	c.myLink(t, b)
	m, err := c.message(cause, KindReceipt, i.Email, i.ContactName, b)
	if err != nil {
		return nil, err
	}
	m.Ref, m.Hub = i.Ref, i.Hub
	m.Link = &LinkSpec{Purpose: PurposeMy, Email: strings.ToLower(i.Email), TTL: MyLinkTTL}
	return m, nil
}

// Status is the message to a firm whose interest i changed status, with
// the reason of a decline in its language.
func (c *Composer) Status(cause string, i *content.Interest, n *content.Need) (*Message, error) {
	t := c.texts(i.Lang)
	status := t.T("status.interest." + i.Status)
	b := t.body()
	b.Subject = t.T("notify.status.subject", "Need", n.Ref, "Status", status)
	b.Greeting = t.T("notify.greeting", "Name", i.ContactName)
	b.Paras = []string{t.T("notify.status.intro", "Ref", i.Ref, "Need", n.Ref, "Title", needTitle(n, i.Lang), "Status", status)}
	switch i.Status {
	case content.InterestContacted, content.InterestMatched, content.InterestDeclined:
		b.Paras = append(b.Paras, t.T("notify.status."+i.Status))
	}
	if i.Status == content.InterestDeclined && i.DeclineReason != "" {
		b.Paras = append(b.Paras, t.T("notify.status.reason", "Reason", t.T("decline."+i.DeclineReason)))
	}
	c.myLink(t, b)
	m, err := c.message(cause, KindStatus, i.Email, i.ContactName, b)
	if err != nil {
		return nil, err
	}
	m.Ref, m.Hub = i.Ref, i.Hub
	m.Link = &LinkSpec{Purpose: PurposeMy, Email: strings.ToLower(i.Email), TTL: MyLinkTTL}
	return m, nil
}

// StaffNew is the message to staff member s, in lang, about the new
// interest i in need n.
func (c *Composer) StaffNew(cause string, i *content.Interest, n *content.Need, s *content.Staff, lang string) (*Message, error) {
	t := c.texts(lang)
	b := t.body()
	b.Subject = t.T("notify.staff.subject", "Need", n.Ref, "Company", i.Company.Name)
	b.Greeting = t.T("notify.greeting", "Name", s.Name)
	b.Paras = []string{t.T("notify.staff.intro", "Company", i.Company.Name, "Ref", i.Ref, "Need", n.Ref, "Title", needTitle(n, lang))}
	b.FieldsTo = t.T("notify.staff.answers")
	b.Fields = answerFields(t, i)
	b.LinkText = t.T("notify.staff.link")
	b.LinkURL = c.url(lang, "staff", "inbox", i.Ref)
	b.After = []string{t.T("notify.staff.prefs")}
	m, err := c.message(cause, KindStaffNew, s.Email, s.Name, b)
	if err != nil {
		return nil, err
	}
	m.Ref, m.Hub = i.Ref, i.Hub
	return m, nil
}

// StaffWithdrawn is the message to staff member s, in lang, that the firm
// withdrew its interest i in need n.
func (c *Composer) StaffWithdrawn(cause string, i *content.Interest, n *content.Need, s *content.Staff, lang string) (*Message, error) {
	return c.deskNotice(cause, KindStaffGone, "notify.withdrawn", i, n, s, lang, nil)
}

// StaffContact is the message to staff member s, in lang, that the firm
// corrected the contact details of its interest i in need n: the details
// as they are now.
func (c *Composer) StaffContact(cause string, i *content.Interest, n *content.Need, s *content.Staff, lang string) (*Message, error) {
	return c.deskNotice(cause, KindStaffContact, "notify.contact", i, n, s, lang, func(t *Texts) []Item {
		items := []Item{{Text: t.T("notify.contact.name", "Name", i.ContactName)}}
		if i.Phone != "" {
			items = append(items, Item{Text: t.T("notify.contact.phone", "Phone", i.Phone)})
		}
		return items
	})
}

// deskNotice is a message of kind to staff member s, in lang, about what a
// firm did with its interest i in need n: its subject and first paragraph
// are the messages <id>.subject and <id>.intro, items (when not nil) lists
// details, and it links to the interest in the inbox.
func (c *Composer) deskNotice(cause, kind, id string, i *content.Interest, n *content.Need, s *content.Staff, lang string,
	items func(t *Texts) []Item) (*Message, error) {
	t := c.texts(lang)
	b := t.body()
	b.Subject = t.T(id+".subject", "Ref", i.Ref, "Need", n.Ref)
	b.Greeting = t.T("notify.greeting", "Name", s.Name)
	b.Paras = []string{t.T(id+".intro", "Company", i.Company.Name, "Ref", i.Ref, "Need", n.Ref, "Title", needTitle(n, lang))}
	if items != nil {
		b.Items = items(t)
	}
	b.LinkText = t.T("notify.staff.link")
	b.LinkURL = c.url(lang, "staff", "inbox", i.Ref)
	m, err := c.message(cause, kind, s.Email, s.Name, b)
	if err != nil {
		return nil, err
	}
	m.Ref, m.Hub = i.Ref, i.Hub
	return m, nil
}

// StaffDigest is staff member s's digest, in lang, of the interests of day
// (YYYY-MM-DD); needs maps their needs' refs to the needs.
func (c *Composer) StaffDigest(day string, s *content.Staff, lang string, ins []*content.Interest, needs map[string]*content.Need) (*Message, error) {
	t := c.texts(lang)
	b := t.body()
	dayT, _ := time.ParseInLocation(time.DateOnly, day, time.UTC)
	b.Subject = t.N("notify.digest.subject", len(ins), "Date", t.Loc.Date(dayT))
	b.Greeting = t.T("notify.greeting", "Name", s.Name)
	b.Paras = []string{t.T("notify.digest.intro")}
	for _, i := range ins {
		title := ""
		if n := needs[i.Need]; n != nil {
			title = needTitle(n, lang)
		}
		b.Items = append(b.Items, Item{
			Text: t.T("notify.digest.item", "Ref", i.Ref, "Company", i.Company.Name, "Need", i.Need, "Title", title),
			URL:  c.url(lang, "staff", "inbox", i.Ref),
		})
	}
	b.After = []string{t.T("notify.staff.prefs")}
	return c.message("digest/"+day, KindStaffDigest, s.Email, s.Name, b)
}

// MyLink is a new link to the page of the interests of email, in lang,
// asked for at cause (a request id).
func (c *Composer) MyLink(cause, email, lang string) (*Message, error) {
	t := c.texts(lang)
	b := t.body()
	b.Subject = t.T("notify.mylink.subject")
	b.Paras = []string{t.T("notify.mylink.intro")}
	c.myLink(t, b)
	b.After = []string{t.T("notify.mylink.ignore")}
	m, err := c.message(cause, KindMyLink, email, "", b)
	if err != nil {
		return nil, err
	}
	m.Link = &LinkSpec{Purpose: PurposeMy, Email: strings.ToLower(email), TTL: MyLinkTTL}
	return m, nil
}
