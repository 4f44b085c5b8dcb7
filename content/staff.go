package content

import (
	"slices"
	"strings"
	"time"
)

// Staff roles: admins manage every hub and the staff; editors their hubs.
const (
	RoleAdmin  = "admin"
	RoleEditor = "editor"
)

// Staff is a member of the park's staff. Email (lower case) identifies them.
type Staff struct {
	Email        string    `bson:"_id" json:"email"`
	Name         string    `bson:"name" json:"name"`
	Role         string    `bson:"role" json:"role"`
	Hubs         []string  `bson:"hubs" json:"hubs"`
	PasswordHash string    `bson:"password_hash" json:"-"`
	Disabled     bool      `bson:"disabled" json:"disabled"`
	CreatedAt    time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt    time.Time `bson:"updated_at" json:"updated_at"`
}

// CanManage reports whether the staff member may see and change the
// listings and interests of hub.
func (s *Staff) CanManage(hub string) bool {
	if s == nil || s.Disabled {
		return false
	}
	return s.Role == RoleAdmin || slices.Contains(s.Hubs, hub)
}

// CanManageAny reports whether the staff member may manage at least one of
// hubs.
func (s *Staff) CanManageAny(hubs []string) bool {
	for _, h := range hubs {
		if s.CanManage(h) {
			return true
		}
	}
	return false
}

// StaffInput describes a staff member to add.
type StaffInput struct {
	Email string
	Name  string
	Role  string
	Hubs  []string
}

// Validate normalises and checks the input; the email is lower-cased.
func (in *StaffInput) Validate() error {
	f := FieldErrors{}
	in.Email = strings.ToLower(in.Email)
	f.checkEmail("email", &in.Email, true)
	f.checkString("name", &in.Name, singleLine, true, MaxContact)
	f.checkCode("role", in.Role, Roles(), true)
	if in.Role == RoleEditor || len(in.Hubs) > 0 {
		f.checkHubs("hubs", &in.Hubs)
	}
	return f.Err()
}

// Token is an API token of a staff member. Only its SHA-256 hash is stored;
// the token itself is shown once, when created.
type Token struct {
	Hash      string    `bson:"_id" json:"-"`
	Email     string    `bson:"email" json:"email"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
}
