package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"hubdir/content"
	"hubdir/content/sample"
	"hubdir/handlers/servicetest"
)

// benchSite returns the service over a catalog of the sample hubs and n
// synthetic needs (no database: pages read the catalog only), and the
// reference of an open need.
func benchSite(b *testing.B, n int) (fasthttp.RequestHandler, string) {
	b.Helper()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	data, err := sample.Parse()
	if err != nil {
		b.Fatal(err)
	}
	snap := &content.Snapshot{Rev: 1, Hubs: data.Hubs}
	open := ""
	for i, s := range sample.Synthetic(n, 42, now) {
		in := s.Input
		ref := fmt.Sprintf("%s-26-%05d", in.Hub, i+1)
		need := in.NewNeed(ref, "bench", now.Add(-time.Duration(i)*time.Minute))
		need.Rev = int64(i + 2)
		switch s.Status {
		case content.NeedExpired:
			need.Status = content.NeedPublished
		default:
			need.Status = s.Status
		}
		if need.Status == content.NeedPublished {
			at := need.CreatedAt
			need.PublishedAt = &at
		}
		if open == "" && s.Status == content.NeedPublished {
			open = ref
		}
		snap.Needs = append(snap.Needs, need)
	}
	srv := servicetest.FromSnapshot(b, snap, now)
	return srv.App().Handler(), open
}

// benchGet serves GET target b.N times through the handler, without a
// network, and fails on a status other than 200.
func benchGet(b *testing.B, h fasthttp.RequestHandler, target string) {
	b.Helper()
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI(target)
	ctx.Request.Header.SetHost("hub.example.org")
	h(&ctx)
	if ctx.Response.StatusCode() != 200 {
		b.Fatalf("%s: status %d\n%s", target, ctx.Response.StatusCode(), ctx.Response.Body())
	}
	b.SetBytes(int64(len(ctx.Response.Body())))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		ctx.Response.Reset()
		h(&ctx)
	}
}

// BenchmarkNeedsListPage renders a needs list page over 10,000 needs: the
// first page with facets, a filtered page, and a text search.
func BenchmarkNeedsListPage(b *testing.B) {
	h, _ := benchSite(b, 10000)
	for _, bc := range []struct{ name, target string }{
		{"fa/all", "/fa/needs"},
		{"en/filtered", "/en/needs?hub=TR&sector=ai&sector=software&status=published&sort=deadline"},
		{"zh/search", "/zh/needs?q=battery&page=2"},
	} {
		b.Run(bc.name, func(b *testing.B) { benchGet(b, h, bc.target) })
	}
}

// BenchmarkNeedPage renders an open need's page, with the interest form,
// over a catalog of 10,000 needs.
func BenchmarkNeedPage(b *testing.B) {
	h, ref := benchSite(b, 10000)
	for _, lang := range []string{"fa", "zh", "en"} {
		b.Run(lang, func(b *testing.B) { benchGet(b, h, "/"+lang+"/needs/"+ref) })
	}
}
