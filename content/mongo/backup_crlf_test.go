package mongo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
)

// TestImportLineEnds checks the rule for line ends in a backup file: LF
// (as Export writes) and CRLF (as an editor on Windows saves) are both
// accepted, also mixed, and restore the same documents; a CR that no LF
// follows is refused with its line number, and nothing is written.
func TestImportLineEnds(t *testing.T) {
	ctx := context.Background()
	src, _ := sampleStore(t)
	lines := export(t, src)

	crlf := strings.Join(lines, "\r\n") + "\r\n"
	var mixed strings.Builder
	for i, l := range lines {
		mixed.WriteString(l)
		if i%2 == 0 {
			mixed.WriteString("\r\n")
		} else {
			mixed.WriteString("\n")
		}
	}
	for name, file := range map[string]string{"CRLF": crlf, "mixed LF and CRLF": mixed.String()} {
		t.Run(name, func(t *testing.T) {
			dst := mongotest.Open(t, mongo.Config{Now: fixedNow})
			stats, err := dst.Import(ctx, strings.NewReader(file))
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if stats.Total() != len(lines)-2 {
				t.Errorf("imported %d documents, the file has %d", stats.Total(), len(lines)-2)
			}
			// The documents are the same: exported again (with LF), every
			// line but the header (its time) is the original one.
			again := export(t, dst)
			if len(again) != len(lines) {
				t.Fatalf("export after import: %d lines, want %d", len(again), len(lines))
			}
			for i := 1; i < len(lines); i++ {
				if again[i] != lines[i] {
					t.Fatalf("line %d differs:\n%s\n%s", i+1, lines[i], again[i])
				}
			}
		})
	}

	needLine := -1
	for i, l := range lines {
		if strings.HasPrefix(l, `{"collection":"needs"`) {
			needLine = i
			break
		}
	}
	if needLine < 0 {
		t.Fatal("no need in the export")
	}
	withLine := func(i int, s string) string {
		out := append([]string{}, lines...)
		out[i] = s
		return strings.Join(out, "\n") + "\n"
	}
	last := len(lines) - 1
	cases := []struct {
		name, file string
		line       int
	}{
		{"CR line ends", strings.Join(lines, "\r") + "\r", 1},
		{"CR inside a line", withLine(needLine, strings.Replace(lines[needLine], `"doc":`, "\r\"doc\":", 1)), needLine + 1},
		{"CR CR LF", withLine(needLine, lines[needLine]+"\r\r"), needLine + 1},
		{"CR at the end of the file", strings.Join(lines, "\n") + "\r", last + 1},
	}
	dst := mongotest.Open(t, mongo.Config{Now: fixedNow})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := dst.Import(ctx, strings.NewReader(c.file))
			want := fmt.Sprintf("line %d: a carriage return", c.line)
			if content.ErrorCode(err) != content.CodeInvalid || !strings.Contains(err.Error(), want) {
				t.Fatalf("Import = %v, want invalid with %q", err, want)
			}
			if got := export(t, dst); len(got) != 2 {
				t.Fatalf("the store is not empty after a refused import: %d lines", len(got))
			}
		})
	}
}
