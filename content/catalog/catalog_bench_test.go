package catalog

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"hubdir/content"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// cpuTime returns the CPU time the process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the process's CPU time per operation since start: on a
// shared, loaded machine it is steadier than the wall time of ns/op.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// Word lists for synthetic needs, per locale.
var (
	enWords = strings.Fields("sensor vision robot control quality water solar battery textile polymer " +
		"laboratory testing pump valve drone software platform analytics membrane coating " +
		"catalyst vaccine diagnostic implant steel packaging cold-chain irrigation turbine inverter")
	faWords = strings.Fields("حسگر بینایی ربات کنترل کیفیت آب خورشیدی باتری نساجی پلیمر " +
		"آزمایشگاه آزمون پمپ شیر پهپاد نرم‌افزار سکو تحلیل غشا پوشش " +
		"کاتالیست واکسن تشخیص ایمپلنت فولاد بسته‌بندی زنجیره آبیاری توربین اینورتر")
	zhWords = strings.Fields("传感器 视觉 机器人 控制 质量 水处理 太阳能 电池 纺织 聚合物 " +
		"实验室 检测 水泵 阀门 无人机 软件 平台 分析 膜 涂层 催化剂 疫苗 诊断 植入物 钢铁 包装 冷链 灌溉 涡轮 逆变器")
	trWords = strings.Fields("sensör görüntü robot kontrol kalite su güneş batarya tekstil polimer " +
		"laboratuvar test pompa vana dron yazılım platform analiz membran kaplama")
	synthCountries = []string{"TR", "CN", "HK", "IR", "DE", "AE"}
)

func words(rng *rand.Rand, list []string, n int, sep string) string {
	w := make([]string, n)
	for i := range w {
		w[i] = list[rng.IntN(len(list))]
	}
	return strings.Join(w, sep)
}

// synthNeed returns a synthetic need with reference number i.
func synthNeed(rng *rand.Rand, i int) *content.Need {
	hub := []string{"TR", "CN"}[i%2]
	all := content.Sectors()
	secs := []string{all[rng.IntN(len(all))]}
	if rng.IntN(2) == 0 {
		if s := all[rng.IntN(len(all))]; s != secs[0] {
			secs = append(secs, s)
		}
	}
	status := content.NeedPublished
	switch r := rng.IntN(20); {
	case r == 0:
		status = content.NeedDraft
	case r == 1:
		status = content.NeedClosed
	case r == 2:
		status = content.NeedArchived
	}
	created := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(800*24)) * time.Hour)
	n := &content.Need{
		Ref: fmt.Sprintf("%s-26-%05d", hub, i), Hub: hub,
		Kind:         content.NeedKinds()[rng.IntN(5)],
		Partnerships: []string{content.Partnerships()[rng.IntN(5)]},
		Sectors:      secs,
		Country:      synthCountries[rng.IntN(len(synthCountries))],
		Title: content.Text{
			"en": words(rng, enWords, 5, " "), "fa": words(rng, faWords, 5, " "),
		},
		Summary: content.Text{
			"en": words(rng, enWords, 25, " "), "fa": words(rng, faWords, 25, " "),
		},
		Body:      content.Text{"en": words(rng, enWords, 60, " ")},
		Deadline:  content.DateOf(created.AddDate(0, 0, 60+rng.IntN(400))),
		Status:    status,
		Version:   1,
		CreatedAt: created, UpdatedAt: created,
		Rev: int64(i + 1),
	}
	if hub == "CN" {
		n.Title["zh"] = words(rng, zhWords, 4, "")
		n.Summary["zh"] = words(rng, zhWords, 20, "")
	} else {
		n.Title["tr"] = words(rng, trWords, 5, " ")
	}
	if status != content.NeedDraft {
		p := created.Add(time.Duration(rng.IntN(72)) * time.Hour)
		n.PublishedAt = &p
	}
	return n
}

// synthNeeds returns n synthetic needs.
func synthNeeds(n int, seed uint64) []*content.Need {
	rng := rand.New(rand.NewPCG(seed, 42))
	out := make([]*content.Need, n)
	for i := range out {
		out[i] = synthNeed(rng, i)
	}
	return out
}

func benchCatalog(b *testing.B, n int) *Catalog {
	b.Helper()
	c := New(tehran, func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) })
	c.uncached = true // measure the queries, not the cache of answers
	c.Load(&content.Snapshot{
		Hubs:  []*content.Hub{{Code: "CN"}, {Code: "TR"}},
		Needs: synthNeeds(n, 1),
	})
	return c
}

// BenchmarkNeedsListCached is BenchmarkNeedsList answered from the cache
// of public answers, as a repeated query is between two writes.
func BenchmarkNeedsListCached(b *testing.B) {
	c := benchCatalog(b, 10000)
	c.uncached = false
	b.ReportAllocs()
	for b.Loop() {
		if r := c.Needs(NeedQuery{Page: 3}); len(r.Items) != 20 {
			b.Fatal(len(r.Items))
		}
	}
}

func BenchmarkNeedsList(b *testing.B) {
	c := benchCatalog(b, 10000)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		r := c.Needs(NeedQuery{Page: 3})
		if len(r.Items) != 20 {
			b.Fatal(len(r.Items))
		}
	}
	reportCPU(b, start)
}

func BenchmarkNeedsListDeadline(b *testing.B) {
	c := benchCatalog(b, 10000)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		c.Needs(NeedQuery{Sort: SortDeadline, Page: 2})
	}
	reportCPU(b, start)
}

func BenchmarkNeedsFilter(b *testing.B) {
	c := benchCatalog(b, 10000)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		r := c.Needs(NeedQuery{Hubs: []string{"TR"}, Sectors: []string{"ai", "robotics"}})
		if r.Total == 0 {
			b.Fatal("no results")
		}
	}
	reportCPU(b, start)
}

func BenchmarkNeedsText(b *testing.B) {
	c := benchCatalog(b, 10000)
	b.ReportAllocs()
	start := cpuTime()
	queries := []string{"solar battery", "کیفيت", "机器人", "TR-26-00042"}
	i := 0
	for b.Loop() {
		c.Needs(NeedQuery{Text: queries[i%len(queries)]})
		i++
	}
	reportCPU(b, start)
}

func BenchmarkNeedsStaff(b *testing.B) {
	c := benchCatalog(b, 10000)
	v := Viewer{Staff: &content.Staff{Role: content.RoleEditor, Hubs: []string{"TR"}}}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		c.Needs(NeedQuery{Viewer: v, Statuses: []string{"draft"}})
	}
	reportCPU(b, start)
}

func BenchmarkNeedDetail(b *testing.B) {
	c := benchCatalog(b, 10000)
	refs := []string{"TR-26-00042", "CN-26-09001", "TR-26-05000", "CN-26-00001"}
	b.ReportAllocs()
	start := cpuTime()
	i := 0
	for b.Loop() {
		c.Need(refs[i%len(refs)], Viewer{})
		c.AgreementsOfNeed(refs[i%len(refs)], Viewer{})
		i++
	}
	reportCPU(b, start)
}

func BenchmarkPutNeed10k(b *testing.B) {
	c := benchCatalog(b, 10000)
	rng := rand.New(rand.NewPCG(9, 9))
	rev := int64(1 << 20)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		n := synthNeed(rng, rng.IntN(10000))
		rev++
		n.Rev = rev
		c.PutNeed(n)
	}
	reportCPU(b, start)
}

func BenchmarkLoad10k(b *testing.B) {
	needs := synthNeeds(10000, 1)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		New(tehran, nil).Load(&content.Snapshot{Needs: needs})
	}
	reportCPU(b, start)
}

// BenchmarkLoadSize measures the build time and heap of catalogs of 10,000 and
// 100,000 needs (the latter skipped with -short), and the cost of a few
// operations on them. Run with -v to see the figures; CPU is the process's
// CPU time, steadier than wall time on a loaded machine.
func BenchmarkLoadSize(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if n > 10000 && testing.Short() {
				b.Skip("large catalog skipped in -short mode")
			}
			needs := synthNeeds(n, 1)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var c *Catalog
			b.ResetTimer()
			start, cpu := time.Now(), cpuTime()
			for range b.N {
				c = New(tehran, func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) })
				c.Load(&content.Snapshot{Needs: needs})
			}
			took, tookCPU := time.Since(start)/time.Duration(b.N), (cpuTime()-cpu)/time.Duration(b.N)
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.HeapAlloc)/(1<<20), "MiB-heap")
			b.Logf("%d needs: Load %v (CPU %v); HeapAlloc: documents %.1f MiB, after Load %.1f MiB (catalog %.1f MiB)",
				n, took.Round(time.Millisecond), tookCPU.Round(time.Millisecond), float64(before.HeapAlloc)/(1<<20),
				float64(after.HeapAlloc)/(1<<20), float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))

			measure := func(what string, rounds int, f func(i int)) {
				start, cpu := time.Now(), cpuTime()
				for i := range rounds {
					f(i)
				}
				r := time.Duration(rounds)
				b.Logf("%d needs: %s: %v per op (CPU %v)", n, what,
					(time.Since(start) / r).Round(time.Microsecond), ((cpuTime() - cpu) / r).Round(time.Microsecond))
			}
			measure("list, page 3, with facets", 50, func(int) { c.Needs(NeedQuery{Page: 3}) })
			measure("hub+sector filter with facets", 50, func(int) {
				c.Needs(NeedQuery{Hubs: []string{"TR"}, Sectors: []string{"ai"}})
			})
			measure("text query", 50, func(int) { c.Needs(NeedQuery{Text: "solar battery"}) })
			measure("need detail", 1000, func(i int) { c.Need(fmt.Sprintf("TR-26-%05d", 2*i), Viewer{}) })
			rng := rand.New(rand.NewPCG(5, 5))
			measure("PutNeed", 50, func(i int) {
				m := synthNeed(rng, rng.IntN(n))
				m.Rev = int64(n + 1000 + i)
				c.PutNeed(m)
			})
			runtime.KeepAlive(needs)
			runtime.KeepAlive(c)
		})
	}
}

func BenchmarkNeedsList100k(b *testing.B) {
	if testing.Short() {
		b.Skip("large catalog skipped in -short mode")
	}
	c := benchCatalog(b, 100000)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		c.Needs(NeedQuery{Page: 3})
	}
	reportCPU(b, start)
}

// BenchmarkPossibleMatches is the staff's "possible matches" list of a hub
// over 10,000 needs: a search key computed per open need.
func BenchmarkPossibleMatches(b *testing.B) {
	c := benchCatalog(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		c.PossibleMatches("TR", Viewer{}, 3)
	}
}
