package handlers_test

import (
	"context"
	"slices"
	"testing"

	"hubdir/content"
)

// TestAPIWritesAudited checks that API writes land in the audit log with
// who, what, which listing and which fields.
func TestAPIWritesAudited(t *testing.T) {
	e := newEnv(t, -1)
	tr := bearer(e.tr)
	res := e.do("POST", "/api/v1/needs", validNeed("TR"), tr...)
	if res.Status != 201 {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	ref := res.JSON(t)["ref"].(string)
	res = e.do("PATCH", "/api/v1/needs/"+ref, map[string]any{"version": 1, "title": map[string]string{"en": "Audited title"}}, tr...)
	if res.Status != 200 {
		t.Fatalf("patch: %d %s", res.Status, res.Body)
	}
	res = e.do("POST", "/api/v1/needs/"+ref+"/publish", map[string]any{"version": 2}, tr...)
	if res.Status != 200 {
		t.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	entries, err := e.store.Audit(context.Background(), content.AuditFilter{ID: ref})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Fatalf("audit entries of %s: %d, want 3", ref, len(entries))
	}
	// Newest first.
	pub, upd, cre := entries[0], entries[1], entries[2]
	if pub.Action != "publish" || upd.Action != "update" || cre.Action != "create" {
		t.Errorf("actions: %s %s %s", pub.Action, upd.Action, cre.Action)
	}
	for _, x := range entries {
		if x.By != "tr-editor@park.example" || x.Kind != content.KindNeed || x.Hub != "TR" || x.Via != "api" || x.At.IsZero() {
			t.Errorf("entry %+v", x)
		}
	}
	// The fields that changed, per locale, as in the web's entries (one
	// diff for both: content.Changes).
	if !slices.Equal(upd.Fields, []string{"title.en"}) {
		t.Errorf("update fields %v, want [title.en]", upd.Fields)
	}
	if !slices.Contains(cre.Fields, "title.fa") || !slices.Contains(cre.Fields, "title.en") || !slices.Contains(cre.Fields, "hub") {
		t.Errorf("create fields %v", cre.Fields)
	}
	// A refused write is not logged.
	e.do("PATCH", "/api/v1/needs/"+ref, map[string]any{"version": 1, "title": map[string]string{"en": "Stale"}}, tr...)
	if n, _ := e.store.Audit(context.Background(), content.AuditFilter{ID: ref}); len(n) != 3 {
		t.Errorf("stale write logged: %d entries", len(n))
	}
}
