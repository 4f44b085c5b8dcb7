package main

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// logFlushEvery is how long a log line may wait in the buffer.
const logFlushEvery = 50 * time.Millisecond

// logBufferMax is the buffered size that is written at once.
const logBufferMax = 64 << 10

// logBuffer collects log lines and writes them to w together, at most
// logFlushEvery after the first one waiting, at once when logBufferMax is
// reached or a line is an error: with one line per request, writing each
// line on its own cost a system call per request (16 % of the CPU of a
// cached page under load, docs/performance.md, issue 13). Close writes
// what is left. Safe for concurrent use.
type logBuffer struct {
	mu    sync.Mutex
	w     io.Writer
	buf   []byte
	timer *time.Timer // pending flush; nil when the buffer is empty
}

// newLogBuffer returns a buffer writing to w.
func newLogBuffer(w io.Writer) *logBuffer { return &logBuffer{w: w} }

// errorLevel marks a JSON log line of level ERROR.
var errorLevel = []byte(`"level":"ERROR"`)

// Write buffers p (one log line).
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) >= logBufferMax || bytes.Contains(p, errorLevel) {
		b.flushLocked()
	} else if b.timer == nil {
		b.timer = time.AfterFunc(logFlushEvery, b.Flush)
	}
	return len(p), nil
}

// Flush writes the buffered lines.
func (b *logBuffer) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
}

// Close writes the buffered lines; later lines are written at once.
func (b *logBuffer) Close() error {
	b.Flush()
	return nil
}

func (b *logBuffer) flushLocked() {
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	if len(b.buf) > 0 {
		_, _ = b.w.Write(b.buf)
		b.buf = b.buf[:0]
	}
}
