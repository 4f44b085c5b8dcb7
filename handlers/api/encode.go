package api

import (
	"encoding/json"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
	"hubdir/content/catalog"
)

// needJSONCache keeps the JSON of needs as the API shows them (needView),
// by the catalog's pointer to the need: the catalog never changes a need
// it holds, a write replaces the pointer, so an entry is right for as long
// as its day lasts (a published need turns expired at midnight). Lists and
// details of needs then cost a copy of bytes instead of encoding every
// translation again. When it holds maxEncodedNeeds entries, the cache
// starts over, which also drops the entries of replaced needs.
type needJSONCache struct {
	m sync.Map // *content.Need → *encodedNeed
	n atomic.Int64
}

// encodedNeed is the JSON of a need on one day.
type encodedNeed struct {
	day  content.Date
	json []byte
}

// maxEncodedNeeds bounds the needs whose JSON is kept.
const maxEncodedNeeds = 250_000

// needJSON returns the JSON encoding of h.needView(n), from the cache when
// it is there.
func (h *Handler) needJSON(n *content.Need, today content.Date) ([]byte, error) {
	if v, ok := h.encoded.m.Load(n); ok {
		if e := v.(*encodedNeed); e.day == today {
			return e.json, nil
		}
	}
	v := *n
	v.Status = n.StatusOn(today)
	b, err := json.Marshal(&v)
	if err != nil {
		return nil, err
	}
	if h.encoded.n.Add(1) > maxEncodedNeeds {
		h.encoded.m.Clear()
		h.encoded.n.Store(1)
	}
	h.encoded.m.Store(n, &encodedNeed{day: today, json: b})
	return b, nil
}

// sendNeedList writes the list answer of res as c.JSON(list[content.Need]{…})
// would, with every need's JSON from the cache, straight into the
// response's (pooled) body buffer.
func (h *Handler) sendNeedList(c *fiber.Ctx, res catalog.NeedResult) error {
	today := h.today()
	parts := make([][]byte, len(res.Items))
	for i, n := range res.Items {
		b, err := h.needJSON(n, today)
		if err != nil {
			return err
		}
		parts[i] = b
	}
	facets, err := h.facets.encode(res.Facets)
	if err != nil {
		return err
	}
	var num [20]byte
	r := c.Response()
	r.ResetBody()
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	r.AppendBodyString(`{"items":[`)
	for i, b := range parts {
		if i > 0 {
			r.AppendBodyString(",")
		}
		r.AppendBody(b)
	}
	r.AppendBodyString(`],"total":`)
	r.AppendBody(strconv.AppendInt(num[:0], int64(res.Total), 10))
	r.AppendBodyString(`,"page":`)
	r.AppendBody(strconv.AppendInt(num[:0], int64(res.Page), 10))
	r.AppendBodyString(`,"per_page":`)
	r.AppendBody(strconv.AppendInt(num[:0], int64(res.PerPage), 10))
	r.AppendBodyString(`,"facets":`)
	r.AppendBody(facets)
	if res.Partial {
		r.AppendBodyString(`,"partial":true`)
	}
	if len(res.Expanded) > 0 {
		b, err := json.Marshal(res.Expanded)
		if err != nil {
			return err
		}
		r.AppendBodyString(`,"expanded":`)
		r.AppendBody(b)
	}
	if res.DidYouMean != "" {
		b, err := json.Marshal(res.DidYouMean)
		if err != nil {
			return err
		}
		r.AppendBodyString(`,"did_you_mean":`)
		r.AppendBody(b)
	}
	r.AppendBodyString("}")
	return nil
}

// facetsJSONCache keeps the JSON of facet maps. The catalog answers a
// repeated public query from its own cache with the same Facets map, so
// the map's identity is the key; an entry holds its map, which therefore
// cannot be freed and its address reused while the entry exists.
type facetsJSONCache struct {
	m sync.Map // uintptr → *facetsJSON
	n atomic.Int64
}

type facetsJSON struct {
	facets catalog.Facets
	json   []byte
}

// maxFacetsJSON bounds the cache; past it the cache starts again empty.
const maxFacetsJSON = 4096

// encode returns the JSON of f, from the cache when f was seen before.
func (fc *facetsJSONCache) encode(f catalog.Facets) ([]byte, error) {
	if f == nil {
		return json.Marshal(f)
	}
	key := reflect.ValueOf(f).Pointer()
	if v, ok := fc.m.Load(key); ok {
		if e := v.(*facetsJSON); reflect.ValueOf(e.facets).Pointer() == key {
			return e.json, nil
		}
	}
	b, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	if fc.n.Add(1) > maxFacetsJSON {
		fc.m.Clear()
		fc.n.Store(1)
	}
	fc.m.Store(key, &facetsJSON{facets: f, json: b})
	return b, nil
}
