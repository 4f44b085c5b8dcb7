package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hubdir/content/notify/smtptest"
)

// TestMailBurstLatency is a measurement, not a check (docs/performance.md):
// with HUBDIR_MAILBURST=1 it builds the binary, serves the sample content
// on the embedded store with mail going to an SMTP server on loopback, and
// reports the latency of GET /en/needs before and during a burst of
// HUBDIR_MAILBURST_N (default 1000) registrations of interest, and how
// long the receipts took to arrive. `make bench-mail` runs it.
func TestMailBurstLatency(t *testing.T) {
	if os.Getenv("HUBDIR_MAILBURST") != "1" {
		t.Skip("a measurement: set HUBDIR_MAILBURST=1 (make bench-mail)")
	}
	total := 1000
	if v := os.Getenv("HUBDIR_MAILBURST_N"); v != "" {
		fmt.Sscan(v, &total)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hubdir")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	srv := smtptest.Start(t)
	addr := freeAddr(t)
	base := "http://" + addr
	var logs lockedBuffer
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "HUBDIR_DATA="+filepath.Join(dir, "data"), "HUBDIR_ADDR="+addr, "MONGODB_URI=",
		"HUBDIR_INTEREST_RATE=-1", "HUBDIR_API_RATE=-1", "HUBDIR_SMTP_URL="+srv.URL(),
		"HUBDIR_MAIL_FROM=Hub <hub@park.example>")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	client := &http.Client{Timeout: 60 * time.Second}
	if err := waitReady(client, base, exited); err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	need := openNeedOf(t, client, base)

	// measure fetches the needs list until stop is closed (or n times).
	measure := func(n int, stop <-chan struct{}) []time.Duration {
		var out []time.Duration
		for i := 0; n == 0 || i < n; i++ {
			select {
			case <-stop:
				return out
			default:
			}
			start := time.Now()
			res, err := client.Get(base + "/en/needs?page=1")
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			out = append(out, time.Since(start))
		}
		return out
	}
	measure(20, nil) // warm up
	before := measure(200, nil)

	stop := make(chan struct{})
	var during []time.Duration
	var mwg sync.WaitGroup
	mwg.Add(1)
	go func() { defer mwg.Done(); during = measure(0, stop) }()
	burstStart := time.Now()
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(total) {
					return
				}
				if st, _, err := register(client, base, need, fmt.Sprintf("burst-%d@example.com", i)); err != nil || st != http.StatusCreated {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	burst := time.Since(burstStart)
	close(stop)
	mwg.Wait()
	// Count the burst's receipts only (the sample flows' messages go out
	// too).
	var got []*smtptest.Mail
	for deadline := time.Now().Add(10 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		got = got[:0]
		for _, m := range srv.Mails() {
			if strings.HasPrefix(m.To[0], "burst-") {
				got = append(got, m)
			}
		}
		if len(got) >= total || time.Now().After(deadline) {
			break
		}
	}
	delivered := time.Since(burstStart)
	if failed.Load() > 0 || len(got) < total {
		t.Errorf("%d registrations failed; %d of %d receipts delivered", failed.Load(), len(got), total)
	}
	t.Logf("needs list before: %s", summary(before))
	t.Logf("needs list during a burst of %d interests (16 clients, %v, %.0f/s): %s", total, burst.Round(time.Millisecond), float64(total)/burst.Seconds(), summary(during))
	t.Logf("all %d receipts delivered %v after the burst began", len(got), delivered.Round(time.Millisecond))
}

// summary returns the median, 95th percentile and maximum of ds.
func summary(ds []time.Duration) string {
	if len(ds) == 0 {
		return "no sample"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	q := func(p float64) time.Duration {
		return s[min(len(s)-1, int(p*float64(len(s))))].Round(100 * time.Microsecond)
	}
	return fmt.Sprintf("n=%d p50=%v p95=%v max=%v", len(s), q(0.5), q(0.95), s[len(s)-1].Round(100*time.Microsecond))
}
