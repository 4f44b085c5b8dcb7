package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"hubdir/content/sample"
)

// TestRunShowsSampleOutbox is the done-when criterion of `make run`: the
// first start on an empty embedded store loads the sample and plays its
// flows; an admin added with `hubdir user add` (the service stopped, as
// the store's files take one process) signs in after the next start and
// finds the flows' messages on the outbox page: a receipt to every
// sample firm, the desks' notices, the status changes and the alert
// confirmations. The second start plays no flow again.
func TestRunShowsSampleOutbox(t *testing.T) {
	data := t.TempDir()
	addr := freeAddr(t)
	vars := map[string]string{"HUBDIR_DATA": data, "HUBDIR_ADDR": addr}
	serve := func(check func(client *http.Client, base string)) string {
		ctx, cancel := context.WithCancel(context.Background())
		var logs lockedBuffer
		exited := make(chan struct{})
		code := -1
		go func() {
			defer close(exited)
			code = run(ctx, []string{"serve"}, env(vars), strings.NewReader(""), io.Discard, &logs)
		}()
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Timeout: 30 * time.Second, Jar: jar}
		base := "http://" + addr
		if err := waitReady(client, base, exited); err != nil {
			cancel()
			t.Fatalf("%v\n%s", err, logs.String())
		}
		check(client, base)
		client.CloseIdleConnections()
		cancel()
		select {
		case <-exited:
			if code != 0 {
				t.Fatalf("serve exited %d\n%s", code, logs.String())
			}
		case <-time.After(exitBound):
			t.Fatalf("serve still running %v after its context ended", exitBound)
		}
		return logs.String()
	}
	logs := serve(func(*http.Client, string) {})
	if !strings.Contains(logs, "sample flows played") {
		t.Fatalf("the first start played no sample flow:\n%s", logs)
	}
	const pw = "a long sample password 42"
	add := []string{"user", "add", "--email", "admin@park.example", "--name", "Admin", "--role", "admin", "--password-stdin"}
	if code, _, stderr := runIn(t, data, strings.NewReader(pw+"\n"), add...); code != 0 {
		t.Fatalf("user add: %d %s", code, stderr)
	}
	flows := sample.SampleFlows()
	logs = serve(func(client *http.Client, base string) {
		res, err := client.Get(base + "/en/staff/login")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		u, _ := url.Parse(base)
		csrf := ""
		for _, c := range client.Jar.Cookies(u) {
			if c.Name == "hubdir_csrf" {
				csrf = c.Value
			}
		}
		res, err = client.PostForm(base+"/en/staff/login", url.Values{"_csrf": {csrf}, "email": {"admin@park.example"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		// The notifier of this start may still be making the messages.
		deadline := time.Now().Add(30 * time.Second)
		for {
			res, err := client.Get(base + "/en/staff/outbox")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			body := string(b)
			missing := []string{}
			for _, fi := range flows.Interests {
				if strings.Count(body, ">"+fi.In.Email+"<") < 1 {
					missing = append(missing, fi.In.Email)
				}
			}
			for _, d := range flows.Desks {
				if strings.Count(body, ">"+d.Email+"<") < 2 {
					missing = append(missing, d.Email)
				}
			}
			for _, a := range flows.Alerts {
				if !strings.Contains(body, ">"+a.Email+"<") {
					missing = append(missing, a.Email)
				}
			}
			if res.StatusCode == 200 && len(missing) == 0 && strings.Count(body, "<tr><th scope=\"row\">") >= 12 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("outbox %d lacks the messages to %v:\n%.3000s", res.StatusCode, missing, body)
			}
			time.Sleep(200 * time.Millisecond)
		}
	})
	if strings.Contains(logs, "sample flows played") {
		t.Error("the second start played the sample flows again")
	}
}
