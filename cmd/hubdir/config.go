package main

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"hubdir/i18n"
)

// Config is the service's configuration, read from the environment.
type Config struct {
	MongoURI       string         // MONGODB_URI; empty: the embedded store
	Database       string         // MONGODB_DB, default "hubdir"
	Addr           string         // HUBDIR_ADDR, default ":8080"
	DataDir        string         // HUBDIR_DATA: the embedded store's folder, default "./data"
	DefaultLang    string         // HUBDIR_DEFAULT_LANG, default "en"
	TrustedProxies []string       // HUBDIR_TRUSTED_PROXIES: comma-separated addresses or CIDRs
	Zone           *time.Location // HUBDIR_TIMEZONE, default Asia/Tehran
	// EmbeddedAddr is HUBDIR_EMBEDDED_ADDR: the address the embedded store
	// listens on ("127.0.0.1:27017"), so that a second instance can use it
	// through MONGODB_URI; default a free loopback port.
	EmbeddedAddr string
	// InterestsPerMinute (HUBDIR_INTEREST_RATE, default 20) and
	// APIRequestsPerMinute (HUBDIR_API_RATE, default 600) are the rate
	// limits per client address, shared by all instances; -1: no limit.
	InterestsPerMinute, APIRequestsPerMinute int
	// ShutdownTimeout (HUBDIR_SHUTDOWN_TIMEOUT, default 15s) bounds how long
	// serve waits for requests in flight on SIGTERM.
	ShutdownTimeout time.Duration
	// BenchCeiling (HUBDIR_BENCH_CEILING=1) serves GET /bench/ceiling, the
	// load run's reference handler (scripts/bench.sh).
	BenchCeiling bool
	// Pprof (HUBDIR_PPROF, a loopback host:port) serves Go's profiler
	// there; empty: off.
	Pprof string
}

// configFromEnv builds the configuration, checking every value.
func configFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		MongoURI:    getenv("MONGODB_URI"),
		Database:    orDefault(getenv("MONGODB_DB"), "hubdir"),
		Addr:        orDefault(getenv("HUBDIR_ADDR"), ":8080"),
		DataDir:     orDefault(getenv("HUBDIR_DATA"), "./data"),
		DefaultLang: orDefault(getenv("HUBDIR_DEFAULT_LANG"), "en"),
	}
	if !i18n.IsSupported(cfg.DefaultLang) {
		return cfg, fmt.Errorf("HUBDIR_DEFAULT_LANG %q is not one of %v", cfg.DefaultLang, i18n.Codes())
	}
	zone, err := time.LoadLocation(orDefault(getenv("HUBDIR_TIMEZONE"), "Asia/Tehran"))
	if err != nil {
		return cfg, fmt.Errorf("HUBDIR_TIMEZONE: %v", err)
	}
	cfg.Zone = zone
	cfg.EmbeddedAddr = getenv("HUBDIR_EMBEDDED_ADDR")
	if a := cfg.EmbeddedAddr; a != "" {
		if _, _, err := net.SplitHostPort(a); err != nil {
			return cfg, fmt.Errorf("HUBDIR_EMBEDDED_ADDR %q: %v", a, err)
		}
	}
	for _, r := range []struct {
		name string
		to   *int
	}{{"HUBDIR_INTEREST_RATE", &cfg.InterestsPerMinute}, {"HUBDIR_API_RATE", &cfg.APIRequestsPerMinute}} {
		if v := getenv(r.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < -1 || n == 0 {
				return cfg, fmt.Errorf("%s %q: want a number of requests per minute, or -1 for no limit", r.name, v)
			}
			*r.to = n
		}
	}
	cfg.BenchCeiling = getenv("HUBDIR_BENCH_CEILING") == "1"
	if cfg.Pprof = getenv("HUBDIR_PPROF"); cfg.Pprof != "" && !loopbackAddr(cfg.Pprof) {
		return cfg, fmt.Errorf("HUBDIR_PPROF %q: want a loopback address such as 127.0.0.1:6060", cfg.Pprof)
	}
	cfg.ShutdownTimeout = 15 * time.Second
	if v := getenv("HUBDIR_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("HUBDIR_SHUTDOWN_TIMEOUT %q: want a duration such as 15s", v)
		}
		cfg.ShutdownTimeout = d
	}
	for _, p := range strings.Split(getenv("HUBDIR_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return cfg, fmt.Errorf("HUBDIR_TRUSTED_PROXIES: %q is neither an address nor a CIDR range", p)
			}
		}
		cfg.TrustedProxies = append(cfg.TrustedProxies, p)
	}
	return cfg, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
