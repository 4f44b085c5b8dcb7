// Command soakload is the load generator of scripts/soak.sh: for a given
// duration it sends a mix of public reads (API lists, text searches and
// details; HTML lists and details) from several workers, and registrations
// of interest at a fixed rate, spread over one or more instances of
// Hubdir. It prints throughput and errors every interval and a summary at
// the end; it exits 1 when any request failed (a transport error, a 5xx,
// or an unexpected status).
//
//	go run ./scripts/soakload -targets http://127.0.0.1:8081,http://127.0.0.1:8082 -duration 10m
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	targets := flag.String("targets", "http://127.0.0.1:8080", "comma-separated base URLs of the instances")
	duration := flag.Duration("duration", 10*time.Minute, "how long to load")
	workers := flag.Int("workers", 16, "concurrent readers")
	writes := flag.Float64("writes", 5, "registrations of interest per second (all instances)")
	every := flag.Duration("every", 30*time.Second, "progress report interval")
	flag.Parse()
	bases := strings.Split(*targets, ",")
	if err := run(bases, *duration, *workers, *writes, *every); err != nil {
		fmt.Fprintln(os.Stderr, "soakload:", err)
		os.Exit(1)
	}
}

// op is one kind of request, with its share of the reads.
type op struct {
	name   string
	weight int
	path   func(r *rand.Rand, refs []string) string
}

var terms = []string{"battery", "water", "آب", "فناوری", "电池", "技术", "enerji", "sensor", "solar", "ai"}
var langs = []string{"fa", "zh", "en", "tr"}

var ops = []op{
	{"api list", 20, func(r *rand.Rand, _ []string) string {
		return "/api/v1/needs?per_page=20&page=" + fmt.Sprint(1+r.IntN(3))
	}},
	{"api search", 25, func(r *rand.Rand, _ []string) string { return "/api/v1/needs?q=" + urlq(terms[r.IntN(len(terms))]) }},
	{"api filter", 10, func(r *rand.Rand, _ []string) string { return "/api/v1/needs?hub=TR&kind=technology" }},
	{"api detail", 15, func(r *rand.Rand, refs []string) string { return "/api/v1/needs/" + refs[r.IntN(len(refs))] }},
	{"html list", 15, func(r *rand.Rand, _ []string) string {
		return "/" + langs[r.IntN(len(langs))] + "/needs?q=" + urlq(terms[r.IntN(len(terms))])
	}},
	{"html detail", 15, func(r *rand.Rand, refs []string) string {
		return "/" + langs[r.IntN(len(langs))] + "/needs/" + refs[r.IntN(len(refs))]
	}},
}

// urlq escapes a query value.
func urlq(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// stats are the counts of one op.
type stats struct {
	n, errs atomic.Int64
	mu      sync.Mutex
	lat     []time.Duration
	status  map[int]int64
}

func (s *stats) record(status int, took time.Duration, ok bool) {
	s.n.Add(1)
	if !ok {
		s.errs.Add(1)
	}
	s.mu.Lock()
	if len(s.lat) < 1_000_000 {
		s.lat = append(s.lat, took)
	}
	s.status[status]++
	s.mu.Unlock()
}

func run(bases []string, duration time.Duration, workers int, writes float64, every time.Duration) error {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers * 2}}
	refs, open, err := needRefs(client, bases[0])
	if err != nil {
		return err
	}
	all := map[string]*stats{}
	for _, o := range append(slices.Clone(ops), op{name: "register interest"}) {
		all[o.name] = &stats{status: map[int]int64{}}
	}
	// With several instances, registrations are also counted per
	// instance ("register @1" is the first target's).
	perTarget := func(i int) string { return fmt.Sprintf("register @%d", i%len(bases)+1) }
	if len(bases) > 1 {
		for i := range bases {
			all[perTarget(i)] = &stats{status: map[int]int64{}}
		}
	}
	var firstErr atomic.Value
	noteErr := func(s string) { firstErr.CompareAndSwap(nil, s) }
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	deadline := time.Now().Add(duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			for i := 0; time.Now().Before(deadline); i++ {
				pick := r.IntN(total)
				o := ops[0]
				for _, x := range ops {
					if pick < x.weight {
						o = x
						break
					}
					pick -= x.weight
				}
				base := bases[(w+i)%len(bases)]
				path := o.path(r, refs)
				t := time.Now()
				res, err := client.Get(base + path)
				status := 0
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					status = res.StatusCode
				}
				ok := err == nil && status == http.StatusOK
				if !ok {
					noteErr(fmt.Sprintf("GET %s%s: %d %v", base, path, status, err))
				}
				all[o.name].record(status, time.Since(t), ok)
			}
		}()
	}
	// Writers: registrations of interest at a fixed rate.
	wg.Add(1)
	go func() {
		defer wg.Done()
		if writes <= 0 {
			return
		}
		tick := time.NewTicker(time.Duration(float64(time.Second) / writes))
		defer tick.Stop()
		var inflight sync.WaitGroup
		for i := 0; time.Now().Before(deadline); i++ {
			<-tick.C
			inflight.Add(1)
			go func() {
				defer inflight.Done()
				base := bases[i%len(bases)]
				need := open[i%len(open)]
				t := time.Now()
				status, err := register(client, base, need, fmt.Sprintf("soak-%d-%d@example.com", start.Unix(), i))
				ok := err == nil && (status == http.StatusCreated || status == http.StatusOK)
				if !ok {
					noteErr(fmt.Sprintf("POST %s interest in %s: %d %v", base, need, status, err))
				}
				took := time.Since(t)
				all["register interest"].record(status, took, ok)
				if len(bases) > 1 {
					all[perTarget(i)].record(status, took, ok)
				}
			}()
		}
		inflight.Wait()
	}()
	// Progress.
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		var last int64
		for {
			select {
			case <-done:
				return
			case <-t.C:
				var n, e int64
				for name, s := range all {
					if !strings.HasPrefix(name, "register @") {
						n += s.n.Load()
						e += s.errs.Load()
					}
				}
				fmt.Printf("  %6.0fs  %8d requests  %7.1f req/s  %d errors\n",
					time.Since(start).Seconds(), n, float64(n-last)/every.Seconds(), e)
				last = n
			}
		}
	}()
	wg.Wait()
	close(done)
	elapsed := time.Since(start)

	var n, e int64
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Printf("\n%-18s %9s %9s %8s %8s %8s  %s\n", "op", "requests", "req/s", "p50 ms", "p99 ms", "errors", "statuses")
	for _, name := range names {
		s := all[name]
		s.mu.Lock()
		slices.Sort(s.lat)
		p := func(q float64) float64 {
			if len(s.lat) == 0 {
				return 0
			}
			return float64(s.lat[int(q*float64(len(s.lat)-1))].Microseconds()) / 1000
		}
		fmt.Printf("%-18s %9d %9.1f %8.1f %8.1f %8d  %v\n", name, s.n.Load(), float64(s.n.Load())/elapsed.Seconds(),
			p(0.5), p(0.99), s.errs.Load(), s.status)
		s.mu.Unlock()
		if strings.HasPrefix(name, "register @") {
			continue // counted in "register interest"
		}
		n += s.n.Load()
		e += s.errs.Load()
	}
	fmt.Printf("\nTOTAL %d requests in %.0fs: %.1f req/s, %d errors\n", n, elapsed.Seconds(), float64(n)/elapsed.Seconds(), e)
	if e > 0 {
		return fmt.Errorf("%d requests failed; first: %v", e, firstErr.Load())
	}
	return nil
}

// needRefs returns the references of public needs, and of the open ones
// (interest can be registered), from the API.
func needRefs(client *http.Client, base string) (refs, open []string, err error) {
	for page := 1; page <= 5; page++ {
		res, err := client.Get(fmt.Sprintf("%s/api/v1/needs?per_page=100&page=%d", base, page))
		if err != nil {
			return nil, nil, err
		}
		var list struct {
			Items []struct {
				Ref    string `json:"ref"`
				Status string `json:"status"`
			} `json:"items"`
		}
		err = json.NewDecoder(res.Body).Decode(&list)
		res.Body.Close()
		if err != nil {
			return nil, nil, err
		}
		for _, n := range list.Items {
			refs = append(refs, n.Ref)
			if n.Status == "published" {
				open = append(open, n.Ref)
			}
		}
		if len(list.Items) < 100 {
			break
		}
	}
	if len(open) == 0 {
		return nil, nil, fmt.Errorf("no open need at %s", base)
	}
	return refs, open, nil
}

// register posts one registration of interest.
func register(client *http.Client, base, need, email string) (int, error) {
	body, _ := json.Marshal(map[string]any{
		"company":      map[string]string{"name": "Soak Test Co", "registration": "14006789012", "country": "IR"},
		"contact_name": "Sara Ahmadi",
		"email":        email,
		"answers": map[string]string{
			"offer":    "We build industrial vision systems for quality control.",
			"fit":      "Our products have run on three production lines since 2021.",
			"proposal": "A pilot installation followed by a licence agreement.",
		},
		"consent": true,
	})
	res, err := client.Post(base+"/api/v1/needs/"+need+"/interests", "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}
