package mongo_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the park's zone for the sample content

	"go.mongodb.org/mongo-driver/v2/bson"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/sample"
)

// sampleStore returns a store on a fresh database with the sample content,
// an editor of hub TR with an API token, and two interests, one of them
// moved on by staff. It returns the store and the token.
func sampleStore(t *testing.T) (*mongo.Store, string) {
	t.Helper()
	ctx := context.Background()
	zone, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		t.Fatal(err)
	}
	s := mongotest.Open(t, mongo.Config{Now: fixedNow, Zone: zone})
	if err := sample.Load(ctx, s, clock, zone); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddStaff(ctx, &content.StaffInput{
		Email: "Editor@Park.ir", Name: "ویراستار هاب", Role: content.RoleEditor, Hubs: []string{"TR"},
	}, "$2a$10$abcdefghijklmnopqrstuv"); err != nil {
		t.Fatal(err)
	}
	token, err := s.CreateToken(ctx, "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var open []*content.Need
	for _, n := range snap.Needs {
		if n.OpenOn(content.Today(clock, zone)) {
			open = append(open, n)
		}
	}
	if len(open) < 2 {
		t.Fatalf("the sample has %d open needs", len(open))
	}
	first, _, err := s.CreateInterest(ctx, open[0].Ref, interestInput("firm@example.ir"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateInterest(ctx, open[1].Ref, interestInput("other@example.com")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateInterestStatus(ctx, first.Ref, &content.InterestStatusInput{
		Version: first.Version, Status: content.InterestContacted, Note: "تماس گرفته شد",
	}, "editor@park.ir"); err != nil {
		t.Fatal(err)
	}
	return s, token
}

// export returns the store's backup as lines, without their newlines.
func export(t *testing.T, s *mongo.Store) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(context.Background(), &buf); err != nil {
		t.Fatalf("Export: %v", err)
	}
	if !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
		t.Fatal("the export does not end with a newline")
	}
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
}

// join makes a file of lines.
func join(lines []string) *strings.Reader {
	return strings.NewReader(strings.Join(lines, "\n") + "\n")
}

// sortSnapshot orders a snapshot's listings by identifier.
func sortSnapshot(s *content.Snapshot) {
	slices.SortFunc(s.Needs, func(a, b *content.Need) int { return cmp.Compare(a.Ref, b.Ref) })
	slices.SortFunc(s.Companies, func(a, b *content.Company) int { return cmp.Compare(a.Slug, b.Slug) })
	slices.SortFunc(s.Agreements, func(a, b *content.Agreement) int { return cmp.Compare(a.Slug, b.Slug) })
	slices.SortFunc(s.Offers, func(a, b *content.Offer) int { return cmp.Compare(a.Ref, b.Ref) })
}

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, token := sampleStore(t)
	lines := export(t, src)

	var header map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &header); err != nil {
		t.Fatalf("header %s: %v", lines[0], err)
	}
	rev, _ := src.Revision(ctx)
	if header["hubdir_export"] != 1.0 || header["rev"] != float64(rev) || header["exported_at"] != "2026-03-10T09:00:00.000Z" {
		t.Errorf("header = %s, rev %d", lines[0], rev)
	}
	if want := fmt.Sprintf(`{"hubdir_export_end":%d}`, len(lines)-2); lines[len(lines)-1] != want {
		t.Errorf("end line = %s, want %s", lines[len(lines)-1], want)
	}
	counts := map[string]int{}
	for _, l := range lines[1 : len(lines)-1] {
		var d struct{ Collection string }
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		counts[d.Collection]++
	}
	for _, c := range []string{"hubs", "companies", "needs", "agreements", "offers", "interests", "staff", "tokens", "counters"} {
		if counts[c] == 0 {
			t.Errorf("no %s in the export", c)
		}
	}
	if counts["locks"] != 0 {
		t.Error("the export has locks")
	}
	// Types survive: versions are int64, times are dates.
	if !strings.Contains(lines[1], `"created_at":{"$date":{"$numberLong":"`) {
		t.Errorf("a token's time is not a date: %s", lines[1])
	}

	dst := mongotest.Open(t, mongo.Config{Now: fixedNow})
	stats, err := dst.Import(ctx, join(lines))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	want := mongo.ImportStats{
		Hubs: counts["hubs"], Companies: counts["companies"], Needs: counts["needs"],
		Agreements: counts["agreements"], Offers: counts["offers"], Interests: counts["interests"], Staff: counts["staff"],
		Tokens: counts["tokens"], Counters: counts["counters"], Rev: rev,
	}
	if stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}

	again := export(t, dst)
	if len(again) != len(lines) {
		t.Fatalf("second export: %d lines, first %d", len(again), len(lines))
	}
	for i := 1; i < len(lines); i++ {
		if again[i] != lines[i] {
			t.Fatalf("line %d differs:\n%s\n%s", i+1, lines[i], again[i])
		}
	}

	a, err := src.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dst.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sortSnapshot(a)
	sortSnapshot(b)
	if !reflect.DeepEqual(a, b) {
		t.Error("the snapshots of the two stores differ")
	}

	st, err := dst.StaffByToken(ctx, token)
	if err != nil || st.Email != "editor@park.ir" {
		t.Errorf("StaffByToken after import = %+v, %v", st, err)
	}
	is, err := dst.Interests(ctx, content.InterestFilter{})
	if err != nil || len(is) != 2 {
		t.Fatalf("interests after import: %d, %v", len(is), err)
	}

	// New references do not collide with imported ones, in either store.
	n1, err := src.CreateNeed(ctx, needInput("TR"), "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	n2, err := dst.CreateNeed(ctx, needInput("TR"), "editor@park.ir")
	if err != nil {
		t.Fatal(err)
	}
	if n1.Ref != n2.Ref || n1.Rev != n2.Rev {
		t.Errorf("new need: %s rev %d in the source, %s rev %d after import", n1.Ref, n1.Rev, n2.Ref, n2.Rev)
	}
	for _, n := range a.Needs {
		if n.Ref == n2.Ref {
			t.Errorf("new need %s takes an imported reference", n2.Ref)
		}
	}
}

// TestImportRaisesCounters imports a file without its counters: the
// counters are rebuilt from the references and revisions.
func TestImportRaisesCounters(t *testing.T) {
	ctx := context.Background()
	src, _ := sampleStore(t)
	lines := export(t, src)
	var kept []string
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, `{"collection":"counters"`) {
			kept = append(kept, l)
		}
	}
	kept = append(kept, fmt.Sprintf(`{"hubdir_export_end":%d}`, len(kept)-1))

	dst := mongotest.Open(t, mongo.Config{Now: fixedNow})
	stats, err := dst.Import(ctx, join(kept))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	rev, _ := src.Revision(ctx)
	if stats.Counters != 0 || stats.Rev != rev {
		t.Errorf("stats = %+v, want rev %d", stats, rev)
	}
	snap, err := dst.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	for _, n := range snap.Needs {
		refs[n.Ref] = true
	}
	for _, hub := range []string{"TR", "CN"} {
		n, err := dst.CreateNeed(ctx, needInput(hub), "editor@park.ir")
		if err != nil {
			t.Fatal(err)
		}
		if refs[n.Ref] || n.Rev <= rev {
			t.Errorf("new need %s rev %d collides (imported rev %d)", n.Ref, n.Rev, rev)
		}
	}
	var need string
	for _, n := range snap.Needs {
		if n.OpenOn("2026-03-10") {
			need = n.Ref
		}
	}
	old, err := dst.Interests(ctx, content.InterestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	i, created, err := dst.CreateInterest(ctx, need, interestInput("new@example.ir"))
	if err != nil || !created {
		t.Fatalf("CreateInterest = %v, %v", created, err)
	}
	for _, o := range old {
		if o.Ref == i.Ref {
			t.Errorf("new interest takes the imported reference %s", i.Ref)
		}
	}
}

// editDoc returns line with its document changed by edit.
func editDoc(t *testing.T, line string, edit func(d bson.D) bson.D) string {
	t.Helper()
	var l struct {
		Collection string
		Doc        json.RawMessage
	}
	if err := json.Unmarshal([]byte(line), &l); err != nil {
		t.Fatal(err)
	}
	var d bson.D
	if err := bson.UnmarshalExtJSON(l.Doc, true, &d); err != nil {
		t.Fatal(err)
	}
	doc, err := bson.MarshalExtJSON(edit(d), true, false)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`{"collection":%q,"doc":%s}`, l.Collection, doc)
}

// set sets the field key of d, appending it when missing.
func set(d bson.D, key string, v any) bson.D {
	for i := range d {
		if d[i].Key == key {
			d[i].Value = v
			return d
		}
	}
	return append(d, bson.E{Key: key, Value: v})
}

func TestImportRefuses(t *testing.T) {
	ctx := context.Background()
	src, _ := sampleStore(t)
	lines := export(t, src)
	find := func(collection string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, `{"collection":"`+collection+`"`) {
				return i
			}
		}
		t.Fatalf("no %s in the export", collection)
		return 0
	}
	needLine := find("needs")
	// change returns the file with line i replaced.
	change := func(i int, s string) []string {
		out := slices.Clone(lines)
		out[i] = s
		return out
	}
	editNeed := func(edit func(d bson.D) bson.D) []string {
		return change(needLine, editDoc(t, lines[needLine], edit))
	}
	// The need an agreement links, removed from the file.
	var linked string
	for _, l := range lines {
		if strings.HasPrefix(l, `{"collection":"agreements"`) && strings.Contains(l, `"needs":["`) {
			linked = l[strings.Index(l, `"needs":["`)+10:]
			linked = linked[:strings.IndexByte(linked, '"')]
			break
		}
	}
	if linked == "" {
		t.Fatal("no agreement links a need")
	}
	var withoutLinked []string
	for _, l := range lines[:len(lines)-1] {
		if !strings.Contains(l, `"_id":"`+linked+`"`) {
			withoutLinked = append(withoutLinked, l)
		}
	}
	withoutLinked = append(withoutLinked, fmt.Sprintf(`{"hubdir_export_end":%d}`, len(withoutLinked)-1))

	cases := []struct {
		name string
		file []string
		want string // in the error
	}{
		{"malformed line", change(needLine, lines[needLine][:40]), fmt.Sprintf("line %d:", needLine+1)},
		{"unknown collection", change(needLine, strings.Replace(lines[needLine], `"needs"`, `"secrets"`, 1)), `unknown collection "secrets"`},
		{"bidi control in a title", editNeed(func(d bson.D) bson.D {
			return set(d, "title", bson.D{{Key: "en", Value: "Water \u202Etreatment"}})
		}), "title.en: bidi_control"},
		{"unknown field", editNeed(func(d bson.D) bson.D { return set(d, "owner", "x") }), "field owner is unknown"},
		{"unknown nested field", editNeed(func(d bson.D) bson.D {
			return set(d, "title", bson.D{{Key: "en", Value: "Water"}, {Key: "zz", Value: bson.D{}}})
		}), "title.zz"},
		{"mistyped field", editNeed(func(d bson.D) bson.D { return set(d, "version", "3") }), "version"},
		{"int32 for int64", editNeed(func(d bson.D) bson.D { return set(d, "version", int32(3)) }), "field version"},
		{"missing field", editNeed(func(d bson.D) bson.D {
			return slices.DeleteFunc(d, func(e bson.E) bool { return e.Key == "status" })
		}), "field status"},
		{"not normal form", editNeed(func(d bson.D) bson.D { return set(d, "country", "tr") }), "country is not in normal form"},
		{"unknown hub", editNeed(func(d bson.D) bson.D { return set(d, "hub", "DE") }), `refers to hubs "DE"`},
		{"unknown sector", editNeed(func(d bson.D) bson.D { return set(d, "sectors", bson.A{"alchemy"}) }), "sectors"},
		{"duplicate", append(slices.Clone(lines[:needLine+1]), lines[needLine:]...), "appears twice"},
		{"dangling reference", withoutLinked, fmt.Sprintf("refers to needs %q", linked)},
		{"invalid UTF-8", change(needLine, strings.Replace(lines[needLine], `"kind":"`, "\"kind\":\"\xff", 1)), fmt.Sprintf("line %d: invalid UTF-8", needLine+1)},
		{"truncated", lines[:len(lines)-1], "truncated"},
		{"wrong count", change(len(lines)-1, `{"hubdir_export_end":3}`), "the end line counts 3"},
		{"after the end", append(slices.Clone(lines), lines[needLine]), "after the end line"},
		{"no header", lines[1:], "line 1: not a hubdir export header"},
		{"future format", change(0, `{"hubdir_export":2,"rev":1,"exported_at":""}`), "format 2"},
		{"line too long", change(needLine, `{"collection":"needs","doc":{"_id":"`+strings.Repeat("x", 5<<20)+`"}}`), "longer than"},
		{"empty file", nil, "empty"},
	}
	dst := mongotest.Open(t, mongo.Config{Now: fixedNow})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r *strings.Reader
			if c.file == nil {
				r = strings.NewReader("")
			} else {
				r = join(c.file)
			}
			_, err := dst.Import(ctx, r)
			if content.ErrorCode(err) != content.CodeInvalid || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Import = %v, want invalid with %q", err, c.want)
			}
			if got := export(t, dst); len(got) != 2 {
				t.Fatalf("the store is not empty after a refused import: %d lines", len(got))
			}
		})
	}

	// A store with content refuses any import and stays as it was.
	_, err := src.Import(ctx, join(lines))
	if content.ErrorCode(err) != content.CodeConflict || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("Import into a store with content = %v", err)
	}
	after := export(t, src)
	if !slices.Equal(after[1:], lines[1:]) {
		t.Error("a refused import changed the store")
	}
}
