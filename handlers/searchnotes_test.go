package handlers_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestSearchNotesAPI: list answers say when they are partial, which terms
// were searched in other languages and how the query might be respelt;
// the fields are absent when there is nothing to say.
func TestSearchNotesAPI(t *testing.T) {
	e := newEnv(t, -1)
	type expansion struct {
		Term string
		With []string
	}
	type answer struct {
		Items      []map[string]any
		Total      int
		Partial    *bool
		Expanded   []expansion
		DidYouMean *string `json:"did_you_mean"`
	}
	get := func(path string) (answer, string) {
		t.Helper()
		res := e.do("GET", path, nil)
		if res.Status != 200 {
			t.Fatalf("%s: status %d: %s", path, res.Status, res.Body)
		}
		var a answer
		if err := json.Unmarshal(res.Body, &a); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return a, string(res.Body)
	}
	// Saffron plus a word no listing has: the saffron need, partially.
	a, _ := get("/api/v1/needs?q=" + url.QueryEscape("saffron zzyzx"))
	if a.Partial == nil || !*a.Partial || a.Total == 0 {
		t.Errorf("saffron zzyzx: partial %v, total %d; want a partial answer", a.Partial, a.Total)
	}
	// Every word matches: no partial field at all.
	a, body := get("/api/v1/needs?q=saffron")
	if a.Partial != nil || strings.Contains(body, `"partial"`) || a.Total == 0 {
		t.Errorf("saffron: %s", body)
	}
	// A Turkish glossary term is searched in the other languages.
	a, _ = get("/api/v1/needs?q=" + url.QueryEscape("safran"))
	if len(a.Expanded) == 0 || a.Expanded[0].Term != "safran" || a.Total == 0 {
		t.Errorf("safran: expanded %+v, total %d", a.Expanded, a.Total)
	} else if w := strings.Join(a.Expanded[0].With, "|"); !strings.Contains(w, "زعفران") || !strings.Contains(w, "藏红花") {
		t.Errorf("safran expanded with %q", w)
	}
	// A misspelt word gets a respelling from the catalog's words.
	a, _ = get("/api/v1/needs?q=" + url.QueryEscape("pistacheo rotstocks"))
	if a.DidYouMean == nil || !strings.Contains(*a.DidYouMean, "pistachio") {
		t.Errorf("pistacheo rotstocks: did_you_mean %v", a.DidYouMean)
	}
	// Companies and agreements carry the same fields.
	a, _ = get("/api/v1/companies?q=" + url.QueryEscape("ریخته گری"))
	if len(a.Expanded) == 0 || a.Total == 0 {
		t.Errorf("companies ریخته گری: expanded %+v, total %d", a.Expanded, a.Total)
	}
	// Bad input stays a 400.
	if res := e.do("GET", "/api/v1/needs?q=saffron&per_page=x", nil); res.Status != 400 {
		t.Errorf("bad per_page: status %d", res.Status)
	}
}

// TestSearchNotesPage: the needs page says the answer is partial, which
// terms were expanded and offers the respelling, in the reader's language.
func TestSearchNotesPage(t *testing.T) {
	e := newEnv(t, -1)
	tests := []struct {
		path string
		want []string
	}{
		{"/en/needs?q=" + url.QueryEscape("saffron zzyzx"), []string{"No listing matches every word of your search"}},
		{"/fa/needs?q=" + url.QueryEscape("saffron zzyzx"), []string{"هیچ موردی همهٔ واژه‌های جست‌وجوی شما را ندارد"}},
		{"/zh/needs?q=" + url.QueryEscape("safran"), []string{"同时以其他语言搜索", "藏红花"}},
		{"/tr/needs?q=" + url.QueryEscape("pistacheo"), []string{"Bunu mu demek istediniz", "q=pistachio"}},
	}
	for _, tt := range tests {
		res := e.do("GET", tt.path, nil)
		if res.Status != 200 {
			t.Fatalf("%s: status %d", tt.path, res.Status)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(res.Body), w) {
				t.Errorf("%s: page lacks %q", tt.path, w)
			}
		}
	}
}
