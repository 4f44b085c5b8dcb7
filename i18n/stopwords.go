package i18n

// Minimal stop-word lists per locale, added by the public-site branch
// because the search branch's fuller i18n/stopwords.go (same API:
// IsStopWord, IsStopWordIn) had not reached main by 01:20 UTC. When both
// meet, keep the search branch's file.

import "strings"

// stopWordSource lists, per locale, frequent words that say nothing about
// what a listing is about, written as people write them.
var stopWordSource = map[string]string{
	"en": "a an the and or of in on at to for from by with as is are was were be been it its this that these those " +
		"we our you your they their he she his her not no than then more most such other into over under about " +
		"also can will would should may must has have had do does did per via up out all any each both only",
	"tr": "ve ile için bir bu şu o da de ki mi ya veya ama fakat gibi kadar daha en çok her olan olarak " +
		"ise ne hem sonra önce üzere göre ait tarafından bunun şunun onun biz siz onlar",
	"fa": "و در به از که را با این آن برای تا یا هم نیز اما اگر بر پس چون چه هر یک های ها است هست بود شد " +
		"شود کرد کند می نمی ای ما شما آنها او خود دیگر همه طبق روی زیر بین",
	"zh": "的 了 和 与 及 或 在 是 为 对 从 以 等 并 也 而 其 之 由 于 将 被 把 这 那 我们 进行 以及 通过 需要 一个",
}

// stopWordSets are the folded stop words per locale, and under "" those
// of every locale. Built once, never modified.
var stopWordSets = func() map[string]map[string]bool {
	out := map[string]map[string]bool{"": {}}
	for code, list := range stopWordSource {
		set := map[string]bool{}
		for _, w := range strings.Fields(list) {
			f := Fold(w)
			set[f], out[""][f] = true, true
		}
		out[code] = set
	}
	return out
}()

// IsStopWord reports whether word is a stop word in any supported locale.
// The word is compared in its folded form (Fold).
func IsStopWord(word string) bool { return stopWordSets[""][Fold(word)] }

// IsStopWordIn reports whether word is a stop word of the locale code; an
// unsupported code has no stop words.
func IsStopWordIn(code, word string) bool {
	set, ok := stopWordSets[code]
	return ok && set[Fold(word)]
}
