package i18n

import "testing"

func TestStopWords(t *testing.T) {
	for _, w := range []string{"The", "AND", "için", "İÇİN", "و", "برای", "的", "我们"} {
		if !IsStopWord(w) {
			t.Errorf("%q is not a stop word", w)
		}
	}
	for _, w := range []string{"casting", "döküm", "ریخته‌گری", "激光", ""} {
		if IsStopWord(w) {
			t.Errorf("%q is a stop word", w)
		}
	}
	if !IsStopWordIn("tr", "ve") || IsStopWordIn("en", "ve") || IsStopWordIn("xx", "the") {
		t.Error("IsStopWordIn per locale")
	}
}
