package workspace

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hubdir/content"
)

// Accounts are the staff, session, token and sign-in writes and reads.
type Accounts interface {
	Staff(ctx context.Context, email string) (*content.Staff, error)
	AddStaff(ctx context.Context, in *content.StaffInput, passwordHash string) (*content.Staff, error)
	SetStaffRole(ctx context.Context, email string, in *content.StaffRoleInput) (*content.Staff, error)
	SetStaffDisabled(ctx context.Context, email string, disabled bool) (*content.Staff, error)
	SetStaffPassword(ctx context.Context, email, passwordHash string) (*content.Staff, error)
	CreateToken(ctx context.Context, email string) (string, error)
	RevokeToken(ctx context.Context, hash string) (*content.Token, error)

	CreateSession(ctx context.Context, s *content.Session) error
	Session(ctx context.Context, id string) (*content.Session, error)
	TouchSession(ctx context.Context, id string, at time.Time) error
	DeleteSession(ctx context.Context, id string) error
	DeleteSessionsExcept(ctx context.Context, email, keep string) error

	LoginState(ctx context.Context, key string) (*content.LoginState, error)
	LoginReserve(ctx context.Context, key string, now time.Time, p content.LoginPolicy) (*content.LoginState, bool, error)
	LoginSucceeded(ctx context.Context, key string) error
}

// Sign-in throttling: accountPolicy locks an account, addressPolicy a
// client address; after SlowAfter failures in a row of an account, each
// further attempt waits (SignIn's delay).
var (
	accountPolicy = content.LoginPolicy{Limit: 10, Window: time.Hour, LockFor: 15 * time.Minute}
	addressPolicy = content.LoginPolicy{Limit: 50, Window: 15 * time.Minute, LockFor: 15 * time.Minute}
)

// SlowAfter is how many failures in a row of an account make further
// attempts wait.
const SlowAfter = 3

// AccountLimit is how many passwords of one account are checked within
// an hour before it locks.
func AccountLimit() int { return accountPolicy.Limit }

// ErrLocked is SignIn's answer when the account or the address is locked.
var ErrLocked = content.Errorf(content.CodeUnauthorized, "sign-in locked")

// ErrBadLogin is SignIn's answer to a wrong email or password.
var ErrBadLogin = content.Errorf(content.CodeUnauthorized, "wrong email or password")

// dummyHash is compared against when the account does not exist, so that
// an unknown email costs as much time as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("hubdir-no-such-account"), bcrypt.DefaultCost)

// SignIn checks a staff member's email and password from the client
// address addr. Each attempt first reserves a try of the account and of
// the address (counted as a failure at once), then checks the password:
// concurrent attempts can never check more passwords than the policy
// allows. delay is waited before the check once the account has
// SlowAfter failures in a row. It returns the member, ErrLocked or
// ErrBadLogin.
func (w *Service) SignIn(ctx context.Context, channel, emailAddr, password, addr string, delay time.Duration) (*content.Staff, error) {
	emailAddr = strings.ToLower(strings.TrimSpace(emailAddr))
	if emailAddr == "" || password == "" || len(emailAddr) > 254 || len(password) > 4*content.MaxPassword {
		return nil, ErrBadLogin
	}
	now := w.cfg.Now()
	acctKey, addrKey := "acct:"+emailAddr, "addr:"+addr
	acct, ok, err := w.cfg.Store.LoginReserve(ctx, acctKey, now, accountPolicy)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrLocked
	}
	if _, ok, err := w.cfg.Store.LoginReserve(ctx, addrKey, now, addressPolicy); err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return nil, ErrLocked
	}
	if acct.Failures > SlowAfter && delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	st, err := w.cfg.Store.Staff(ctx, emailAddr)
	if err != nil && content.ErrorCode(err) != content.CodeNotFound {
		return nil, err
	}
	hash := string(dummyHash)
	if st != nil && st.PasswordHash != "" {
		hash = st.PasswordHash
	}
	if !content.PasswordMatches(hash, password) || st == nil || st.Disabled {
		if acct.Locked(now) && st != nil {
			w.Audit(ctx, st, channel, content.AuditEntry{Action: content.AuditLocked, Kind: content.KindStaff, ID: st.Email})
		}
		return nil, ErrBadLogin
	}
	if err := w.cfg.Store.LoginSucceeded(ctx, acctKey); err != nil {
		return nil, err
	}
	return st, nil
}

// SessionID returns the store ID of a session secret: its hex SHA-256.
func SessionID(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// StartSession starts a new session of st (after SignIn) and returns its
// secret, for the browser's cookie; the session whose secret replaces
// names (the browser's previous one, "" for none) ends. userAgent is
// stored hashed.
func (w *Service) StartSession(ctx context.Context, st *content.Staff, channel, replaces, userAgent string) (string, error) {
	if replaces != "" {
		_ = w.cfg.Store.DeleteSession(ctx, SessionID(replaces))
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	secret := base64.RawURLEncoding.EncodeToString(b)
	now := w.cfg.Now()
	ua := sha256.Sum256([]byte(userAgent))
	s := &content.Session{ID: SessionID(secret), Email: st.Email, CreatedAt: now, LastSeen: now, UserAgent: hex.EncodeToString(ua[:])}
	if err := w.cfg.Store.CreateSession(ctx, s); err != nil {
		return "", err
	}
	w.Audit(ctx, st, channel, content.AuditEntry{Action: content.AuditSignIn, Kind: content.KindStaff, ID: st.Email})
	return secret, nil
}

// touchEvery is how stale a session's last-seen time may get before a
// request writes it again.
const touchEvery = time.Minute

// Session returns the live session of secret and its enabled member, or
// nil, nil when there is none (unknown, expired — then deleted — or of a
// disabled member).
func (w *Service) Session(ctx context.Context, secret string) (*content.Session, *content.Staff, error) {
	id := SessionID(secret)
	s, err := w.cfg.Store.Session(ctx, id)
	switch {
	case content.ErrorCode(err) == content.CodeNotFound:
		return nil, nil, nil
	case err != nil:
		return nil, nil, err
	}
	now := w.cfg.Now()
	if s.Expired(now) {
		_ = w.cfg.Store.DeleteSession(ctx, id)
		return nil, nil, nil
	}
	st, err := w.cfg.Store.Staff(ctx, s.Email)
	switch {
	case content.ErrorCode(err) == content.CodeNotFound:
		return nil, nil, nil
	case err != nil:
		return nil, nil, err
	}
	if st.Disabled {
		return nil, nil, nil
	}
	if now.Sub(s.LastSeen) > touchEvery {
		if err := w.cfg.Store.TouchSession(ctx, id, now); err != nil {
			w.cfg.Logger.WarnContext(ctx, "touch session", "err", err)
		}
	}
	return s, st, nil
}

// EndSession ends the session of secret (signing out), by st (nil when
// the session was not live).
func (w *Service) EndSession(ctx context.Context, st *content.Staff, channel, secret string) error {
	if err := w.cfg.Store.DeleteSession(ctx, SessionID(secret)); err != nil {
		return err
	}
	if st != nil {
		w.Audit(ctx, st, channel, content.AuditEntry{Action: content.AuditSignOut, Kind: content.KindStaff, ID: st.Email})
	}
	return nil
}

// canAdminister reports whether by may manage staff accounts through
// channel: an admin, or the command line (run by whoever runs the
// server).
func canAdminister(by *content.Staff, channel string) bool {
	return channel == content.ChannelCLI || by != nil && !by.Disabled && by.Role == content.RoleAdmin
}

// AddStaff adds a staff member with an initial password (the one policy:
// content.CheckPassword).
func (w *Service) AddStaff(ctx context.Context, by *content.Staff, channel string, in *content.StaffInput, password string) (*content.Staff, error) {
	if !canAdminister(by, channel) {
		return nil, content.ErrForbidden
	}
	hash, err := content.HashPassword(password)
	if err != nil {
		return nil, err
	}
	st, err := w.cfg.Store.AddStaff(ctx, in, hash)
	if err != nil {
		return nil, err
	}
	w.Audit(ctx, by, channel, content.AuditEntry{Action: content.AuditStaffAdd, Kind: content.KindStaff, ID: st.Email,
		Fields: []string{"email", "name", "role", "hubs", "password"}})
	return st, nil
}

// IsSelf reports whether err is ErrSelf.
func IsSelf(err error) bool {
	var e *content.Error
	return errors.As(err, &e) && e == ErrSelf
}

// ErrSelf refuses an admin's change that would take away their own
// admin rights (a role change or disabling themselves).
var ErrSelf = content.Errorf(content.CodeInvalid, "admins cannot take their own admin rights away")

// SetStaffRole changes a member's role and hubs.
func (w *Service) SetStaffRole(ctx context.Context, by *content.Staff, channel, emailAddr string, in *content.StaffRoleInput) (*content.Staff, error) {
	if !canAdminister(by, channel) {
		return nil, content.ErrForbidden
	}
	if by != nil && by.Email == emailAddr && in.Role != content.RoleAdmin {
		return nil, ErrSelf
	}
	before, err := w.cfg.Store.Staff(ctx, emailAddr)
	if err != nil {
		return nil, err
	}
	m, err := w.cfg.Store.SetStaffRole(ctx, emailAddr, in)
	if err != nil {
		return nil, err
	}
	var fields []string
	if before.Role != m.Role {
		fields = append(fields, "role")
	}
	if !slices.Equal(before.Hubs, m.Hubs) {
		fields = append(fields, "hubs")
	}
	w.Audit(ctx, by, channel, content.AuditEntry{Action: content.AuditRole, Kind: content.KindStaff, ID: m.Email, Fields: fields})
	return m, nil
}

// SetStaffDisabled disables (ending all their sessions) or enables a
// member.
func (w *Service) SetStaffDisabled(ctx context.Context, by *content.Staff, channel, emailAddr string, disabled bool) (*content.Staff, error) {
	if !canAdminister(by, channel) {
		return nil, content.ErrForbidden
	}
	if disabled && by != nil && by.Email == emailAddr {
		return nil, ErrSelf
	}
	m, err := w.cfg.Store.SetStaffDisabled(ctx, emailAddr, disabled)
	if err != nil {
		return nil, err
	}
	action := content.AuditEnable
	if disabled {
		action = content.AuditDisable
		if err := w.cfg.Store.DeleteSessionsExcept(ctx, emailAddr, ""); err != nil {
			return nil, err
		}
	}
	w.Audit(ctx, by, channel, content.AuditEntry{Action: action, Kind: content.KindStaff, ID: m.Email, Fields: []string{"disabled"}})
	return m, nil
}

// SetPassword gives the member emailAddr a new password (the one policy)
// and ends every session of theirs but keepSecret's (the session the
// change was made from, when the members changes their own password; ""
// ends them all).
func (w *Service) SetPassword(ctx context.Context, by *content.Staff, channel, emailAddr, password, keepSecret string) error {
	if !canAdminister(by, channel) && (by == nil || by.Email != emailAddr) {
		return content.ErrForbidden
	}
	hash, err := content.HashPassword(password)
	if err != nil {
		return err
	}
	if _, err := w.cfg.Store.SetStaffPassword(ctx, emailAddr, hash); err != nil {
		return err
	}
	keep := ""
	if keepSecret != "" && by != nil && by.Email == emailAddr {
		keep = SessionID(keepSecret)
	}
	if err := w.cfg.Store.DeleteSessionsExcept(ctx, emailAddr, keep); err != nil {
		return err
	}
	w.Audit(ctx, by, channel, content.AuditEntry{Action: content.AuditPassword, Kind: content.KindStaff, ID: emailAddr, Fields: []string{"password"}})
	return nil
}

// CreateToken creates an API token of the member emailAddr and returns
// it (it is stored only as a hash).
func (w *Service) CreateToken(ctx context.Context, by *content.Staff, channel, emailAddr string) (string, error) {
	if !canAdminister(by, channel) {
		return "", content.ErrForbidden
	}
	tok, err := w.cfg.Store.CreateToken(ctx, emailAddr)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(tok))
	w.Audit(ctx, by, channel, content.AuditEntry{Action: content.AuditTokenNew, Kind: content.KindToken,
		ID: hex.EncodeToString(sum[:])[:tokenPrefixLen], Fields: []string{emailAddr}})
	return tok, nil
}

// RevokeToken deletes the token with the given hash.
func (w *Service) RevokeToken(ctx context.Context, by *content.Staff, channel, hash string) (*content.Token, error) {
	if !canAdminister(by, channel) {
		return nil, content.ErrForbidden
	}
	t, err := w.cfg.Store.RevokeToken(ctx, hash)
	if err != nil {
		return nil, err
	}
	w.Audit(ctx, by, channel, content.AuditEntry{Action: content.AuditTokenDel, Kind: content.KindToken,
		ID: hash[:min(len(hash), tokenPrefixLen)], Fields: []string{t.Email}})
	return t, nil
}

// tokenPrefixLen is how much of a token's hash the audit log shows.
const tokenPrefixLen = 12

// IsLocked reports whether err is SignIn's lock refusal.
func IsLocked(err error) bool {
	var e *content.Error
	return errors.As(err, &e) && e == ErrLocked
}
