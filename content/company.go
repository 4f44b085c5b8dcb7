package content

import "time"

// Company is an organisation taking part in a hub: a foreign partner, a
// domestic knowledge-based firm, a laboratory, a university, a hospital or a
// park. Slug is its stable, language-independent identifier.
type Company struct {
	Slug         string     `bson:"_id" json:"slug"`
	Name         Text       `bson:"name" json:"name"`
	Kind         string     `bson:"kind" json:"kind"`
	Country      string     `bson:"country" json:"country"`
	City         Text       `bson:"city" json:"city"`
	Sectors      []string   `bson:"sectors" json:"sectors"`
	Website      string     `bson:"website,omitempty" json:"website,omitempty"`
	Description  Text       `bson:"description" json:"description"`
	Capabilities Text       `bson:"capabilities" json:"capabilities"`
	Hubs         []string   `bson:"hubs" json:"hubs"`
	Published    bool       `bson:"published" json:"published"`
	Version      int64      `bson:"version" json:"version"`
	CreatedAt    time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt    time.Time  `bson:"updated_at" json:"updated_at"`
	CreatedBy    string     `bson:"created_by" json:"-"`
	UpdatedBy    string     `bson:"updated_by" json:"-"`
	Rev          int64      `bson:"rev" json:"-"`
	DeletedAt    *time.Time `bson:"deleted_at,omitempty" json:"-"`
	// Pending holds the domain events this document's writes produced that
	// are not yet copied to the event log: written in the same
	// single-document write as the change, removed once relayed (see
	// content/mongo/events.go). Never shown.
	Pending []Event `bson:"pending_events,omitempty" json:"-"`

	// TextUpdated: see review.go.
	TextUpdated map[string]time.Time `bson:"text_updated,omitempty" json:"-"`

	// Lab is the profile of a laboratory (kind laboratory only; lab.go);
	// Submission who proposed it through the public form (submission.go).
	Lab        *LabProfile `bson:"lab,omitempty" json:"lab,omitempty"`
	Submission *Submission `bson:"submission,omitempty" json:"-"`
}

// Public reports whether the public may see the company.
func (c *Company) Public() bool { return c.Published && c.DeletedAt == nil }

// CompanyInput is the body of a request to create a company. Published,
// version and timestamps cannot be set through it.
type CompanyInput struct {
	Slug         string   `json:"slug"`
	Name         Text     `json:"name"`
	Kind         string   `json:"kind"`
	Country      string   `json:"country"`
	City         Text     `json:"city"`
	Sectors      []string `json:"sectors"`
	Website      string   `json:"website"`
	Description  Text     `json:"description"`
	Capabilities Text     `json:"capabilities"`
	Hubs         []string `json:"hubs"`
	// Lab is a laboratory's profile (kind laboratory only).
	Lab *LabProfile `json:"lab"`
}

// Validate normalises the input in place and checks it. Whether the hubs
// exist is the store's question.
func (in *CompanyInput) Validate() error {
	f := FieldErrors{}
	if !ValidSlug(in.Slug) {
		f.add("slug", RuleInvalidSlug)
	}
	c := in.NewCompany("", time.Time{})
	f.checkCompany(c)
	*in = CompanyInput{
		Slug: in.Slug, Name: c.Name, Kind: c.Kind, Country: c.Country, City: c.City,
		Sectors: c.Sectors, Website: c.Website, Description: c.Description,
		Capabilities: c.Capabilities, Hubs: c.Hubs, Lab: c.Lab,
	}
	return f.Err()
}

// NewCompany returns the unpublished company the input describes.
func (in *CompanyInput) NewCompany(by string, now time.Time) *Company {
	return &Company{
		Slug: in.Slug, Name: in.Name, Kind: in.Kind, Country: in.Country, City: in.City,
		Sectors: in.Sectors, Website: in.Website, Description: in.Description,
		Capabilities: in.Capabilities, Hubs: in.Hubs, Lab: in.Lab, Version: 1,
		CreatedAt: now, UpdatedAt: now, CreatedBy: by, UpdatedBy: by,
	}
}

// CompanyPatch is the body of a request to edit a company; nil fields are
// left as they are and text merges per locale as in NeedPatch.
type CompanyPatch struct {
	Version      int64     `json:"version"`
	Name         Text      `json:"name"`
	Kind         *string   `json:"kind"`
	Country      *string   `json:"country"`
	City         Text      `json:"city"`
	Sectors      *[]string `json:"sectors"`
	Website      *string   `json:"website"`
	Description  Text      `json:"description"`
	Capabilities Text      `json:"capabilities"`
	Hubs         *[]string `json:"hubs"`
	// Lab replaces a laboratory's whole profile when given. A company
	// whose kind changes from laboratory to another kind loses its
	// profile (a profile given with it is refused).
	Lab *LabProfile `json:"lab"`
}

// Apply returns a copy of c with the patch applied and checked.
func (p *CompanyPatch) Apply(c *Company) (*Company, error) {
	out := *c
	out.Name = mergeText(c.Name, p.Name)
	out.City = mergeText(c.City, p.City)
	out.Description = mergeText(c.Description, p.Description)
	out.Capabilities = mergeText(c.Capabilities, p.Capabilities)
	if p.Kind != nil {
		out.Kind = *p.Kind
	}
	if p.Country != nil {
		out.Country = *p.Country
	}
	if p.Sectors != nil {
		out.Sectors = *p.Sectors
	}
	if p.Website != nil {
		out.Website = *p.Website
	}
	if p.Hubs != nil {
		out.Hubs = *p.Hubs
	}
	if p.Lab != nil {
		lab := *p.Lab
		out.Lab = &lab
	} else if out.Kind != "laboratory" && c.Kind == "laboratory" {
		out.Lab = nil // no longer a laboratory
	}
	f := FieldErrors{}
	f.checkCompany(&out)
	if err := f.Err(); err != nil {
		return nil, err
	}
	return &out, nil
}

func (f FieldErrors) checkCompany(c *Company) {
	f.checkText("name", &c.Name, singleLine, true, 160)
	f.checkCode("kind", c.Kind, CompanyKinds(), true)
	f.checkCountry("country", &c.Country, true)
	f.checkText("city", &c.City, singleLine, false, 80)
	f.checkCodes("sectors", &c.Sectors, Sectors(), RuleUnknownSector, 0, 8)
	f.checkURL("website", &c.Website)
	f.checkText("description", &c.Description, multiLine, false, 4000)
	f.checkText("capabilities", &c.Capabilities, multiLine, false, 4000)
	f.checkHubs("hubs", &c.Hubs)
	if c.Lab != nil {
		if c.Kind != "laboratory" {
			f.add("lab", RuleUnknownField)
		} else {
			f.checkLab("lab", c.Lab)
		}
	}
}

// checkHubs checks a list of hub codes for form, removing duplicates.
func (f FieldErrors) checkHubs(field string, hubs *[]string) {
	var out []string
	for _, h := range *hubs {
		if !ValidHubCode(h) {
			f.add(field, RuleInvalidHub)
			return
		}
		if !isOneOf(h, out) {
			out = append(out, h)
		}
	}
	*hubs = out
	if len(out) == 0 {
		f.add(field, RuleRequired)
	}
}
