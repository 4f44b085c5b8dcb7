package mongo

import (
	"os"
	"strconv"
	"strings"
)

// procID names a process so that another process can tell whether it is
// still running: NS is the machine's boot id and the PID namespace (two
// processes compare process ids only when their NS are equal), PID the
// process id, Start its start time in clock ticks since boot (so that a
// process id reused after a restart is not taken for the old process).
// NS is empty where /proc does not tell (then only leases apply).
type procID struct {
	NS    string `bson:"ns,omitempty"`
	PID   int    `bson:"pid,omitempty"`
	Start string `bson:"start,omitempty"`
}

// thisProc returns the procID of the running process.
func thisProc() procID {
	boot, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return procID{}
	}
	ns, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		return procID{}
	}
	pid := os.Getpid()
	start, ok := procStart(pid)
	if !ok {
		return procID{}
	}
	return procID{NS: strings.TrimSpace(string(boot)) + "/" + ns, PID: pid, Start: start}
}

// procStart returns the start time of process pid (field 22 of
// /proc/<pid>/stat), and false when there is no such process.
func procStart(pid int) (string, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", false
	}
	// The command name (field 2) is in parentheses and may hold spaces:
	// count the fields after its closing parenthesis (field 3 on).
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return "", false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return "", false
	}
	return f[19], true
}

// procGone reports whether the process p is known to have ended: it ran in
// this process's namespace, and no process with its id runs, or one does
// that started at another time. A process of another machine or namespace
// is never known to be gone.
func (s *Store) procGone(p procID) bool {
	if p.NS == "" || p.NS != s.proc.NS || p.PID <= 0 {
		return false
	}
	if p.PID == s.proc.PID {
		return p.Start != s.proc.Start
	}
	start, ok := procStart(p.PID)
	return !ok || start != p.Start
}
