package i18n

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// stopWordSource lists, per locale, frequent words that say nothing about
// what a listing is about: articles, prepositions, conjunctions, pronouns,
// auxiliary verbs and fillers. They are written as people write them; the
// sets below hold their folded forms (Fold), so that Arabic ي/ك, hamza
// forms, traditional characters and case do not matter. Chinese is
// segmented into characters and bigrams by the analyser, so its list holds
// single characters and two-character words.
var stopWordSource = map[string]string{
	"en": `a an the and or but nor if so of in on at by for from to into onto
		with without within over under about above below between through
		during after before as per via is are was were be been being am do does
		did done has have had having can could will would shall should may
		might must it its it's this that these those there here their theirs
		they them we our ours us you your yours he him his she her hers i me my
		mine not no yes than then too very also only just such other others
		more most less some any each every all both either neither own same
		which who whom whose what when where why how up down out off again
		further once etc eg ie`,
	"tr": `ve veya ya yahut ile için bir bu şu o da de ki mi mı mu mü gibi
		daha çok az en her ama fakat ancak lakin ise yani kadar göre sonra
		önce üzere ayrıca hem ne nasıl niçin neden hangi tüm bütün bazı
		diğer başka aynı ben sen biz siz onlar bunlar şunlar bunu şunu onu
		bunun onun bunda onda buna ona olan olarak olup olması olmak oldu
		olmuş olacak olduğu olduğunu içinde arasında değil var yok ya da
		den dan ten tan dir dır dur dür tir tır tur tür kendi kendisi şey
		şeyler her şekilde tarafından itibaren dolayı rağmen`,
	"fa": `و در به از که را با این آن برای تا یا هم نیز بر های ها است هست
		نیست بود بودن شد شود شده شدن می نمی کند کرد کرده کردن دارد داشت
		داشته باشد باشند هستند بودند یک هر چه اگر اما ولی لیکن پس طبق مورد
		همه خود ما شما او وی ایشان آنها اینها آنان بین روی توسط جهت همچنین
		سایر دیگر چند بیش چون زیرا درباره مانند مثل حتی همین همان آنکه اینکه
		ای اند ایم اید ام وجود دارای بدون نه هیچ کدام چنین چنان ضمن
		طی فقط تنها باید نباید`,
	"zh": `的 了 和 与 及 或 是 在 为 对 等 以 将 其 并 由 从 于 之 也 而 被
		把 向 到 就 都 有 这 那 个 我 你 他 她 它 吗 呢 吧 啊 着 过 所 该 各
		我们 你们 他们 它们 以及 或者 并且 而且 可以 进行 一个 一种 这些
		那些 这个 那个 其他 其它 所有 每个 各种 已经 如果 但是 因为 所以
		关于 对于 根据 以上 以下 之间 之后 之前 目前 通过 用于 以便 及其
		等等 还是 还有 就是 不是 没有 主要 相关 提供 能够`,
}

// stopWordSets are the folded stop words per locale, and under "" those of
// every locale. Built once, never modified.
var stopWordSets = func() map[string]map[string]bool {
	out := map[string]map[string]bool{"": {}}
	for code, src := range stopWordSource {
		set := map[string]bool{}
		for _, w := range strings.Fields(src) {
			for _, f := range strings.Fields(Fold(w)) {
				set[f] = true
				// Turkish typed without its letters ("icin" for "için").
				set[Deaccent(f)] = true
			}
		}
		out[code] = set
		for w := range set {
			out[""][w] = true
		}
	}
	return out
}()

// IsStopWord reports whether word is a stop word in any supported locale
// (fa, zh, en, tr). The word is compared in its folded form (Fold), so
// "The", "ﻭ", "為" and "ICIN" count; a word of several words (after
// folding) never does. Chinese stop words are single characters and
// two-character words such as 我们 or 进行.
func IsStopWord(word string) bool { return isStopWord(stopWordSets[""], word) }

// IsStopWordIn reports whether word is a stop word of the locale code, as
// IsStopWord does; an unsupported code has no stop words.
func IsStopWordIn(code, word string) bool {
	set, ok := stopWordSets[code]
	if !ok || code == "" {
		return false
	}
	return isStopWord(set, word)
}

// StopWords returns the folded stop words of the locale code, sorted; nil
// for an unsupported code. The caller may modify the slice.
func StopWords(code string) []string {
	set, ok := stopWordSets[code]
	if !ok || code == "" {
		return nil
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// isStopWord looks word up in set, folding it first unless it is already
// in folded form (the common case for callers holding folded keys, which
// then costs no allocation).
func isStopWord(set map[string]bool, word string) bool {
	if set[word] {
		return true
	}
	if isFolded(word) {
		return false
	}
	f := Fold(word)
	if f == "" || strings.IndexByte(f, ' ') >= 0 {
		return false
	}
	return set[f]
}

// isFolded reports whether Fold(w) == w for a one-word w, without
// allocating for the common cases (lower-case ASCII, or text already in
// NFKC whose characters fold to themselves).
func isFolded(w string) bool {
	if w == "" {
		return true
	}
	if ascii(w) {
		for i := 0; i < len(w); i++ {
			c := w[i]
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
				return false
			}
		}
		return true
	}
	if !utf8.ValidString(w) || !norm.NFKC.IsNormalString(w) {
		return false
	}
	for _, r := range w {
		if r == '\u200C' || foldRune(r) != r {
			return false
		}
	}
	return true
}
