package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/sample"
	"hubdir/handlers"
	"hubdir/handlers/servicetest"
	"hubdir/i18n"
)

// Durations of the fault test. The issue asks for a 10 s outage.
const (
	faultWarmup   = 2 * time.Second
	faultOutage   = 10 * time.Second
	faultAfter    = 4 * time.Second  // load after the store is back
	faultRecovery = 45 * time.Second // bound on recovery (a lock left by the outage: its holder releases it when the store is back, else its lease runs out)
)

// faultInstance is one instance of the service on the shared store.
type faultInstance struct {
	base  string
	store *mongo.Store
	srv   *handlers.Server
}

// submission is the outcome of one registration of interest.
type submission struct {
	email   string
	status  int
	ref     string
	code    string // error code of a non-2xx answer
	message string // its message
	retry   string // its Retry-After
	err     error  // transport error
}

// TestStoreOutage runs reads and registrations of interest against two
// instances while their store stops for faultOutage and starts again on
// the same address and data: reads never fail; each registration got 201
// or 200 and is stored exactly once, or a 503 "unavailable" with
// Retry-After; both instances are ready and take writes again afterwards.
func TestStoreOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("the outage test takes about 30 s")
	}
	ctx := context.Background()
	dir := t.TempDir()
	addr := freeAddr(t)
	quiet := slog.New(slog.DiscardHandler)
	emb, err := mongo.StartEmbeddedAt(ctx, dir, addr, quiet)
	if err != nil {
		t.Fatal(err)
	}
	var embMu sync.Mutex
	t.Cleanup(func() {
		embMu.Lock()
		defer embMu.Unlock()
		emb.Close()
	})
	zone := time.FixedZone("IRST", 3*3600+1800)
	bundle, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}

	insts := make([]*faultInstance, 2)
	for i := range insts {
		st, err := mongo.Open(ctx, mongo.Config{URI: emb.URI(), Database: "fault", Zone: zone,
			Timeout: time.Second, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close(context.Background()) })
		if i == 0 {
			if err := sample.Load(ctx, st, time.Now(), zone); err != nil {
				t.Fatal(err)
			}
		}
		e := servicetest.Start(t, servicetest.Options{Store: st, NoSample: true, Logger: quiet,
			InterestsPerMinute: 1 << 30, APIRequestsPerMinute: 1 << 30, Sync: 200 * time.Millisecond})
		srv := e.Server
		e.Listen(t)
		insts[i] = &faultInstance{base: e.URL, store: st, srv: srv}
	}
	need := openNeed(t, insts[0].store, zone)
	client := &http.Client{Timeout: 30 * time.Second}
	t.Cleanup(client.CloseIdleConnections)

	// The load: readers of the API and of the pages, and writers, spread
	// over both instances.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var reads, readFailures atomic.Int64
	var failMu sync.Mutex
	var failures []string
	readPaths := []string{"/api/v1/needs?per_page=5", "/api/v1/needs/" + need, "/api/v1/hubs", "/en/needs", "/fa/needs/" + need}
	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				inst := insts[(r+i)%2]
				path := readPaths[i%len(readPaths)]
				res, err := client.Get(inst.base + path)
				reads.Add(1)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				if err != nil || res.StatusCode != http.StatusOK {
					readFailures.Add(1)
					failMu.Lock()
					if len(failures) < 10 {
						failures = append(failures, fmt.Sprintf("GET %s: %v %v", path, statusOf(res), err))
					}
					failMu.Unlock()
				}
			}
		}()
	}
	var subMu sync.Mutex
	var subs []submission
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				s := submit(client, insts[(w+i)%2].base, need, fmt.Sprintf("fault-%d-%d@example.com", w, i))
				subMu.Lock()
				subs = append(subs, s)
				subMu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}

	time.Sleep(faultWarmup)
	embMu.Lock()
	if err := emb.Close(); err != nil {
		t.Logf("stopping the store: %v", err)
	}
	embMu.Unlock()
	t.Logf("store stopped")
	down := time.Now()

	// While the store is down: not ready, and a write answers a localized
	// 503 with Retry-After.
	for _, inst := range insts {
		if res := get(t, client, inst.base+"/readyz"); res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s/readyz with the store down: %d, want 503", inst.base, res.StatusCode)
		}
	}
	fa := submit(client, insts[1].base, need, "outage-fa@example.com", "Accept-Language", "fa-IR,fa;q=0.9")
	if fa.status != http.StatusServiceUnavailable || fa.code != "unavailable" || fa.retry == "" {
		t.Errorf("write with the store down: %d %q Retry-After %q, want 503 unavailable with Retry-After", fa.status, fa.code, fa.retry)
	}
	if want := bundle.Localizer("fa").T("error.unavailable"); fa.err == nil && fa.message != want {
		t.Errorf("503 message in Persian: %q, want %q", fa.message, want)
	}

	time.Sleep(faultOutage - time.Since(down))
	embMu.Lock()
	emb, err = mongo.StartEmbeddedAt(ctx, dir, addr, quiet)
	embMu.Unlock()
	if err != nil {
		close(stop)
		wg.Wait()
		t.Fatalf("restarting the store on %s: %v", addr, err)
	}
	t.Logf("store restarted after %v", time.Since(down).Round(time.Millisecond))
	time.Sleep(faultAfter)
	close(stop)
	wg.Wait()

	// Both instances recover without a restart: ready, and a write succeeds.
	for i, inst := range insts {
		deadline := time.Now().Add(faultRecovery)
		for {
			ready := get(t, client, inst.base+"/readyz").StatusCode == http.StatusOK
			var w submission
			if ready {
				w = submit(client, inst.base, need, fmt.Sprintf("recovered-%d@example.com", i))
				if w.status == http.StatusCreated {
					subMu.Lock()
					subs = append(subs, w)
					subMu.Unlock()
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("instance %d did not recover within %v: ready %v, write %d %q %v", i, faultRecovery, ready, w.status, w.code, w.err)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}

	// Every outcome is one of the allowed ones, and every acknowledged
	// registration is stored, exactly once.
	stored, err := insts[1].store.Interests(ctx, content.InterestFilter{Need: need, Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	byEmail := map[string][]*content.Interest{}
	for _, in := range stored {
		byEmail[in.Email] = append(byEmail[in.Email], in)
	}
	var acked, refused int
	for _, s := range subs {
		switch {
		case s.status == http.StatusCreated || s.status == http.StatusOK:
			acked++
			got := byEmail[s.email]
			if len(got) != 1 || got[0].Ref != s.ref {
				t.Errorf("acknowledged %s (%s): stored %d times", s.ref, s.email, len(got))
			}
			if in, err := insts[0].store.Interest(ctx, s.ref); err != nil || in.Email != s.email {
				t.Errorf("acknowledged %s: lookup by ref: %v", s.ref, err)
			}
		case s.status == http.StatusServiceUnavailable && s.code == "unavailable" && s.retry != "":
			refused++
			if n := len(byEmail[s.email]); n > 1 {
				t.Errorf("refused %s: stored %d times", s.email, n)
			}
		default:
			t.Errorf("registration %s: status %d code %q Retry-After %q err %v: want 201, 200 or 503 unavailable",
				s.email, s.status, s.code, s.retry, s.err)
		}
	}
	for email, list := range byEmail {
		if len(list) > 1 {
			t.Errorf("%s stored %d times", email, len(list))
		}
	}
	if readFailures.Load() > 0 {
		t.Errorf("%d of %d reads failed, e.g. %v", readFailures.Load(), reads.Load(), failures)
	}
	if refused == 0 {
		t.Errorf("no registration was refused: the outage did not happen under load")
	}
	t.Logf("%d reads; %d registrations acknowledged, %d refused with 503", reads.Load(), acked, refused)
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// openNeed returns the reference of a published need open for interest.
func openNeed(t *testing.T, st content.Store, zone *time.Location) string {
	t.Helper()
	snap, err := st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	today := content.Today(time.Now(), zone)
	for _, n := range snap.Needs {
		if n.Status == content.NeedPublished && n.OpenOn(today) {
			return n.Ref
		}
	}
	t.Fatal("no open need in the sample")
	return ""
}

// get sends a GET and drains the answer.
func get(t *testing.T, client *http.Client, url string) *http.Response {
	t.Helper()
	res, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// statusOf returns a response's status, 0 for none.
func statusOf(res *http.Response) int {
	if res == nil {
		return 0
	}
	return res.StatusCode
}

// submit registers interest in need through the API of the instance at
// base, with header name/value pairs, and returns the outcome.
func submit(client *http.Client, base, need, email string, header ...string) submission {
	s := submission{email: email}
	body, _ := json.Marshal(validInterest(email))
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1/needs/"+need+"/interests", bytes.NewReader(body))
	if err != nil {
		s.err = err
		return s
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		s.err = err
		return s
	}
	defer res.Body.Close()
	s.status, s.retry = res.StatusCode, res.Header.Get("Retry-After")
	var v struct {
		Ref   string `json:"ref"`
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		s.err = fmt.Errorf("status %d: body: %w", res.StatusCode, err)
	}
	s.ref, s.code, s.message = v.Ref, v.Error.Code, v.Error.Message
	return s
}
