package i18n

import "strings"

// ListSeparator returns the separator between the items of an inline list
// in the locale: Persian «، » (Arabic comma and a space), Chinese 、 (the
// enumeration comma, no space), and ", " for Latin-script locales.
func (l Locale) ListSeparator() string {
	switch l.Code {
	case "fa":
		return "، "
	case "zh":
		return "、"
	}
	return ", "
}

// JoinList joins items with the locale's list separator.
func (l Locale) JoinList(items []string) string {
	return strings.Join(items, l.ListSeparator())
}
