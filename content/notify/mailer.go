package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
)

// Mailer delivers one message. A Mailer is used by one goroutine at a time.
type Mailer interface {
	// Send delivers m; an error means it may not have been delivered.
	Send(ctx context.Context, m *Message) error
	// Close ends any open connection; Send opens a new one when needed.
	Close() error
}

// SMTPConfig is where and how to deliver mail: HUBDIR_SMTP_URL parsed.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	// ImplicitTLS is smtps://: TLS from the first byte.
	ImplicitTLS bool
	// RequireTLS is ?starttls=required: never send in clear. Without it,
	// STARTTLS is used when the server offers it.
	RequireTLS bool
	// TLS overrides the TLS settings (tests: a private root CA).
	TLS *tls.Config
	// Timeout bounds connecting and each command (default 30 s).
	Timeout time.Duration
}

// ParseSMTPURL reads a HUBDIR_SMTP_URL: smtp://[user:pass@]host[:port]
// (STARTTLS when the server offers it; ?starttls=required insists on it;
// port 587 by default) or smtps://[user:pass@]host[:port] (implicit TLS,
// port 465 by default).
func ParseSMTPURL(raw string) (SMTPConfig, error) {
	var c SMTPConfig
	u, err := url.Parse(raw)
	if err != nil {
		return c, fmt.Errorf("HUBDIR_SMTP_URL: %v", err)
	}
	switch u.Scheme {
	case "smtp":
		c.Port = 587
	case "smtps":
		c.Port, c.ImplicitTLS = 465, true
	default:
		return c, fmt.Errorf("HUBDIR_SMTP_URL: scheme %q: want smtp or smtps", u.Scheme)
	}
	c.Host = u.Hostname()
	if c.Host == "" {
		return c, errors.New("HUBDIR_SMTP_URL: no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return c, fmt.Errorf("HUBDIR_SMTP_URL: bad port %q", p)
		}
		c.Port = n
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	q := u.Query()
	for k := range q {
		if k != "starttls" {
			return c, fmt.Errorf("HUBDIR_SMTP_URL: unknown parameter %q", k)
		}
	}
	switch v := q.Get("starttls"); v {
	case "":
	case "required":
		if c.ImplicitTLS {
			return c, errors.New("HUBDIR_SMTP_URL: starttls=required is for smtp://; smtps:// is always encrypted")
		}
		c.RequireTLS = true
	default:
		return c, fmt.Errorf("HUBDIR_SMTP_URL: starttls=%q: want required", v)
	}
	return c, nil
}

// SMTP delivers messages with github.com/wneessen/go-mail, keeping one
// connection open across messages until Close.
type SMTP struct {
	cfg    SMTPConfig
	from   *netmail.Address
	domain string // for Message-ID
	client *mail.Client
	open   bool
}

// NewSMTP returns a mailer for cfg sending from the address from
// ("Hubdir <hub@example.org>").
func NewSMTP(cfg SMTPConfig, from string) (*SMTP, error) {
	addr, err := ParseFrom(from)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	// No NOOP before each message: a dead connection fails the send,
	// which closes it, and the message is tried again.
	opts := []mail.Option{mail.WithPort(cfg.Port), mail.WithTimeout(cfg.Timeout), mail.WithoutNoop()}
	switch {
	case cfg.ImplicitTLS:
		opts = append(opts, mail.WithSSL())
	case cfg.RequireTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	}
	tc := cfg.TLS
	if tc == nil {
		tc = &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12}
	}
	opts = append(opts, mail.WithTLSConfig(tc))
	if cfg.Username != "" {
		// The strongest mechanism the server offers; PLAIN or LOGIN only
		// over TLS, except to a server on this machine.
		auth := mail.SMTPAuthAutoDiscover
		if cfg.Host == "localhost" || cfg.Host == "127.0.0.1" || cfg.Host == "::1" {
			auth = mail.SMTPAuthPlain
		}
		opts = append(opts, mail.WithSMTPAuth(auth),
			mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
	}
	c, err := mail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	domain := addr.Address[strings.LastIndexByte(addr.Address, '@')+1:]
	return &SMTP{cfg: cfg, from: addr, domain: domain, client: c}, nil
}

// ParseFrom checks a HUBDIR_MAIL_FROM value: one address, optionally
// with a display name, and no line breaks.
func ParseFrom(from string) (*netmail.Address, error) {
	if strings.ContainsAny(from, "\r\n") {
		return nil, errors.New("HUBDIR_MAIL_FROM: line break in the address")
	}
	a, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("HUBDIR_MAIL_FROM %q: %v", from, err)
	}
	return a, nil
}

// Send delivers m over the open connection, opening one when needed. After
// an error the connection is closed, so the next Send starts afresh.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	msg, err := Compose(m, s.from, s.domain)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrPermanent, err)
	}
	if !s.open {
		if err := s.client.DialWithContext(ctx); err != nil {
			return fmt.Errorf("smtp connect: %w", err)
		}
		s.open = true
	}
	if err := s.client.Send(msg); err != nil {
		s.Close()
		if permanentRefusal(err) {
			return fmt.Errorf("%w: smtp send: %w", ErrPermanent, err)
		}
		return fmt.Errorf("smtp send: %w", err)
	}
	return nil
}

// permanentRefusal reports whether err is the server's permanent (5xx)
// refusal of this message: of its recipient (RCPT TO: 550 mailbox
// unavailable, 553 bad address…) or of its content (the answer to DATA:
// 552 too large, 554 rejected). No retry can mend those. A 5xx answer to
// MAIL FROM, to AUTH or when connecting names the sender or the
// configuration, not the message: those, 4xx answers and connection
// errors are retried with backoff, so a misconfigured server fails no
// message before its give-up time.
func permanentRefusal(err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) || se.IsTemp() {
		return false
	}
	switch se.Reason {
	case mail.ErrSMTPRcptTo, mail.ErrSMTPData, mail.ErrSMTPDataClose:
		code := se.ErrorCode()
		return code >= 500 && code < 600
	}
	return false
}

// Close ends the open connection, if any.
func (s *SMTP) Close() error {
	if !s.open {
		return nil
	}
	s.open = false
	return s.client.Close()
}

// Compose builds the MIME message of m: a plain text part always and an
// HTML alternative, the recipient's language in Content-Language, a
// Message-ID derived from m.ID (a message sent twice after a crash carries
// the same one), and List-Unsubscribe with List-Unsubscribe-Post (RFC 8058)
// when m has an unsubscribe URL. Names and the subject lose any control
// character, so no text of a message can add a header; the recipient must
// be one plain address.
func Compose(m *Message, from *netmail.Address, domain string) (*mail.Msg, error) {
	to, err := ParseRecipient(m.To)
	if err != nil {
		return nil, err
	}
	msg := mail.NewMsg()
	msg.SetCharset(mail.CharsetUTF8)
	msg.FromMailAddress(from)
	to.Name = HeaderText(m.ToName)
	msg.ToMailAddress(to)
	msg.Subject(HeaderText(m.Subject))
	msg.SetMessageIDWithValue(m.ID + "@" + domain)
	msg.SetDate()
	msg.SetGenHeader(mail.HeaderContentLang, m.Lang)
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	switch {
	case strings.HasPrefix(m.Unsubscribe, "https://"):
		if err := msg.SetListUnsubscribeOneClick(m.Unsubscribe); err != nil {
			return nil, fmt.Errorf("list-unsubscribe: %w", err)
		}
	case m.Unsubscribe != "":
		// RFC 8058's one-click POST is for https only (a development site).
		if strings.ContainsAny(m.Unsubscribe, "\r\n<>") {
			return nil, fmt.Errorf("list-unsubscribe: bad URL")
		}
		msg.SetListUnsubscribe(m.Unsubscribe)
	}
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// ParseRecipient checks that s is one bare e-mail address, without a name,
// line breaks or a second address, and returns it.
func ParseRecipient(s string) (*netmail.Address, error) {
	if s == "" || strings.ContainsAny(s, "\r\n\t <>,;\"") {
		return nil, fmt.Errorf("bad recipient address %q", s)
	}
	a, err := netmail.ParseAddress(s)
	if err != nil || a.Address != s {
		return nil, fmt.Errorf("bad recipient address %q", s)
	}
	return a, nil
}

// HeaderText returns s fit for a header's free text: on one line, and
// without "=?", which a mail reader would take for the start of an
// encoded word (RFC 2047) and decode into whatever it hides.
func HeaderText(s string) string {
	return strings.ReplaceAll(OneLine(s), "=?", "= ?")
}

// OneLine returns s on one line: control characters (CR, LF, tabs and the
// rest) become spaces and runs of spaces one space, trimmed.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
