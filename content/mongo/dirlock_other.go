//go:build !unix

package mongo

// lockDir does nothing where flock is not available: there, the rule that
// one process opens a data folder is the operator's to keep.
func lockDir(dir string) (release func(), err error) { return func() {}, nil }
