package page

import (
	"strings"

	"hubdir/i18n"
)

// View helpers of the staff workspace's audit log: the kinds of document,
// the channels and the changed fields in the page's language.

// TOr translates id, or returns fallback when the catalogs lack it.
func (v *View) TOr(id, fallback string) string {
	if s := v.T(id); s != id {
		return s
	}
	return fallback
}

// AuditKind names the kind of document an audit entry is about ("need",
// "interest", "staff"...) in the page's language; an unknown kind shows
// its code.
func (v *View) AuditKind(kind string) string { return v.TOr("staffui.kind."+kind, kind) }

// AuditVia names the channel of an audit entry ("web", "api", "cli",
// "import"); an empty one is the web (entries written before channels
// were recorded).
func (v *View) AuditVia(via string) string {
	if via == "" {
		via = "web"
	}
	return v.TOr("staffui.via."+via, via)
}

// AuditFieldName is a changed field of an audit entry as the log shows
// it: its name in the page's language, or its code (Raw) when the
// catalogs do not name it.
type AuditFieldName struct {
	S   string
	Raw bool
}

// AuditField names a changed field: "title" is the title, "title.fa" the
// Persian title, "company.name" the firm's name.
func (v *View) AuditField(f string) AuditFieldName {
	if s := v.T("staffui.field." + f); s != "staffui.field."+f {
		return AuditFieldName{S: s}
	}
	if i := strings.LastIndexByte(f, '.'); i > 0 && i18n.IsSupported(f[i+1:]) {
		id := "staffui.field." + f[:i]
		if s := v.T(id); s != id {
			return AuditFieldName{S: v.T("staffui.field.in_locale", "Field", s, "Locale", v.LocaleName(f[i+1:]))}
		}
	}
	return AuditFieldName{S: f, Raw: true}
}
