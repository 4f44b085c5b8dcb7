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
// never mix languages on a page. The reader's locale (order[0]) is taken
// when it has the first text and, if the listing has more texts, at least
// one of them: a reader gets their own language even when a translation is
// partial (the page then links to the fuller ones). Otherwise it walks
// order and takes the first locale that has every text the listing has;
// when no locale is complete, the first that has the first text; then the
// first that has any. It returns "" when every text is empty.
func ChooseLocale(order []string, texts ...Text) string {
	if len(texts) == 0 {
		return ""
	}
	has := func(t Text, l string) bool { _, ok := t.In(l); return ok }
	if len(order) > 0 && has(texts[0], order[0]) {
		own, others := order[0], 0
		enough := true
		for _, t := range texts[1:] {
			if len(t.Locales()) > 0 {
				others++
				if has(t, own) {
					enough = true
					break
				}
				enough = false
			}
		}
		if others == 0 || enough {
			return own
		}
	}
	complete := func(l string) bool {
		for _, t := range texts {
			if len(t.Locales()) > 0 && !has(t, l) {
				return false
			}
		}
		return true
	}
	for _, l := range order {
		if has(texts[0], l) && complete(l) {
			return l
		}
	}
	for _, l := range order {
		if has(texts[0], l) {
			return l
		}
	}
	for _, l := range order {
		for _, t := range texts {
			if has(t, l) {
				return l
			}
		}
	}
	return ""
}

// MissingIn returns the locales, in order, that have some text of texts
// that locale l lacks: where a reader finds more of a listing shown in l.
func MissingIn(l string, order []string, texts ...Text) []string {
	var out []string
	for _, t := range texts {
		if _, ok := t.In(l); ok {
			continue
		}
		for _, o := range order {
			if _, ok := t.In(o); ok && o != l && !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	return out
}
