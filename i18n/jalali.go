package i18n

import "time"

// jalaliBreaks are the Jalali years at which the 33-year leap cycle of the
// arithmetic Solar Hijri calendar shifts (Borkowski's algorithm, as in the
// widely used jalaali-js library). Years from -61 to 3177 are covered.
var jalaliBreaks = [...]int{-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
	1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178}

// jalCal returns, for the Jalali year jy, the Gregorian year gy in which it
// starts, the day of March of its first day (1 Farvardin), and the number of
// years since the last leap year (0 means jy is a leap year). ok is false
// when jy is outside the supported range.
func jalCal(jy int) (gy, march, leap int, ok bool) {
	bl := len(jalaliBreaks)
	if jy < jalaliBreaks[0] || jy >= jalaliBreaks[bl-1] {
		return 0, 0, 0, false
	}
	gy = jy + 621
	leapJ := -14
	jp := jalaliBreaks[0]
	jump := 0
	for i := 1; i < bl; i++ {
		jm := jalaliBreaks[i]
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

// ToJalali returns the Solar Hijri (Jalali) date of t's calendar day in t's
// own location. It returns zeros for dates outside the years the algorithm
// covers (roughly Gregorian 560 to 3798).
func ToJalali(t time.Time) (year, month, day int) {
	gy, gm, gd := t.Date()
	date := time.Date(gy, gm, gd, 0, 0, 0, 0, time.UTC)
	jy := gy - 621
	_, march, leap, ok := jalCal(jy)
	if !ok {
		return 0, 0, 0
	}
	farvardin1 := time.Date(gy, time.March, march, 0, 0, 0, 0, time.UTC)
	k := int(date.Sub(farvardin1).Hours() / 24)
	if k >= 0 {
		if k <= 185 { // the first six months have 31 days
			return jy, 1 + k/31, k%31 + 1
		}
		k -= 186
	} else {
		// Before Nowruz: still the previous Jalali year, whose Esfand has
		// 30 days when it was a leap year (leap == 1 for the year after).
		jy--
		k += 179
		if leap == 1 {
			k++
		}
	}
	return jy, 7 + k/30, k%30 + 1
}

// FromJalali returns midnight UTC of the Gregorian day of the Solar Hijri
// date y/m/d. Months 1–6 have 31 days, 7–11 have 30 and 12 has 29 (30 in a
// leap year); out-of-range months and days carry over as in time.Date. It
// returns the zero Time for years outside the supported range.
func FromJalali(y, m, d int) time.Time {
	gy, march, _, ok := jalCal(y)
	if !ok {
		return time.Time{}
	}
	days := (m-1)*31 - m/7*(m-7) + d - 1
	return time.Date(gy, time.March, march+days, 0, 0, 0, 0, time.UTC)
}
