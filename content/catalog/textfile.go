package catalog

import (
	"fmt"
	"slices"
	"unsafe"

	"hubdir/content"
)

// Texts of needs out of the heap (issue 13, third round): the titles,
// summaries and bodies of needs are most of a need's memory (2.26 KB of
// 3.9 KB a need at 100,000 needs, bodies 1.55 KB of it). With MapTexts,
// the catalog keeps them in a file the process owns (created in a folder
// and unlinked at once, so that nothing else can change it and it is gone
// when the process ends) and maps the file into memory: the strings of a
// need's Title, Summary and Body point into the mapping instead of the Go
// heap. Every reader still gets a content.Need whose texts hold the exact
// strings (the types do not change); the pages of the file are the
// system's page cache, read back from the file when the process has
// released them (ReleaseMapped) and a reader needs them again, as a read
// of the file would.
//
// The file only grows: each need written appends its texts, and the
// versions they replace stay in it (a reader holding an older state, or a
// cache, may still read them). Each start writes a new file.
//
// Invariants: bytes of the file are written (pwrite) before a string
// pointing to them is made, and never written again; segments of the file
// are mapped for the life of the process (never unmapped: strings into
// them may be held anywhere), and the file is extended to a segment's end
// before the segment is mapped, so that no read of a mapped byte can
// fault. The catalog's writers (under Catalog.mu) write the file; readers
// only read strings made before the state holding them was published.

// Sizes of the text file.
const (
	textSegment = 64 << 20 // bytes mapped at once
	textBatch   = 1 << 20  // bytes written per write call at most
)

// textFile is the file the texts of needs are kept in, and its mapped
// segments.
type textFile struct {
	f     mappedFile
	seg   int64    // bytes of a segment (textSegment; less in tests)
	segs  [][]byte // mapped segments of the file, in file order
	end   int64    // bytes used in the last segment
	bytes int64    // bytes written in all
	buf   []byte   // a batch being written
	fails int      // batches left in the heap because a write failed
}

// mappedFile is the operating system's side of a text file
// (textfile_linux.go).
type mappedFile interface {
	// writeAt writes p at off.
	writeAt(p []byte, off int64) error
	// mapSegment extends the file to off+size and maps that range.
	mapSegment(off, size int64) ([]byte, error)
	// release lets the system drop the pages of a mapped range from the
	// process (they are read back from the file when touched again).
	release(seg []byte)
}

// MapTexts makes the catalog keep the titles, summaries and bodies of
// needs in a file created in dir and mapped into memory, instead of in
// the heap; call it before Load. Where mapping files is not supported
// (systems other than Linux), it returns an error and the texts stay in
// the heap.
func (c *Catalog) MapTexts(dir string) error {
	f, err := openMappedFile(dir)
	if err != nil {
		return fmt.Errorf("catalog: text file: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.texts = &textFile{f: f, seg: textSegment}
	return nil
}

// TextBytes returns the bytes written to the text file (0 when the texts
// are kept in the heap).
func (c *Catalog) TextBytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.texts == nil {
		return 0
	}
	return c.texts.bytes
}

// ReleaseMapped lets the system drop from the process the pages of the
// text file it has read (writing the snapshot file reads every text):
// they stay in the file and in the system's page cache, and are read back
// when a reader needs them. Readers are never affected.
func (c *Catalog) ReleaseMapped() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.texts == nil {
		return
	}
	for _, s := range c.texts.segs {
		c.texts.f.release(s)
	}
}

// needTexts returns the texts of a need kept in the text file.
func needTexts(n *content.Need) [3]*content.Text {
	return [3]*content.Text{&n.Title, &n.Summary, &n.Body}
}

// mapNeeds replaces the documents of the given entries, not yet
// published, by copies whose texts are in the text file.
func (b *textFile) mapNeeds(entries []*entry[*content.Need]) {
	if b == nil {
		return
	}
	// Batches of entries whose texts fit textBatch bytes (or one entry)
	// are written with one call, then their strings are made.
	limit := int(min(textBatch, b.seg))
	for lo := 0; lo < len(entries); {
		hi, size := lo, 0
		for hi < len(entries) {
			s := b.mappedSize(entries[hi].doc)
			if hi > lo && size+s > limit {
				break
			}
			size += s
			hi++
		}
		b.mapBatch(entries[lo:hi], size)
		lo = hi
	}
}

// mappable reports whether a string goes to the file: not empty, and at
// most a sixteenth of a segment (a longer one stays in the heap).
func (b *textFile) mappable(s string) bool { return len(s) > 0 && int64(len(s)) <= b.seg/16 }

// mappedSize returns the bytes of a need's texts that go to the file.
func (b *textFile) mappedSize(n *content.Need) int {
	s := 0
	for _, t := range needTexts(n) {
		for _, v := range *t {
			if b.mappable(v) {
				s += len(v)
			}
		}
	}
	return s
}

// textLocales returns the locales of t, sorted, in buf's array: the order
// in which a text's translations are laid out in the file.
func textLocales(t content.Text, buf []string) []string {
	buf = buf[:0]
	for l := range t {
		buf = append(buf, l)
	}
	slices.Sort(buf)
	return buf
}

// mapBatch writes the texts of entries (size bytes) to the file and
// points the entries' documents to them. When the write fails, the texts
// stay in the heap.
func (b *textFile) mapBatch(entries []*entry[*content.Need], size int) {
	if size == 0 {
		return
	}
	if len(b.segs) == 0 || b.end+int64(size) > b.seg {
		if int64(size) > b.seg {
			return
		}
		seg, err := b.f.mapSegment(int64(len(b.segs))*b.seg, b.seg)
		if err != nil {
			b.fails++
			return
		}
		b.segs, b.end = append(b.segs, seg), 0
	}
	seg := b.segs[len(b.segs)-1]
	b.buf = b.buf[:0]
	var locs []string
	for _, e := range entries {
		for _, t := range needTexts(e.doc) {
			locs = textLocales(*t, locs)
			for _, l := range locs {
				if v := (*t)[l]; b.mappable(v) {
					b.buf = append(b.buf, v...)
				}
			}
		}
	}
	if err := b.f.writeAt(b.buf, int64(len(b.segs)-1)*b.seg+b.end); err != nil {
		b.fails++
		return
	}
	at := b.end
	for _, e := range entries {
		if b.mappedSize(e.doc) == 0 {
			continue
		}
		cp := *e.doc
		for _, t := range needTexts(&cp) {
			if len(*t) == 0 {
				continue
			}
			old := *t
			nt := make(content.Text, len(old))
			locs = textLocales(old, locs)
			for _, l := range locs {
				if v := old[l]; b.mappable(v) {
					nt[l] = unsafe.String(&seg[at], len(v))
					at += int64(len(v))
				} else {
					nt[l] = v
				}
			}
			*t = nt
		}
		e.doc = &cp
	}
	b.end = at
	b.bytes += int64(size)
	if cap(b.buf) > textBatch {
		b.buf = nil
	}
}
