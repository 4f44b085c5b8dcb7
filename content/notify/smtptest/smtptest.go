// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp)
// in the test process, on a loopback port, and keeps what it receives,
// parsed, for tests to inspect. It can be stopped and started again on the
// same port, to play an outage.
package smtptest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is one message the server accepted.
type Mail struct {
	From   string
	To     []string
	Raw    []byte
	Header mail.Header
	// Subject is the decoded subject.
	Subject string
	// Parts maps a part's media type ("text/plain", "text/html") to its
	// decoded body.
	Parts map[string]string
}

// Server is an SMTP server on 127.0.0.1.
type Server struct {
	// User and Pass, when set, are the only credentials AUTH PLAIN accepts,
	// and mail is refused without them.
	User, Pass string

	mu    sync.Mutex
	addr  string
	raw   net.Listener
	cur   *handoff
	srv   *smtp.Server
	mails []*Mail
	// failRcpt makes RCPT fail for the addresses in it, with the answer
	// given (RejectRecipient, RejectRecipientWith).
	failRcpt map[string]*smtp.SMTPError
	// delay slows every DATA (SlowDown).
	delay time.Duration
}

// Start starts a server on a free loopback port; it is closed when the
// test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{failRcpt: map[string]*smtp.SMTPError{}}
	if err := s.listen("127.0.0.1:0"); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.close)
	return s
}

// StartAuth is Start with credentials required.
func StartAuth(tb testing.TB, user, pass string) *Server {
	s := Start(tb)
	s.mu.Lock()
	s.User, s.Pass = user, pass
	s.mu.Unlock()
	return s
}

// listen opens the loopback port once; serve puts an SMTP server on it.
func (s *Server) listen(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("smtptest: %w", err)
	}
	s.mu.Lock()
	s.raw, s.addr = l, l.Addr().String()
	s.mu.Unlock()
	go s.pump()
	return s.serve()
}

// pump hands each connection to the current server, or closes it at once
// while the server is down: the port stays taken during an outage, so no
// other process can take it.
func (s *Server) pump() {
	for {
		c, err := s.raw.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		w := s.cur
		s.mu.Unlock()
		if w == nil || !w.give(c) {
			c.Close()
		}
	}
}

// serve starts an SMTP server on the port.
func (s *Server) serve() error {
	srv := smtp.NewServer(&backend{s: s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 4 << 20
	srv.ErrorLog = discard{}
	w := &handoff{ch: make(chan net.Conn), done: make(chan struct{}), addr: s.raw.Addr()}
	s.mu.Lock()
	s.srv, s.cur = srv, w
	s.mu.Unlock()
	go srv.Serve(w)
	return nil
}

// handoff is the listener one SMTP server serves: connections come from
// pump; closing it leaves the port open.
type handoff struct {
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
	addr net.Addr
}

func (h *handoff) give(c net.Conn) bool {
	select {
	case h.ch <- c:
		return true
	case <-h.done:
		return false
	}
}

func (h *handoff) Accept() (net.Conn, error) {
	select {
	case c := <-h.ch:
		return c, nil
	case <-h.done:
		return nil, net.ErrClosed
	}
}

func (h *handoff) Close() error   { h.once.Do(func() { close(h.done) }); return nil }
func (h *handoff) Addr() net.Addr { return h.addr }

// Addr returns the server's host:port.
func (s *Server) Addr() string { s.mu.Lock(); defer s.mu.Unlock(); return s.addr }

// URL returns the HUBDIR_SMTP_URL of the server.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.User != "" {
		return "smtp://" + s.User + ":" + s.Pass + "@" + s.addr
	}
	return "smtp://" + s.addr
}

// Stop closes the server and its connections; until Restart, the port
// accepts connections and closes them at once.
func (s *Server) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv, s.cur = nil, nil
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Restart starts the server again on the same port.
func (s *Server) Restart() error { return s.serve() }

// close stops the server and frees the port.
func (s *Server) close() {
	s.Stop()
	s.raw.Close()
}

// RejectRecipient makes the server refuse mail to addr (550 5.1.1 no
// such user).
func (s *Server) RejectRecipient(addr string) {
	s.RejectRecipientWith(addr, 550, "no such user")
}

// RejectRecipientWith makes the server answer RCPT TO addr with code and
// text (a 4xx is a temporary refusal, a 5xx a permanent one); code 0
// accepts the address again.
func (s *Server) RejectRecipientWith(addr string, code int, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		delete(s.failRcpt, addr)
		return
	}
	s.failRcpt[addr] = &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 1, 1}, Message: text}
}

// SlowDown makes the server wait d before accepting each message.
func (s *Server) SlowDown(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Mails returns what the server received so far.
func (s *Server) Mails() []*Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Mail(nil), s.mails...)
}

// WaitFor waits until the server received at least n mails or d passed,
// and returns what it received.
func (s *Server) WaitFor(n int, d time.Duration) []*Mail {
	deadline := time.Now().Add(d)
	for {
		m := s.Mails()
		if len(m) >= n || time.Now().After(deadline) {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type backend struct{ s *Server }

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

func (x *session) AuthMechanisms() []string {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (x *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		x.s.mu.Lock()
		ok := user == x.s.User && pass == x.s.Pass
		x.s.mu.Unlock()
		if !ok {
			return errors.New("invalid credentials")
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	need := x.s.User != ""
	x.s.mu.Unlock()
	if need && !x.authed {
		return smtp.ErrAuthRequired
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	bad := x.s.failRcpt[to]
	x.s.mu.Unlock()
	if bad != nil {
		return bad
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := Parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unparseable message: " + err.Error()}
	}
	m.From, m.To = x.from, x.to
	x.s.mu.Lock()
	d := x.s.delay
	x.s.mu.Unlock()
	time.Sleep(d)
	x.s.mu.Lock()
	x.s.mails = append(x.s.mails, m)
	x.s.mu.Unlock()
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

// Parse parses a raw message: headers, decoded subject and the decoded
// text parts of a (possibly multipart) body.
func Parse(raw []byte) (*Mail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	m := &Mail{Raw: raw, Header: msg.Header, Parts: map[string]string{}}
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, err
	}
	if err := readPart(m, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body); err != nil {
		return nil, err
	}
	return m, nil
}

func readPart(m *Mail, ctype, cte string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart() // decodes quoted-printable itself
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := readPart(m, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	b, err := decode(cte, body)
	if err != nil {
		return err
	}
	m.Parts[mt] = string(b)
	return nil
}

type discard struct{}

func (discard) Printf(string, ...any) {}
func (discard) Println(...any)        {}
