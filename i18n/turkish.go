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

// Suffixes of TurkishStem, longest first within each layer, written as
// Deaccent writes them (ı, ü → i, u).
var (
	// turkishCase are case endings (with the relative -ki), stripped
	// first. Those beginning with the buffer n follow a possessive.
	turkishCase = []string{
		"ndeki", "ndaki", "nden", "ndan", "deki", "daki", "teki", "taki",
		"nde", "nda", "nin", "nun", "den", "dan", "ten", "tan", "yle", "yla",
		"de", "da", "te", "ta", "ni", "nu", "ne", "na",
	}
	// turkishPossessive are possessive endings; a bare -i/-u only counts
	// after a case ending with the buffer n ("sistem-i-nde").
	turkishPossessive = []string{"lerin", "larin", "leri", "lari", "imiz", "umuz", "iniz", "unuz", "si", "su"}
	// turkishPlural are the plural endings.
	turkishPlural = []string{"ler", "lar"}
)

// minTurkishStem is the fewest bytes a stem keeps.
const minTurkishStem = 3

// TurkishStem returns a light stem of a folded Turkish word: the word
// deaccented (Deaccent), then without its case ending (-de/-da, -den/-dan,
// -nin, -ndeki…), possessive (-si, -leri, -imiz, -i after the buffer n;
// -lerin as plural and genitive or possessive) and
// plural (-ler/-lar), in that order. A stem keeps at least three letters.
// It is light:
// consonant softening (kitap/kitabı) and a bare possessive -i after a
// consonant are left alone (one-edit typo tolerance covers the latter).
//
//	"sensörler" → "sensor", "sensörlerinde" → "sensor",
//	"bataryası" → "batarya", "sisteminin" → "sistem", "merkezde" → "merkez".
func TurkishStem(w string) string {
	w = Deaccent(w)
	if !ascii(w) || len(w) <= minTurkishStem+1 {
		return w
	}
	buffer := false // the case ending began with the buffer n
	for _, s := range turkishCase {
		if cut, ok := strings.CutSuffix(w, s); ok && len(cut) >= minTurkishStem && caseFits(cut, s) {
			w, buffer = cut, s[0] == 'n'
			break
		}
	}
	possessive := false
	for _, s := range turkishPossessive {
		if cut, ok := strings.CutSuffix(w, s); ok && len(cut) >= minTurkishStem {
			w, possessive = cut, true
			if strings.HasPrefix(s, "l") {
				return w // the plural is part of it
			}
			break
		}
	}
	if !possessive && buffer && len(w) > minTurkishStem && (w[len(w)-1] == 'i' || w[len(w)-1] == 'u') {
		w = w[:len(w)-1]
	}
	for _, s := range turkishPlural {
		if cut, ok := strings.CutSuffix(w, s); ok && len(cut) >= minTurkishStem {
			return cut
		}
	}
	return w
}

// caseFits reports whether the case ending s may follow stem: -te/-ta
// (-ten, -teki…) only after a voiceless consonant, -de/-da only after
// anything else, and the buffer forms (-nde, -ni, -ne…) only after a
// possessive i or u, except the genitive -nin/-nun, which also follows a
// vowel ("batarya-nın").
func caseFits(stem, s string) bool {
	last := stem[len(stem)-1]
	voiceless := strings.IndexByte("cfhkpst", last) >= 0
	switch {
	case s[0] == 't':
		return voiceless
	case s[0] == 'd':
		return !voiceless
	case s == "nin" || s == "nun":
		return strings.IndexByte("aeiou", last) >= 0
	case s[0] == 'n':
		return last == 'i' || last == 'u'
	}
	return true
}
