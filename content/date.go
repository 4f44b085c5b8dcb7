package content

import "time"

// Date is a calendar date in the form YYYY-MM-DD. Its string form sorts in
// date order, so it is stored and compared as text. The zero value is "no
// date".
type Date string

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date { return Date(t.Format(time.DateOnly)) }

// ParseDate parses a YYYY-MM-DD date, accepting Persian and Arabic-Indic
// digits.
func ParseDate(s string) (Date, bool) {
	s = asciiDigits(s)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return "", false
	}
	return Date(t.Format(time.DateOnly)), true
}

// Time returns the date as midnight UTC; the zero time for the zero Date.
func (d Date) Time() time.Time {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return time.Time{}
	}
	return t
}

// Before reports whether d is a date before e. The zero Date is before
// nothing and nothing is before it.
func (d Date) Before(e Date) bool { return d != "" && e != "" && d < e }

// DaysUntil returns the number of days from today to d (negative when d is
// past).
func (d Date) DaysUntil(today Date) int {
	return int(d.Time().Sub(today.Time()).Hours() / 24)
}

// checkDate cleans and checks a date field.
func (f FieldErrors) checkDate(field string, d *Date, required bool) {
	if *d == "" {
		if required {
			f.add(field, RuleRequired)
		}
		return
	}
	p, ok := ParseDate(string(*d))
	if !ok {
		f.add(field, RuleInvalidDate)
		return
	}
	*d = p
}
