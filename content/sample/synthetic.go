package sample

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"hubdir/content"
)

// SyntheticNeed is one generated need: the create input and the status it
// should end up in: content.NeedDraft, content.NeedPublished,
// content.NeedClosed, or content.NeedExpired for a published need whose
// deadline (in Input) has passed. Expired inputs fail NeedInput.Validate
// for today, as any past deadline does; LoadSynthetic stores them as Load
// stores the sample's expired needs.
type SyntheticNeed struct {
	Input  content.NeedInput
	Status string
}

// Synthetic returns n generated needs for the TR and CN hubs, the same for
// the same seed and day. They combine technologies, applications, kinds,
// sectors and origin countries; titles are in fa, en and the partner's
// language (tr or zh), summaries and bodies of one to four paragraphs mostly
// too, with some translations left out. Deadlines spread from 60 days
// before now's date to 365 days after it.
func Synthetic(n int, seed int64, now time.Time) []SyntheticNeed {
	r := rand.New(rand.NewPCG(uint64(seed), 0x7ab121_2026))
	today := content.DateOf(now)
	out := make([]SyntheticNeed, max(n, 0))
	for i := range out {
		out[i] = synthesize(r, today)
	}
	return out
}

// synthesize makes one need.
func synthesize(r *rand.Rand, today content.Date) SyntheticNeed {
	hub, partnerLang := "TR", "tr"
	if r.IntN(2) == 1 {
		hub, partnerLang = "CN", "zh"
	}
	kinds := content.NeedKinds()
	kind := kinds[r.IntN(len(kinds))]
	tech := &technologies[r.IntN(len(technologies))]
	cities := hubCities[hub]
	c := cities[r.IntN(len(cities)-foreignCities)]
	if r.IntN(100) < 12 {
		c = cities[len(cities)-foreignCities+r.IntN(foreignCities)]
	}
	size := sizes[r.IntN(len(sizes))]
	site := sites[r.IntN(len(sites))]
	nums := map[string]int{
		"n":      8 + r.IntN(33),
		"qty":    []int{40, 120, 250, 600, 1500, 4000, 12000}[r.IntN(7)],
		"months": 6 + 3*r.IntN(11),
		"days":   5 + r.IntN(16),
		"musd":   2 + r.IntN(59),
		"years":  3 + r.IntN(13),
		"weeks":  2 + r.IntN(5),
	}
	extra := r.Perm(len(moreParagraphs))[:r.IntN(len(moreParagraphs)+1)]
	slices.Sort(extra)

	kt := kindTexts[kind]
	in := content.NeedInput{
		Hub: hub, Kind: kind, Country: c.country,
		Title: content.Text{}, Summary: content.Text{}, Body: content.Text{},
	}
	for _, l := range []string{"fa", "en", partnerLang} {
		li := localeIndex[l]
		vars := map[string]string{
			"tech": tech.tech[li], "app": tech.app[li],
			"std": tech.std, "city": c.name[li], "site": site[li], "size": size[li],
			"seeks": kt.seeks[li],
		}
		for k, v := range nums {
			vars[k] = formatInt(v, l)
		}
		vars["musd100"] = formatInt(nums["musd"]*100, l)
		in.Title[l] = upperFirst(fill(kt.title[li], vars), l)
		in.Summary[l] = fill(summaryText[li], vars)
		paras := []string{fill(kt.paragraph[li], vars)}
		for _, x := range extra {
			paras = append(paras, fill(moreParagraphs[x][li], vars))
		}
		in.Body[l] = strings.Join(paras, "\n\n")
	}
	// Leave some translations out, as staff do, so that fallbacks show.
	if r.IntN(100) < 8 {
		delete(in.Summary, []string{"en", partnerLang, "fa"}[r.IntN(3)])
	}
	if r.IntN(100) < 10 {
		delete(in.Body, []string{"en", partnerLang}[r.IntN(2)])
	}

	// The technology's first sector always, some of the others too.
	in.Sectors = []string{tech.sectors[0]}
	for _, sec := range tech.sectors[1:] {
		if r.IntN(3) > 0 {
			in.Sectors = append(in.Sectors, sec)
		}
	}

	ps := kindPartnerships[kind]
	in.Partnerships = []string{ps[r.IntN(len(ps))]}
	if p := ps[r.IntN(len(ps))]; r.IntN(3) == 0 && p != in.Partnerships[0] {
		in.Partnerships = append(in.Partnerships, p)
	}

	switch kind {
	case "technology":
		in.TRL = 6 + r.IntN(4)
	case "rnd":
		in.TRL = 2 + r.IntN(5)
	case "testing", "investment":
		in.TRL = 7 + r.IntN(3)
	}

	offset := r.IntN(426) - 60
	in.Deadline = addDays(today, offset)
	status := content.NeedPublished
	switch x := r.IntN(100); {
	case offset < 0:
		status = content.NeedExpired
	case x < 4:
		status = content.NeedDraft
	case x < 9:
		status = content.NeedClosed
	}
	return SyntheticNeed{Input: in, Status: status}
}

// fill replaces each {name} in s with vars[name].
func fill(s string, vars map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		name := s[i+1 : i+j]
		if v, ok := vars[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}

// upperFirst upper-cases the first letter of s as locale l does (Turkish
// i becomes İ).
func upperFirst(s, l string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	if l == "tr" {
		return string(unicode.TurkishCase.ToUpper(r)) + s[n:]
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// formatInt writes v as staff would in locale l: Persian digits and the
// Persian thousands separator in fa, "1,500" in en, "1.500" in tr, plain
// digits in zh.
func formatInt(v int, l string) string {
	s := strconv.Itoa(v)
	sep := ""
	switch l {
	case "fa":
		sep = "٬"
	case "en":
		sep = ","
	case "tr":
		sep = "."
	}
	if sep != "" && len(s) > 3 {
		var b strings.Builder
		for i, d := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteString(sep)
			}
			b.WriteRune(d)
		}
		s = b.String()
	}
	if l == "fa" {
		s = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '۰' + (r - '0')
			}
			return r
		}, s)
	}
	return s
}

// syntheticWorkers is how many needs LoadSynthetic stores at once through
// the store's one-by-one writes.
const syntheticWorkers = 4

// syntheticBatch is how many needs LoadSynthetic hands a BulkSeeder at
// once.
const syntheticBatch = 2000

// BulkSeeder is implemented by stores that can store many new needs at
// once, exactly as given: ReserveNeedRefs allocates n consecutive
// reference codes of a hub in the current year with one write, and
// SeedNeeds validates needs as SeedNeed does and stores them, failing
// without writing anything when one of them is invalid.
type BulkSeeder interface {
	ReserveNeedRefs(ctx context.Context, hub string, n int) ([]string, error)
	SeedNeeds(ctx context.Context, needs []*content.Need) error
}

// LoadSynthetic stores Synthetic(n, seed, now) into st and takes each need
// to its status (published for most), as written by Author. When st lacks
// the TR or CN hub, it first stores the sample's hubs.
//
// When st is a BulkSeeder, the needs are built in their final state (status,
// publication date, deadlines in the past for expired needs) with
// reference codes reserved in generation order, and stored in batches.
// Otherwise they go through CreateNeed and TransitionNeed, written by a
// small pool of workers, so their reference codes are not in generation
// order. The first error stops the load and is returned.
func LoadSynthetic(ctx context.Context, st content.Store, n int, seed int64, now time.Time, zone *time.Location) error {
	if err := ensureHubs(ctx, st, now); err != nil {
		return err
	}
	today := content.Today(now, zone)
	needs := Synthetic(n, seed, now.In(zone))
	if bs, ok := st.(BulkSeeder); ok {
		return loadBulk(ctx, bs, needs, now, today)
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(syntheticWorkers, max(len(needs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				sn := needs[i]
				if _, err := storeNeed(ctx, st, sn.Input, sn.Status, sn.Input.Deadline, now, today); err != nil {
					cancel(fmt.Errorf("sample: synthetic need %d: %w", i, err))
				}
			}
		}()
	}
feed:
	for i := range needs {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}

// loadBulk stores the synthetic needs through a BulkSeeder.
func loadBulk(ctx context.Context, bs BulkSeeder, needs []SyntheticNeed, now time.Time, today content.Date) error {
	perHub := map[string]int{}
	for _, sn := range needs {
		perHub[sn.Input.Hub]++
	}
	refs := map[string][]string{}
	for _, hub := range []string{"TR", "CN"} {
		if perHub[hub] == 0 {
			continue
		}
		r, err := bs.ReserveNeedRefs(ctx, hub, perHub[hub])
		if err != nil {
			return fmt.Errorf("sample: reserving %d references of hub %s: %w", perHub[hub], hub, err)
		}
		refs[hub] = r
	}
	batch := make([]*content.Need, 0, min(len(needs), syntheticBatch))
	for i, sn := range needs {
		hub := sn.Input.Hub
		ref := refs[hub][0]
		refs[hub] = refs[hub][1:]
		// Posted one minute apart in generation order, the last a minute ago.
		posted := now.Add(-time.Duration(len(needs)-i) * time.Minute)
		n, err := syntheticNeed(sn, ref, posted, now, today)
		if err != nil {
			return fmt.Errorf("sample: synthetic need %d: %w", i, err)
		}
		batch = append(batch, n)
		if len(batch) == cap(batch) || i == len(needs)-1 {
			if err := bs.SeedNeeds(ctx, batch); err != nil {
				return fmt.Errorf("sample: synthetic needs up to %d: %w", i, err)
			}
			batch = batch[:0]
		}
	}
	return nil
}

// syntheticNeed returns the need sn describes in its final state, with the
// given reference, posted at the given time; an expired need was posted 45
// days before its deadline, as storeNeed seeds it.
func syntheticNeed(sn SyntheticNeed, ref string, posted, now time.Time, today content.Date) (*content.Need, error) {
	in := sn.Input
	if sn.Status == content.NeedExpired || in.Deadline.Before(today) {
		posted = in.Deadline.Time().AddDate(0, 0, -45).Add(9 * time.Hour)
	}
	n := in.NewNeed(ref, Author, posted)
	published := posted.Add(2 * time.Hour)
	if published.After(now) {
		published = now
	}
	switch sn.Status {
	case content.NeedDraft:
	case content.NeedPublished, content.NeedExpired:
		n.Status, n.Version = content.NeedPublished, 2
		n.PublishedAt, n.UpdatedAt = &published, published
	case content.NeedClosed:
		n.Status, n.Version = content.NeedClosed, 3
		n.PublishedAt, n.UpdatedAt = &published, published
	default:
		return nil, fmt.Errorf("unknown need status %q", sn.Status)
	}
	return n, nil
}

// ensureHubs stores the sample hubs when st lacks any of them.
func ensureHubs(ctx context.Context, st content.Store, now time.Time) error {
	have, err := st.Hubs(ctx)
	if err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	d, err := Parse()
	if err != nil {
		return err
	}
	for _, h := range d.Hubs {
		if slices.ContainsFunc(have, func(x *content.Hub) bool { return x.Code == h.Code }) {
			continue
		}
		h.CreatedAt, h.UpdatedAt, h.Version = now, now, 1
		if err := st.PutHub(ctx, h); err != nil {
			return fmt.Errorf("sample: hub %s: %w", h.Code, err)
		}
	}
	return nil
}
