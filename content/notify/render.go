package notify

import (
	"bytes"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"hubdir/i18n"
)

// LinkSlot stands in a rendered message for the personal link token, which
// is made only when the message is sent (Sender.Links), so that the outbox
// never holds a usable token. User text never contains it (clean).
const LinkSlot = "__hubdir_link_token__"

// LinkSpec says which link token to make for a message when it is sent.
type LinkSpec struct {
	Purpose string        `bson:"purpose" json:"purpose"`
	Email   string        `bson:"email" json:"-"`
	Ref     string        `bson:"ref,omitempty" json:"ref,omitempty"`
	TTL     time.Duration `bson:"ttl" json:"ttl"`
}

// Field is one labelled value in a message (a copy of an answer).
type Field struct{ Label, Value string }

// Item is one entry of a list in a message (a digest), with its link.
type Item struct{ Text, URL string }

// Body is the content of one message before it becomes text and HTML.
// Every string in it is final text in the message's language, user data
// included: the HTML template escapes it.
type Body struct {
	Lang, Dir string
	Subject   string
	Greeting  string
	Paras     []string
	FieldsTo  string // heading above Fields
	Fields    []Field
	Items     []Item
	LinkText  string
	LinkURL   string
	LinkNote  string
	After     []string
	Unsub     string // label of the unsubscribe link
	UnsubURL  string
	Team      string
}

var textTmpl = texttemplate.Must(texttemplate.New("text").Parse(`{{if .Greeting}}{{.Greeting}}

{{end}}{{range .Paras}}{{.}}

{{end}}{{if .Fields}}{{.FieldsTo}}
{{range .Fields}}
{{.Label}}:
{{.Value}}
{{end}}
{{end}}{{range .Items}}- {{.Text}}
  {{.URL}}
{{end}}{{if .Items}}
{{end}}{{if .LinkURL}}{{.LinkText}}:
{{.LinkURL}}
{{if .LinkNote}}{{.LinkNote}}
{{end}}
{{end}}{{range .After}}{{.}}

{{end}}-- 
{{.Team}}
{{if .UnsubURL}}
{{.Unsub}}: {{.UnsubURL}}
{{end}}`))

var htmlTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body dir="{{.Dir}}" style="font-family: Tahoma, 'Noto Sans', Arial, sans-serif; line-height: 1.6; max-width: 40em; margin: 0 auto; padding: 1em; text-align: {{if eq .Dir "rtl"}}right{{else}}left{{end}};">
{{if .Greeting}}<p>{{.Greeting}}</p>{{end}}
{{range .Paras}}<p>{{.}}</p>
{{end}}{{if .Fields}}<h2 style="font-size: 1.1em;">{{.FieldsTo}}</h2>
<dl>{{range .Fields}}<dt style="font-weight: bold;">{{.Label}}</dt><dd style="margin: 0 0 .8em; white-space: pre-wrap;" dir="auto">{{.Value}}</dd>{{end}}</dl>
{{end}}{{if .Items}}<ul>{{range .Items}}<li><a href="{{.URL}}" dir="auto">{{.Text}}</a></li>{{end}}</ul>
{{end}}{{if .LinkURL}}<p><a href="{{.LinkURL}}" style="display: inline-block; padding: .5em 1em; background: #0b5394; color: #fff; text-decoration: none; border-radius: 4px;">{{.LinkText}}</a></p>
{{if .LinkNote}}<p style="font-size: .9em; color: #555;">{{.LinkNote}}</p>{{end}}
{{end}}{{range .After}}<p>{{.}}</p>
{{end}}<p style="color: #555;">{{.Team}}</p>
{{if .UnsubURL}}<p style="font-size: .9em;"><a href="{{.UnsubURL}}">{{.Unsub}}</a></p>{{end}}
</body>
</html>
`))

// Render turns b into the plain text and HTML parts of a message.
func Render(b *Body) (text, html string, err error) {
	var t, h bytes.Buffer
	if err := textTmpl.Execute(&t, b); err != nil {
		return "", "", err
	}
	if err := htmlTmpl.Execute(&h, b); err != nil {
		return "", "", err
	}
	return t.String(), h.String(), nil
}

// clean makes user text safe to place in a message: valid UTF-8, no
// link slot.
func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), LinkSlot, "")
}

// Texts renders messages' strings in one locale.
type Texts struct {
	L   *i18n.Localizer
	Loc i18n.Locale
	// Zone is the park's time zone, for dates.
	Zone *time.Location
}

// NewTexts returns the strings of locale code (the default when unknown).
func NewTexts(b *i18n.Bundle, code string, zone *time.Location) *Texts {
	loc, ok := i18n.Lookup(code)
	if !ok {
		loc, _ = i18n.Lookup("en")
	}
	return &Texts{L: b.Localizer(loc.Code), Loc: loc, Zone: zone}
}

// T returns message id with data given as alternating keys and values;
// string values are cleaned user text.
func (t *Texts) T(id string, kv ...any) string {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		if s, ok := kv[i+1].(string); ok {
			m[k] = clean(s)
		} else {
			m[k] = kv[i+1]
		}
	}
	return t.L.T(id, m)
}

// N returns the plural message id for count.
func (t *Texts) N(id string, count int, kv ...any) string {
	m := map[string]any{"Count": t.Loc.Number(int64(count))}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[k] = kv[i+1]
	}
	return t.L.N(id, count, m)
}

// Date formats t's calendar day in the locale (Solar Hijri with Persian
// digits in fa, 年月日 in zh).
func (t *Texts) Date(tm time.Time) string { return t.Loc.Date(tm.In(t.Zone)) }

// body returns an empty body in the locale.
func (t *Texts) body() *Body {
	return &Body{Lang: t.Loc.Code, Dir: t.Loc.Dir, Team: t.T("notify.team")}
}
