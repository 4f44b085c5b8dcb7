package content

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// The one password policy of staff accounts, for the web pages and the
// command line: at least MinPassword characters (not bytes: a Persian
// passphrase counts its letters) and at most MaxPassword, valid UTF-8.
const (
	MinPassword = 12
	MaxPassword = 256
)

// CheckPassword returns ErrInvalid with the field "password" and the rule
// it breaks (RuleTooShort, RuleTooLong, RuleInvalidUTF8), or nil.
func CheckPassword(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case !utf8.ValidString(pw):
		return InvalidField("password", RuleInvalidUTF8)
	case n < MinPassword:
		return InvalidField("password", RuleTooShort)
	case n > MaxPassword:
		return InvalidField("password", RuleTooLong)
	}
	return nil
}

// prehashPrefix marks a hash of a pre-hashed password: bcrypt reads at
// most 72 bytes (a 40-letter Persian passphrase is 80), so the password
// is first reduced to the base64 of its HMAC-SHA-256 (44 bytes). Hashes
// without the prefix (made before) are verified as plain bcrypt.
const prehashPrefix = "hd1$"

// passwordKey is the HMAC key of the pre-hash. It is no secret: it only
// separates this use of SHA-256 from others.
var passwordKey = []byte("hubdir staff password v1")

// prehash returns the bcrypt input for a password.
func prehash(pw string) []byte {
	m := hmac.New(sha256.New, passwordKey)
	m.Write([]byte(pw))
	return []byte(base64.StdEncoding.EncodeToString(m.Sum(nil)))
}

// HashPassword checks pw against the policy and returns its stored hash.
func HashPassword(pw string) (string, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword(prehash(pw), bcrypt.DefaultCost)
	if err != nil {
		return "", err
	}
	return prehashPrefix + string(h), nil
}

// PasswordMatches reports whether pw is the password of hash, a hash made
// by HashPassword or a plain bcrypt hash made before it.
func PasswordMatches(hash, pw string) bool {
	if h, ok := strings.CutPrefix(hash, prehashPrefix); ok {
		return bcrypt.CompareHashAndPassword([]byte(h), prehash(pw)) == nil
	}
	if len(pw) > 72 {
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}
