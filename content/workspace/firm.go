package workspace

import (
	"context"
	"strings"

	"hubdir/content"
)

// FirmInterests is the write a firm makes to its own interest from its
// page (/{lang}/my); content/mongo's Store has it.
type FirmInterests interface {
	// FirmUpdateInterest withdraws the interest ref of email or corrects
	// its contact details, from in.Version, in one conditional write that
	// records content.EventInterestChanged.
	FirmUpdateInterest(ctx context.Context, ref, email string, in *content.InterestFirmInput) (*content.Interest, error)
}

// FirmChangeInterest applies a change that the firm which proved it owns
// the address email (its page session) makes to its interest ref:
// withdraw it, or correct its contact's name and phone. It follows the one
// write flow: the scope first (an interest of another address, an erased
// one, a malformed or unknown reference: content.ErrNotFound, before the
// input is looked at), the store write with its event, one audit entry
// whose actor is the firm (content.FirmActor: the interest's reference,
// not the address, so that the audit log keeps no personal data that an
// erasure would have to reach), and the relay of the event. It returns
// ErrNotFound, ErrConflict (a stale version), ErrBadTransition (withdrawn
// already) or ErrInvalid.
func (w *Service) FirmChangeInterest(ctx context.Context, channel, email, ref string, in *content.InterestFirmInput) (*content.Interest, error) {
	if email == "" || !content.ValidInterestRef(ref) {
		return nil, content.ErrNotFound
	}
	cur, err := w.cfg.Store.Interest(ctx, ref)
	if err != nil {
		return nil, err
	}
	if cur.IsErased() || !strings.EqualFold(cur.Email, email) {
		return nil, content.Errorf(content.CodeNotFound, "interest %q not found", ref)
	}
	i, err := w.cfg.Store.FirmUpdateInterest(content.WithChannel(ctx, channel), cur.Ref, email, in)
	if err != nil {
		return nil, err
	}
	events := i.Pending
	i.Pending = nil
	e := content.LastEvent(events)
	if e == nil {
		return i, nil
	}
	action := content.AuditUpdate
	if e.Status != "" {
		action = content.AuditStatus
	}
	w.audit(ctx, content.AuditEntry{
		By: content.FirmActor(i.Ref), Action: action, Kind: content.KindInterest, ID: i.Ref, Hub: i.Hub, Fields: e.Fields, Via: channel,
	})
	w.relay(ctx, e.DocKind, e.Ref)
	return i, nil
}
