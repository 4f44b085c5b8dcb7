package mongo_test

import (
	"context"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
)

// TestExportImportSite round-trips the platform pages and settings that
// admins saved, and refuses a backup whose page does not validate.
func TestExportImportSite(t *testing.T) {
	ctx := context.Background()
	src := open(t)
	page := &content.SitePage{ID: "about", Title: content.Text{"fa": "درباره‌ی پارک", "en": "About the park"},
		Body: content.Text{"fa": "پارک علم و فناوری در تبریز.", "en": "A science and technology park in Tabriz."}}
	if _, err := src.PutSitePage(ctx, page, 0, "admin@park.ir"); err != nil {
		t.Fatal(err)
	}
	set := &content.SiteSettings{ID: content.SiteSettingsID, ParkName: content.Text{"en": "East Azerbaijan Science and Technology Park"}}
	if _, err := src.PutSiteSettings(ctx, set, 0, "admin@park.ir"); err != nil {
		t.Fatal(err)
	}
	lines := export(t, src)

	dst := mongotest.Open(t, mongo.Config{Now: fixedNow})
	stats, err := dst.Import(ctx, join(lines))
	if err != nil {
		t.Fatal(err)
	}
	if stats.Site != 2 || !strings.Contains(stats.String(), "2 platform pages and settings") {
		t.Errorf("import stats %+v (%s), want 2 site documents", stats, stats)
	}
	got, err := dst.SitePage(ctx, "about")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title["fa"] != page.Title["fa"] || got.Body["en"] != page.Body["en"] || got.Version != 1 {
		t.Errorf("restored page %+v", got)
	}
	gs, err := dst.SiteSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if gs.ParkName["en"] != set.ParkName["en"] {
		t.Errorf("restored settings %+v", gs)
	}

	// A page of an unknown id is refused, and nothing is written.
	var bad []string
	for _, l := range lines {
		bad = append(bad, strings.Replace(l, `"_id":"about"`, `"_id":"blog"`, 1))
	}
	empty := mongotest.Open(t, mongo.Config{Now: fixedNow})
	if _, err := empty.Import(ctx, join(bad)); content.ErrorCode(err) != content.CodeInvalid {
		t.Fatalf("import of an unknown page: %v, want invalid", err)
	}
	if _, err := empty.SitePage(ctx, "blog"); content.ErrorCode(err) != content.CodeNotFound {
		t.Errorf("the refused import wrote a page: %v", err)
	}
	if hubs, _ := empty.Hubs(ctx); len(hubs) != 0 {
		t.Errorf("the refused import wrote %d hubs", len(hubs))
	}
}
