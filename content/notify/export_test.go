package notify

import "context"

// Prune runs one pruning round of n, as Run does once an hour.
func Prune(ctx context.Context, n *Notifier) error { return n.prune(ctx) }
