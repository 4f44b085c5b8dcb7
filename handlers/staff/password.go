package staff

import (
	"errors"

	"hubdir/content"
)

// passwordMessage returns the localized message of a password that breaks
// the policy (content.CheckPassword), "" for any other error.
func passwordMessage(v *view, err error) string {
	var cerr *content.Error
	if !errors.As(err, &cerr) {
		return ""
	}
	fe, ok := cerr.Fields["password"]
	if !ok {
		return ""
	}
	switch fe.Rule {
	case content.RuleTooShort:
		return v.T("staff.admin.password_short")
	case content.RuleTooLong:
		return v.T("workspace.password.too_long")
	}
	return v.T("workspace.password.invalid")
}
