package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
)

// resource describes one kind of listing (needs, companies, agreements) to
// the generic write handlers below, so that every kind gets the same
// checks in the same order: a staff token, a well-formed id, the caller's
// hubs, the version read, and the catalog updated before the answer.
type resource[T any] struct {
	path    string                                           // "/api/v1/needs"
	param   string                                           // route parameter: "ref" or "slug"
	valid   func(id string) bool                             // well-formed id
	load    func(ctx context.Context, id string) (*T, error) // from the store, any status
	manages func(st *content.Staff, doc *T) bool             // the caller may manage doc
	id      func(doc *T) string
	version func(doc *T) int64
	put     func(doc *T) // into the catalog
	view    func(doc *T) any
	auditor *Handler // records every write in the audit log (audit.go)
}

// managed returns the document the request names if the caller may manage
// it; a document of another hub is as unknown as a missing one.
func (r *resource[T]) managed(c *fiber.Ctx, st *content.Staff) (*T, error) {
	id := c.Params(r.param)
	if !r.valid(id) {
		return nil, content.ErrNotFound
	}
	doc, err := r.load(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	if !r.manages(st, doc) {
		return nil, content.ErrNotFound
	}
	return doc, nil
}

// answer updates the catalog and writes doc with its ETag.
func (r *resource[T]) answer(c *fiber.Ctx, doc *T, status int) error {
	r.put(doc)
	if r.auditor != nil {
		r.auditor.auditWrite(c, r.path, r.id(doc), doc)
	}
	if status == fiber.StatusNoContent {
		return c.SendStatus(status)
	}
	etag(c, r.version(doc))
	return c.Status(status).JSON(r.view(doc))
}

// get answers GET {path}/{id} from the catalog.
func (r *resource[T]) get(c *fiber.Ctx, find func(id string) (*T, bool)) error {
	doc, ok := find(c.Params(r.param))
	if !ok {
		return content.ErrNotFound
	}
	etag(c, r.version(doc))
	return c.JSON(r.view(doc))
}

// create answers POST {path}: input of type I, which the caller must be
// allowed to create (its hubs), stored by store.
func create[T, I any](c *fiber.Ctx, r *resource[T], allowed func(*content.Staff, *I) bool,
	store func(context.Context, *I, string) (*T, error)) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	in := new(I)
	if err := decode(c, in); err != nil {
		return err
	}
	if !allowed(st, in) {
		return content.ErrForbidden
	}
	doc, err := store(c.UserContext(), in, st.Email)
	if err != nil {
		return err
	}
	c.Location(r.path + "/" + r.id(doc))
	return r.answer(c, doc, fiber.StatusCreated)
}

// update answers PATCH {path}/{id}: a patch of type P carrying the version
// it was made from (in the body or If-Match).
func update[T, P any](c *fiber.Ctx, r *resource[T], version func(*P) *int64, allowed func(*content.Staff, *P) bool,
	store func(context.Context, string, *P, string) (*T, error)) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	p := new(P)
	if err := decode(c, p); err != nil {
		return err
	}
	if err := ifMatch(c, version(p)); err != nil {
		return err
	}
	cur, err := r.managed(c, st)
	if err != nil {
		return err
	}
	if !allowed(st, p) {
		return content.ErrForbidden
	}
	doc, err := store(c.UserContext(), r.id(cur), p, st.Email)
	if err != nil {
		return err
	}
	return r.answer(c, doc, fiber.StatusOK)
}

// versioned returns the handler of a write that takes only the version the
// client read: a status change or a delete.
func (r *resource[T]) versioned(status int, store func(ctx context.Context, id string, version int64, by string) (*T, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		st, err := requireStaff(c)
		if err != nil {
			return err
		}
		version, err := versionOf(c)
		if err != nil {
			return err
		}
		cur, err := r.managed(c, st)
		if err != nil {
			return err
		}
		doc, err := store(c.UserContext(), r.id(cur), version, st.Email)
		if err != nil {
			return err
		}
		return r.answer(c, doc, status)
	}
}

// managesAll reports whether the caller may manage every well-formed hub
// code in hubs; malformed codes are left to validation.
func managesAll(st *content.Staff, hubs ...string) bool {
	for _, hub := range hubs {
		if content.ValidHubCode(hub) && !st.CanManage(hub) {
			return false
		}
	}
	return true
}
