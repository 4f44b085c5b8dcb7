package notify

import (
	"context"
	"slices"
	"strings"
	"time"

	"hubdir/content"
	"hubdir/i18n"
)

// Alert frequencies.
const (
	Daily  = "daily"
	Weekly = "weekly"
)

// AlertFilter is what a subscription follows: the needs list's filters
// and query. Empty fields match everything.
type AlertFilter struct {
	Hubs      []string `bson:"hubs,omitempty" json:"hubs,omitempty"`
	Sectors   []string `bson:"sectors,omitempty" json:"sectors,omitempty"`
	Kinds     []string `bson:"kinds,omitempty" json:"kinds,omitempty"`
	Countries []string `bson:"countries,omitempty" json:"countries,omitempty"`
	Query     string   `bson:"q,omitempty" json:"q,omitempty"`
}

// Subscription is one e-mail alert: double opt-in (Confirmed), a digest in
// Lang at Frequency of the new needs that match Filter.
type Subscription struct {
	ID        string      `bson:"_id"`
	Email     string      `bson:"email"`
	Lang      string      `bson:"lang"`
	Filter    AlertFilter `bson:"filter"`
	Frequency string      `bson:"frequency"`
	Confirmed bool        `bson:"confirmed"`
	CreatedAt time.Time   `bson:"created_at"`
	// Since is the start of the period of the next digest: when it was
	// confirmed, then the end of the last digest's period.
	Since time.Time `bson:"since"`
}

// SubscriptionStore keeps subscriptions; content/mongo implements it.
// The collection is small and read whole for the daily digests.
type SubscriptionStore interface {
	PutSubscription(ctx context.Context, s *Subscription) error
	// Subscription returns one; content.ErrNotFound.
	Subscription(ctx context.Context, id string) (*Subscription, error)
	// ConfirmSubscription confirms it, with its first period from at.
	ConfirmSubscription(ctx context.Context, id string, at time.Time) error
	// SetSubscriptionSince starts its next period at t.
	SetSubscriptionSince(ctx context.Context, id string, t time.Time) error
	// DeleteSubscription deletes one; deleting a missing one is no error.
	DeleteSubscription(ctx context.Context, id string) error
	// Subscriptions returns those of email ("" for all).
	Subscriptions(ctx context.Context, email string) ([]*Subscription, error)
	// DeleteSubscriptionsOf deletes every subscription of email.
	DeleteSubscriptionsOf(ctx context.Context, email string) error
}

// MaxSubscriptionsPerEmail bounds the subscriptions of one address.
const MaxSubscriptionsPerEmail = 10

// Describe returns the filter in words, in t's locale.
func (f AlertFilter) Describe(t *Texts) string {
	var parts []string
	for _, h := range f.Hubs {
		parts = append(parts, h)
	}
	for _, s := range f.Sectors {
		parts = append(parts, t.T("sector."+s))
	}
	for _, k := range f.Kinds {
		parts = append(parts, t.T("kind.need."+k))
	}
	for _, c := range f.Countries {
		parts = append(parts, i18n.RegionName(t.Loc, c))
	}
	if f.Query != "" {
		parts = append(parts, t.T("notify.filter.query", "Q", f.Query))
	}
	if len(parts) == 0 {
		return t.T("notify.filter.all")
	}
	return strings.Join(parts, t.T("notify.filter.sep"))
}

// Validate checks the filter's codes against content's allow-lists and
// bounds it.
func (f *AlertFilter) Validate() error {
	fe := content.FieldErrors{}
	check := func(field string, vals []string, ok func(string) bool) {
		if len(vals) > 20 {
			fe[field] = content.FieldError{Rule: content.RuleTooLong}
			return
		}
		for _, v := range vals {
			if !ok(v) {
				fe[field] = content.FieldError{Rule: content.RuleUnknownValue}
			}
		}
	}
	check("hub", f.Hubs, func(s string) bool { return len(s) == 2 && strings.ToUpper(s) == s })
	check("sector", f.Sectors, func(s string) bool { return slices.Contains(content.Sectors(), s) })
	check("kind", f.Kinds, func(s string) bool { return slices.Contains(content.NeedKinds(), s) })
	check("country", f.Countries, content.IsCountry)
	f.Query = OneLine(f.Query)
	if len([]rune(f.Query)) > 200 {
		fe["q"] = content.FieldError{Rule: content.RuleTooLong}
	}
	return fe.Err()
}

// AlertOptIn is the confirmation message of a new subscription.
func (c *Composer) AlertOptIn(s *Subscription) (*Message, error) {
	t := c.texts(s.Lang)
	b := t.body()
	b.Subject = t.T("notify.alert.optin.subject")
	b.Paras = []string{t.T("notify.alert.optin.intro", "Frequency", t.T("notify.freq."+s.Frequency), "Filter", s.Filter.Describe(t))}
	b.LinkText = t.T("notify.alert.optin.link")
	b.LinkURL = c.LinkURL(t.Loc.Code, "/alerts/confirm")
	b.After = []string{t.T("notify.alert.optin.ignore")}
	m, err := c.message("optin/"+s.ID, KindAlertOptIn, s.Email, "", b)
	if err != nil {
		return nil, err
	}
	m.Ref = s.ID
	m.Link = &LinkSpec{Purpose: PurposeAlertOptIn, Email: s.Email, Ref: s.ID, TTL: OptInTTL}
	return m, nil
}

// AlertManage is a link to manage the subscriptions of email.
func (c *Composer) AlertManage(cause, email, lang string) (*Message, error) {
	t := c.texts(lang)
	b := t.body()
	b.Subject = t.T("notify.alert.manage.subject")
	b.Paras = []string{t.T("notify.alert.manage.intro")}
	b.LinkText = t.T("notify.alert.manage.link")
	b.LinkURL = c.LinkURL(t.Loc.Code, "/alerts/manage")
	b.After = []string{t.T("notify.mylink.ignore")}
	m, err := c.message(cause, KindAlertManage, email, "", b)
	if err != nil {
		return nil, err
	}
	m.Link = &LinkSpec{Purpose: PurposeAlertMng, Email: email, TTL: ManageLinkTTL}
	return m, nil
}

// AlertDigest is the digest of needs for s, for the period that ends on
// day, with a one-click unsubscribe link in its body and headers.
func (c *Composer) AlertDigest(s *Subscription, day string, needs []*content.Need) (*Message, error) {
	unsubURL := c.LinkURL(s.Lang, "/alerts/unsubscribe")
	t := c.texts(s.Lang)
	b := t.body()
	b.Subject = t.N("notify.alert.digest.subject", len(needs))
	b.Paras = []string{t.T("notify.alert.digest.intro", "Filter", s.Filter.Describe(t))}
	for _, n := range needs {
		b.Items = append(b.Items, Item{Text: n.Ref + " " + clean(needTitle(n, s.Lang)), URL: c.url(t.Loc.Code, "needs", n.Ref)})
	}
	b.Unsub, b.UnsubURL = t.T("notify.alert.unsubscribe"), unsubURL
	m, err := c.message("alert/"+s.ID+"/"+day, KindAlertDigest, s.Email, "", b)
	if err != nil {
		return nil, err
	}
	m.Ref, m.Unsubscribe = s.ID, unsubURL
	m.Link = &LinkSpec{Purpose: PurposeUnsub, Email: s.Email, Ref: s.ID, TTL: UnsubscribeTTL}
	return m, nil
}
