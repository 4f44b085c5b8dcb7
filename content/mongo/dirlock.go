package mongo

import (
	"errors"
	"fmt"
)

// dirLockName is the file in the embedded store's folder that its process
// holds an OS lock on (see lockDir).
const dirLockName = "hubdir.lock"

// ErrDataDirInUse is matched (errors.Is) by the error StartEmbedded
// returns when another process has the data folder open.
var ErrDataDirInUse = errors.New("the data folder is in use by another process")

// DataDirInUseError is the error of a data folder that another process
// holds: Dir is the folder, PID the holder's process id ("unknown" when the
// lock file does not say).
type DataDirInUseError struct {
	Dir, PID string
}

// Error says which folder and which process.
func (e *DataDirInUseError) Error() string {
	return fmt.Sprintf("the data folder %s is in use by another process (pid %s)", e.Dir, e.PID)
}

// Is makes errors.Is(err, ErrDataDirInUse) true.
func (e *DataDirInUseError) Is(target error) bool { return target == ErrDataDirInUse }
