package notify_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hubdir/content/mongo/mongotest"
	"hubdir/content/notify"
	"hubdir/content/notify/smtptest"
)

// BenchmarkSend measures delivery from the outbox (on the test store: the
// embedded FerretDB unless MONGODB_TEST_URI is set) to an SMTP server on
// loopback, over one kept-open connection: claim, send, mark, per message.
// It reports messages sent per second.
func BenchmarkSend(b *testing.B) {
	st := mongotest.Open(b)
	srv := smtptest.Start(b)
	cfg, _ := notify.ParseSMTPURL(srv.URL())
	m, err := notify.NewSMTP(cfg, "Hub <hub@park.example>")
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	ctx := context.Background()
	for i := range b.N {
		if _, err := st.Enqueue(ctx, testMessage(i, fmt.Sprintf("firm%d@example.org", i))); err != nil {
			b.Fatal(err)
		}
	}
	s := &notify.Sender{Outbox: st, Mailer: m, Owner: "bench", Batch: 100}
	b.ResetTimer()
	start := time.Now()
	sent := 0
	for sent < b.N {
		n, err := s.Pass(ctx)
		if err != nil {
			b.Fatal(err)
		}
		sent += n
	}
	b.StopTimer()
	b.ReportMetric(float64(sent)/time.Since(start).Seconds(), "msgs/s")
	if got := len(srv.Mails()); got != b.N {
		b.Fatalf("server received %d, want %d", got, b.N)
	}
}
