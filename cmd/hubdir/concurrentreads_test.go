package main

import (
	"strings"
	"testing"
)

// TestConfigConcurrentReads: HUBDIR_CONCURRENT_READS is a number of public
// reads at once, 0 for the default or -1 for no bound; anything else stops
// the start, naming the setting.
func TestConfigConcurrentReads(t *testing.T) {
	for in, want := range map[string]int{"": 0, "0": 0, "3": 3, "-1": -1} {
		cfg, err := configFromEnv(env(map[string]string{"HUBDIR_CONCURRENT_READS": in}))
		if err != nil || cfg.ConcurrentReads != want {
			t.Errorf("%q: %d, %v; want %d", in, cfg.ConcurrentReads, err, want)
		}
	}
	for _, in := range []string{"-2", "many", "1.5", " 2", "0x10"} {
		if _, err := configFromEnv(env(map[string]string{"HUBDIR_CONCURRENT_READS": in})); err == nil || !strings.Contains(err.Error(), "HUBDIR_CONCURRENT_READS") {
			t.Errorf("%q: error %v, want one naming the setting", in, err)
		}
	}
}
