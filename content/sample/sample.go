// Package sample holds the sample hubs and listings that `hubdir serve` loads
// into an empty store and `hubdir seed` loads on demand: the park's two hubs
// (Iran–Turkey and Iran–China) with their needs, companies and agreements,
// written in Persian, Chinese, English and Turkish. The data lives in
// embedded JSON files under data/. The package also generates any number of
// synthetic multilingual needs for load and search tests (Synthetic).
//
// The listings are stored through the content.Store interface, so the same
// loader serves every store implementation; the sample flows (flows.go:
// interests, their answers by the hubs' desks, alert sign-ups) go through
// the workspace, as a firm's and staff's writes do.
package sample

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"hubdir/content"
)

// Author is the author recorded on everything the sample loaders store.
const Author = "sample@hubdir"

//go:embed data/*.json
var dataFS embed.FS

// NeedData is one need of data/needs.json: the create input, the status the
// need should end up in, and its deadline as a number of days from today,
// so that the sample never goes stale. A published need with a negative
// offset reads as expired.
type NeedData struct {
	content.NeedInput
	Status             string `json:"status"`
	DeadlineOffsetDays int    `json:"deadline_offset_days"`
}

// Deadline returns the need's deadline when today is the given date.
func (d *NeedData) Deadline(today content.Date) content.Date {
	return addDays(today, d.DeadlineOffsetDays)
}

// CompanyData is one company of data/companies.json.
type CompanyData struct {
	content.CompanyInput
	Published bool `json:"published"`
}

// AgreementData is one agreement of data/agreements.json. Because need
// references are allocated by the store, linked needs are given as indexes
// into data/needs.json and resolved by Load.
type AgreementData struct {
	content.AgreementInput
	NeedIndexes []int `json:"need_indexes"`
	Published   bool  `json:"published"`
}

// Data is the whole sample, as embedded.
type Data struct {
	Hubs       []*content.Hub
	Needs      []NeedData
	Companies  []CompanyData
	Agreements []AgreementData
	Offers     []OfferData
}

// Parse decodes the embedded data files, rejecting unknown fields, and checks
// what the loader relies on: need statuses, no fixed need deadlines or
// agreement need references (offsets and indexes are used instead), and
// need indexes within range. Each call returns a fresh copy.
func Parse() (*Data, error) {
	d := &Data{}
	files := []struct {
		name string
		dst  any
	}{
		{"hubs.json", &d.Hubs},
		{"needs.json", &d.Needs},
		{"companies.json", &d.Companies},
		{"agreements.json", &d.Agreements},
		{"offers.json", &d.Offers},
	}
	for _, f := range files {
		if err := decodeFile(f.name, f.dst); err != nil {
			return nil, err
		}
	}
	for i, n := range d.Needs {
		switch n.Status {
		case content.NeedDraft, content.NeedPublished, content.NeedClosed, content.NeedArchived:
		default:
			return nil, fmt.Errorf("sample: needs.json[%d]: unknown status %q", i, n.Status)
		}
		if n.NeedInput.Deadline != "" {
			return nil, fmt.Errorf("sample: needs.json[%d]: use deadline_offset_days, not deadline", i)
		}
	}
	if err := checkOffers(d.Offers); err != nil {
		return nil, err
	}
	for i, a := range d.Agreements {
		if len(a.AgreementInput.Needs) > 0 {
			return nil, fmt.Errorf("sample: agreements.json[%d]: use need_indexes, not needs", i)
		}
		for _, x := range a.NeedIndexes {
			if x < 0 || x >= len(d.Needs) {
				return nil, fmt.Errorf("sample: agreements.json[%d]: need index %d out of range", i, x)
			}
		}
	}
	return d, nil
}

// decodeFile decodes one embedded file strictly: unknown fields and
// trailing data are errors.
func decodeFile(name string, dst any) error {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return fmt.Errorf("sample: %s: %w", name, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("sample: %s: trailing data after the JSON value", name)
	}
	return nil
}

// Seeder is implemented by stores that can store a need exactly as given,
// for sample data and imports. SeedNeed validates the need's fields (but
// not that its deadline is in the future), keeps its reference code, status,
// version and timestamps, replaces any need with the same reference, and
// allocates a new revision so that the catalog picks the write up.
//
// The loaders use it only to give needs deadlines in the past (expired
// needs); a store without it gets those needs with tomorrow's deadline.
type Seeder interface {
	SeedNeed(ctx context.Context, n *content.Need) error
}

// Empty reports whether the store has no hubs; `hubdir serve` then loads
// the sample.
func Empty(ctx context.Context, st content.Store) (bool, error) {
	hubs, err := st.Hubs(ctx)
	if err != nil {
		return false, err
	}
	return len(hubs) == 0, nil
}

// Load stores the sample hubs and listings into st, which must hold no needs
// yet, and publishes what the data marks published; everything is recorded
// as written by Author. now and zone give today's date, from which need
// deadlines are computed; they should agree with the store's own clock.
//
// Hubs are created or replaced; companies and agreements whose slug is
// already taken make Load fail with content.ErrConflict. Needs with a
// deadline in the past get it only when st implements Seeder (see there).
func Load(ctx context.Context, st content.Store, now time.Time, zone *time.Location) error {
	d, err := Parse()
	if err != nil {
		return err
	}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	if len(snap.Needs) > 0 {
		return fmt.Errorf("sample: the store already holds %d needs", len(snap.Needs))
	}
	today := content.Today(now, zone)

	for _, h := range d.Hubs {
		h.CreatedAt, h.UpdatedAt = now, now
		if h.Version == 0 {
			h.Version = 1
		}
		if err := st.PutHub(ctx, h); err != nil {
			return fmt.Errorf("sample: hub %s: %w", h.Code, err)
		}
	}
	for _, c := range d.Companies {
		created, err := st.CreateCompany(ctx, &c.CompanyInput, Author)
		if err != nil {
			return fmt.Errorf("sample: company %s: %w", c.Slug, err)
		}
		if c.Published {
			if _, err := st.PublishCompany(ctx, created.Slug, true, created.Version, Author); err != nil {
				return fmt.Errorf("sample: publish company %s: %w", c.Slug, err)
			}
		}
	}
	refs := make([]string, len(d.Needs))
	for i := range d.Needs {
		nd := &d.Needs[i]
		n, err := storeNeed(ctx, st, nd.NeedInput, nd.Status, nd.Deadline(today), now, today)
		if err != nil {
			return fmt.Errorf("sample: need %d (%s): %w", i, nd.Title["en"], err)
		}
		refs[i] = n.Ref
	}
	for _, a := range d.Agreements {
		in := a.AgreementInput
		in.Needs = nil
		for _, x := range a.NeedIndexes {
			in.Needs = append(in.Needs, refs[x])
		}
		created, err := st.CreateAgreement(ctx, &in, Author)
		if err != nil {
			return fmt.Errorf("sample: agreement %s: %w", a.Slug, err)
		}
		if a.Published {
			if _, err := st.PublishAgreement(ctx, created.Slug, true, created.Version, Author); err != nil {
				return fmt.Errorf("sample: publish agreement %s: %w", a.Slug, err)
			}
		}
	}
	return loadOffers(ctx, st, d.Offers, today)
}

// storeNeed creates a need from in with the given deadline and takes it to
// status (draft, published, expired, closed or archived) through the
// store's transitions. A deadline before today cannot be created; such a
// need is created with tomorrow's deadline and, when st is a Seeder, then
// seeded with its real deadline and publication dates before it.
func storeNeed(ctx context.Context, st content.Store, in content.NeedInput, status string,
	deadline content.Date, now time.Time, today content.Date) (*content.Need, error) {
	past := deadline.Before(today)
	in.Deadline = deadline
	if past {
		in.Deadline = addDays(today, 1)
	}
	n, err := st.CreateNeed(ctx, &in, Author)
	if err != nil {
		return nil, err
	}
	var steps []content.NeedTransition
	switch status {
	case content.NeedDraft:
	case content.NeedPublished, content.NeedExpired:
		steps = []content.NeedTransition{content.Publish}
	case content.NeedClosed:
		steps = []content.NeedTransition{content.Publish, content.Close}
	case content.NeedArchived:
		steps = []content.NeedTransition{content.Archive}
	default:
		return nil, fmt.Errorf("unknown need status %q", status)
	}
	for _, t := range steps {
		ref := n.Ref
		if n, err = st.TransitionNeed(ctx, ref, t, n.Version, Author); err != nil {
			return nil, fmt.Errorf("%s %s: %w", t, ref, err)
		}
	}
	seeder, ok := st.(Seeder)
	if !past || !ok {
		return n, nil
	}
	m := *n
	m.Deadline = deadline
	m.Version++
	m.UpdatedAt = now
	// A need that expired was posted a while before its deadline.
	posted := deadline.Time().AddDate(0, 0, -45).Add(9 * time.Hour)
	m.CreatedAt = posted
	if m.PublishedAt != nil {
		p := posted.Add(2 * time.Hour)
		m.PublishedAt = &p
	}
	if err := seeder.SeedNeed(ctx, &m); err != nil {
		return nil, fmt.Errorf("seed %s: %w", m.Ref, err)
	}
	return &m, nil
}

// addDays returns the date days after d.
func addDays(d content.Date, days int) content.Date {
	return content.DateOf(d.Time().AddDate(0, 0, days))
}
