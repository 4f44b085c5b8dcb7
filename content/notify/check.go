package notify

import (
	"regexp"
	"slices"
	"strings"

	"hubdir/content"
	"hubdir/i18n"
)

// The checks below are those of a restored backup (content/mongo's
// Import): a document of the mail side must be one that this package
// could have written. Each returns content.ErrInvalid naming the field.

// kinds are the message kinds, purposes the link purposes and states the
// message states this package writes.
var (
	kinds = []string{KindReceipt, KindStaffNew, KindStaffDigest, KindStaffGone, KindStaffContact, KindStatus, KindMyLink,
		KindAlertOptIn, KindAlertDigest, KindAlertManage, KindSubmissionPublished, KindSubmissionDeclined}
	purposes = []string{PurposeMy, PurposeMySession, PurposeAlertOptIn, PurposeAlertMng, PurposeUnsub}
	states   = []string{StatePending, StateSent, StateFailed, StateErased}
	modes    = []string{ModeEach, ModeDaily, ModeNone}
)

var (
	messageIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
	subIDPattern     = regexp.MustCompile(`^[0-9a-f]{24}$`)
	hashPattern      = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// checkAddress checks a stored recipient: one bare, lower- or mixed-case
// address without a name or line break.
func checkAddress(field, s string) error {
	if _, err := ParseRecipient(s); err != nil {
		return content.InvalidField(field, content.RuleInvalidEmail)
	}
	return nil
}

// Check checks a stored message: its id, kind, state, language, recipient
// (or the erased marker of an erased one), subject and text, attempts,
// times and link.
func (m *Message) Check() error {
	switch {
	case !messageIDPattern.MatchString(m.ID):
		return content.InvalidField("_id", content.RuleUnknownValue)
	case !slices.Contains(kinds, m.Kind):
		return content.InvalidField("kind", content.RuleUnknownValue)
	case !slices.Contains(states, m.State):
		return content.InvalidField("state", content.RuleUnknownValue)
	case !i18n.IsSupported(m.Lang):
		return content.InvalidField("lang", content.RuleUnknownLocale)
	case m.Event == "" || len(m.Event) > 300:
		return content.InvalidField("event", content.RuleRequired)
	case m.Attempts < 0:
		return content.InvalidField("attempts", content.RuleOutOfRange)
	case m.CreatedAt.IsZero():
		return content.InvalidField("created_at", content.RuleRequired)
	case m.State == StateSent && m.SentAt.IsZero():
		return content.InvalidField("sent_at", content.RuleRequired)
	case strings.ContainsAny(m.Unsubscribe, "\r\n<>"):
		return content.InvalidField("unsubscribe", content.RuleUnknownValue)
	case m.Hub != "" && !validHubs(m.Hub):
		return content.InvalidField("hub", content.RuleInvalidHub)
	}
	if m.To == content.ErasedMarker {
		if m.Subject != content.ErasedMarker || m.Text != "" || m.HTML != "" || m.State == StatePending {
			return content.InvalidField("to", content.RuleUnknownValue)
		}
	} else {
		if err := checkAddress("to", m.To); err != nil {
			return err
		}
		if m.Subject == "" || m.Text == "" {
			return content.InvalidField("text", content.RuleRequired)
		}
	}
	if m.Link != nil && (!slices.Contains(purposes, m.Link.Purpose) || m.Link.TTL <= 0) {
		return content.InvalidField("link", content.RuleUnknownValue)
	}
	return nil
}

// AboutInterest reports whether the message's Ref names an interest (a
// receipt, a staff notice, a status change), which a backup must hold.
func (m *Message) AboutInterest() bool {
	switch m.Kind {
	case KindReceipt, KindStaffNew, KindStaffGone, KindStaffContact, KindStatus:
		return true
	}
	return false
}

// validHubs reports whether s is one hub code or several joined by commas.
func validHubs(s string) bool {
	for _, h := range strings.Split(s, ",") {
		if !content.ValidHubCode(h) {
			return false
		}
	}
	return true
}

// Check checks a stored subscription: its id, address, language,
// frequency, filter (in normal form) and times.
func (s *Subscription) Check() error {
	switch {
	case !subIDPattern.MatchString(s.ID):
		return content.InvalidField("_id", content.RuleUnknownValue)
	case s.Email != strings.ToLower(s.Email):
		return content.InvalidField("email", content.RuleInvalidEmail)
	case !i18n.IsSupported(s.Lang):
		return content.InvalidField("lang", content.RuleUnknownLocale)
	case s.Frequency != Daily && s.Frequency != Weekly:
		return content.InvalidField("frequency", content.RuleUnknownValue)
	case s.CreatedAt.IsZero():
		return content.InvalidField("created_at", content.RuleRequired)
	case s.Confirmed && s.Since.IsZero():
		return content.InvalidField("since", content.RuleRequired)
	}
	if err := checkAddress("email", s.Email); err != nil {
		return err
	}
	return s.Filter.Validate()
}

// Check checks a stored link token: a SHA-256 in hex, a known purpose,
// an address, and an expiry after its making.
func (t *LinkToken) Check() error {
	switch {
	case !hashPattern.MatchString(t.Hash):
		return content.InvalidField("_id", content.RuleUnknownValue)
	case !slices.Contains(purposes, t.Purpose):
		return content.InvalidField("purpose", content.RuleUnknownValue)
	case t.Created.IsZero() || !t.Expires.After(t.Created):
		return content.InvalidField("expires", content.RuleOutOfRange)
	case t.Lang != "" && !i18n.IsSupported(t.Lang):
		return content.InvalidField("lang", content.RuleUnknownLocale)
	case t.Email != strings.ToLower(t.Email):
		return content.InvalidField("email", content.RuleInvalidEmail)
	}
	return checkAddress("email", t.Email)
}

// Check checks a staff member's stored choice of notifications.
func (p *StaffPref) Check() error {
	switch {
	case !slices.Contains(modes, p.Mode):
		return content.InvalidField("mode", content.RuleUnknownValue)
	case p.Lang != "" && !i18n.IsSupported(p.Lang):
		return content.InvalidField("lang", content.RuleUnknownLocale)
	}
	return checkAddress("_id", p.Email)
}
