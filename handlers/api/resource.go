package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
)

// resource describes one kind of listing (needs, companies, agreements) to
// the generic handlers below: decode → workspace → encode. Every rule (the
// hub scope first, the version, the catalog, the audit entry, the domain
// event) is the workspace's (content/workspace).
type resource[T any] struct {
	path    string // "/api/v1/needs"
	param   string // route parameter: "ref" or "slug"
	id      func(doc *T) string
	version func(doc *T) int64
	view    func(doc *T) any
	// managed returns the document if the caller may manage it (the
	// workspace's scope check), for answering a malformed request with
	// the same 404 as a well-formed one when the document is another
	// hub's.
	managed func(ctx context.Context, st *content.Staff, id string) (*T, error)
}

// answer writes doc with its ETag.
func (r *resource[T]) answer(c *fiber.Ctx, doc *T, status int) error {
	if status == fiber.StatusNoContent {
		return c.SendStatus(status)
	}
	etag(c, r.version(doc))
	return c.Status(status).JSON(r.view(doc))
}

// scopeFirst returns the scope error of the request's document when there
// is one, else bad: a request about another hub's listing is not found,
// whatever else is wrong with it.
func (r *resource[T]) scopeFirst(c *fiber.Ctx, st *content.Staff, bad error) error {
	if _, err := r.managed(c.UserContext(), st, c.Params(r.param)); err != nil {
		return err
	}
	return bad
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

// create answers POST {path}: input of type I, written by write.
func create[T, I any](c *fiber.Ctx, r *resource[T], write func(ctx context.Context, st *content.Staff, ch string, in *I) (*T, error)) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	in := new(I)
	if err := decode(c, in); err != nil {
		return err
	}
	doc, err := write(c.UserContext(), st, content.ChannelAPI, in)
	if err != nil {
		return err
	}
	c.Location(r.path + "/" + r.id(doc))
	return r.answer(c, doc, fiber.StatusCreated)
}

// update answers PATCH {path}/{id}: a patch of type P carrying the version
// it was made from (in the body or If-Match), written by write.
func update[T, P any](c *fiber.Ctx, r *resource[T], version func(*P) *int64,
	write func(ctx context.Context, st *content.Staff, ch, id string, p *P) (*T, error)) error {
	st, err := requireStaff(c)
	if err != nil {
		return err
	}
	p := new(P)
	if err := decode(c, p); err != nil {
		return r.scopeFirst(c, st, err)
	}
	if err := ifMatch(c, version(p)); err != nil {
		return r.scopeFirst(c, st, err)
	}
	doc, err := write(c.UserContext(), st, content.ChannelAPI, c.Params(r.param), p)
	if err != nil {
		return err
	}
	return r.answer(c, doc, fiber.StatusOK)
}

// versioned returns the handler of a write that takes only the version the
// client read: a status change or a delete.
func (r *resource[T]) versioned(status int, write func(ctx context.Context, st *content.Staff, ch, id string, version int64) (*T, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		st, err := requireStaff(c)
		if err != nil {
			return err
		}
		version, err := versionOf(c)
		if err != nil {
			return r.scopeFirst(c, st, err)
		}
		doc, err := write(c.UserContext(), st, content.ChannelAPI, c.Params(r.param), version)
		if err != nil {
			return err
		}
		return r.answer(c, doc, status)
	}
}
