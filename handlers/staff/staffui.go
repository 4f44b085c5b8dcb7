package staff

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/i18n"
)

// replyMailto is the reply link of interest i: a mailto: URL to the firm's
// contact whose subject names the interest and the need (reference and
// title) in the language the firm wrote in (the page's language when the
// catalogs lack it). It is "" when the interest has no email (erased).
// The address and the subject are percent-encoded (RFC 6068: spaces as
// %20, never "+").
func (h *Handler) replyMailto(st *content.Staff, i *content.Interest) string {
	if i.Email == "" || strings.ContainsAny(i.Email, "?&#\r\n") {
		return ""
	}
	lang := i.Lang
	if !i18n.IsSupported(lang) {
		lang = "en"
	}
	title := ""
	if n, ok := h.cfg.Catalog.Need(i.Need, catalog.Viewer{Staff: st}); ok {
		title, _ = n.Title.Pick(lang, "en", "fa", "zh", "tr")
	}
	L := h.cfg.Bundle.Localizer(lang)
	subject := L.T("staffui.reply.subject", map[string]any{"Need": i.Need, "Title": title, "Interest": i.Ref})
	if title == "" {
		subject = L.T("staffui.reply.subject_ref", map[string]any{"Need": i.Need, "Interest": i.Ref})
	}
	return "mailto:" + mailtoEscape(i.Email) + "?subject=" + mailtoEscape(subject)
}

// mailtoEscape percent-encodes s for a mailto: URL (RFC 6068): every byte
// but the unreserved characters and "@" is encoded.
func mailtoEscape(s string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '@':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// Solar Hijri dates. A Persian page shows the date fields of the edit
// forms as text boxes holding a Solar Hijri date ("۱۴۰۵/۰۹/۰۲") and a
// hidden calendar=jalali; readEditValues turns what was typed back into
// the Gregorian YYYY-MM-DD the store keeps. Other locales keep the
// browser's date input.

// jalaliDateFields are the edit forms' date fields.
var jalaliDateFields = [...]string{"deadline", "signed_on", "expires_on"}

// fromJalaliForm converts the date fields of a form posted with
// calendar=jalali to YYYY-MM-DD. A Gregorian YYYY-MM-DD (pasted) is kept;
// text that is neither stays as typed, for validation to refuse (nothing
// is saved) and jalaliInput to explain.
func fromJalaliForm(c *fiber.Ctx, one map[string]string) {
	fromJalali(c, one, jalaliDateFields[:])
}

// fromJalali converts the named fields of one as fromJalaliForm does.
func fromJalali(c *fiber.Ctx, one map[string]string, names []string) {
	if c.FormValue("calendar") != "jalali" {
		return
	}
	for _, f := range names {
		s, ok := one[f]
		if !ok || strings.TrimSpace(s) == "" || validDate(strings.TrimSpace(s)) {
			continue
		}
		if d, err := i18n.ParseJalali(s); err == nil {
			one[f] = d.Format(time.DateOnly)
		}
	}
}

// jalaliInput turns a date input of the edit form into a Solar Hijri text
// box on Persian pages: its value in Solar Hijri with Persian digits (or
// as typed when it is not a date), an example in the hint, and a clear
// message when what was typed is not a Solar Hijri date.
func jalaliInput(v *view, in editInput) editInput {
	if v.Lang != "fa" || in.Type != "date" {
		return in
	}
	in.Type = "jalali"
	in.Value, in.Hint, in.Error = jalaliField(v, in.Value, in.Error)
	return in
}

// jalaliField returns what a Solar Hijri text box shows for a stored or
// typed date value and its problem: the value, the hint and the message.
func jalaliField(v *view, value, problem string) (string, string, string) {
	example := v.Digits(i18n.FormatJalali(time.Now().In(time.UTC).AddDate(0, 1, 0)))
	hint := v.T("staffui.jalali.hint", "Example", example)
	if d, ok := content.ParseDate(strings.TrimSpace(value)); ok && validDate(string(d)) {
		if t, err := time.Parse(time.DateOnly, string(d)); err == nil {
			value = v.Digits(i18n.FormatJalali(t))
		}
	} else if value != "" && problem != "" {
		problem = v.T("staffui.jalali.invalid", "Example", example)
	}
	return value, hint, problem
}
