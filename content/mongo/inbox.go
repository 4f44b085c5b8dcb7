package mongo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// EraseInterest replaces the personal data of the interest ref with
// content.ErasedMarker, from the given version, recording who erased it and
// when: one replacement of the document, like every status change. It
// returns ErrNotFound, ErrConflict, or ErrBadTransition when the interest
// is already erased.
func (s *Store) EraseInterest(ctx context.Context, ref string, version int64, by string) (*content.Interest, error) {
	return modify(ctx, s, s.interests, "interest", ref, version, by, interestMeta, interestEvent(content.EventInterestErased), func(i *content.Interest) (*content.Interest, error) {
		return content.EraseInterest(i, by, s.stamp())
	})
}

// InterestTallies counts the interests of hubs (nil: every hub) per need
// and status, ordered by hub and need. It reads only the hub, need and
// status of each interest.
func (s *Store) InterestTallies(ctx context.Context, hubs []string) ([]content.InterestTally, error) {
	if hubs != nil && len(hubs) == 0 {
		return []content.InterestTally{}, nil
	}
	filter := bson.D{}
	if hubs != nil {
		in := bson.A{}
		for _, h := range hubs {
			in = append(in, h)
		}
		filter = append(filter, bson.E{Key: "hub", Value: bson.D{{Key: "$in", Value: in}}})
	}
	proj := bson.D{{Key: "hub", Value: 1}, {Key: "need", Value: 1}, {Key: "status", Value: 1}, {Key: "offer", Value: 1}, {Key: "lab", Value: 1}}
	cur, err := s.interests.Find(ctx, filter, options.Find().SetProjection(proj))
	if err != nil {
		return nil, storeError(err)
	}
	var rows []struct {
		Hub    string `bson:"hub"`
		Need   string `bson:"need"`
		Status string `bson:"status"`
		Offer  string `bson:"offer"`
		Lab    string `bson:"lab"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, storeError(err)
	}
	byNeed := map[string]*content.InterestTally{}
	for _, r := range rows {
		key := r.Need + "\x00" + r.Offer + "\x00" + r.Lab
		t := byNeed[key]
		if t == nil {
			t = &content.InterestTally{Hub: r.Hub, Need: r.Need, Offer: r.Offer, Lab: r.Lab, ByStatus: map[string]int{}}
			byNeed[key] = t
		}
		t.ByStatus[r.Status]++
		t.Total++
	}
	out := make([]content.InterestTally, 0, len(byNeed))
	for _, t := range byNeed {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b content.InterestTally) int {
		if c := strings.Compare(a.Hub, b.Hub); c != 0 {
			return c
		}
		return strings.Compare(a.Need+"\x00"+a.Offer+"\x00"+a.Lab, b.Need+"\x00"+b.Offer+"\x00"+b.Lab)
	})
	return out, nil
}

// ImportNeeds validates every input and stores them as new draft needs
// written by by, in their order: reference codes are reserved per hub with
// ReserveNeedRefs and the needs stored with SeedNeeds, one bulk insert per
// 500 needs. Nothing is written when an input is invalid (ErrInvalid, the
// field path prefixed with the input's index) or names a hub that does not
// exist; reserved codes are then simply not used. When the database fails
// during an insert, the needs already written are deleted again
// (undoInserts): all or none.
func (s *Store) ImportNeeds(ctx context.Context, ins []*content.NeedInput, by string) ([]*content.Need, error) {
	today := s.today()
	perHub := map[string]int{}
	for k, in := range ins {
		if err := in.Validate(today); err != nil {
			return nil, fmt.Errorf("needs[%d]: %w", k, err)
		}
		perHub[in.Hub]++
	}
	if err := s.hubError(ctx, "hub", sortedKeys(perHub)...); err != nil {
		return nil, err
	}
	refs := map[string][]string{}
	for _, hub := range sortedKeys(perHub) {
		r, err := s.ReserveNeedRefs(ctx, hub, perHub[hub])
		if err != nil {
			return nil, err
		}
		refs[hub] = r
	}
	now := s.stamp()
	needs := make([]*content.Need, len(ins))
	for k, in := range ins {
		needs[k] = in.NewNeed(refs[in.Hub][0], by, now)
		needs[k].Pending = []content.Event{s.stampEvent(ctx, needEvent(content.EventListingCreated)(&content.Need{}, needs[k]), needs[k].Version, by)}
		refs[in.Hub] = refs[in.Hub][1:]
	}
	if err := s.SeedNeeds(ctx, needs); err != nil {
		ids := make([]string, len(needs))
		for k, n := range needs {
			ids[k] = n.Ref
		}
		return nil, s.undoInserts(ctx, s.needs, ids, now, by, err)
	}
	return needs, nil
}
