package content

import (
	"strings"
)

// LabProfile is the structured profile of a company of kind laboratory:
// what it is accredited for, which test methods and standards it runs,
// with which equipment, on which samples, how fast, at what price band and
// in which languages.
type LabProfile struct {
	Accreditations []Accreditation `bson:"accreditations" json:"accreditations"`
	Methods        []TestMethod    `bson:"methods" json:"methods"`
	Equipment      []Equipment     `bson:"equipment" json:"equipment"`
	SampleTypes    Text            `bson:"sample_types" json:"sample_types"`
	LeadTimeDays   int             `bson:"lead_time_days,omitempty" json:"lead_time_days,omitempty"`
	PriceBand      string          `bson:"price_band,omitempty" json:"price_band,omitempty"`
	Languages      []string        `bson:"languages" json:"languages"`
}

// Accreditation is one accreditation of a laboratory, such as ISO/IEC
// 17025 granted by a national accreditation body, with its scope and
// expiry.
type Accreditation struct {
	Standard string `bson:"standard" json:"standard"`
	Body     string `bson:"body" json:"body"`
	Number   string `bson:"number,omitempty" json:"number,omitempty"`
	Scope    Text   `bson:"scope" json:"scope"`
	Expires  Date   `bson:"expires,omitempty" json:"expires,omitempty"`
}

// TestMethod is a test a laboratory runs, by its standard (ISO, ASTM, GB/T,
// TS, ISIRI…) and a name per locale.
type TestMethod struct {
	Standard string `bson:"standard" json:"standard"`
	Name     Text   `bson:"name" json:"name"`
}

// Equipment is one instrument of a laboratory: its name per locale, maker
// and model, and measuring range.
type Equipment struct {
	Name  Text   `bson:"name" json:"name"`
	Maker string `bson:"maker,omitempty" json:"maker,omitempty"`
	Range string `bson:"range,omitempty" json:"range,omitempty"`
}

// PriceBands returns the price bands of a laboratory ("lab.price.<band>").
func PriceBands() []string { return []string{"low", "medium", "high", "on-request"} }

// LabLanguages returns the languages a laboratory may say it speaks, as
// ISO 639-1 codes ("lab.lang.<code>").
func LabLanguages() []string {
	return []string{"fa", "zh", "en", "tr", "az", "ar", "ru", "de", "fr"}
}

// Limits of a laboratory profile.
const (
	MaxAccreditations = 10
	MaxMethods        = 60
	MaxEquipment      = 60
	MaxLeadTimeDays   = 365
)

// Standards returns every standard code of the profile: accreditations
// first, then test methods, without duplicates.
func (p *LabProfile) Standards() []string {
	if p == nil {
		return nil
	}
	var out []string
	add := func(s string) {
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	for _, a := range p.Accreditations {
		add(a.Standard)
	}
	for _, m := range p.Methods {
		add(m.Standard)
	}
	return out
}

// checkLab cleans and checks a laboratory profile in place; field is the
// prefix of its field paths ("lab").
func (f FieldErrors) checkLab(field string, p *LabProfile) {
	if len(p.Accreditations) > MaxAccreditations {
		f.addBounds(field+".accreditations", RuleTooMany, 0, MaxAccreditations)
	}
	for i := range p.Accreditations {
		a := &p.Accreditations[i]
		path := field + ".accreditations." + itoa(i)
		f.checkOneStandard(path+".standard", &a.Standard, true)
		f.checkString(path+".body", &a.Body, singleLine, true, 80)
		f.checkString(path+".number", &a.Number, singleLine, false, 40)
		f.checkText(path+".scope", &a.Scope, multiLine, false, 1000)
		f.checkDate(path+".expires", &a.Expires, false)
	}
	if len(p.Methods) > MaxMethods {
		f.addBounds(field+".methods", RuleTooMany, 0, MaxMethods)
	}
	for i := range p.Methods {
		m := &p.Methods[i]
		path := field + ".methods." + itoa(i)
		f.checkOneStandard(path+".standard", &m.Standard, true)
		f.checkText(path+".name", &m.Name, singleLine, false, 200)
	}
	if len(p.Equipment) > MaxEquipment {
		f.addBounds(field+".equipment", RuleTooMany, 0, MaxEquipment)
	}
	for i := range p.Equipment {
		e := &p.Equipment[i]
		path := field + ".equipment." + itoa(i)
		f.checkText(path+".name", &e.Name, singleLine, true, 160)
		f.checkString(path+".maker", &e.Maker, singleLine, false, 120)
		f.checkString(path+".range", &e.Range, singleLine, false, 120)
	}
	f.checkText(field+".sample_types", &p.SampleTypes, multiLine, false, 1000)
	if p.LeadTimeDays < 0 || p.LeadTimeDays > MaxLeadTimeDays {
		f.addBounds(field+".lead_time_days", RuleOutOfRange, 0, MaxLeadTimeDays)
	}
	f.checkCode(field+".price_band", p.PriceBand, PriceBands(), false)
	f.checkCodes(field+".languages", &p.Languages, LabLanguages(), RuleUnknownValue, 0, len(LabLanguages()))
}

// checkOneStandard cleans one standard code in place.
func (f FieldErrors) checkOneStandard(field string, s *string, required bool) {
	if strings.TrimSpace(*s) == "" {
		if required {
			f.add(field, RuleRequired)
		}
		*s = ""
		return
	}
	c, ok := CleanStandard(*s)
	if !ok {
		f.add(field, RuleUnknownValue)
		return
	}
	*s = c
}

// itoa formats a small non-negative int.
func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
