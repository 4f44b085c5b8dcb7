package catalog

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"hubdir/content"
)

// TestMergedIndexEqualsRebuilt: a catalog that took in many writes one by
// one (creates, edits of the text, deletes: several merges of the delta
// into the index, which reads no key again) answers every text query as a
// catalog loaded at once with the same needs does.
func TestMergedIndexEqualsRebuilt(t *testing.T) {
	now := func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	hubs := []*content.Hub{{Code: "CN"}, {Code: "TR"}}
	needs := synthNeeds(1200, 5)
	c := New(tehran, now)
	c.uncached = true
	c.Load(&content.Snapshot{Hubs: hubs, Needs: needs[:600]})
	held := map[string]*content.Need{}
	for _, n := range needs[:600] {
		held[n.Ref] = n
	}
	rev := int64(1)
	put := func(n *content.Need) {
		rev++
		n.Rev = rev
		c.PutNeed(n)
		if n.DeletedAt != nil {
			delete(held, n.Ref)
		} else {
			held[n.Ref] = n
		}
	}
	for i, n := range needs[600:] {
		put(n) // new needs
		switch old := needs[i]; i % 3 {
		case 0: // an edit of the text
			e := *old
			e.Title = content.Text{"en": fmt.Sprintf("zebrafish membrane %d", i), "fa": "غشای جدید"}
			e.Body = content.Text{"en": "A rewritten body about battery recycling " + fmt.Sprint(i)}
			put(&e)
		case 1: // a delete
			d := *old
			at := now()
			d.DeletedAt = &at
			put(&d)
		}
	}
	// Last, a batch larger than the delta: the index then holds every
	// need (the delta is scored apart, as an approximation).
	var batch []*content.Need
	for _, n := range needs[700:] {
		if n := held[n.Ref]; n != nil {
			e := *n
			rev++
			e.Rev = rev
			e.Summary = content.Text{"en": "battery membrane in the last batch"}
			batch = append(batch, &e)
			held[e.Ref] = &e
		}
	}
	if len(batch) <= maxDelta-len(c.state.Load().needs.delta) {
		t.Fatalf("a batch of %d does not overflow the delta", len(batch))
	}
	c.Apply(&content.Snapshot{Needs: batch})
	if n := len(c.state.Load().needs.delta); n != 0 {
		t.Fatalf("delta of %d entries after a merge", n)
	}
	fresh := New(tehran, now)
	fresh.uncached = true
	var all []*content.Need
	for _, n := range held {
		all = append(all, n)
	}
	fresh.Load(&content.Snapshot{Hubs: hubs, Needs: all})
	admin := Viewer{Staff: &content.Staff{Role: content.RoleAdmin}}
	for _, q := range []string{"", "battery", "zebrafish", "zebrafish membrane", "membrane", "غشا", "电池", "robot vision",
		"sensör", "batt", "recycling battery", "zebrafih", "TR-26-00601"} {
		for _, v := range []Viewer{{}, admin} {
			for _, page := range []int{1, 2} {
				query := NeedQuery{Text: q, Viewer: v, Page: page}
				got, want := c.Needs(query), fresh.Needs(query)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("Needs(%q, page %d, staff %v): %d of %d, want %d of %d", q, page, v.Staff != nil,
						len(got.Items), got.Total, len(want.Items), want.Total)
				}
			}
		}
	}
	got, want := c.state.Load().needs.text, fresh.state.Load().needs.text
	if got.docs != want.docs || got.avgLen != want.avgLen || len(got.words) != len(want.words) {
		t.Errorf("merged index: %d docs, avg %v, %d words; rebuilt: %d, %v, %d",
			got.docs, got.avgLen, len(got.words), want.docs, want.avgLen, len(want.words))
	}
	checkPostings(t, "merged", got)
	checkPostings(t, "rebuilt", want)
	if !slices.Equal(got.words, want.words) {
		t.Fatal("the merged vocabulary differs from the rebuilt one")
	}
	// The same entries hold each word (numbered differently): compare
	// the ids behind each posting list, and the frequencies.
	ids := func(c *Catalog) map[uint32]string {
		m := map[uint32]string{}
		for _, e := range c.state.Load().needs.byID {
			m[e.seq] = e.id
		}
		return m
	}
	gotIDs, wantIDs := ids(c), ids(fresh)
	for i, w := range got.words {
		var a, b []string
		got.postings(i, func(s uint32, f uint8) bool { a = append(a, fmt.Sprint(gotIDs[s], f)); return true })
		want.postings(i, func(s uint32, f uint8) bool { b = append(b, fmt.Sprint(wantIDs[s], f)); return true })
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Fatalf("word %q: merged postings %v, rebuilt %v", w, a, b)
		}
	}
}

// checkPostings fails the test unless every posting list of ix ascends
// strictly, below its limit, and the lists cover its arrays exactly.
func checkPostings(t *testing.T, what string, ix *textIndex) {
	t.Helper()
	if len(ix.at) != len(ix.words)+1 || len(ix.pat) != len(ix.words)+1 ||
		int(ix.at[len(ix.words)]) != len(ix.freqs) || int(ix.pat[len(ix.words)]) != len(ix.pdata) {
		t.Fatalf("%s: the arrays of %d words do not add up", what, len(ix.words))
	}
	for i := range ix.words {
		n, prev := 0, int64(-1)
		ix.postings(i, func(s uint32, _ uint8) bool {
			if int64(s) <= prev || s >= ix.limit {
				t.Fatalf("%s: word %q: seq %d after %d (limit %d)", what, ix.words[i], s, prev, ix.limit)
			}
			prev = int64(s)
			n++
			return true
		})
		if n != ix.df(i) || n == 0 {
			t.Fatalf("%s: word %q: %d postings decoded, df %d", what, ix.words[i], n, ix.df(i))
		}
	}
}

// TestMayName: the test on the numbers of a key never rules out a key
// that names a standard, and rules out keys without its number.
func TestMayName(t *testing.T) {
	for _, tt := range []struct {
		key   string
		codes []string
		want  bool
	}{
		{"laboratory accredited to iso iec 17025 2017", []string{"ISO/IEC 17025"}, true},
		{"testing to astm d638 and iso 527", []string{"ASTM D638"}, true},
		{"testing to astm d638 and iso 527", []string{"ISO 9001", "ISO 527"}, true},
		{"testing to astm d638", []string{"ISO 9001"}, false},
		{"no numbers at all", []string{"GB/T 2423.1"}, false},
		{"gb t 2423 1 climate chamber", []string{"GB/T 2423.1"}, true},
	} {
		e := &entry[*content.Need]{nums: digitHashes(tt.key, nil)}
		if got := e.mayName(tt.codes); got != tt.want {
			t.Errorf("mayName(%q, %v) = %v, want %v", tt.key, tt.codes, got, tt.want)
		}
		if tt.want {
			named := namedStandards(textParts(tt.key), tt.codes)
			if len(named) == 0 {
				t.Errorf("%q names none of %v: the case does not test mayName", tt.key, tt.codes)
			}
		}
	}
}

// TestPostingsAscend: a catalog built from needs given in no particular
// order, indexed in parallel parts, holds ascending posting lists that
// decode to the entries holding each word.
func TestPostingsAscend(t *testing.T) {
	needs := synthNeeds(5000, 11)
	slices.Reverse(needs)
	c := New(tehran, nil)
	c.Load(&content.Snapshot{Hubs: []*content.Hub{{Code: "CN"}, {Code: "TR"}}, Needs: needs})
	l := c.state.Load().needs
	checkPostings(t, "built", l.text)
	// The entries behind a word's postings are those whose key holds it.
	for _, word := range []string{l.text.words[0], l.text.words[len(l.text.words)/2], l.text.words[len(l.text.words)-1]} {
		id := l.text.find(word)
		var want []uint32
		for _, e := range l.byID {
			key, _ := searchKey(e)
			if slices.Contains(c.rules.analysis.AppendTerms(nil, key), word) {
				want = append(want, e.seq)
			}
		}
		slices.Sort(want)
		if got := l.text.seqs(id, nil); !slices.Equal(got, want) {
			t.Fatalf("word %q: postings %v, entries holding it %v", word, got, want)
		}
	}
}
