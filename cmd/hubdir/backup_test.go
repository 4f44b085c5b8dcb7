package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runIn runs the command line with the embedded store in dataDir and
// returns its exit code, standard output and standard error.
func runIn(t *testing.T, dataDir string, stdin io.Reader, args ...string) (int, string, string) {
	t.Helper()
	env := map[string]string{"HUBDIR_DATA": dataDir}
	var stdout, stderr bytes.Buffer
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	code := run(context.Background(), args, func(k string) string { return env[k] }, stdin, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// docLines returns the lines of a backup after its header.
func docLines(t *testing.T, b []byte) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], `{"hubdir_export":1,`) {
		t.Fatalf("not a backup: %.200s", b)
	}
	return lines[1:]
}

func TestExportImportCommands(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	out := filepath.Join(dir, "backups")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(out, "hubdir.jsonl")

	if code, _, stderr := runIn(t, src, nil, "seed"); code != 0 {
		t.Fatalf("seed: %d %s", code, stderr)
	}
	if code, stdout, stderr := runIn(t, src, nil, "export", file); code != 0 || !strings.Contains(stdout, file) {
		t.Fatalf("export: %d %q %s", code, stdout, stderr)
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the backup's mode is %v, want 0600", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("the backup folder holds %d files, want 1 (no temporary file left)", len(entries))
	}
	written, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	first := docLines(t, written)

	code, stdout, stderr := runIn(t, src, nil, "export", "-")
	if code != 0 {
		t.Fatalf("export -: %d %s", code, stderr)
	}
	if got := docLines(t, []byte(stdout)); strings.Join(got, "\n") != strings.Join(first, "\n") {
		t.Error("export to standard output differs from the file")
	}

	code, stdout, stderr = runIn(t, dst, nil, "import", file)
	if code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	if !strings.Contains(stdout, "hubs        2\n") || !strings.Contains(stdout, "needs ") {
		t.Errorf("import printed %q", stdout)
	}
	code, _, stderr = runIn(t, dst, nil, "import", file)
	if code != 1 || !strings.Contains(stderr, "not empty") {
		t.Errorf("second import: %d %s", code, stderr)
	}
	code, stdout, stderr = runIn(t, dst, nil, "export", "-")
	if code != 0 {
		t.Fatalf("export after import: %d %s", code, stderr)
	}
	if got := docLines(t, []byte(stdout)); strings.Join(got, "\n") != strings.Join(first, "\n") {
		t.Error("the export of the restored store differs from the backup")
	}

	// Import from standard input, into a third store.
	code, stdout, stderr = runIn(t, filepath.Join(dir, "third"), bytes.NewReader(written), "import", "-")
	if code != 0 || !strings.Contains(stdout, "total") {
		t.Errorf("import -: %d %q %s", code, stdout, stderr)
	}

	for _, args := range [][]string{{"export"}, {"import"}, {"export", "a", "b"}, {"import", ""}} {
		if code, _, _ := runIn(t, dir, nil, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	if code, _, _ := runIn(t, filepath.Join(dir, "fourth"), nil, "import", filepath.Join(dir, "missing.jsonl")); code != 1 {
		t.Errorf("import of a missing file: exit %d, want 1", code)
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "b.jsonl")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := writeAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return errors.New("store went away")
	})
	if err == nil {
		t.Fatal("writeAtomic succeeded")
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("a failed write changed the file to %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files after a failed write, want 1", len(entries))
	}
	if err := writeAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "new\n")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("file = %q", b)
	}
	if err := writeAtomic(filepath.Join(dir, "no", "such", "dir"), func(io.Writer) error { return nil }); err == nil {
		t.Error("writeAtomic into a missing folder succeeded")
	}
}
