package main

import (
	"fmt"
	"net"
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
