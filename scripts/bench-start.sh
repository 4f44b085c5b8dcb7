#!/usr/bin/env bash
# The start-up part of the load run (issue 13; `make bench` runs it after
# the table, `bash scripts/bench-start.sh` alone): hubdir serve on a store
# of BENCH_BIG_NEEDS (100,000) synthetic needs, started three ways:
#   1. cold: no catalog snapshot file, every listing read through FerretDB
#      (the file is written then);
#   2. from the snapshot file, after a graceful stop;
#   3. after another process wrote 500 needs (hubdir seed --synthetic 500
#      through the embedded store's address) and the server was killed
#      (no file written at shutdown): the file plus the 500 changes read
#      through the change log.
# For each: seconds to /readyz 200 and CPU seconds used by then, and the
# resident memory (VmRSS) once the work that follows readiness is done
# (the process used no CPU for 2 s). After start 2 it also times the 500
# writes of the other process until this server shows them, and reads
# VmRSS after a short wrk run on six pages.
#
# Needs go, curl, jq and wrk. Settings: BENCH_BIG_NEEDS (100000),
# BENCH_BIG_DATA (a folder holding an already seeded big store to reuse:
# copied, not changed; seeded there when it does not exist), BENCH_BIN (a
# built hubdir; else built), BENCH_TERM ("battery"), BENCH_CONNS (64),
# BENCH_THREADS (2), BENCH_WORK (a folder to work in; else a temporary one,
# kept with BENCH_KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."

big=${BENCH_BIG_NEEDS:-100000}
term=${BENCH_TERM:-battery}
conns=${BENCH_CONNS:-64}
threads=${BENCH_THREADS:-2}
for tool in go curl jq wrk; do
	command -v "$tool" >/dev/null || { echo "bench-start: $tool is not installed" >&2; exit 1; }
done

work=${BENCH_WORK:-}
own=
if [ -z "$work" ]; then work=$(mktemp -d "${TMPDIR:-/tmp}/hubdir-bench-start.XXXXXX"); own=1; fi
pid=
# shellcheck source=scripts/benchlib.sh
. scripts/benchlib.sh
cleanup() {
	stop
	rm -rf "$work/bigrun"
	if [ -n "$own" ]; then
		if [ "${BENCH_KEEP:-}" = 1 ]; then echo "bench-start: kept $work"; else rm -rf "$work"; fi
	fi
}
trap cleanup EXIT

port=$(freeport)
dbport=$(freeport)
base="http://127.0.0.1:$port"

bin=${BENCH_BIN:-}
if [ -z "$bin" ]; then
	bin="$work/hubdir"
	go build -o "$bin" ./cmd/hubdir
fi

# start LOG: starts hubdir serve on the copy of the big store, waits for
# /readyz and sets ready_s and ready_cpu.
start() {
	local t
	t=$(now)
	HUBDIR_DATA="$work/bigrun" HUBDIR_ADDR="127.0.0.1:$port" HUBDIR_EMBEDDED_ADDR="127.0.0.1:$dbport" \
		HUBDIR_API_RATE=-1 HUBDIR_INTEREST_RATE=-1 "$bin" serve >"$1" 2>&1 &
	pid=$!
	for _ in $(seq 1 6000); do
		curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || { echo "bench-start: the server exited:" >&2; tail -20 "$1" >&2; exit 1; }
		sleep 0.05
	done
	curl -fsS -o /dev/null "$base/readyz" || { echo "bench-start: the server is not ready" >&2; exit 1; }
	ready_s=$(since "$t")
	ready_cpu=$(cpu)
}

# report WHAT LOG: waits until the server used no CPU for 2 s (at most
# 120 s), then prints the start's figures.
report() {
	local a b took
	for _ in $(seq 1 60); do
		a=$(awk '{ print $14 + $15 }' "/proc/$pid/stat"); sleep 2; b=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
		[ "$a" = "$b" ] && break
	done
	took=$(grep -h '"catalog loaded"' "$2" | jq -r '.took_ms' 2>/dev/null | head -1)
	echo "start $1: ready in ${ready_s}s, ${ready_cpu} CPU s (catalog load ${took:-?} ms); settled after $(cpu) CPU s: VmRSS $(rss VmRSS) (load $(load))"
}

echo "== start-up with $big needs (load $(load))"
bigdata=${BENCH_BIG_DATA:-}
if [ -z "$bigdata" ]; then bigdata="$work/big"; fi
if [ ! -d "$bigdata" ]; then
	t=$(now)
	HUBDIR_DATA="$bigdata" "$bin" seed --synthetic "$big" 2>>"$work/seed.log" | sed 's/^/  /'
	echo "hubdir seed --synthetic $big: $(since "$t")s"
fi
rm -rf "$work/bigrun"
cp -r "$bigdata" "$work/bigrun"
rm -f "$work/bigrun/catalog.snap"

start "$work/serve-big-1.log"
report "1 (cold, no snapshot file)" "$work/serve-big-1.log"
stop
start "$work/serve-big-2.log"
report "2 (from the snapshot file)" "$work/serve-big-2.log"

before=$(curl -fsS "$base/api/v1/needs?per_page=1" | jq -r '.total')
cpu0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
t=$(now)
MONGODB_URI="mongodb://127.0.0.1:$dbport/" "$bin" seed --synthetic 500 >/dev/null 2>>"$work/seed.log"
for _ in $(seq 1 600); do
	[ "$(curl -fsS "$base/api/v1/needs?per_page=1" | jq -r '.total')" != "$before" ] && break
	sleep 0.1
done
echo "another process wrote 500 needs: shown by this server $(since "$t")s after the writer started;" \
	"server CPU meanwhile $(awk -v a="$cpu0" -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15 - a) / hz }' "/proc/$pid/stat") s"
bigref=$(curl -fsS "$base/api/v1/needs?per_page=1" | jq -r '.items[0].ref')
for p in /api/v1/needs "/api/v1/needs?q=$term" /en/needs /fa/needs "/en/needs/$bigref" "/zh/needs?q=$term&page=2"; do
	wrk -t"$threads" -c"$conns" -d5s "$base$p" | awk -v p="$p" '/^Requests\/sec:/ { printf "  %-34s %8.0f req/s\n", p, $2 }'
done
echo "after the load run: VmRSS $(rss VmRSS) (peak $(rss VmHWM)) (load $(load))"
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
pid=
start "$work/serve-big-3.log"
report "3 (the file and the 500 changes since, after a kill)" "$work/serve-big-3.log"
grep -h '"catalog snapshot' "$work/serve-big-3.log" | jq -r '.msg' | sed 's/^/  /'
stop
