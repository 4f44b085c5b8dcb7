package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hubdir/content/notify/smtptest"
)

// TestMailSurvivesKill builds the binary, registers interests (each makes
// a receipt in the outbox), lets it send to a slow SMTP server and kills it
// (SIGKILL) mid-send; restarted on the same data, it delivers every
// message. A message whose "250 OK" came before the kill but whose mark
// did not is sent again once its lease has run out: at most one per
// sender, two per killed process (docs/operations.md).
func TestMailSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hubdir")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	srv := smtptest.Start(t)
	srv.SlowDown(time.Second) // two senders: about two messages a second
	data := filepath.Join(dir, "data")
	addr := freeAddr(t)
	base := "http://" + addr
	client := &http.Client{Timeout: 30 * time.Second}
	start := func() (*exec.Cmd, *lockedBuffer, chan struct{}) {
		var logs lockedBuffer
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(os.Environ(), "HUBDIR_DATA="+data, "HUBDIR_ADDR="+addr, "MONGODB_URI=",
			"HUBDIR_INTEREST_RATE=-1", "HUBDIR_API_RATE=-1", "HUBDIR_SMTP_URL="+srv.URL(),
			"HUBDIR_MAIL_FROM=Hub <hub@park.example>", "HUBDIR_MAIL_LEASE=3s", "HUBDIR_PUBLIC_URL=https://hub.example")
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		t.Cleanup(func() { cmd.Process.Kill(); <-exited })
		if err := waitReady(client, base, exited); err != nil {
			t.Fatalf("%v\n%s", err, logs.String())
		}
		return cmd, &logs, exited
	}

	cmd, logs, exited := start()
	need := openNeedOf(t, client, base)
	const n = 40
	for i := range n {
		if st, _, err := register(client, base, need, fmt.Sprintf("kill-%d@example.com", i)); err != nil || st != http.StatusCreated {
			t.Fatalf("register %d: %d %v\n%s", i, st, err, logs.String())
		}
	}
	// The sample flows' messages (to reserved example domains) go out
	// too, first: the test counts the receipts to its own addresses, and
	// duplicates among all.
	mine := func() []*smtptest.Mail {
		var out []*smtptest.Mail
		for _, m := range srv.Mails() {
			if strings.HasPrefix(m.To[0], "kill-") {
				out = append(out, m)
			}
		}
		return out
	}
	waitMine := func(k int, d time.Duration) []*smtptest.Mail {
		deadline := time.Now().Add(d)
		for len(mine()) < k && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		return mine()
	}
	if got := waitMine(10, 90*time.Second); len(got) < 10 {
		t.Fatalf("only %d mails before the kill\n%s", len(got), logs.String())
	}
	cmd.Process.Kill() // SIGKILL: no shutdown, mid-send
	<-exited
	before := len(mine())
	if before >= n {
		t.Fatalf("all %d sent before the kill; the test needs a slower server", before)
	}

	_, logs2, _ := start()
	waitMine(n, 180*time.Second)
	time.Sleep(4 * time.Second) // more than a lease: would a duplicate come?
	seen, all := map[string]int{}, map[string]int{}
	for _, m := range mine() {
		seen[m.Header.Get("Message-Id")]++
	}
	for _, m := range srv.Mails() {
		all[m.Header.Get("Message-Id")]++
	}
	dups := 0
	for _, c := range all {
		dups += c - 1
	}
	if len(seen) != n {
		t.Fatalf("%d distinct messages delivered, want %d (lost some)\nfirst run:\n%s\nsecond run:\n%s", len(seen), n, logs.String(), logs2.String())
	}
	if dups > 2 {
		t.Fatalf("%d messages delivered twice, want at most 2 (one per sender)", dups)
	}
	t.Logf("killed after %d mails; all %d delivered, %d twice", before, n, dups)
}
