package i18n

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Number formats n with the locale's digits and digit grouping: "1,234" in
// en and zh, "1.234" in tr, "۱٬۲۳۴" in fa.
func (l Locale) Number(n int64) string {
	return message.NewPrinter(l.Tag).Sprint(number.Decimal(n))
}

// zeroDigit returns the locale's digit zero; the other nine digits follow it
// in Unicode, as in every decimal digit system.
func (l Locale) zeroDigit() rune {
	r, _ := utf8.DecodeRuneInString(message.NewPrinter(l.Tag).Sprint(number.Decimal(0)))
	if r == utf8.RuneError {
		return '0'
	}
	return r
}

// Digits replaces the ASCII digits in s with the locale's digits (Persian
// ۰–۹ for fa); for locales that use ASCII digits it returns s unchanged.
func (l Locale) Digits(s string) string {
	zero := l.zeroDigit()
	if zero == '0' {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return zero + (r - '0')
		}
		return r
	}, s)
}

// Month names, January (or Farvardin) first.
var (
	monthsEN = [12]string{"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"}
	monthsTR = [12]string{"Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran",
		"Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"}
	monthsJalali = [12]string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
		"مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"}
)

// Date formats the calendar date of d (in d's own location) in the locale's
// long form: fa "۲ آذر ۱۴۰۵" (Solar Hijri, Persian digits), zh
// "2026年11月23日", en "23 November 2026", tr "23 Kasım 2026". Other locales
// get the en form in their own digits.
func (l Locale) Date(d time.Time) string {
	y, m, day := d.Date()
	switch l.Code {
	case "fa":
		jy, jm, jd := ToJalali(d)
		if jy == 0 {
			break // outside the supported range: use the Gregorian form
		}
		return l.Digits(strconv.Itoa(jd)) + " " + monthsJalali[jm-1] + " " + l.Digits(strconv.Itoa(jy))
	case "zh":
		return strconv.Itoa(y) + "年" + strconv.Itoa(int(m)) + "月" + strconv.Itoa(day) + "日"
	case "tr":
		return strconv.Itoa(day) + " " + monthsTR[m-1] + " " + strconv.Itoa(y)
	}
	return l.Digits(strconv.Itoa(day) + " " + monthsEN[m-1] + " " + strconv.Itoa(y))
}
