package staff

import (
	"strings"

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
