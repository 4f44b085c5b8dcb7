package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"hubdir/content/mongo"
)

// TestSampleOnlyWhenAsked runs `hubdir serve` in this process against an
// empty store named by MONGODB_URI (an embedded store the test starts) and
// against an empty embedded store of its own, and counts the hubs the API
// lists: the sample is loaded into the embedded store by default, into a
// store named by MONGODB_URI only with HUBDIR_SAMPLE=1, and never with
// HUBDIR_SAMPLE=0.
func TestSampleOnlyWhenAsked(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the service four times")
	}
	emb, err := mongo.StartEmbedded(context.Background(), t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Close()
	external := map[string]string{"MONGODB_URI": emb.URI(), "MONGODB_DB": "production"}
	cases := []struct {
		name string
		vars map[string]string
		hubs bool
	}{
		{"MONGODB_URI, HUBDIR_SAMPLE unset", external, false},
		{"embedded, HUBDIR_SAMPLE=0", map[string]string{"HUBDIR_SAMPLE": "0"}, false},
		{"embedded, HUBDIR_SAMPLE unset", map[string]string{}, true},
		// Last: it fills the external store.
		{"MONGODB_URI, HUBDIR_SAMPLE=1", map[string]string{"MONGODB_URI": emb.URI(), "MONGODB_DB": "production", "HUBDIR_SAMPLE": "1"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vars := map[string]string{"HUBDIR_DATA": t.TempDir(), "HUBDIR_ADDR": freeAddr(t), "HUBDIR_API_RATE": "-1"}
			for k, v := range c.vars {
				vars[k] = v
			}
			total, logs := hubsServed(t, vars)
			if got := total > 0; got != c.hubs {
				t.Fatalf("%d hubs after serve, want sample loaded %v\n%s", total, c.hubs, logs)
			}
			if !c.hubs && !strings.Contains(logs, "HUBDIR_SAMPLE=1") {
				t.Errorf("the log does not say how to load the sample:\n%s", logs)
			}
		})
	}
	if _, err := configFromEnv(env(map[string]string{"HUBDIR_SAMPLE": "yes"})); err == nil || !strings.Contains(err.Error(), "HUBDIR_SAMPLE") {
		t.Errorf("HUBDIR_SAMPLE=yes: %v, want a configuration error", err)
	}
}

// hubsServed runs serve with vars until it is ready, returns the number of
// hubs GET /api/v1/hubs lists and the log, and stops it.
func hubsServed(t *testing.T, vars map[string]string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var logs lockedBuffer
	exited := make(chan struct{})
	code := -1
	go func() {
		defer close(exited)
		code = run(ctx, []string{"serve"}, env(vars), strings.NewReader(""), io.Discard, &logs)
	}()
	defer func() {
		cancel()
		select {
		case <-exited:
			if code != 0 {
				t.Errorf("serve exited %d\n%s", code, logs.String())
			}
		case <-time.After(exitBound):
			t.Errorf("serve still running %v after its context ended", exitBound)
		}
	}()
	client := &http.Client{Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	base := "http://" + vars["HUBDIR_ADDR"]
	if err := waitReady(client, base, exited); err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	res, err := client.Get(base + "/api/v1/hubs")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var list struct {
		Total *int `json:"total"`
	}
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&list); err != nil || list.Total == nil {
		t.Fatalf("GET /api/v1/hubs: %d %s (%v)", res.StatusCode, body, err)
	}
	return *list.Total, logs.String()
}
