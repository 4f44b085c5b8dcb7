package i18n

import (
	"testing"
	"time"
)

func mustLocale(t testing.TB, code string) Locale {
	t.Helper()
	l, ok := Lookup(code)
	if !ok {
		t.Fatalf("locale %q not supported", code)
	}
	return l
}

func TestNumber(t *testing.T) {
	tests := []struct {
		code string
		n    int64
		want string
	}{
		{"fa", 0, "۰"},
		{"fa", 123, "۱۲۳"},
		{"fa", 1234567, "۱٬۲۳۴٬۵۶۷"},
		{"fa", -42, "\u200e−۴۲"},
		{"zh", 1234567, "1,234,567"},
		{"en", 1234, "1,234"},
		{"en", 7, "7"},
		{"tr", 1234, "1.234"},
		{"tr", 1234567, "1.234.567"},
	}
	for _, tt := range tests {
		if got := mustLocale(t, tt.code).Number(tt.n); got != tt.want {
			t.Errorf("%s.Number(%d) = %q, want %q", tt.code, tt.n, got, tt.want)
		}
	}
}

func TestDigits(t *testing.T) {
	tests := []struct{ code, in, want string }{
		{"fa", "TR-26-0042", "TR-۲۶-۰۰۴۲"},
		{"fa", "0123456789", "۰۱۲۳۴۵۶۷۸۹"},
		{"fa", "بدون رقم", "بدون رقم"},
		{"zh", "TR-26-0042", "TR-26-0042"},
		{"en", "2026", "2026"},
		{"tr", "2026", "2026"},
	}
	for _, tt := range tests {
		if got := mustLocale(t, tt.code).Digits(tt.in); got != tt.want {
			t.Errorf("%s.Digits(%q) = %q, want %q", tt.code, tt.in, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	d := time.Date(2026, time.November, 23, 15, 4, 0, 0, time.UTC)
	nowruz := time.Date(2026, time.March, 21, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		code string
		d    time.Time
		want string
	}{
		{"fa", d, "۲ آذر ۱۴۰۵"},
		{"fa", nowruz, "۱ فروردین ۱۴۰۵"},
		{"zh", d, "2026年11月23日"},
		{"zh", nowruz, "2026年3月21日"},
		{"en", d, "23 November 2026"},
		{"tr", d, "23 Kasım 2026"},
		{"tr", nowruz, "21 Mart 2026"},
	}
	for _, tt := range tests {
		if got := mustLocale(t, tt.code).Date(tt.d); got != tt.want {
			t.Errorf("%s.Date(%v) = %q, want %q", tt.code, tt.d, got, tt.want)
		}
	}
}

func TestJalali(t *testing.T) {
	tests := []struct {
		g       string // Gregorian date
		y, m, d int    // Jalali date
	}{
		{"2026-03-21", 1405, 1, 1},
		{"2026-03-20", 1404, 12, 29},
		{"2025-03-21", 1404, 1, 1},
		{"2025-03-20", 1403, 12, 30}, // 1403 is a leap year
		{"2024-03-20", 1403, 1, 1},
		{"2024-03-19", 1402, 12, 29},
		{"1979-02-11", 1357, 11, 22},
		{"2026-11-23", 1405, 9, 2},
		{"2026-09-22", 1405, 6, 31},
		{"2026-09-23", 1405, 7, 1},
		{"2000-01-01", 1378, 10, 11},
		{"1989-03-21", 1368, 1, 1},
		{"2017-03-21", 1396, 1, 1},
		{"2030-03-20", 1408, 12, 30}, // 1408 is a leap year
		{"2030-03-21", 1409, 1, 1},
	}
	for _, tt := range tests {
		g, err := time.Parse(time.DateOnly, tt.g)
		if err != nil {
			t.Fatal(err)
		}
		y, m, d := ToJalali(g)
		if y != tt.y || m != tt.m || d != tt.d {
			t.Errorf("ToJalali(%s) = %d-%02d-%02d, want %d-%02d-%02d", tt.g, y, m, d, tt.y, tt.m, tt.d)
		}
		if back := FromJalali(tt.y, tt.m, tt.d); !back.Equal(g) {
			t.Errorf("FromJalali(%d, %d, %d) = %s, want %s", tt.y, tt.m, tt.d, back.Format(time.DateOnly), tt.g)
		}
	}
}

func TestJalaliRoundTrip(t *testing.T) {
	start := time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2100, time.December, 31, 0, 0, 0, 0, time.UTC)
	py, pm, pd := ToJalali(start.AddDate(0, 0, -1))
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		y, m, day := ToJalali(d)
		if back := FromJalali(y, m, day); !back.Equal(d) {
			t.Fatalf("FromJalali(ToJalali(%s)) = %s", d.Format(time.DateOnly), back.Format(time.DateOnly))
		}
		// Each day follows the previous one.
		switch {
		case y == py && m == pm && day == pd+1:
		case y == py && m == pm+1 && day == 1 && (pd == 31 && pm <= 6 || pd == 30 && pm > 6 && pm < 12):
		case y == py+1 && m == 1 && day == 1 && pm == 12 && (pd == 29 || pd == 30):
		default:
			t.Fatalf("%s: %d-%d-%d follows %d-%d-%d", d.Format(time.DateOnly), y, m, day, py, pm, pd)
		}
		py, pm, pd = y, m, day
	}
}

func TestJalaliLocation(t *testing.T) {
	// The calendar day is taken in t's own location.
	tehran := time.FixedZone("IRST", 3*3600+1800)
	d := time.Date(2026, time.March, 20, 22, 0, 0, 0, time.UTC).In(tehran) // 21 March in Tehran
	if y, m, day := ToJalali(d); y != 1405 || m != 1 || day != 1 {
		t.Errorf("ToJalali(%v) = %d-%d-%d, want 1405-1-1", d, y, m, day)
	}
}

func TestJalaliOutOfRange(t *testing.T) {
	if y, m, d := ToJalali(time.Date(5000, 1, 1, 0, 0, 0, 0, time.UTC)); y != 0 || m != 0 || d != 0 {
		t.Errorf("ToJalali(5000-01-01) = %d-%d-%d, want zeros", y, m, d)
	}
	if got := FromJalali(4000, 1, 1); !got.IsZero() {
		t.Errorf("FromJalali(4000, 1, 1) = %v, want zero", got)
	}
	if got := mustLocale(t, "fa").Date(time.Date(5000, 1, 2, 0, 0, 0, 0, time.UTC)); got != "۲ January ۵۰۰۰" {
		t.Errorf("fa.Date(5000-01-02) = %q", got)
	}
}
