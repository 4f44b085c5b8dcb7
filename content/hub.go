package content

import "time"

// Hub is one bilateral hub of the park, such as Iran–Turkey (TR) or
// Iran–China (CN). Hubs are set up by administrators, not through the API.
type Hub struct {
	Code             string    `bson:"_id" json:"code"`
	PartnerCountry   string    `bson:"partner_country" json:"partner_country"`
	HostPark         Text      `bson:"host_park" json:"host_park"`
	Name             Text      `bson:"name" json:"name"`
	Description      Text      `bson:"description" json:"description"`
	WorkingLanguages []string  `bson:"working_languages" json:"working_languages"`
	Contact          Contact   `bson:"contact" json:"contact"`
	Version          int64     `bson:"version" json:"version"`
	Rev              int64     `bson:"rev" json:"-"`
	CreatedAt        time.Time `bson:"created_at" json:"created_at"`
	UpdatedAt        time.Time `bson:"updated_at" json:"updated_at"`

	// RequireReview: see review.go.
	RequireReview bool `bson:"require_review,omitempty" json:"-"`
}

// Contact is how to reach a hub's office.
type Contact struct {
	Email   string `bson:"email" json:"email"`
	Phone   string `bson:"phone" json:"phone"`
	Address Text   `bson:"address" json:"address"`
	Website string `bson:"website" json:"website"`
}

// Fallbacks returns the locales to fall back to for a listing of this hub
// when the wanted locale has no text: English, then the hub's working
// languages (see FallbackOrder).
func (h *Hub) Fallbacks() []string {
	return FallbackOrder("en", h.WorkingLanguages)
}

// Validate normalises and checks a hub definition.
func (h *Hub) Validate() error {
	f := FieldErrors{}
	if !ValidHubCode(h.Code) {
		f.add("code", RuleInvalidHub)
	}
	f.checkCountry("partner_country", &h.PartnerCountry, true)
	f.checkText("name", &h.Name, singleLine, true, 120)
	f.checkText("host_park", &h.HostPark, singleLine, true, 160)
	f.checkText("description", &h.Description, multiLine, false, 4000)
	f.checkText("contact.address", &h.Contact.Address, singleLine, false, 300)
	f.checkEmail("contact.email", &h.Contact.Email, false)
	f.checkPhone("contact.phone", &h.Contact.Phone, false)
	f.checkURL("contact.website", &h.Contact.Website)
	for _, l := range h.WorkingLanguages {
		if !isLocale(l) {
			f.add("working_languages", RuleUnknownLocale)
		}
	}
	return f.Err()
}
