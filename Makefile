# Hubdir. `make run` and `make test` need nothing but Go.
GO ?= go

.PHONY: run test race build lint bench bench-load bench-mail soak

run:
	$(GO) run ./cmd/hubdir serve

test:
	$(GO) test -count=1 -timeout 15m ./...

race:
	$(GO) test -race -count=1 -timeout 20m ./...

build:
	$(GO) build -o bin/hubdir ./cmd/hubdir

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -count=1 -run "^TestNoStoreWrites" ./handlers/

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./content/catalog/ ./content/notify/ ./handlers/...
	HUBDIR_MAILBURST=1 $(GO) test -count=1 -run TestMailBurstLatency -v -timeout 30m ./cmd/hubdir/ | grep -E 'needs list|receipts|ok|FAIL'
	bash scripts/bench.sh

# Mail: messages sent per second to a local SMTP server, and the needs
# list's latency before and during a burst of 1,000 interests
# (docs/performance.md).
bench-mail:
	$(GO) test -run '^$$' -bench BenchmarkSend ./content/notify/
	HUBDIR_MAILBURST=1 $(GO) test -count=1 -run TestMailBurstLatency -v -timeout 30m ./cmd/hubdir/ | grep -E 'needs list|receipts|ok|FAIL'

# The load run alone (needs wrk): see docs/performance.md.
bench-load:
	bash scripts/bench.sh

# The soak run of issue 6: two instances, one store, mixed load for
# SOAK_SECONDS (default 600); see docs/operations.md.
soak:
	bash scripts/soak.sh
