package content

import (
	"slices"
	"time"

	"hubdir/i18n"
)

// Translation status and review of listings, for the staff workspace.
//
// Translation status. Every listing records, per locale, when its text in
// that locale last changed (TextUpdated: locale → time, set by the store on
// create and on every write that changes text). A locale is:
//
//   - missing a field when the field has text in some locale but not in
//     this one (MissingFields);
//   - stale when it has text and its time is older than the newest time of
//     another locale: some other locale was edited after it, so it may no
//     longer say the same (StaleLocales). Editing a stale locale, even only
//     re-saving a corrected text, makes it current.
//
// Listings stored before TextUpdated existed have none: nothing is stale
// until their first edit, after which the locales that edit did not touch
// read as stale. One map per document keeps every write single-document.
//
// Review. A hub with RequireReview set publishes a need only after review:
// an editor sends the draft for review (the need's ReviewRequestedBy names
// them) and another staff member of the hub publishes it. CanPublish
// checks this; the store's publish path and the web handlers both call it.
// Publishing clears ReviewRequestedBy.

// StampText returns the per-locale edit times after a write that turned
// the text fields before into after (parallel slices; before nil for a
// new listing): each locale whose text changed in any field gets now, a
// locale with no text left is dropped, the others keep their time. prev
// is not modified; the result is nil when no locale has text.
func StampText(prev map[string]time.Time, before, after []Text, now time.Time) map[string]time.Time {
	out := map[string]time.Time{}
	for l, t := range prev {
		out[l] = t
	}
	for _, l := range i18n.Codes() {
		has, changed := false, false
		for i, a := range after {
			s, ok := a.In(l)
			has = has || ok
			var b string
			if i < len(before) {
				b, _ = before[i].In(l)
			}
			if s != b {
				changed = true
			}
		}
		switch {
		case !has:
			delete(out, l)
		case changed:
			out[l] = now
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// NamedText is one multilingual field of a listing, with its field name.
type NamedText struct {
	Field string
	Text  Text
}

// Texts returns the translatable fields of the need.
func (n *Need) Texts() []NamedText {
	return []NamedText{{"title", n.Title}, {"summary", n.Summary}, {"body", n.Body}}
}

// Texts returns the translatable fields of the company.
func (c *Company) Texts() []NamedText {
	return []NamedText{{"name", c.Name}, {"city", c.City}, {"description", c.Description}, {"capabilities", c.Capabilities}}
}

// Texts returns the translatable fields of the agreement.
func (a *Agreement) Texts() []NamedText {
	return []NamedText{{"title", a.Title}, {"scope", a.Scope}}
}

// texts returns the Text values of fields.
func texts(fields []NamedText) []Text {
	out := make([]Text, len(fields))
	for i, f := range fields {
		out[i] = f.Text
	}
	return out
}

// StampNeedText sets next's TextUpdated for a write from prev (nil: a
// new need) to next at now. The store calls it on every write.
func StampNeedText(prev, next *Need, now time.Time) {
	var before []Text
	var stamps map[string]time.Time
	if prev != nil {
		before, stamps = texts(prev.Texts()), prev.TextUpdated
	}
	next.TextUpdated = StampText(stamps, before, texts(next.Texts()), now)
}

// StampCompanyText is StampNeedText for companies.
func StampCompanyText(prev, next *Company, now time.Time) {
	var before []Text
	var stamps map[string]time.Time
	if prev != nil {
		before, stamps = texts(prev.Texts()), prev.TextUpdated
	}
	next.TextUpdated = StampText(stamps, before, texts(next.Texts()), now)
}

// StampAgreementText is StampNeedText for agreements.
func StampAgreementText(prev, next *Agreement, now time.Time) {
	var before []Text
	var stamps map[string]time.Time
	if prev != nil {
		before, stamps = texts(prev.Texts()), prev.TextUpdated
	}
	next.TextUpdated = StampText(stamps, before, texts(next.Texts()), now)
}

// MissingFields returns, per supported locale, the fields that have text in
// some locale but none in that one; locales lacking nothing are left out.
func MissingFields(fields []NamedText) map[string][]string {
	out := map[string][]string{}
	for _, f := range fields {
		if len(f.Text.Locales()) == 0 {
			continue
		}
		for _, l := range i18n.Codes() {
			if _, ok := f.Text.In(l); !ok {
				out[l] = append(out[l], f.Field)
			}
		}
	}
	return out
}

// StaleLocales returns the locales, in the supported order, whose text is
// older than the newest text of another locale (see the package comment
// above). Only locales with text in some field count.
func StaleLocales(fields []NamedText, stamps map[string]time.Time) []string {
	if len(stamps) == 0 {
		return nil
	}
	var newest time.Time
	for _, t := range stamps {
		if t.After(newest) {
			newest = t
		}
	}
	var out []string
	for _, l := range i18n.Codes() {
		has := false
		for _, f := range fields {
			if _, ok := f.Text.In(l); ok {
				has = true
			}
		}
		if has && stamps[l].Before(newest) {
			out = append(out, l)
		}
	}
	return out
}

// CanPublish reports whether by may publish the need n of hub h: always
// when the hub does not require review; else only when the need was sent
// for review by someone else. It returns nil or an ErrForbidden *Error.
func (n *Need) CanPublish(h *Hub, by string) error {
	if h == nil || !h.RequireReview {
		return nil
	}
	if n.ReviewRequestedBy == "" {
		return Errorf(CodeForbidden, "need %q: the hub requires review; send it for review first", n.Ref)
	}
	if n.ReviewRequestedBy == by {
		return Errorf(CodeForbidden, "need %q: another staff member must publish it", n.Ref)
	}
	return nil
}

// AwaitingReview reports whether the need waits for review: sent for
// review and still a draft.
func (n *Need) AwaitingReview() bool {
	return n.ReviewRequestedBy != "" && slices.Contains([]string{NeedDraft, NeedClosed}, n.Status)
}
