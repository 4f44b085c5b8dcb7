//go:build unix

package mongo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockDir takes an exclusive OS lock (flock) on the file dirLockName in
// dir, so that a second process cannot open the same SQLite files. The
// lock ends with the process, however it ends: a kill -9 leaves nothing to
// clean up. It returns ErrDataDirInUse, naming the holder's process id when
// it is known, when another process holds the lock.
func lockDir(dir string) (release func(), err error) {
	path := filepath.Join(dir, dirLockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock file %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid := strings.TrimSpace(string(holder))
			if _, perr := strconv.Atoi(pid); perr != nil || pid == "" {
				pid = "unknown"
			}
			return nil, &DataDirInUseError{Dir: dir, PID: pid}
		}
		return nil, fmt.Errorf("lock file %s: %w", path, err)
	}
	// The holder's process id, for the message a second process shows.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
