package content

import "context"

// A write gate lets a request start a check that needs a round trip (the
// shared rate limit of registrations, handlers/ratelimit.go) and run it
// alongside the write's own reads: the store passes the gate just before
// it writes anything, and writes nothing when the gate refuses. A gate
// that is never reached is never waited for by the store; the request
// still waits for it before answering (the caller's business).

// gateKey is the context key of a write gate.
type gateKey struct{}

// WithWriteGate returns ctx carrying gate, which PassWriteGate calls. gate
// must be safe to call more than once and give the same answer each time.
func WithWriteGate(ctx context.Context, gate func() error) context.Context {
	return context.WithValue(ctx, gateKey{}, gate)
}

// PassWriteGate waits for the write gate ctx carries and returns its
// error; nil when ctx carries none. A store method that honours gates
// calls it after its checks and reads and before its first write, and
// returns the error as it is.
func PassWriteGate(ctx context.Context) error {
	if gate, _ := ctx.Value(gateKey{}).(func() error); gate != nil {
		return gate()
	}
	return nil
}
