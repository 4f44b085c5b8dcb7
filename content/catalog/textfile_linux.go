//go:build linux

package catalog

import (
	"os"
	"syscall"
)

// unixFile is a text file on Linux.
type unixFile struct{ f *os.File }

// openMappedFile creates a text file in dir and unlinks it: it lives as
// long as the process holds it.
func openMappedFile(dir string) (mappedFile, error) {
	f, err := os.CreateTemp(dir, ".hubdir-texts-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		_ = f.Close()
		return nil, err
	}
	return &unixFile{f: f}, nil
}

func (u *unixFile) writeAt(p []byte, off int64) error {
	_, err := u.f.WriteAt(p, off)
	return err
}

func (u *unixFile) mapSegment(off, size int64) ([]byte, error) {
	if err := u.f.Truncate(off + size); err != nil {
		return nil, err
	}
	return syscall.Mmap(int(u.f.Fd()), off, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
}

func (u *unixFile) release(seg []byte) { _ = syscall.Madvise(seg, syscall.MADV_DONTNEED) }
