package api

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"hubdir/content"
)

// auditWrite records a successful API write in the audit log: who (the
// token's staff member), the action (create, update, delete, or the last
// path segment: publish, close, archive, unpublish, status), the document
// (kind from the collection path, id, hub) and, for a create or a patch,
// the top-level fields the body named. A failure to record is logged; the
// write itself has been made.
func (h *Handler) auditWrite(c *fiber.Ctx, collPath, id string, doc any) {
	st := staff(c)
	if st == nil {
		return
	}
	e := content.AuditEntry{By: st.Email, ID: id, Via: "api"}
	if h.Now != nil {
		e.At = h.Now()
	}
	switch d := doc.(type) {
	case *content.Need:
		e.Kind, e.Hub = content.KindNeed, d.Hub
	case *content.Agreement:
		e.Kind, e.Hub = content.KindAgreement, d.Hub
	case *content.Company:
		e.Kind, e.Hub = content.KindCompany, strings.Join(d.Hubs, ",")
	case *content.Interest:
		e.Kind, e.Hub = content.KindInterest, d.Hub
	case *content.Offer:
		e.Kind, e.Hub = content.KindOffer, strings.Join(d.Hubs, ",")
	}
	route := c.Route().Path
	switch {
	case c.Method() == fiber.MethodDelete:
		e.Action = content.AuditDelete
	case c.Method() == fiber.MethodPatch:
		e.Action, e.Fields = content.AuditUpdate, bodyFields(c.Body())
	case strings.HasSuffix(route, "/"+strings.TrimPrefix(collPath, "/api/v1/")):
		e.Action, e.Fields = content.AuditCreate, bodyFields(c.Body())
	default:
		e.Action = route[strings.LastIndexByte(route, '/')+1:]
		if e.Action == "status" {
			e.Fields = []string{"status"}
		}
	}
	if err := h.Store.AddAudit(c.UserContext(), e); err != nil {
		h.Logger.ErrorContext(c.UserContext(), "audit log", "action", e.Action, "id", id, "err", err)
	}
}

// bodyFields returns the sorted top-level keys of a JSON object body
// (only their names: the values were decoded, into typed input, before),
// without "version"; nil when the body is not an object.
func bodyFields(body []byte) []string {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "version" && len(k) <= 64 {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
