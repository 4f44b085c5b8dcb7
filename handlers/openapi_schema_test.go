package handlers_test

// A validator for the subset of JSON Schema (as OpenAPI 3.0 uses it) that
// openapi.json uses. A keyword it does not know is a problem in itself, so
// the document cannot say something the tests would silently ignore.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// schemaKeywords are the keywords the validator knows; the annotations
// among them (description, example, …) are not checked.
var schemaKeywords = map[string]bool{
	"$ref": true, "type": true, "nullable": true, "properties": true, "required": true,
	"additionalProperties": true, "items": true, "enum": true, "minimum": true, "maximum": true,
	"minLength": true, "maxLength": true, "pattern": true, "format": true, "allOf": true,
	"minItems": true, "maxItems": true, "uniqueItems": true,
	"description": true, "example": true, "default": true, "title": true, "deprecated": true,
}

// emailPattern is what format "email" checks: one @ between non-blank parts.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// apiDoc is an OpenAPI document decoded into generic values (numbers as
// json.Number), with its compiled patterns.
type apiDoc struct {
	root     map[string]any
	patterns map[string]*regexp.Regexp
}

// parseAPIDoc decodes an OpenAPI document.
func parseAPIDoc(b []byte) (*apiDoc, error) {
	v, err := decodeJSON(b)
	if err != nil {
		return nil, err
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not a JSON object")
	}
	return &apiDoc{root: root, patterns: map[string]*regexp.Regexp{}}, nil
}

// decodeJSON decodes one JSON value, keeping numbers as json.Number, and
// refuses anything after it.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("text after the JSON value")
	}
	return v, nil
}

// pointer returns the value at a local reference such as
// "#/components/schemas/Need".
func (d *apiDoc) pointer(ref string) (any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("reference %q is not local", ref)
	}
	var cur any = d.root
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("reference %q: %q is not in an object", ref, part)
		}
		if cur, ok = m[part]; !ok {
			return nil, fmt.Errorf("reference %q: no %q", ref, part)
		}
	}
	return cur, nil
}

// deref follows $ref until it reaches an object without one.
func (d *apiDoc) deref(v any) (map[string]any, error) {
	for range 20 {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("not an object: %v", v)
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, nil
		}
		var err error
		if v, err = d.pointer(ref); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("a cycle of references")
}

// validate checks the JSON value v against schema s and returns the
// problems found, each with its place in v ("$.items[3].title").
func (d *apiDoc) validate(s any, v any, at string) []string {
	schema, err := d.deref(s)
	if err != nil {
		return []string{fmt.Sprintf("%s: schema: %v", at, err)}
	}
	var out []string
	bad := func(format string, args ...any) {
		out = append(out, at+": "+fmt.Sprintf(format, args...))
	}
	for k := range schema {
		if !schemaKeywords[k] && !strings.HasPrefix(k, "x-") {
			bad("the schema uses %q, which the validator does not know", k)
		}
	}
	if v == nil {
		if schema["nullable"] != true {
			bad("null where the schema has no nullable")
		}
		return out
	}
	for _, sub := range asList(schema["allOf"]) {
		out = append(out, d.validate(sub, v, at)...)
	}
	if t, ok := schema["type"].(string); ok && !hasType(v, t) {
		article := "a "
		if n := typeName(v); n == "array" || n == "object" {
			article = "an "
		}
		bad("%s%s where the schema wants %s", article, typeName(v), t)
		return out
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return sameJSON(e, v) }) {
		bad("%v is not one of %v", v, enum)
	}
	switch v := v.(type) {
	case string:
		out = append(out, d.checkString(schema, v, at)...)
	case json.Number:
		f, _ := v.Float64()
		if m, ok := number(schema["minimum"]); ok && f < m {
			bad("%s is below the minimum %v", v, m)
		}
		if m, ok := number(schema["maximum"]); ok && f > m {
			bad("%s is above the maximum %v", v, m)
		}
	case []any:
		if n, ok := number(schema["minItems"]); ok && float64(len(v)) < n {
			bad("%d items, fewer than minItems %v", len(v), n)
		}
		if n, ok := number(schema["maxItems"]); ok && float64(len(v)) > n {
			bad("%d items, more than maxItems %v", len(v), n)
		}
		if schema["uniqueItems"] == true {
			for i := range v {
				for j := range i {
					if sameJSON(v[i], v[j]) {
						bad("items %d and %d are equal", j, i)
					}
				}
			}
		}
		if items, ok := schema["items"]; ok {
			for i, e := range v {
				out = append(out, d.validate(items, e, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case map[string]any:
		out = append(out, d.checkObject(schema, v, at)...)
	}
	return out
}

// checkString checks a string's length (in characters), pattern and format.
func (d *apiDoc) checkString(schema map[string]any, v, at string) []string {
	var out []string
	n := float64(utf8.RuneCountInString(v))
	if m, ok := number(schema["minLength"]); ok && n < m {
		out = append(out, fmt.Sprintf("%s: %d characters, fewer than minLength %v", at, int(n), m))
	}
	if m, ok := number(schema["maxLength"]); ok && n > m {
		out = append(out, fmt.Sprintf("%s: %d characters, more than maxLength %v", at, int(n), m))
	}
	if p, ok := schema["pattern"].(string); ok {
		re, err := d.pattern(p)
		if err != nil {
			out = append(out, fmt.Sprintf("%s: pattern %q: %v", at, p, err))
		} else if !re.MatchString(v) {
			out = append(out, fmt.Sprintf("%s: %q does not match %s", at, v, p))
		}
	}
	var err error
	switch f, _ := schema["format"].(string); f {
	case "":
	case "date":
		_, err = time.Parse(time.DateOnly, v)
	case "date-time":
		_, err = time.Parse(time.RFC3339Nano, v)
	case "email":
		if !emailPattern.MatchString(v) {
			err = fmt.Errorf("not an email address")
		}
	case "uri":
		if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
			err = fmt.Errorf("not an http(s) address")
		}
	default:
		err = fmt.Errorf("the validator does not know format %q", f)
	}
	if err != nil {
		out = append(out, fmt.Sprintf("%s: %q: %v", at, v, err))
	}
	return out
}

// checkObject checks required, properties and additionalProperties.
func (d *apiDoc) checkObject(schema, v map[string]any, at string) []string {
	var out []string
	props, _ := schema["properties"].(map[string]any)
	for _, r := range asList(schema["required"]) {
		if _, ok := v[r.(string)]; !ok {
			out = append(out, fmt.Sprintf("%s: the required %q is missing", at, r))
		}
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		where := at + "." + k
		if p, ok := props[k]; ok {
			out = append(out, d.validate(p, v[k], where)...)
			continue
		}
		switch ap := schema["additionalProperties"].(type) {
		case nil, bool:
			if ap == false {
				out = append(out, fmt.Sprintf("%s: not in the schema", where))
			}
		default:
			out = append(out, d.validate(ap, v[k], where)...)
		}
	}
	return out
}

// pattern compiles (once) a schema pattern. JSON Schema patterns are not
// anchored; Go's RE2 syntax covers the ones the document uses.
func (d *apiDoc) pattern(p string) (*regexp.Regexp, error) {
	if re, ok := d.patterns[p]; ok {
		return re, nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, err
	}
	d.patterns[p] = re
	return re, nil
}

// hasType reports whether v is of the JSON Schema type t.
func hasType(v any, t string) bool {
	switch v := v.(type) {
	case string:
		return t == "string"
	case bool:
		return t == "boolean"
	case []any:
		return t == "array"
	case map[string]any:
		return t == "object"
	case json.Number:
		if t == "number" {
			return true
		}
		if t != "integer" {
			return false
		}
		if _, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return true
		}
		f, err := v.Float64()
		return err == nil && f == math.Trunc(f)
	}
	return false
}

// typeName names the JSON type of v.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// number returns a schema keyword's numeric value.
func number(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// asList returns v as a list (nil when it is not one).
func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// sameJSON reports whether two decoded JSON values are equal.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
