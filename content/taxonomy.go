package content

import (
	"slices"
	"strings"
)

// The fixed vocabularies of the domain. Each value has a name in every
// catalog under the key shown in its doc comment. They are functions
// returning fresh slices so that no caller can change them.

// Sectors returns the sector taxonomy's codes ("sector.<code>").
func Sectors() []string {
	return []string{
		"ai", "software", "electronics", "telecom", "iot", "biotech", "pharma",
		"medical-devices", "health", "agri-food", "food-processing", "chemicals",
		"petrochemicals", "oil-gas", "renewable-energy", "energy-storage", "water",
		"environment", "advanced-materials", "nanotech", "automotive", "aerospace",
		"machinery", "robotics", "textiles", "construction", "mining", "logistics",
		"fintech",
	}
}

// NeedKinds returns the kinds of need ("kind.need.<kind>").
func NeedKinds() []string {
	return []string{"technology", "rnd", "testing", "investment", "training"}
}

// Partnerships returns the partnership types a need may seek
// ("partnership.<type>").
func Partnerships() []string {
	return []string{"licence", "joint-venture", "rnd-cooperation", "supply", "technical-cooperation"}
}

// CompanyKinds returns the kinds of company ("kind.company.<kind>").
func CompanyKinds() []string {
	return []string{"foreign-company", "knowledge-based", "laboratory", "university", "hospital", "park"}
}

// AgreementStatuses returns an agreement's statuses ("status.agreement.<s>").
func AgreementStatuses() []string {
	return []string{AgreementSigned, AgreementActive, AgreementExpired, AgreementTerminated}
}

// DeclineReasons returns the reasons staff may give for declining an
// interest ("decline.<reason>").
func DeclineReasons() []string {
	return []string{"not-a-fit", "insufficient-capability", "incomplete", "duplicate", "need-closed", "no-response", "other"}
}

// Roles returns the staff roles.
func Roles() []string { return []string{RoleAdmin, RoleEditor} }

// isOneOf reports whether v is in list.
func isOneOf(v string, list []string) bool { return slices.Contains(list, v) }

// IsSector reports whether code is in the sector taxonomy.
func IsSector(code string) bool { return isOneOf(code, Sectors()) }

// isoCountries is every ISO 3166-1 alpha-2 code, space separated.
const isoCountries = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL " +
	"BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN " +
	"GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG " +
	"KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM " +
	"MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG " +
	"PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO " +
	"SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA " +
	"VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"

// IsCountry reports whether code is an ISO 3166-1 alpha-2 country code
// (upper case).
func IsCountry(code string) bool {
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return false
	}
	i := strings.Index(isoCountries, code)
	return i >= 0 && i%3 == 0
}

// checkCode checks a value against a vocabulary.
func (f FieldErrors) checkCode(field, v string, list []string, required bool) {
	switch {
	case v == "" && required:
		f.add(field, RuleRequired)
	case v != "" && !isOneOf(v, list):
		f.add(field, RuleUnknownValue)
	}
}

// checkCodes checks a list of values against a vocabulary, removing
// duplicates while keeping the order.
func (f FieldErrors) checkCodes(field string, v *[]string, list []string, rule Rule, min, max int) {
	var out []string
	for _, c := range *v {
		if !isOneOf(c, list) {
			f.add(field, rule)
			return
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	*v = out
	switch {
	case len(out) < min && min == 1:
		f.add(field, RuleRequired)
	case len(out) < min:
		f.addBounds(field, RuleTooFew, min, max)
	case max > 0 && len(out) > max:
		f.addBounds(field, RuleTooMany, min, max)
	}
}

// checkCountry checks an ISO 3166-1 alpha-2 code, upper-casing it.
func (f FieldErrors) checkCountry(field string, v *string, required bool) {
	*v = strings.ToUpper(strings.TrimSpace(*v))
	switch {
	case *v == "" && required:
		f.add(field, RuleRequired)
	case *v != "" && !IsCountry(*v):
		f.add(field, RuleUnknownCountry)
	}
}

// ValidHubCode reports whether s has the form of a hub code: two upper-case
// ASCII letters. Whether the hub exists is the store's question.
func ValidHubCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
