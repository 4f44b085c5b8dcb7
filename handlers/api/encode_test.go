package api

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/sample"
	"hubdir/handlers/deps"
)

// TestSendNeedListAsJSON checks that the list answer built from cached
// need JSON is byte for byte what c.JSON of the list type writes, also
// when the answer comes from the catalog's cache a second time.
func TestSendNeedListAsJSON(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	var needs []*content.Need
	for i, sn := range sample.Synthetic(60, 3, now) {
		n := sn.Input.NewNeed("TR-26-"+string(rune('0'+i/10))+string(rune('0'+i%10))+"00", "t", now)
		n.Hub = "TR"
		n.Status = content.NeedPublished
		if sn.Status == content.NeedDraft {
			n.Status = content.NeedDraft
		}
		n.Rev = int64(i + 1)
		needs = append(needs, n)
	}
	cat := catalog.New(time.UTC, func() time.Time { return now })
	cat.Load(&content.Snapshot{Hubs: []*content.Hub{{Code: "TR"}}, Needs: needs})
	h := &Handler{Deps: deps.Deps{Config: deps.Config{Zone: time.UTC, Now: func() time.Time { return now }}, Catalog: cat}}
	app := fiber.New()
	app.Get("/new", func(c *fiber.Ctx) error {
		return h.sendNeedList(c, cat.Needs(catalog.NeedQuery{Sectors: []string{c.Query("sector")}}))
	})
	app.Get("/old", func(c *fiber.Ctx) error {
		res := cat.Needs(catalog.NeedQuery{Sectors: []string{c.Query("sector")}})
		items := make([]content.Need, len(res.Items))
		for i, n := range res.Items {
			items[i] = h.needView(n)
		}
		return c.JSON(list[content.Need]{Items: items, Total: res.Total, Page: res.Page, PerPage: res.PerPage, Facets: res.Facets,
			Partial: res.Partial, Expanded: res.Expanded, DidYouMean: res.DidYouMean})
	})
	get := func(target string) string {
		res, err := app.Test(httptest.NewRequest("GET", target, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		if ct := res.Header.Get("Content-Type"); ct != fiber.MIMEApplicationJSON {
			t.Errorf("%s: Content-Type %q", target, ct)
		}
		return string(b)
	}
	for _, q := range []string{"", "?sector=ai", "?sector=water"} {
		want := get("/old" + q)
		for range 2 {
			if got := get("/new" + q); got != want {
				t.Fatalf("list%s:\n got %.300s\nwant %.300s", q, got, want)
			}
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(want), &v); err != nil || v["total"] == nil {
			t.Fatalf("list%s is not a list answer: %v", q, err)
		}
	}
}

func TestFacetsJSONCache(t *testing.T) {
	var fc facetsJSONCache
	a := catalog.Facets{"hub": {"TR": 3, "CN": 2}}
	b := catalog.Facets{"hub": {"TR": 1}}
	for range 2 {
		ja, err := fc.encode(a)
		if err != nil || string(ja) != `{"hub":{"CN":2,"TR":3}}` {
			t.Fatalf("encode a = %s, %v", ja, err)
		}
		jb, err := fc.encode(b)
		if err != nil || string(jb) != `{"hub":{"TR":1}}` {
			t.Fatalf("encode b = %s, %v", jb, err)
		}
	}
	if got, _ := fc.encode(nil); string(got) != "null" {
		t.Errorf("encode nil = %s", got)
	}
}
