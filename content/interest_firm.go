package content

import (
	"slices"
	"strings"
	"time"
)

// InterestWithdrawn is the status of an interest its firm withdrew from
// its own page. Staff cannot move it on; it is not one of the statuses
// staff choose (InterestStatuses).
const InterestWithdrawn = "withdrawn"

// Firm changes to an interest, made from the firm's own page.
const (
	FirmWithdraw = "withdraw"
	FirmContact  = "contact"
)

// FirmByline is the "by" of a change the firm made itself.
const FirmByline = "firm"

// FirmActor is the actor of the audit entry of a change a firm made to
// its interest ref from its own page: "firm:" and the interest's
// reference (never the address, which is personal data).
func FirmActor(ref string) string { return FirmByline + ":" + ref }

// InterestFirmInput is a change a firm makes to its own interest: withdraw
// it, or correct its contact's name and phone (the e-mail address, which
// identifies the firm's page, stays).
type InterestFirmInput struct {
	Version     int64
	Action      string
	ContactName string
	Phone       string
}

// ApplyFirm returns a copy of i changed by its firm, which proved it owns
// email; ErrNotFound when the interest is not that address's (or erased),
// ErrInvalid, or ErrBadTransition when it is withdrawn already.
func (in *InterestFirmInput) ApplyFirm(i *Interest, email string, now time.Time) (*Interest, error) {
	if i.IsErased() || !strings.EqualFold(i.Email, email) {
		return nil, Errorf(CodeNotFound, "interest %q not found", i.Ref)
	}
	out := *i
	switch in.Action {
	case FirmWithdraw:
		if i.Status == InterestWithdrawn {
			return nil, Errorf(CodeBadTransition, "interest %s is withdrawn already", i.Ref)
		}
		out.History = append(slices.Clone(i.History), StatusChange{At: now, By: FirmByline, From: i.Status, To: InterestWithdrawn})
		out.Status = InterestWithdrawn
	case FirmContact:
		f := FieldErrors{}
		f.checkString("contact_name", &in.ContactName, singleLine, true, MaxContact)
		f.checkPhone("phone", &in.Phone, false)
		if err := f.Err(); err != nil {
			return nil, err
		}
		out.ContactName, out.Phone = in.ContactName, in.Phone
	default:
		return nil, InvalidField("action", RuleUnknownValue)
	}
	out.UpdatedAt = now
	return &out, nil
}
