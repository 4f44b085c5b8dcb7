package i18n

import (
	"errors"
	"testing"
	"time"

	ptime "github.com/yaa110/go-persian-calendar"
)

// The reference below is the hand-written arithmetic conversion Hubdir
// used before it adopted github.com/yaa110/go-persian-calendar (Borkowski's
// algorithm, as in jalaali-js). TestJalaliAgreesWithReference proves over
// every day of 1300–1500 SH that the library and this independent
// algorithm agree, so the switch changed no stored or shown date.

var refBreaks = [...]int{-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
	1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178}

// jalCal returns, for the Jalali year jy, the Gregorian year gy in which it
// starts, the day of March of its first day (1 Farvardin), and the number of
// years since the last leap year (0 means jy is a leap year). ok is false
// when jy is outside the supported range.
func refJalCal(jy int) (gy, march, leap int, ok bool) {
	bl := len(refBreaks)
	if jy < refBreaks[0] || jy >= refBreaks[bl-1] {
		return 0, 0, 0, false
	}
	gy = jy + 621
	leapJ := -14
	jp := refBreaks[0]
	jump := 0
	for i := 1; i < bl; i++ {
		jm := refBreaks[i]
		jump = jm - jp
		if jy < jm {
			break
		}
		leapJ += jump/33*8 + jump%33/4
		jp = jm
	}
	n := jy - jp
	leapJ += n/33*8 + (n%33+3)/4
	if jump%33 == 4 && jump-n == 4 {
		leapJ++
	}
	leapG := gy/4 - (gy/100+1)*3/4 - 150
	march = 20 + leapJ - leapG
	if jump-n < 6 {
		n = n - jump + (jump+4)/33*33
	}
	leap = ((n+1)%33 - 1) % 4
	if leap == -1 {
		leap = 4
	}
	return gy, march, leap, true
}

// refFromJalali is the old FromJalali.
func refFromJalali(y, m, d int) time.Time {
	gy, march, _, ok := refJalCal(y)
	if !ok {
		return time.Time{}
	}
	days := (m-1)*31 - m/7*(m-7) + d - 1
	return time.Date(gy, time.March, march+days, 0, 0, 0, 0, time.UTC)
}

// TestJalaliAgreesWithReference walks every day of Solar Hijri 1300 to
// 1500 (Gregorian 1921-03-21 to 2122-03-20): ToJalali gives consecutive
// dates with the right month lengths (Esfand 30 exactly in the library's
// leap years), FromJalali inverts it, and both agree with the library
// and with the reference algorithm on every day, month and year edge.
func TestJalaliAgreesWithReference(t *testing.T) {
	start := refFromJalali(1300, 1, 1)
	end := refFromJalali(1501, 1, 1)
	if start.Format(time.DateOnly) != "1921-03-21" || end.Format(time.DateOnly) != "2122-03-21" {
		t.Fatalf("range %s – %s", start, end)
	}
	y, m, d := 1300, 1, 1
	days, leaps := 0, 0
	for g := start; g.Before(end); g = g.AddDate(0, 0, 1) {
		days++
		if gy, gm, gd := ToJalali(g); gy != y || gm != m || gd != d {
			t.Fatalf("ToJalali(%s) = %d/%d/%d, want %d/%d/%d", g.Format(time.DateOnly), gy, gm, gd, y, m, d)
		}
		p := ptime.New(g)
		if p.Year() != y || int(p.Month()) != m || p.Day() != d {
			t.Fatalf("library: %s is %d/%d/%d, want %d/%d/%d", g.Format(time.DateOnly), p.Year(), p.Month(), p.Day(), y, m, d)
		}
		if back := FromJalali(y, m, d); !back.Equal(g) {
			t.Fatalf("FromJalali(%d, %d, %d) = %s, want %s", y, m, d, back.Format(time.DateOnly), g.Format(time.DateOnly))
		}
		if ref := refFromJalali(y, m, d); !ref.Equal(g) {
			t.Fatalf("reference: %d/%d/%d is %s, want %s", y, m, d, ref.Format(time.DateOnly), g.Format(time.DateOnly))
		}
		// The next day in the Solar Hijri calendar.
		n := JalaliMonthDays(y, m)
		if m == 12 {
			_, _, leap, _ := refJalCal(y)
			if want := map[bool]int{true: 30, false: 29}[leap == 0]; n != want {
				t.Fatalf("Esfand %d has %d days, the reference says %d", y, n, want)
			}
		}
		switch {
		case d < n:
			d++
		case m < 12:
			m, d = m+1, 1
		default:
			if n == 30 {
				leaps++
			}
			y, m, d = y+1, 1, 1
		}
	}
	if want := int(end.Sub(start).Hours() / 24); y != 1501 || days != want {
		t.Errorf("walked %d days up to %d; want every day up to 1501", days, y)
	}
	if leaps < 48 || leaps > 50 {
		t.Errorf("%d leap years in 201 years", leaps)
	}
}

func TestParseJalali(t *testing.T) {
	good := []struct{ in, want string }{
		{"1403/12/30", "2025-03-20"}, // leap Esfand
		{"۱۴۰۳/۱۲/۳۰", "2025-03-20"},
		{"١٤٠٣-١٢-٣٠", "2025-03-20"},
		{" 1405/1/1 ", "2026-03-21"},
		{"1405.06.31", "2026-09-22"},
		{"۱۴۰۵/۰۹/۰۲", "2026-11-23"},
		{"1404-12-29", "2026-03-20"},
	}
	for _, tt := range good {
		got, err := ParseJalali(tt.in)
		if err != nil || got.Format(time.DateOnly) != tt.want || got.Location() != time.UTC || got.Hour() != 0 {
			t.Errorf("ParseJalali(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	bad := []string{"", "1404/12/30", "1405/07/31", "1405/13/01", "1405/00/10", "1405/01/00",
		"05/01/01", "14050101", "1405/1", "1405/1/1/1", "abcd/01/01", "2026-03-21x", "1405/01/-1", "1800/01/01", "1405/001/01"}
	for _, in := range bad {
		if got, err := ParseJalali(in); !errors.Is(err, ErrJalaliDate) {
			t.Errorf("ParseJalali(%q) = %s, %v; want ErrJalaliDate", in, got, err)
		}
	}
}

func TestFormatJalali(t *testing.T) {
	g := time.Date(2026, time.November, 23, 0, 0, 0, 0, time.UTC)
	if got := FormatJalali(g); got != "1405/09/02" {
		t.Errorf("FormatJalali = %q", got)
	}
	if back, err := ParseJalali(FormatJalali(g)); err != nil || !back.Equal(g) {
		t.Errorf("round trip: %s, %v", back, err)
	}
	if got := FormatJalali(time.Time{}); got != "" {
		t.Errorf("FormatJalali(zero) = %q", got)
	}
}
