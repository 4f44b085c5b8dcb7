// Package content holds Hubdir's domain: hubs, technology needs, companies,
// cooperation agreements, expressions of interest and staff; the validation
// and normalisation of their input; and the Store interface that persists them.
//
// Nothing in this package knows about HTTP or a particular database.
package content

import (
	"errors"
	"fmt"
	"sort"
)

// Code classifies an error so that the HTTP layer can map it to a status and a
// localised message in one place.
type Code string

// Error codes. The HTTP layer maps each to one status code.
const (
	CodeInvalid       Code = "invalid"            // 400: input failed validation
	CodeNotFound      Code = "not_found"          // 404: unknown or not visible
	CodeConflict      Code = "conflict"           // 409: stale version or duplicate
	CodeUnauthorized  Code = "unauthorized"       // 401: no or bad credentials
	CodeForbidden     Code = "forbidden"          // 403: authenticated, not allowed
	CodeUnavailable   Code = "unavailable"        // 503: the store cannot be reached
	CodeNeedNotOpen   Code = "need_not_open"      // 409: interest on a closed/expired/draft need
	CodeBadTransition Code = "invalid_transition" // 409: status change not allowed
	CodeInternal      Code = "internal"           // 500: a bug or an unexpected failure
	CodeInUse         Code = "in_use"             // 409: still referenced (Refs names by what)
)

// Sentinel errors for errors.Is. Any *Error with the same Code matches them.
var (
	ErrInvalid       = &Error{Code: CodeInvalid, Message: "invalid input"}
	ErrNotFound      = &Error{Code: CodeNotFound, Message: "not found"}
	ErrConflict      = &Error{Code: CodeConflict, Message: "version conflict"}
	ErrUnauthorized  = &Error{Code: CodeUnauthorized, Message: "unauthorized"}
	ErrForbidden     = &Error{Code: CodeForbidden, Message: "forbidden"}
	ErrUnavailable   = &Error{Code: CodeUnavailable, Message: "store unavailable"}
	ErrNeedNotOpen   = &Error{Code: CodeNeedNotOpen, Message: "need is not open for interest"}
	ErrBadTransition = &Error{Code: CodeBadTransition, Message: "status change not allowed"}
)

// Error is a domain error: a code for clients, an English message for logs
// and tests, and, for validation errors, the problem with each field.
type Error struct {
	Code    Code
	Message string
	Fields  FieldErrors
	// Refs names the documents an error is about, for the client: the
	// agreements that still name a company (CodeInUse).
	Refs []string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Fields)
}

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, content.ErrNotFound) matches every not-found error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, CodeInternal when err is not an *Error,
// and "" when err is nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Rule names a validation rule a field failed. Each rule has a message in
// every catalog under "field.<rule>".
type Rule string

// Validation rules.
const (
	RuleRequired       Rule = "required"
	RuleTooLong        Rule = "too_long"
	RuleTooShort       Rule = "too_short"
	RuleTooMany        Rule = "too_many"
	RuleTooFew         Rule = "too_few"
	RuleBidiControl    Rule = "bidi_control"
	RuleInvalidUTF8    Rule = "invalid_utf8"
	RuleUnknownLocale  Rule = "unknown_locale"
	RuleUnknownValue   Rule = "unknown_value"
	RuleUnknownCountry Rule = "unknown_country"
	RuleUnknownSector  Rule = "unknown_sector"
	RuleInvalidDate    Rule = "invalid_date"
	RuleDatePast       Rule = "date_past"
	RuleDateOrder      Rule = "date_order"
	RuleInvalidEmail   Rule = "invalid_email"
	RuleInvalidPhone   Rule = "invalid_phone"
	RuleInvalidURL     Rule = "invalid_url"
	RuleInvalidSlug    Rule = "invalid_slug"
	RuleInvalidRef     Rule = "invalid_ref"
	RuleOutOfRange     Rule = "out_of_range"
	RuleConsent        Rule = "consent_required"
	RuleUnknownField   Rule = "unknown_field"
	RuleInvalidType    Rule = "invalid_type"
	RuleInvalidHub     Rule = "invalid_hub"
	RuleNeedsText      Rule = "needs_text"
	RuleUnknownCompany Rule = "unknown_company"
)

// FieldError is the problem with one field: the rule it broke and the
// rule's bounds, for the localised message.
type FieldError struct {
	Rule Rule
	Min  int
	Max  int
}

// FieldErrors maps a field path ("title.fa", "sectors", "company.name") to
// its problem.
type FieldErrors map[string]FieldError

// String lists the fields and rules in a stable order.
func (f FieldErrors) String() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += k + ": " + string(f[k].Rule)
	}
	return s
}

// add records the first problem found for a field.
func (f FieldErrors) add(field string, rule Rule) {
	f.addBounds(field, rule, 0, 0)
}

func (f FieldErrors) addBounds(field string, rule Rule, min, max int) {
	if _, ok := f[field]; !ok {
		f[field] = FieldError{Rule: rule, Min: min, Max: max}
	}
}

// Err returns an invalid-input *Error when there are problems, nil otherwise.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "invalid input", Fields: f}
}

// InvalidField returns an invalid-input error for a single field.
func InvalidField(field string, rule Rule) error {
	f := FieldErrors{}
	f.add(field, rule)
	return f.Err()
}
