package content

import (
	"slices"

	"hubdir/i18n"
)

// FallbackOrder returns the locales a page in locale want reads listing
// text in, best first: want, then English, then the hub's working
// languages in their order, then every other supported locale. Each locale
// appears once.
func FallbackOrder(want string, working []string) []string {
	out := make([]string, 0, len(i18n.Codes())+1)
	add := func(l string) {
		if l != "" && i18n.IsSupported(l) && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	add(want)
	add("en")
	for _, l := range working {
		add(l)
	}
	for _, l := range i18n.Codes() {
		add(l)
	}
	return out
}

// ChooseLocale returns the one locale a listing is shown in, so that its
// texts (title, summary, body…; the first is the listing's name or title)
// never mix languages on a page. It walks order (see FallbackOrder) and
// takes the first locale that has every text the listing has in some
// locale; when no locale is complete, the first that has the first text;
// then the first that has any. It returns "" when every text is empty.
func ChooseLocale(order []string, texts ...Text) string {
	if len(texts) == 0 {
		return ""
	}
	complete := func(l string) bool {
		for _, t := range texts {
			if len(t.Locales()) == 0 {
				continue // the listing has no such text in any locale
			}
			if _, ok := t.In(l); !ok {
				return false
			}
		}
		return true
	}
	for _, l := range order {
		if _, ok := texts[0].In(l); ok && complete(l) {
			return l
		}
	}
	for _, l := range order {
		if _, ok := texts[0].In(l); ok {
			return l
		}
	}
	for _, l := range order {
		for _, t := range texts {
			if _, ok := t.In(l); ok {
				return l
			}
		}
	}
	return ""
}
