package mongo

// The checks of each line of a backup file before Import writes anything.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"hubdir/content"
)

// check checks one line.
func (v *importCheck) check(b []byte) error {
	if !utf8.Valid(b) {
		return v.errorf("invalid UTF-8")
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		return v.errorf("a carriage return (CR) that no line feed follows: lines end with LF or CRLF")
	}
	if v.ended {
		return v.errorf("text after the end line")
	}
	if !v.header {
		var h exportHeader
		if err := strictJSON(b, &h); err != nil {
			return v.errorf("not a hubdir export header: %v", err)
		}
		if h.Format != exportFormat {
			return v.errorf("export format %d is not supported (want %d)", h.Format, exportFormat)
		}
		v.header = true
		return nil
	}
	var l exportLine
	if err := strictJSON(b, &l); err != nil {
		return v.errorf("%v", err)
	}
	if l.End != nil {
		if l.Collection != "" || l.Doc != nil {
			return v.errorf("the end line has other fields")
		}
		if *l.End != v.count {
			return v.errorf("the end line counts %d documents, the file has %d", *l.End, v.count)
		}
		v.ended = true
		return nil
	}
	if _, ok := v.ids[l.Collection]; !ok {
		return v.errorf("unknown collection %q", l.Collection)
	}
	if len(l.Doc) == 0 || l.Doc[0] != '{' {
		return v.errorf("no document")
	}
	if v.count++; v.count > maxDocuments {
		return v.errorf("more than %d documents", maxDocuments)
	}
	var raw bson.Raw
	if err := bson.UnmarshalExtJSON(l.Doc, true, &raw); err != nil {
		return v.errorf("%s: not a document in Extended JSON: %v", l.Collection, err)
	}
	id, ok := raw.Lookup("_id").StringValueOK()
	if !ok || id == "" || len(id) > 200 {
		return v.errorf("%s: the _id is missing or not a string", l.Collection)
	}
	if _, dup := v.ids[l.Collection][id]; dup {
		return v.errorf("%s %q appears twice", l.Collection, id)
	}
	if err := v.checkDoc(l.Collection, id, raw); err != nil {
		return fmt.Errorf("import: line %d: %s %q: %w", v.line, l.Collection, id, err)
	}
	v.offsets[l.Collection] = append(v.offsets[l.Collection], v.written)
	n, err := v.spool.Write(raw)
	v.written += int64(n)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

// strictJSON decodes one JSON object into v, refusing unknown fields and
// anything after the object.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("text after the JSON object")
	}
	return nil
}

// tokenHashPattern is the form of a token's _id: a hex SHA-256.
var tokenHashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// counterNamePattern is the form of a counter's name.
var counterNamePattern = regexp.MustCompile(`^[A-Za-z0-9:_\-.]{1,100}$`)

// checkDoc checks the document id of collection coll and records its
// identifier, references and counters.
func (v *importCheck) checkDoc(coll, id string, raw bson.Raw) error {
	hub := ""
	switch coll {
	case collHubs:
		h, err := checkTyped(raw, func(h *content.Hub) error {
			return checkMeta(h.Version, h.Rev, h.CreatedAt, h.Validate())
		})
		if err != nil {
			return err
		}
		v.raise(revCounter, h.Rev)
	case collCompanies:
		c, err := checkTyped(raw, func(c *content.Company) error {
			in := content.CompanyInput{
				Slug: c.Slug, Name: c.Name, Kind: c.Kind, Country: c.Country, City: c.City,
				Sectors: c.Sectors, Website: c.Website, Description: c.Description,
				Capabilities: c.Capabilities, Hubs: c.Hubs, Lab: c.Lab,
			}
			err := in.Validate()
			c.Name, c.Kind, c.Country, c.City, c.Sectors = in.Name, in.Kind, in.Country, in.City, in.Sectors
			c.Website, c.Description, c.Capabilities, c.Hubs = in.Website, in.Description, in.Capabilities, in.Hubs
			return checkMeta(c.Version, c.Rev, c.CreatedAt, err)
		})
		if err != nil {
			return err
		}
		v.raise(revCounter, c.Rev)
		for _, h := range c.Hubs {
			v.refer("hubs", collHubs, h, "")
		}
	case collNeeds:
		n, err := checkTyped(raw, func(n *content.Need) error {
			return checkMeta(n.Version, n.Rev, n.CreatedAt, n.Validate())
		})
		if err != nil {
			return err
		}
		v.raise(revCounter, n.Rev)
		if name, seq, ok := needCounter(n.Ref); ok {
			v.raise(name, seq)
		}
		v.refer("hub", collHubs, n.Hub, "")
		hub = n.Hub
	case collAgreements:
		a, err := checkTyped(raw, func(a *content.Agreement) error {
			in := content.AgreementInput{
				Slug: a.Slug, Hub: a.Hub, Title: a.Title, Scope: a.Scope, Parties: a.Parties,
				SignedOn: a.SignedOn, ExpiresOn: a.ExpiresOn, Status: a.Status, Needs: a.Needs,
			}
			err := in.Validate()
			a.Title, a.Scope, a.Parties, a.SignedOn, a.ExpiresOn, a.Needs = in.Title, in.Scope, in.Parties, in.SignedOn, in.ExpiresOn, in.Needs
			return checkMeta(a.Version, a.Rev, a.CreatedAt, err)
		})
		if err != nil {
			return err
		}
		v.raise(revCounter, a.Rev)
		v.refer("hub", collHubs, a.Hub, "")
		for _, p := range a.Parties {
			if p.Company != "" {
				v.refer("parties", collCompanies, p.Company, "")
			}
		}
		for _, r := range a.Needs {
			v.refer("needs", collNeeds, r, "")
		}
	case collSite:
		if err := checkSiteDoc(raw); err != nil {
			return err
		}
	case collOffers:
		h, err := v.checkOffer(raw)
		if err != nil {
			return err
		}
		hub = h
	case collInterests:
		if _, ok := raw.Lookup("testing").DocumentOK(); ok {
			i, err := v.checkTestingInterest(raw)
			if err != nil {
				return err
			}
			if v.dedupe[i.DedupeKey] {
				return content.Errorf(content.CodeInvalid, "a second identical testing request %s", i.Ref)
			}
			v.dedupe[i.DedupeKey] = true
			v.raise("interest:"+i.Ref[4:6], interestSeq(i.Ref))
			break
		}
		i, err := checkTyped(raw, checkInterest)
		if err != nil {
			return err
		}
		if v.dedupe[i.DedupeKey] {
			return content.Errorf(content.CodeInvalid, "a second interest of the same email in need %s", i.Need)
		}
		v.dedupe[i.DedupeKey] = true
		v.raise("interest:"+i.Ref[4:6], interestSeq(i.Ref))
		v.refer("need", collNeeds, i.Need, i.Hub)
	case collStaff:
		_, err := checkTyped(raw, func(st *content.Staff) error {
			in := content.StaffInput{Email: st.Email, Name: st.Name, Role: st.Role, Hubs: st.Hubs}
			err := in.Validate()
			st.Email, st.Name, st.Hubs = in.Email, in.Name, in.Hubs
			if err == nil && (st.PasswordHash == "" || len(st.PasswordHash) > 200) {
				err = content.InvalidField("password_hash", content.RuleRequired)
			}
			return checkMeta(1, 1, st.CreatedAt, err)
		})
		if err != nil {
			return err
		}
	case collTokens:
		t, err := checkTyped(raw, func(t *content.Token) error {
			if !tokenHashPattern.MatchString(t.Hash) {
				return content.InvalidField("_id", content.RuleUnknownValue)
			}
			return checkMeta(1, 1, t.CreatedAt, nil)
		})
		if err != nil {
			return err
		}
		v.refer("email", collStaff, t.Email, "")
	case collCounters:
		type counter struct {
			Name string `bson:"_id"`
			N    int64  `bson:"n"`
		}
		c, err := checkTyped(raw, func(c *counter) error {
			if !counterNamePattern.MatchString(c.Name) || c.N < 0 {
				return content.InvalidField("n", content.RuleOutOfRange)
			}
			return nil
		})
		if err != nil {
			return err
		}
		v.raise(c.Name, c.N)
		v.counterDocs++
	default:
		if err := v.checkMailDoc(coll, raw); err != nil {
			return err
		}
	}
	v.ids[coll][id] = hub
	return nil
}

// checkInterest validates an interest as CreateInterest and
// UpdateInterestStatus leave it.
func checkInterest(i *content.Interest) error {
	in := content.InterestInput{
		Company: i.Company, ContactName: i.ContactName, Email: i.Email, Phone: i.Phone,
		Answers: i.Answers, Consent: i.Consent, Lang: i.Lang,
	}
	lang := i.Lang
	err := in.Validate("")
	i.Company, i.ContactName, i.Email, i.Phone, i.Answers = in.Company, in.ContactName, in.Email, in.Phone, in.Answers
	if err != nil {
		return err
	}
	statuses := content.InterestStatuses()
	switch {
	case !content.ValidInterestRef(i.Ref):
		return content.InvalidField("ref", content.RuleInvalidRef)
	case !content.ValidRef(i.Need):
		return content.InvalidField("need", content.RuleInvalidRef)
	case !content.ValidHubCode(i.Hub):
		return content.InvalidField("hub", content.RuleInvalidHub)
	case lang == "":
		return content.InvalidField("lang", content.RuleRequired)
	case !slices.Contains(statuses, i.Status):
		return content.InvalidField("status", content.RuleUnknownValue)
	case i.DeclineReason != "" && !slices.Contains(content.DeclineReasons(), i.DeclineReason):
		return content.InvalidField("decline_reason", content.RuleUnknownValue)
	case i.DedupeKey != content.DedupeKey(i.Need, i.Email):
		return content.InvalidField("dedupe_key", content.RuleUnknownValue)
	}
	for _, h := range i.History {
		if !slices.Contains(statuses, h.From) || !slices.Contains(statuses, h.To) || h.At.IsZero() {
			return content.InvalidField("history", content.RuleUnknownValue)
		}
	}
	return checkMeta(i.Version, 1, i.CreatedAt, nil)
}

// interestSeq returns the number of an interest reference ("EOI-26-00042":
// 42).
func interestSeq(ref string) int64 {
	var n int64
	for _, c := range ref[7:] {
		n = n*10 + int64(c-'0')
	}
	return n
}

// checkMeta returns err, or an invalid-input error when a document's
// version or revision is below 1 or it has no creation time.
func checkMeta(version, rev int64, created time.Time, err error) error {
	switch {
	case err != nil:
		return err
	case version < 1:
		return content.InvalidField("version", content.RuleOutOfRange)
	case rev < 1:
		return content.InvalidField("rev", content.RuleOutOfRange)
	case created.IsZero():
		return content.InvalidField("created_at", content.RuleRequired)
	}
	return nil
}

// raise records that counter name must reach at least n.
func (v *importCheck) raise(name string, n int64) {
	if n > v.counters[name] {
		v.counters[name] = n
	}
}

// refer records a reference of the current line.
func (v *importCheck) refer(field, coll, id, hub string) {
	v.refs = append(v.refs, importRef{line: v.line, field: field, coll: coll, id: id, hub: hub})
}

// checkRefs checks that every recorded reference resolves.
func (v *importCheck) checkRefs() error {
	for _, r := range v.refs {
		hub, ok := v.ids[r.coll][r.id]
		switch {
		case !ok:
			return content.Errorf(content.CodeInvalid, "import: line %d: %s refers to %s %q, which is not in the file", r.line, r.field, r.coll, r.id)
		case r.hub != "" && hub != r.hub:
			return content.Errorf(content.CodeInvalid, "import: line %d: %s %q is of hub %s, not %s", r.line, r.field, r.id, hub, r.hub)
		}
	}
	return nil
}

// checkTyped decodes raw into a T and checks that the T holds all of it:
// encoded again, it must give the same fields with the same BSON types and
// values (any order), so that no unknown, missing or mistyped field slips
// through. It then runs validate, which normalises the T in place as the
// store's writes do, and checks that normalising changed nothing: a
// document that the store would not have written is refused.
func checkTyped[T any](raw bson.Raw, validate func(*T) error) (*T, error) {
	v := new(T)
	if err := bson.Unmarshal(raw, v); err != nil {
		return nil, content.Errorf(content.CodeInvalid, "does not fit its type: %v", err)
	}
	before, err := bson.Marshal(v)
	if err != nil {
		return nil, err
	}
	if p := diffDocs(raw, before, "", false); p != "" {
		return nil, content.Errorf(content.CodeInvalid, "field %s is unknown, missing or of the wrong type", p)
	}
	if err := validate(v); err != nil {
		return nil, err
	}
	after, err := bson.Marshal(v)
	if err != nil {
		return nil, err
	}
	if p := diffDocs(before, after, "", true); p != "" {
		return nil, content.Errorf(content.CodeInvalid, "field %s is not in normal form", p)
	}
	return v, nil
}

// diffDocs returns the path of the first field in which the BSON documents
// a and b differ, "" when they are equal. The order of fields does not
// matter; a field present twice is a difference. When loose is set, a null,
// an empty array, an empty document and a missing field count as equal.
func diffDocs(a, b bson.Raw, path string, loose bool) string {
	ea, err := a.Elements()
	if err != nil {
		return orRoot(path)
	}
	eb, err := b.Elements()
	if err != nil {
		return orRoot(path)
	}
	mb := make(map[string]bson.RawValue, len(eb))
	for _, e := range eb {
		mb[e.Key()] = e.Value()
	}
	seen := make(map[string]bool, len(ea))
	for _, e := range ea {
		k, va := e.Key(), e.Value()
		p := joinPath(path, k)
		if seen[k] {
			return p
		}
		seen[k] = true
		vb, ok := mb[k]
		if !ok {
			if loose && emptyValue(va) {
				continue
			}
			return p
		}
		if d := diffValues(va, vb, p, loose); d != "" {
			return d
		}
	}
	for _, e := range eb {
		if !seen[e.Key()] && !(loose && emptyValue(e.Value())) {
			return joinPath(path, e.Key())
		}
	}
	return ""
}

// diffValues compares two BSON values as diffDocs does.
func diffValues(a, b bson.RawValue, path string, loose bool) string {
	if loose && emptyValue(a) && emptyValue(b) {
		return ""
	}
	if a.Type != b.Type {
		return path
	}
	switch a.Type {
	case bson.TypeEmbeddedDocument:
		return diffDocs(a.Document(), b.Document(), path, loose)
	case bson.TypeArray:
		return diffDocs(bson.Raw(a.Array()), bson.Raw(b.Array()), path, loose)
	}
	if string(a.Value) != string(b.Value) {
		return path
	}
	return ""
}

// emptyValue reports whether v is null, an empty array or an empty document.
func emptyValue(v bson.RawValue) bool {
	switch v.Type {
	case bson.TypeNull:
		return true
	case bson.TypeArray, bson.TypeEmbeddedDocument:
		return len(v.Value) == 5 // the length and the terminating zero only
	}
	return false
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "(document)"
	}
	return path
}

// checkSiteDoc checks a saved platform page or the site settings of a
// backup as PutSitePage and PutSiteSettings leave them.
func checkSiteDoc(raw bson.Raw) error {
	if id, _ := raw.Lookup("_id").StringValueOK(); id == content.SiteSettingsID {
		_, err := checkTyped(raw, func(st *content.SiteSettings) error {
			return checkMeta(st.Version, 1, st.UpdatedAt, st.Validate())
		})
		return err
	}
	_, err := checkTyped(raw, func(p *content.SitePage) error {
		return checkMeta(p.Version, 1, p.UpdatedAt, p.Validate())
	})
	return err
}
