//go:build !linux

package catalog

import "errors"

// openMappedFile reports that text files are not supported here.
func openMappedFile(string) (mappedFile, error) {
	return nil, errors.New("mapped files are not supported on this system")
}
