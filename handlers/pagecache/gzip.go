package pagecache

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
)

// gzipped is the gzip form of an entry's body. Each literal segment is
// compressed on its own and ends with a sync flush (byte-aligned, not
// final), so that the holes' values can go between them as stored deflate
// blocks, and no segment refers back to bytes of another: one gzip member
// whatever the fills. Without holes, full is the whole gzip body.
type gzipped struct {
	segs [][]byte // deflate data of each segment, sync-flushed
	full []byte   // the complete gzip body when the entry has no holes
}

// gzipHeader is a gzip member header: deflate, no name, no time, unknown
// OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

// finalBlock is an empty final deflate block (fixed Huffman codes), after
// a sync flush.
var finalBlock = []byte{0x03, 0x00}

// gzipped returns the entry's gzip form, made on first use.
func (e *entry) gzipped() *gzipped {
	e.gzOnce.Do(func() {
		g := &gzipped{}
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
		for _, s := range e.segs {
			buf.Reset()
			w.Reset(&buf)
			_, _ = w.Write(s)
			_ = w.Flush()
			g.segs = append(g.segs, bytes.Clone(buf.Bytes()))
		}
		if len(e.holes) == 0 {
			g.full = g.assemble(nil, e, nil)
		}
		e.gz = g
	})
	return e.gz
}

// assemble appends to dst the gzip body of e with the holes filled with
// vals.
func (g *gzipped) assemble(dst []byte, e *entry, vals []string) []byte {
	n := len(gzipHeader) + len(finalBlock) + 8
	for _, s := range g.segs {
		n += len(s)
	}
	for _, h := range e.holes {
		n += len(vals[h]) + 5*(len(vals[h])/0xffff+1)
	}
	if dst == nil {
		dst = make([]byte, 0, n)
	}
	dst = append(dst, gzipHeader...)
	crc := uint32(0)
	size := uint32(0)
	for i, s := range g.segs {
		dst = append(dst, s...)
		crc = crc32.Update(crc, crc32.IEEETable, e.segs[i])
		size += uint32(len(e.segs[i]))
		if i < len(e.holes) {
			v := vals[e.holes[i]]
			dst = appendStored(dst, v)
			crc = crc32.Update(crc, crc32.IEEETable, []byte(v))
			size += uint32(len(v))
		}
	}
	dst = append(dst, finalBlock...)
	dst = binary.LittleEndian.AppendUint32(dst, crc)
	dst = binary.LittleEndian.AppendUint32(dst, size)
	return dst
}

// appendStored appends s as stored (uncompressed), non-final deflate
// blocks; the stream is byte-aligned before and after.
func appendStored(dst []byte, s string) []byte {
	for len(s) > 0 {
		part := s
		if len(part) > 0xffff {
			part = part[:0xffff]
		}
		s = s[len(part):]
		n := uint16(len(part))
		dst = append(dst, 0x00, byte(n), byte(n>>8), byte(^n), byte(^n>>8))
		dst = append(dst, part...)
	}
	return dst
}
