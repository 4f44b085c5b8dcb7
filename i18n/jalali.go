package i18n

import (
	"errors"
	"strconv"
	"strings"
	"time"

	ptime "github.com/yaa110/go-persian-calendar"
)

// The Solar Hijri (Jalali) calendar comes from the maintained
// github.com/yaa110/go-persian-calendar (pinned in go.mod); this file only
// adapts it to the dates Hubdir stores (midnight UTC of a Gregorian day).

// jalaliMinYear and jalaliMaxYear bound the Solar Hijri years Hubdir reads
// and writes (the library converts years after Gregorian 1097; deadlines
// are never outside these).
const (
	jalaliMinYear = 1200
	jalaliMaxYear = 1600
)

// ToJalali returns the Solar Hijri (Jalali) date of t's calendar day in t's
// own location. It returns zeros for days outside Solar Hijri years
// 1200–1600.
func ToJalali(t time.Time) (year, month, day int) {
	gy, gm, gd := t.Date()
	p := ptime.New(time.Date(gy, gm, gd, 12, 0, 0, 0, time.UTC))
	if p.Year() < jalaliMinYear || p.Year() > jalaliMaxYear {
		return 0, 0, 0
	}
	return p.Year(), int(p.Month()), p.Day()
}

// FromJalali returns midnight UTC of the Gregorian day of the Solar Hijri
// date y/m/d. Months 1–6 have 31 days, 7–11 have 30 and 12 has 29 (30 in a
// leap year); out-of-range months and days carry over as in time.Date. It
// returns the zero Time for years outside 1200–1600.
func FromJalali(y, m, d int) time.Time {
	if y < jalaliMinYear || y > jalaliMaxYear {
		return time.Time{}
	}
	// The first of the month is always valid; days carry over from it.
	y += (m - 1) / 12
	m = (m-1)%12 + 1
	if m < 1 {
		m += 12
		y--
	}
	g := ptime.Date(y, ptime.Month(m), 1, 12, 0, 0, 0, time.UTC).Time()
	return time.Date(g.Year(), g.Month(), g.Day()+d-1, 0, 0, 0, 0, time.UTC)
}

// JalaliMonthDays is the number of days of month m (1–12) of Solar Hijri
// year y: 31, 30, or 29/30 for Esfand (30 in a leap year).
func JalaliMonthDays(y, m int) int {
	switch {
	case m <= 6:
		return 31
	case m <= 11:
		return 30
	}
	if ptime.Date(y, ptime.Esfand, 1, 12, 0, 0, 0, time.UTC).IsLeap() {
		return 30
	}
	return 29
}

// ErrJalaliDate is returned by ParseJalali for text that is not a valid
// Solar Hijri date.
var ErrJalaliDate = errors.New("not a Solar Hijri date (year/month/day)")

// ParseJalali reads a Solar Hijri date typed as year/month/day (or with
// "-" or "." between the parts), in Persian, Arabic-Indic or Latin digits,
// and returns midnight UTC of the same Gregorian day. The year has four
// digits (1200–1600); the month and the day must exist (Esfand 30 only in
// a leap year).
func ParseJalali(s string) (time.Time, error) {
	s = strings.TrimSpace(latinDigits(s))
	parts := strings.Split(strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', '٫', '／':
			return '/'
		}
		return r
	}, s), "/")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 {
		return time.Time{}, ErrJalaliDate
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || p[0] < '0' || p[0] > '9' {
			return time.Time{}, ErrJalaliDate
		}
		n[i] = v
	}
	y, m, d := n[0], n[1], n[2]
	if y < jalaliMinYear || y > jalaliMaxYear || m < 1 || m > 12 || d < 1 || d > JalaliMonthDays(y, m) {
		return time.Time{}, ErrJalaliDate
	}
	return FromJalali(y, m, d), nil
}

// FormatJalali writes t's calendar day as a Solar Hijri year/month/day
// with two-digit month and day, in Latin digits ("1403/05/09"); "" for
// days outside Solar Hijri 1200–1600.
func FormatJalali(t time.Time) string {
	y, m, d := ToJalali(t)
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y) + "/" + pad2(m) + "/" + pad2(d)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// latinDigits replaces Persian (۰–۹) and Arabic-Indic (٠–٩) digits with
// ASCII ones.
func latinDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		}
		return r
	}, s)
}
