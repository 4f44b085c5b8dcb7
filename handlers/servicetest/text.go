package servicetest

import (
	"strings"
	"testing"

	"hubdir/i18n"
)

// T returns message id of the catalogs in lang, escaped as html/template
// escapes element content, to look for it in a page.
func T(t testing.TB, lang, id string) string {
	t.Helper()
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	return HTMLEscape(b.Localizer(lang).T(id))
}

// HTMLEscape escapes text as html/template does in element content.
func HTMLEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}
