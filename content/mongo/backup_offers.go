package mongo

import (
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"

	"hubdir/content"
)

// checkOffer checks an offer of a backup as checkDoc does the other
// listings: its type, validation and normal form, its counters, and its
// references to hubs and its company. It returns the offer's first hub,
// which the requests for a testing service of the offer must be of.
func (v *importCheck) checkOffer(raw bson.Raw) (string, error) {
	o, err := checkTyped(raw, func(o *content.Offer) error {
		return checkMeta(o.Version, o.Rev, o.CreatedAt, o.Validate())
	})
	if err != nil {
		return "", err
	}
	v.raise(revCounter, o.Rev)
	if name, seq, ok := offerCounter(o.Ref); ok {
		v.raise(name, seq)
	}
	for _, h := range o.Hubs {
		v.refer("hubs", collHubs, h, "")
	}
	if o.Company != "" {
		v.refer("company", collCompanies, o.Company, "")
	}
	return o.Hubs[0], nil
}

// checkTestingInterest validates a request for a testing service as
// CreateTestingRequest and UpdateInterestStatus leave it, and records its
// reference to the offer or laboratory.
func (v *importCheck) checkTestingInterest(raw bson.Raw) (*content.Interest, error) {
	i, err := checkTyped(raw, func(i *content.Interest) error {
		t := i.Testing
		in := content.TestingRequestInput{
			Company: i.Company, ContactName: i.ContactName, Email: i.Email, Phone: i.Phone,
			What: t.What, Standard: t.Standard, Samples: t.Samples, Consent: i.Consent, Lang: i.Lang,
		}
		if i.IsErased() {
			// Erased personal data no longer validates; the rest must.
			in = content.TestingRequestInput{Company: content.InterestCompany{Name: "x", Country: i.Company.Country},
				ContactName: "x", Email: "x@x.example", What: "erased request", Standard: t.Standard,
				Samples: t.Samples, Consent: i.Consent, Lang: i.Lang}
		}
		if err := in.Validate(""); err != nil {
			return err
		}
		if !i.IsErased() {
			i.Company, i.ContactName, i.Email, i.Phone = in.Company, in.ContactName, in.Email, in.Phone
			t.What = in.What
		}
		t.Standard = in.Standard
		statuses := content.InterestStatuses()
		switch {
		case !content.ValidInterestRef(i.Ref):
			return content.InvalidField("ref", content.RuleInvalidRef)
		case i.Need != "" || (i.Offer == "") == (i.Lab == ""):
			return content.InvalidField("offer", content.RuleInvalidRef)
		case i.Offer != "" && !content.ValidOfferRef(i.Offer), i.Lab != "" && !content.ValidSlug(i.Lab):
			return content.InvalidField("offer", content.RuleInvalidRef)
		case !content.ValidHubCode(i.Hub):
			return content.InvalidField("hub", content.RuleInvalidHub)
		case !slices.Contains(statuses, i.Status):
			return content.InvalidField("status", content.RuleUnknownValue)
		case i.DeclineReason != "" && !slices.Contains(content.DeclineReasons(), i.DeclineReason):
			return content.InvalidField("decline_reason", content.RuleUnknownValue)
		case i.DedupeKey == "":
			return content.InvalidField("dedupe_key", content.RuleRequired)
		}
		return checkMeta(i.Version, 1, i.CreatedAt, nil)
	})
	if err != nil {
		return nil, err
	}
	if i.Offer != "" {
		v.refer("offer", collOffers, i.Offer, i.Hub)
	} else {
		v.refer("lab", collCompanies, i.Lab, "")
	}
	return i, nil
}
