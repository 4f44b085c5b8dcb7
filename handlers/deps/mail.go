package deps

import (
	"fmt"
	"net"
	"time"

	"hubdir/content/notify"
)

// mailFromEnv reads the mail settings: HUBDIR_SMTP_URL, HUBDIR_MAIL_FROM
// and HUBDIR_MAIL_LEASE, each checked (HUBDIR_PUBLIC_URL is read with the
// site's settings).
func mailFromEnv(cfg *Config, getenv func(string) string) error {
	cfg.SMTPURL = getenv("HUBDIR_SMTP_URL")
	if cfg.SMTPURL != "" {
		if _, err := notify.ParseSMTPURL(cfg.SMTPURL); err != nil {
			return err
		}
	}
	cfg.MailFrom = orDefault(getenv("HUBDIR_MAIL_FROM"), "Hubdir <hubdir@localhost>")
	if _, err := notify.ParseFrom(cfg.MailFrom); err != nil {
		return err
	}
	if v := getenv("HUBDIR_MAIL_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return fmt.Errorf("HUBDIR_MAIL_LEASE %q: want a duration of at least 1s, such as 2m", v)
		}
		cfg.MailLease = d
	}
	return nil
}

// MailPublicURL returns the address links in mail start with: PublicURL,
// else http://localhost with the port of Addr (development).
func (c *Config) MailPublicURL() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	_, port, err := net.SplitHostPort(c.Addr)
	if err != nil || port == "" {
		port = "8080"
	}
	return "http://localhost:" + port
}
