package i18n

import (
	"slices"
	"testing"
)

// turkishWords is the word list TurkishStem is tested on: inflected forms
// as they occur in listings, with the stem each must reach. Forms of one
// word must reach the same stem.
var turkishWords = []struct{ word, stem string }{
	{"sensör", "sensor"},
	{"sensörler", "sensor"},
	{"sensörleri", "sensor"},
	{"sensörlerinde", "sensor"},
	{"sensörlerin", "sensor"},
	{"sensorler", "sensor"}, // typed without Turkish letters
	{"batarya", "batarya"},
	{"bataryası", "batarya"},
	{"bataryanın", "batarya"},
	{"bataryalar", "batarya"},
	{"bataryaları", "batarya"},
	{"bataryalarda", "batarya"},
	{"bataryalardan", "batarya"},
	{"sistem", "sistem"},
	{"sistemler", "sistem"},
	{"sisteminde", "sistem"},
	{"sisteminin", "sistem"},
	{"sistemine", "sistem"},
	{"sistemini", "sistem"},
	{"sistemlerde", "sistem"},
	{"merkez", "merkez"},
	{"merkezde", "merkez"},
	{"merkezden", "merkez"},
	{"merkezdeki", "merkez"},
	{"merkezinde", "merkez"},
	{"alan", "alan"},
	{"alanında", "alan"},
	{"alanlar", "alan"},
	{"hat", "hat"},
	{"hatları", "hat"},
	{"hatlarında", "hat"},
	{"boru", "boru"},
	{"boruları", "boru"},
	{"pompa", "pompa"},
	{"pompası", "pompa"},
	{"pompalı", "pompali"}, // derivational -lı is left alone
	{"pompalar", "pompa"},
	{"izleme", "izleme"},
	{"izlemesi", "izleme"},
	{"güneş", "gunes"},
	{"güneşten", "gunes"},
	{"gunes", "gunes"},
	{"panel", "panel"},
	{"panelleri", "panel"},
	{"panellerde", "panel"},
	{"çiftlik", "ciftlik"},
	{"çiftlikleri", "ciftlik"},
	{"çiftliklerde", "ciftlik"},
	{"ölçüm", "olcum"},
	{"ölçümler", "olcum"},
	{"ölçümleri", "olcum"},
	{"kaplama", "kaplama"},
	{"kaplamalar", "kaplama"},
	{"kaplamaları", "kaplama"},
	{"membran", "membran"},
	{"membranı", "membrani"}, // bare possessive after a consonant: one edit away
	{"membranlar", "membran"},
	{"membranların", "membran"},
	{"merkezimizde", "merkez"},
	{"sistemimiz", "sistem"},
	{"şebeke", "sebeke"},
	{"şebekeleri", "sebeke"},
	{"şebekelerde", "sebeke"},
	{"su", "su"},
	{"ve", "ve"},
	{"için", "icin"},
	{"ile", "ile"},
	{"kalite", "kalite"},
	{"kalitede", "kalite"},
	{"ajans", "ajans"},
	{"ajansta", "ajans"},
	{"ajanstan", "ajans"},
	{"panel", "panel"},
	{"paneli", "paneli"},
	{"panelinde", "panel"},
}

func TestTurkishStem(t *testing.T) {
	for _, tt := range turkishWords {
		if got := TurkishStem(Fold(tt.word)); got != tt.stem {
			t.Errorf("TurkishStem(%q) = %q, want %q", tt.word, got, tt.stem)
		}
	}
}

func TestTurkishTerms(t *testing.T) {
	// A Turkish text indexes stems; a query finds them through its Turkish
	// reading, with or without Turkish letters.
	key := FoldKeyIn("tr", "Güneş panellerinde sensörler")
	got := AppendTerms(nil, key)
	want := []string{"gunes", "panel", "sensor"}
	if !slices.Equal(got, want) {
		t.Errorf("terms %q, want %q", got, want)
	}
	for _, q := range []string{"gunes panelleri sensorleri", "GÜNEŞ PANELLERİ SENSÖR"} {
		for _, st := range SearchTerms(q) {
			if st.Text != want[0] && st.Alt != want[0] && st.Text != want[1] && st.Alt != want[1] && st.Text != want[2] && st.Alt != want[2] {
				t.Errorf("%q: term %+v reaches no indexed stem", q, st)
			}
		}
	}
	// English text is not stemmed as Turkish: "solar", "boiler" stay.
	if got := AppendTerms(nil, FoldKeyIn("en", "solar boiler dollars")); !slices.Equal(got, []string{"solar", "boiler", "dollar"}) {
		t.Errorf("english terms %q", got)
	}
	if got := (Analysis{NoTurkish: true}).AppendTerms(nil, key); !slices.Equal(got, []string{"güneş", "panellerind", "sensörler"}) {
		t.Errorf("without the Turkish rules: %q", got)
	}
}

func TestPersianSingular(t *testing.T) {
	tests := map[string]string{
		"قطارها": "قطار", "قطارهای": "قطار", "باتریهایی": "باتری", "کارخانههای": "کارخانه",
		"تنها": "تنها", "ها": "ها", "راهها": "راه", "قطار": "قطار", "trains": "trains", "": "",
	}
	for in, want := range tests {
		if got := PersianSingular(in); got != want {
			t.Errorf("PersianSingular(%q) = %q, want %q", in, got, want)
		}
	}
	same := [][]string{
		{"قطارهای چین", "قطار‌های چین", "قطار های چین", "قطار چین"},
		{"اجزاء", "اجزا"},
		{"مسئله", "مسیله"},
		{"جامعة", "جامعه"},
	}
	for _, group := range same {
		want := termTexts(group[0])
		for _, q := range group[1:] {
			if got := termTexts(q); !slices.Equal(got, want) {
				t.Errorf("terms of %q = %q, of %q = %q", q, got, group[0], want)
			}
		}
	}
}

func termTexts(q string) []string {
	var out []string
	for _, st := range SearchTerms(q) {
		out = append(out, st.Text)
	}
	return out
}
