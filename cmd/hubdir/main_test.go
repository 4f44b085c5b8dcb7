package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// env returns a getenv over the given variables.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestConfigFromEnv(t *testing.T) {
	cfg, err := configFromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":8080" || cfg.DataDir != "./data" || cfg.Database != "hubdir" || cfg.DefaultLang != "en" || cfg.Zone.String() != "Asia/Tehran" {
		t.Errorf("defaults: %+v", cfg)
	}
	cfg, err = configFromEnv(env(map[string]string{"HUBDIR_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16", "HUBDIR_DEFAULT_LANG": "fa"}))
	if err != nil || len(cfg.TrustedProxies) != 2 || cfg.DefaultLang != "fa" {
		t.Errorf("proxies and language: %+v, %v", cfg, err)
	}
	for name, vars := range map[string]map[string]string{
		"unknown language":  {"HUBDIR_DEFAULT_LANG": "de"},
		"unknown time zone": {"HUBDIR_TIMEZONE": "Mars/Olympus"},
		"bad proxy":         {"HUBDIR_TRUSTED_PROXIES": "10.0.0.1,evil.example"},
	} {
		if _, err := configFromEnv(env(vars)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

// TestCommands runs the administrative commands against an embedded store
// in a temporary folder.
func TestCommands(t *testing.T) {
	vars := map[string]string{"HUBDIR_DATA": t.TempDir()}
	hubdir := func(stdin string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, env(vars), strings.NewReader(stdin), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	for _, args := range [][]string{{}, {"fly"}, {"user"}, {"user", "add", "--email", "a@b.example"}, {"token", "create"}, {"seed", "--synthetic", "-1"}} {
		if code, _, stderr := hubdir("", args...); code != 2 || !strings.Contains(stderr, "usage") {
			t.Errorf("hubdir %v: exit %d, stderr %q", args, code, stderr)
		}
	}
	add := []string{"user", "add", "--email", "Editor@Park.example", "--name", "Leyla", "--role", "editor", "--hub", "tr", "--password-stdin"}
	if code, _, stderr := hubdir("short\n", add...); code != 1 || !strings.Contains(stderr, "at least") {
		t.Errorf("short password: exit %d, %q", code, stderr)
	}
	if code, out, stderr := hubdir("a long enough passphrase\n", add...); code != 0 || !strings.Contains(out, "editor@park.example") {
		t.Fatalf("user add: exit %d, %q %q", code, out, stderr)
	}
	if code, _, _ := hubdir("a long enough passphrase\n", add...); code != 1 {
		t.Errorf("the same email twice: exit %d", code)
	}
	code, token, stderr := hubdir("", "token", "create", "--email", "editor@park.example")
	if code != 0 || !strings.HasPrefix(token, "hd_") {
		t.Fatalf("token create: exit %d, %q %q", code, token, stderr)
	}
	if code, _, _ := hubdir("", "token", "create", "--email", "nobody@park.example"); code != 1 {
		t.Errorf("token for an unknown email: exit %d", code)
	}
}
