package i18n

import "testing"

func TestJoinList(t *testing.T) {
	items := []string{"a", "b", "c"}
	for code, want := range map[string]string{"fa": "a، b، c", "zh": "a、b、c", "en": "a, b, c", "tr": "a, b, c"} {
		loc, _ := Lookup(code)
		if got := loc.JoinList(items); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
	fa, _ := Lookup("fa")
	if got := fa.Number(1234567); got != "۱٬۲۳۴٬۵۶۷" {
		t.Errorf("fa thousands: %q", got)
	}
	if got := fa.JoinList([]string{"x"}); got != "x" {
		t.Errorf("one item: %q", got)
	}
}
