package handlers_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"hubdir/content"
)

func TestSuggestAPI(t *testing.T) {
	e := newEnv(t, -1)
	type item struct{ Ref, Title, Lang string }
	tests := []struct {
		name, path string
		headers    []string
		status     int
		lang       string // language of the first title; "" when no items are expected
	}{
		{"english prefix", "/api/v1/suggest?q=saffr", nil, 200, "en"},
		{"persian via lang", "/api/v1/suggest?lang=fa&q=" + url.QueryEscape("زعفر"), nil, 200, "fa"},
		{"chinese via Accept-Language", "/api/v1/suggest?q=" + url.QueryEscape("红花"), []string{"Accept-Language", "zh-CN,zh;q=0.9"}, 200, "zh"},
		{"nothing matches", "/api/v1/suggest?q=qqqqqqq", nil, 200, ""},
		{"empty query", "/api/v1/suggest", nil, 200, ""},
		{"unknown parameter", "/api/v1/suggest?q=a&hub[$ne]=x", nil, 400, ""},
		{"limit out of range", "/api/v1/suggest?q=a&limit=500", nil, 400, ""},
		{"limit not a number", "/api/v1/suggest?q=a&limit=x", nil, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do("GET", tt.path, nil, tt.headers...)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res.Body)
			}
			if tt.status != 200 {
				if res.errorCode(t) != "invalid" {
					t.Errorf("error code %q", res.errorCode(t))
				}
				return
			}
			var body struct{ Items []item }
			if err := json.Unmarshal(res.Body, &body); err != nil || body.Items == nil {
				t.Fatalf("body %s: %v", res.Body, err)
			}
			if tt.lang == "" {
				if len(body.Items) != 0 {
					t.Errorf("items %v, want none", body.Items)
				}
				return
			}
			if len(body.Items) == 0 || body.Items[0].Lang != tt.lang || body.Items[0].Title == "" || !content.ValidRef(body.Items[0].Ref) {
				t.Errorf("items %v, want a %s title first", body.Items, tt.lang)
			}
		})
	}
}

func TestMatchesAPI(t *testing.T) {
	e := newEnv(t, -1)
	open := e.publicNeed("TR")
	draft := e.needIn("TR", content.NeedDraft)
	tests := []struct {
		name, path string
		status     int
	}{
		{"need", "/api/v1/needs/" + open.Ref + "/matches", 200},
		{"need with limit", "/api/v1/needs/" + open.Ref + "/matches?limit=2", 200},
		{"draft need", "/api/v1/needs/" + draft.Ref + "/matches", 404},
		{"unknown need", "/api/v1/needs/TR-99-9999/matches", 404},
		{"bad limit", "/api/v1/needs/" + open.Ref + "/matches?limit=0", 400},
		{"company", "/api/v1/companies/nilufer-otomotiv-dokum/matches", 200},
		{"unpublished company", "/api/v1/companies/hanjiang-cold-chain/matches", 404},
		{"unknown parameter", "/api/v1/companies/nilufer-otomotiv-dokum/matches?x=1", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do("GET", tt.path, nil)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res.Body)
			}
			if tt.status != 200 {
				return
			}
			var body struct {
				Items []struct {
					Slug, Ref string
					Score     float64
					Reasons   struct{ Sectors, Terms []string }
				}
			}
			if err := json.Unmarshal(res.Body, &body); err != nil {
				t.Fatal(err)
			}
			if len(body.Items) == 0 {
				t.Fatalf("no matches: %s", res.Body)
			}
			for i, it := range body.Items {
				if it.Score <= 0 || len(it.Reasons.Sectors)+len(it.Reasons.Terms) == 0 {
					t.Errorf("item %d without score or reasons: %+v", i, it)
				}
				if i > 0 && it.Score > body.Items[i-1].Score {
					t.Errorf("items not ranked by score: %s", res.Body)
				}
			}
		})
	}
}

func TestCreateNeedDuplicates(t *testing.T) {
	e := newEnv(t, -1)
	existing := e.publicNeed("TR")
	in := validNeed("TR")
	// The title of an existing need, with punctuation added.
	in["title"] = map[string]string{"en": existing.Title["en"] + "!"}
	res := e.do("POST", "/api/v1/needs", in, bearer(e.tr)...)
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var got struct {
		content.Need
		Duplicates []struct{ Ref string } `json:"duplicates"`
	}
	if err := json.Unmarshal(res.Body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Ref == "" || got.Status != content.NeedDraft {
		t.Fatalf("the need's fields are not at the top level: %s", res.Body)
	}
	if len(got.Duplicates) != 1 || got.Duplicates[0].Ref != existing.Ref {
		t.Errorf("duplicates %v, want %s", got.Duplicates, existing.Ref)
	}
	// A different title has none.
	res = e.do("POST", "/api/v1/needs", validNeed("TR"), bearer(e.tr)...)
	if m := res.JSON(t); m["duplicates"] != nil {
		t.Errorf("duplicates of a new title: %v", m["duplicates"])
	}
}
