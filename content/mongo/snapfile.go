package mongo

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"

	"hubdir/content"
)

// The snapshot file keeps a Snapshot of the store on disk, so that a
// restart of a process on the embedded store does not read every listing
// through FerretDB (which decodes each document several times: 100,000
// needs take tens of seconds; see docs/performance.md). It holds the
// documents as BSON, encoded and decoded with the driver's own codecs, so
// that what it returns is what Snapshot returns. It is valid only for the
// revision it was written at: ReadSnapshotFile refuses it when the store
// has allocated any revision since.
//
// Layout: the magic line, then frames of a uint32 length (little-endian)
// and a body: first the header document (rev and the number of need
// chunks), then the Snapshot without its needs as one BSON document (so
// that every other kind of listing, present or added later, round-trips),
// then the needs in chunks of concatenated BSON documents, which are
// decoded in parallel.
const snapMagic = "hubdir catalog snapshot 1\n"

// snapChunk is the number of needs per chunk of the file.
const snapChunk = 2000

// snapHeader is the first frame of the file.
type snapHeader struct {
	Rev    int64 `bson:"rev"`
	Needs  int   `bson:"needs"`
	Chunks int   `bson:"chunks"`
}

// ErrSnapshotStale is returned by ReadSnapshotFile when the file was
// written at another revision than the store's.
var ErrSnapshotStale = errors.New("snapshot file: written at another revision")

// WriteSnapshotFile writes s to path (through a temporary file renamed into
// place, so that a crash leaves the old file or the new one). s must be
// what Snapshot returned, unchanged.
func WriteSnapshotFile(path string, s *content.Snapshot) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".catalog-snap-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := writeSnap(w, s); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// writeSnap writes the frames of s.
func writeSnap(w io.Writer, s *content.Snapshot) error {
	if _, err := io.WriteString(w, snapMagic); err != nil {
		return err
	}
	chunks := (len(s.Needs) + snapChunk - 1) / snapChunk
	frame := func(b []byte) error {
		var n [4]byte
		binary.LittleEndian.PutUint32(n[:], uint32(len(b)))
		if _, err := w.Write(n[:]); err != nil {
			return err
		}
		_, err := w.Write(b)
		return err
	}
	head, err := bson.Marshal(snapHeader{Rev: s.Rev, Needs: len(s.Needs), Chunks: chunks})
	if err != nil {
		return err
	}
	if err := frame(head); err != nil {
		return err
	}
	rest := *s
	rest.Needs = nil
	body, err := bson.Marshal(&rest)
	if err != nil {
		return fmt.Errorf("snapshot file: %w", err)
	}
	if err := frame(body); err != nil {
		return err
	}
	var buf []byte
	for i := 0; i < len(s.Needs); i += snapChunk {
		buf = buf[:0]
		for _, n := range s.Needs[i:min(i+snapChunk, len(s.Needs))] {
			doc, err := bson.Marshal(n)
			if err != nil {
				return fmt.Errorf("snapshot file: need %s: %w", n.Ref, err)
			}
			buf = append(buf, doc...)
		}
		if err := frame(buf); err != nil {
			return err
		}
	}
	return nil
}

// ReadSnapshotFile reads the snapshot at path when it was written at
// revision rev (the store's current Revision), decoding its needs on every
// core. It returns ErrSnapshotStale for a file of another revision, and
// an error wrapping fs.ErrNotExist when there is none.
func ReadSnapshotFile(ctx context.Context, path string, rev int64) (*content.Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	magic := make([]byte, len(snapMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != snapMagic {
		return nil, fmt.Errorf("snapshot file %s: not a snapshot file", path)
	}
	frame := func() ([]byte, error) {
		var n [4]byte
		if _, err := io.ReadFull(r, n[:]); err != nil {
			return nil, err
		}
		b := make([]byte, binary.LittleEndian.Uint32(n[:]))
		_, err := io.ReadFull(r, b)
		return b, err
	}
	b, err := frame()
	if err != nil {
		return nil, fmt.Errorf("snapshot file %s: %w", path, err)
	}
	var head snapHeader
	if err := bson.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("snapshot file %s: header: %w", path, err)
	}
	if head.Rev != rev {
		return nil, ErrSnapshotStale
	}
	if b, err = frame(); err != nil {
		return nil, fmt.Errorf("snapshot file %s: %w", path, err)
	}
	snap := &content.Snapshot{}
	if err := bson.Unmarshal(b, snap); err != nil {
		return nil, fmt.Errorf("snapshot file %s: %w", path, err)
	}
	snap.Needs = make([]*content.Need, head.Needs)

	// One reader, a worker per core decoding chunks into their place.
	type job struct {
		at  int
		raw []byte
	}
	jobs := make(chan job, 2)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for j := range jobs {
				if err := decodeNeeds(j.raw, snap.Needs[j.at:min(j.at+snapChunk, len(snap.Needs))]); err != nil {
					fail(err)
				}
			}
		})
	}
	for i := 0; i < head.Chunks && ctx.Err() == nil; i++ {
		raw, err := frame()
		if err != nil {
			fail(err)
			break
		}
		jobs <- job{at: i * snapChunk, raw: raw}
	}
	close(jobs)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return nil, fmt.Errorf("snapshot file %s: %w", path, firstErr)
	}
	return snap, nil
}

// decodeNeeds decodes the concatenated BSON documents of raw into out,
// which must have room for exactly as many.
func decodeNeeds(raw []byte, out []*content.Need) error {
	in := newInterner()
	for i := range out {
		if len(raw) < 4 {
			return fmt.Errorf("chunk ends after %d of %d needs", i, len(out))
		}
		n := int(binary.LittleEndian.Uint32(raw))
		if n < 5 || n > len(raw) {
			return fmt.Errorf("need %d: bad length %d", i, n)
		}
		var need content.Need
		if err := bson.Unmarshal(raw[:n], &need); err != nil {
			return fmt.Errorf("need %d: %w", i, err)
		}
		in.need(&need)
		out[i] = &need
		raw = raw[n:]
	}
	if len(raw) != 0 {
		return fmt.Errorf("chunk has %d bytes after its needs", len(raw))
	}
	return nil
}
