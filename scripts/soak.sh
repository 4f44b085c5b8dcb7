#!/usr/bin/env bash
# The soak run of issue 6 (`make soak`): two instances of hubdir sharing one
# store under mixed load for SOAK_SECONDS (default 600).
#
# Instance A runs the embedded store (FerretDB, SQLite files in a temporary
# folder) and exposes it on a fixed loopback address (HUBDIR_EMBEDDED_ADDR);
# instance B is a second process pointed at it with MONGODB_URI. Two
# processes cannot open the same SQLite files, so this is the only way two
# instances share the embedded store. The load (scripts/soakload) sends
# public reads (API lists, searches, details; HTML lists and details) from
# SOAK_WORKERS workers and SOAK_WRITES registrations of interest per second,
# alternating between the instances. Rate limits are raised far above the
# load, so the shared limiter counters are written but never refuse.
#
# Prints throughput, errors, each instance's resident memory (VmRSS) at the
# start and end of the load, the interests stored, and checks that both
# instances stop cleanly on SIGTERM. Exits non-zero when a request failed.
#
# Settings: SOAK_SECONDS (600), SOAK_WORKERS (16), SOAK_WRITES (5),
# SOAK_NEEDS (2000 synthetic needs besides the sample), SOAK_KEEP=1 keeps
# the temporary folder (the servers' logs are there).
#
# SOAK_PROFILE=DIR profiles both instances (HUBDIR_PPROF on free loopback
# ports): an execution trace of SOAK_TRACE_SECONDS (10) from the middle
# of the load, taken from A and B at the same time (a.trace, b.trace: read
# them with `go tool trace`; every request is a task "http GET"/"http
# POST"), then CPU profiles of the same length (a.cpu, b.cpu), and at the
# end the block, mutex and goroutine profiles of the whole run (a.block,
# b.mutex, ...) and the binary (hubdir).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${SOAK_SECONDS:-600}
workers=${SOAK_WORKERS:-16}
writes=${SOAK_WRITES:-5}
needs=${SOAK_NEEDS:-2000}

for tool in go curl; do
	command -v "$tool" >/dev/null || { echo "soak: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/hubdir-soak.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do
		if kill -0 "$p" 2>/dev/null; then
			kill -TERM "$p" 2>/dev/null || true
			wait "$p" 2>/dev/null || true
		fi
	done
	if [ "${SOAK_KEEP:-}" = 1 ]; then echo "soak: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

freeport() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss() { awk '/^VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status"; }
ready() {
	for _ in $(seq 1 600); do
		curl -fs "$1/readyz" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "soak: $1 not ready" >&2
	return 1
}
metric() { curl -fs "$1/metrics" | awk -v m="$2" '$1 == m || index($1, m "{") == 1 { s += $2 } END { print s + 0 }'; }

port_a=$(freeport); port_b=$(freeport); port_db=$(freeport)
profile=${SOAK_PROFILE:-}
pprof_a=; pprof_b=
if [ -n "$profile" ]; then
	mkdir -p "$profile"
	pprof_a="127.0.0.1:$(freeport)"; pprof_b="127.0.0.1:$(freeport)"
fi
a="http://127.0.0.1:$port_a"; b="http://127.0.0.1:$port_b"
export HUBDIR_INTEREST_RATE=100000000 HUBDIR_API_RATE=100000000

echo "== build"
go build -o "$work/hubdir" ./cmd/hubdir
go build -o "$work/soakload" ./scripts/soakload

echo "== seed ($needs synthetic needs)"
HUBDIR_DATA="$work/data" "$work/hubdir" seed >/dev/null 2>>"$work/seed.log"
HUBDIR_DATA="$work/data" "$work/hubdir" seed --synthetic "$needs" >/dev/null 2>>"$work/seed.log"

echo "== start instance A (embedded store on 127.0.0.1:$port_db) and instance B"
HUBDIR_DATA="$work/data" HUBDIR_ADDR="127.0.0.1:$port_a" HUBDIR_EMBEDDED_ADDR="127.0.0.1:$port_db" \
	HUBDIR_PPROF="$pprof_a" "$work/hubdir" serve 2>"$work/a.log" &
pid_a=$!; pids+=("$pid_a")
ready "$a"
# hubdir seed leaves the domain events of what it wrote pending; the
# first instance relays them in the background after its start
# (workspace.Recover). Wait for that, so that the load measures the
# steady state rather than the relay of thousands of seeded events.
t0=$(date +%s)
for _ in $(seq 1 3000); do
	grep -q '"relayed pending domain events"' "$work/a.log" && break
	sleep 0.2
done
echo "seeded events relayed by A in $(( $(date +%s) - t0 ))s"
MONGODB_URI="mongodb://127.0.0.1:$port_db/" HUBDIR_ADDR="127.0.0.1:$port_b" \
	HUBDIR_PPROF="$pprof_b" "$work/hubdir" serve 2>"$work/b.log" &
pid_b=$!; pids+=("$pid_b")
ready "$b"

rss_a0=$(rss "$pid_a"); rss_b0=$(rss "$pid_b")
interests0=$(( $(metric "$a" hubdir_interests_received_total) + $(metric "$b" hubdir_interests_received_total) ))
echo "RSS at start: A $rss_a0, B $rss_b0"

echo "== load: ${seconds}s, $workers readers, $writes registrations/s, over A and B"
status=0
if [ -n "$profile" ]; then
	# The traces of both instances over the same seconds, mid-run.
	tsec=${SOAK_TRACE_SECONDS:-10}
	(
		sleep $(( seconds / 2 - tsec / 2 ))
		curl -fs -o "$profile/a.trace" "http://$pprof_a/debug/pprof/trace?seconds=$tsec" &
		curl -fs -o "$profile/b.trace" "http://$pprof_b/debug/pprof/trace?seconds=$tsec" &
		wait
		# Then CPU profiles of the same length.
		curl -fs -o "$profile/a.cpu" "http://$pprof_a/debug/pprof/profile?seconds=$tsec" &
		curl -fs -o "$profile/b.cpu" "http://$pprof_b/debug/pprof/profile?seconds=$tsec" &
		wait
	) &
	tracer=$!
fi
"$work/soakload" -targets "$a,$b" -duration "${seconds}s" -workers "$workers" -writes "$writes" || status=$?
if [ -n "$profile" ]; then
	wait "$tracer" || true
	for x in a b; do
		addr=$pprof_a; [ "$x" = b ] && addr=$pprof_b
		for p in block mutex goroutine; do
			curl -fs -o "$profile/$x.$p" "http://$addr/debug/pprof/$p" || true
		done
	done
	cp "$work/hubdir" "$profile/hubdir"
	echo "profiles in $profile"
fi

rss_a1=$(rss "$pid_a"); rss_b1=$(rss "$pid_b")
lag_a=$(metric "$a" hubdir_catalog_sync_lag_seconds); lag_b=$(metric "$b" hubdir_catalog_sync_lag_seconds)
interests1=$(( $(metric "$a" hubdir_interests_received_total) + $(metric "$b" hubdir_interests_received_total) ))
errs=$(( $(metric "$a" hubdir_store_errors_total) + $(metric "$b" hubdir_store_errors_total) ))
echo
echo "RSS at start: A $rss_a0, B $rss_b0"
echo "RSS at end:   A $rss_a1, B $rss_b1"
echo "interests stored during the run: $((interests1 - interests0)); store errors: $errs"
echo "catalog sync lag at the end: A ${lag_a}s, B ${lag_b}s"

echo "== SIGTERM"
for p in "$pid_b" "$pid_a"; do
	kill -TERM "$p"
	if wait "$p"; then echo "pid $p exited 0"; else echo "pid $p exited $?"; status=1; fi
done
pids=()
exit "$status"
