package notify

import (
	"context"
	"errors"
	"strings"

	"hubdir/content"
)

// SupplySource is what the notifier reads of the supply side to tell a
// submitter the outcome of the review of its proposal: the offer or the
// laboratory (a company) an event names, also when it was deleted
// (content/mongo's Store).
type SupplySource interface {
	OfferAny(ctx context.Context, ref string) (*content.Offer, error)
	CompanyAny(ctx context.Context, slug string) (*content.Company, error)
}

// Outcomes of the review of a proposal.
const (
	outcomePublished = "published"
	outcomeDeclined  = "declined"
)

// submissionOutcome tells whoever proposed the offer or laboratory of ev
// through the public form what the staff decided, in the language they
// used: published (a staff member published it: with a link to it) or
// declined (an offer archived or deleted, a laboratory deleted, before it
// was ever published). Each outcome is told once per proposal: the
// message's id derives from the proposal and the outcome, not the event,
// so that publishing again after an unpublish sends nothing, and a
// decline after a publication is never told. An erasure of the
// submitter's data (listing.updated with the submission erased) erases
// the messages about it.
func (n *Notifier) submissionOutcome(ctx context.Context, ev *content.Event) error {
	if n.Supply == nil {
		return nil
	}
	var (
		sub         *content.Submission
		title       content.Text
		hubs        []string
		section     string
		everPublic  bool
		outcome     string
		isLab       bool
		notFoundErr error
	)
	switch ev.DocKind {
	case content.KindOffer:
		o, err := n.Supply.OfferAny(ctx, ev.Ref)
		if err != nil {
			notFoundErr = err
			break
		}
		sub, title, hubs, section, everPublic = o.Submission, o.Title, o.Hubs, "offers", o.PublishedAt != nil
		switch {
		case ev.Kind == content.EventListingShown:
			outcome = outcomePublished
		case ev.Kind == content.EventListingDeleted, ev.Kind == content.EventListingHidden && ev.Status == content.NeedArchived:
			outcome = outcomeDeclined
		}
	case content.KindCompany:
		c, err := n.Supply.CompanyAny(ctx, ev.Ref)
		if err != nil {
			notFoundErr = err
			break
		}
		sub, title, hubs, section, everPublic, isLab = c.Submission, c.Name, c.Hubs, "labs", c.Published && c.DeletedAt == nil, true
		switch ev.Kind {
		case content.EventListingShown:
			outcome = outcomePublished
		case content.EventListingDeleted:
			outcome = outcomeDeclined
		}
	default:
		return nil
	}
	if notFoundErr != nil {
		if errors.Is(notFoundErr, content.ErrNotFound) {
			return nil
		}
		return notFoundErr
	}
	if sub == nil {
		return nil
	}
	if sub.Erased != nil {
		if ev.Kind == content.EventListingUpdated {
			_, err := n.Outbox.EraseMessages(ctx, submissionRef(ev.DocKind, ev.Ref), "")
			return err
		}
		return nil
	}
	if outcome == "" {
		return nil
	}
	published := MessageID(submissionCause(ev.DocKind, ev.Ref, outcomePublished), KindSubmissionPublished, strings.ToLower(sub.Email))
	if outcome == outcomeDeclined {
		if everPublic {
			return nil
		}
		// Published once and then taken down: no "declined" afterwards.
		if _, err := n.Outbox.Message(ctx, published); err == nil {
			return nil
		} else if !errors.Is(err, content.ErrNotFound) {
			return err
		}
	}
	return n.put(ctx)(n.Compose.SubmissionOutcome(SubmissionNote{
		DocKind: ev.DocKind, Ref: ev.Ref, Section: section, Lab: isLab, Title: title, Hubs: hubs,
		Submission: sub, Published: outcome == outcomePublished,
	}))
}

// submissionCause is the cause of the message telling a proposal's
// outcome: one message per proposal and outcome.
func submissionCause(docKind, ref, outcome string) string {
	return "submission/" + docKind + "/" + ref + "/" + outcome
}

// submissionRef is the Ref of the messages about a proposal (erased with
// the submitter's data): the offer's reference, "lab:" and a laboratory's
// slug.
func submissionRef(docKind, ref string) string {
	if docKind == content.KindCompany {
		return "lab:" + ref
	}
	return ref
}

// SubmissionNote is what the message about a proposal's outcome says.
type SubmissionNote struct {
	DocKind, Ref string
	// Section is the public path of the listing's kind: "offers", "labs".
	Section    string
	Lab        bool
	Title      content.Text
	Hubs       []string
	Submission *content.Submission
	Published  bool
}

// SubmissionOutcome is the message to whoever proposed an offer or a
// laboratory profile, in the language they used, telling them that staff
// published it (with a link to the published listing) or decided not to
// publish it (with a link to propose another).
func (c *Composer) SubmissionOutcome(s SubmissionNote) (*Message, error) {
	sub := s.Submission
	lang := sub.Lang
	t := c.texts(lang)
	title, _ := s.Title.Pick(lang, "en")
	if title == "" {
		title = s.Ref
	}
	kind, outcome, what := KindSubmissionDeclined, outcomeDeclined, "offer"
	if s.Published {
		kind, outcome = KindSubmissionPublished, outcomePublished
	}
	if s.Lab {
		what = "lab"
	}
	b := t.body()
	b.Subject = t.T("mail2.submission."+outcome+".subject", "Title", title)
	b.Greeting = t.T("notify.greeting", "Name", sub.ContactName)
	b.Paras = []string{t.T("mail2.submission."+outcome+".intro."+what, "Title", title, "Date", t.Date(sub.At), "Org", sub.Org)}
	if s.Published {
		b.LinkText = t.T("mail2.submission.published.link." + what)
		b.LinkURL = c.url(lang, s.Section, s.Ref)
	} else {
		b.Paras = append(b.Paras, t.T("mail2.submission.declined.next"))
		b.LinkText = t.T("mail2.submission.declined.link." + what)
		b.LinkURL = c.url(lang, s.Section, "propose")
	}
	b.After = []string{t.T("mail2.submission.why")}
	m, err := c.message(submissionCause(s.DocKind, s.Ref, outcome), kind, sub.Email, sub.ContactName, b)
	if err != nil {
		return nil, err
	}
	m.Ref = submissionRef(s.DocKind, s.Ref)
	if len(s.Hubs) > 0 {
		m.Hub = s.Hubs[0]
	}
	return m, nil
}
