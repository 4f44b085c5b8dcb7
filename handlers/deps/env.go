package deps

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"hubdir/i18n"
)

// FromEnv builds the configuration from the environment (getenv is
// os.Getenv in main), checking every value, with the defaults filled in.
func FromEnv(getenv func(string) string) (Config, error) {
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
	cfg.TextDir = getenv("HUBDIR_TEXT_DIR")
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
	if v := getenv("HUBDIR_PUBLIC_URL"); v != "" {
		u, err := ParsePublicURL(v)
		if err != nil {
			return cfg, fmt.Errorf("HUBDIR_PUBLIC_URL %q: %v", v, err)
		}
		cfg.PublicURL = u
	}
	switch cfg.Sample = getenv("HUBDIR_SAMPLE"); cfg.Sample {
	case "", "0", "1":
	default:
		return cfg, fmt.Errorf("HUBDIR_SAMPLE %q: want 1 (load the sample into any empty store) or 0 (never)", cfg.Sample)
	}
	cfg.BenchCeiling = getenv("HUBDIR_BENCH_CEILING") == "1"
	if err := mailFromEnv(&cfg, getenv); err != nil {
		return cfg, err
	}
	if cfg.Pprof = getenv("HUBDIR_PPROF"); cfg.Pprof != "" && !loopbackAddr(cfg.Pprof) {
		return cfg, fmt.Errorf("HUBDIR_PPROF %q: want a loopback address such as 127.0.0.1:6060", cfg.Pprof)
	}
	if v := getenv("HUBDIR_CONCURRENT_READS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < -1 {
			return cfg, fmt.Errorf("HUBDIR_CONCURRENT_READS %q: want a number of reads, 0 for the default (GOMAXPROCS-1) or -1 for no bound", v)
		}
		cfg.ConcurrentReads = n
	}
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
	cfg.Defaults()
	return cfg, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// loopbackAddr reports whether addr is host:port with a loopback host.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}
