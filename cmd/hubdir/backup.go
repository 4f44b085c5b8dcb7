package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"hubdir/content/mongo"
)

// exportCommand runs "hubdir export FILE": it writes a backup of every
// collection to FILE, or to standard output when FILE is "-". A file is
// written atomically: into a temporary file in the same folder, synced, then
// renamed over FILE, so that FILE is always either the old backup or a
// complete new one. The file is readable by its owner only, as it holds
// personal data and password hashes.
func exportCommand(ctx context.Context, cfg Config, logger *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || fs.Arg(0) == "" {
		return errUsage
	}
	path := fs.Arg(0)
	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	if path == "-" {
		return st.Export(ctx, stdout)
	}
	if err := writeAtomic(path, func(w io.Writer) error { return st.Export(ctx, w) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported to %s\n", path)
	return nil
}

// importCommand runs "hubdir import FILE": it restores a backup from FILE,
// or from standard input when FILE is "-", into an empty store and prints
// how many documents of each collection it restored.
func importCommand(ctx context.Context, cfg Config, logger *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || fs.Arg(0) == "" {
		return errUsage
	}
	path := fs.Arg(0)
	in := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	stats, err := st.Import(ctx, in)
	if err != nil {
		return err
	}
	printStats(stdout, stats)
	return nil
}

// printStats prints the counts of an import, one collection a line.
func printStats(w io.Writer, s mongo.ImportStats) {
	for _, c := range []struct {
		name string
		n    int
	}{
		{"hubs", s.Hubs}, {"companies", s.Companies}, {"needs", s.Needs},
		{"agreements", s.Agreements}, {"interests", s.Interests}, {"staff", s.Staff},
		{"tokens", s.Tokens}, {"counters", s.Counters},
	} {
		fmt.Fprintf(w, "%-11s %d\n", c.name, c.n)
	}
	fmt.Fprintf(w, "%-11s %d\n", "total", s.Total())
	fmt.Fprintf(w, "%-11s %d\n", "revision", s.Rev)
}

// writeAtomic calls write on a new temporary file in path's folder and, when
// it succeeds, syncs the file and renames it to path. On failure path is
// left as it was and the temporary file is removed.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	// CreateTemp makes the file 0600 already; say so for umask-proof intent.
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	// Make the rename itself durable; not every system can sync a folder.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
