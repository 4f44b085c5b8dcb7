package handlers_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestInterestLimitWritesNothing: the registration's limit is decided
// while the request reads the need (limitWrite), but a registration over
// the limit still writes nothing and answers 429 with Retry-After, also
// when its body is bad or its need unknown (the limit comes first, as
// before); the registrations within the limit are stored, and a bad one
// within the limit is a 4xx that writes nothing.
func TestInterestLimitWritesNothing(t *testing.T) {
	e := newEnv(t, 3)
	need := e.publicNeed("TR")
	path := "/api/v1/needs/" + need.Ref + "/interests"
	before := e.interestCount()

	bad := validInterest("bad@example.com")
	bad["consent"] = false
	if r := e.do("POST", path, bad); r.Status != http.StatusBadRequest {
		t.Errorf("bad registration within the limit: %d, want 400", r.Status)
	}
	for i := range 2 {
		if r := e.do("POST", path, validInterest(fmt.Sprintf("within-%d@example.com", i))); r.Status != http.StatusCreated {
			t.Fatalf("registration %d within the limit: %d, want 201", i+1, r.Status)
		}
	}
	if got := e.interestCount(); got != before+2 {
		t.Fatalf("%d interests stored within the limit, want %d", got-before, 2)
	}
	over := []struct {
		name string
		path string
		body any
	}{
		{"valid", path, validInterest("over@example.com")},
		{"bad body", path, bad},
		{"not JSON", path, "{"},
		{"unknown need", "/api/v1/needs/TR-26-9999/interests", validInterest("over2@example.com")},
	}
	for _, o := range over {
		r := e.do("POST", o.path, o.body)
		if r.Status != http.StatusTooManyRequests || r.errorCode(t) != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Errorf("%s over the limit: %d %s, want 429 rate_limited with Retry-After", o.name, r.Status, r.Body)
		}
	}
	if got := e.interestCount(); got != before+2 {
		t.Errorf("%d interests stored after the refused ones, want %d", got-before, 2)
	}
	// A second instance shares the count: refused there too, nothing written.
	b := e.second(3)
	if r := b.do("POST", path, validInterest("other@example.com")); r.Status != http.StatusTooManyRequests {
		t.Errorf("registration over the limit on the second instance: %d, want 429", r.Status)
	}
	if got := e.interestCount(); got != before+2 {
		t.Errorf("%d interests stored after the second instance's refusal, want %d", got-before, 2)
	}
}
