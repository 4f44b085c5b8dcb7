package i18n

import "strings"

// turkishPlain maps the Turkish letters that foreign keyboards lack (and
// the circumflexed vowels) to the plain Latin letters people type instead.
// Fold has already turned ı and İ into i.
var turkishPlain = strings.NewReplacer(
	"ş", "s", "ğ", "g", "ü", "u", "ö", "o", "ç", "c", "â", "a", "î", "i", "û", "u",
)

// Deaccent returns the folded word w with Turkish ş, ğ, ü, ö, ç (and â, î,
// û) written as s, g, u, o, c (a, i, u), as a Turkish word typed on a
// keyboard without Turkish letters reads: "güneş" → "gunes". Other text is
// returned as it is.
func Deaccent(w string) string {
	if ascii(w) {
		return w
	}
	return turkishPlain.Replace(w)
}
