package content

import "time"

// Staff session timeouts: a session ends after SessionIdle without a
// request, and SessionMax after sign-in whatever happens.
const (
	SessionIdle = 2 * time.Hour
	SessionMax  = 12 * time.Hour
)

// Session is a signed-in staff member's session. The browser holds a
// random 32-byte secret; the store keeps only its SHA-256 (hex) as ID, so
// a copy of the database signs nobody in.
type Session struct {
	ID        string    `bson:"_id"`
	Email     string    `bson:"email"`
	CreatedAt time.Time `bson:"created_at"`
	LastSeen  time.Time `bson:"last_seen"`
	// UserAgent is the hex SHA-256 of the browser's User-Agent at sign-in.
	UserAgent string `bson:"ua"`
}

// Expired reports whether the session has ended at now: idle for longer
// than SessionIdle or older than SessionMax.
func (s *Session) Expired(now time.Time) bool {
	return now.Sub(s.LastSeen) > SessionIdle || now.Sub(s.CreatedAt) > SessionMax
}

// LoginState counts the failed sign-ins of one key ("acct:<email>",
// "addr:<ip>"): Failures since the counting began at Since (reset by a
// success or when Window has passed), and the lock, if any.
type LoginState struct {
	Key         string    `bson:"_id"`
	Failures    int       `bson:"failures"`
	Since       time.Time `bson:"since"`
	LockedUntil time.Time `bson:"locked_until"`
	// V is the state's version: a reservation writes only the version it
	// read (LoginReserve), so that two concurrent attempts never share a
	// count.
	V int64 `bson:"v"`
}

// Locked reports whether the key is locked at now.
func (l *LoginState) Locked(now time.Time) bool {
	return l != nil && now.Before(l.LockedUntil)
}

// LoginPolicy says when failures lock a key: Limit failures within
// Window lock it for LockFor.
type LoginPolicy struct {
	Limit   int
	Window  time.Duration
	LockFor time.Duration
}

// StaffRoleInput changes a staff member's role and hubs.
type StaffRoleInput struct {
	Role string
	Hubs []string
}

// Validate checks the input; an editor needs at least one hub.
func (in *StaffRoleInput) Validate() error {
	f := FieldErrors{}
	f.checkCode("role", in.Role, Roles(), true)
	if in.Role == RoleEditor || len(in.Hubs) > 0 {
		f.checkHubs("hubs", &in.Hubs)
	}
	return f.Err()
}
