#!/usr/bin/env bash
# The load run of issue 4 (`make bench`): build hubdir, seed a fresh
# embedded store with synthetic needs, start `hubdir serve` on it and load
# it with wrk on the public list, filter, text search, detail and HTML list
# endpoints, beside the ceiling: GET /bench/ceiling, a minimal handler
# answering a fixed small JSON document in the same process
# (HUBDIR_BENCH_CEILING=1). Prints build, seed and catalog-load times, the
# server's resident memory and a table of requests per second as a share of
# the ceiling, against the issue's targets.
#
# Needs go, curl, jq and wrk (Debian package "wrk"). Settings, from the
# environment: BENCH_NEEDS (10000), BENCH_DURATION (15s), BENCH_CONNS (64),
# BENCH_THREADS (2), BENCH_TERM (the text query, "battery"),
# BENCH_KEEP=1 keeps the temporary folder (the server log is there).
set -euo pipefail
cd "$(dirname "$0")/.."

needs=${BENCH_NEEDS:-10000}
duration=${BENCH_DURATION:-15s}
conns=${BENCH_CONNS:-64}
threads=${BENCH_THREADS:-2}
term=${BENCH_TERM:-battery}

for tool in go curl jq wrk; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/hubdir-bench.XXXXXX")
pid=
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	if [ "${BENCH_KEEP:-}" = 1 ]; then
		echo "bench: kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# A free loopback port: bind port 0 and read what the kernel chose.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
base="http://127.0.0.1:$port"
export HUBDIR_DATA="$work/data"

echo "== build"
t=$(now)
go build -o "$work/hubdir" ./cmd/hubdir
build_s=$(since "$t")
echo "go build ./cmd/hubdir: ${build_s}s"

echo "== seed"
t=$(now)
"$work/hubdir" seed --synthetic "$needs" 2>>"$work/seed.log" | sed 's/^/  /'
seed_s=$(since "$t")
echo "hubdir seed --synthetic $needs: ${seed_s}s (sample content included, store start included)"

echo "== serve"
t=$(now)
HUBDIR_ADDR="127.0.0.1:$port" HUBDIR_API_RATE=-1 HUBDIR_INTEREST_RATE=-1 HUBDIR_BENCH_CEILING=1 \
	"$work/hubdir" serve >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
	if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then
		break
	fi
	kill -0 "$pid" 2>/dev/null || { echo "bench: the server exited:" >&2; tail -20 "$work/serve.log" >&2; exit 1; }
	sleep 0.2
done
curl -fsS -o /dev/null "$base/readyz" || { echo "bench: the server is not ready" >&2; exit 1; }
ready_s=$(since "$t")
catalog_took=$(grep -h '"catalog loaded"' "$work/serve.log" | jq -r '.took_ms' 2>/dev/null | head -1)
rss() { awk -v k="$1" '$1 == k":" { printf "%.0f MB", $2 / 1024 }' "/proc/$pid/status"; }
rss_loaded=$(rss VmRSS)
echo "ready in ${ready_s}s (catalog load: ${catalog_took:-?} ms); VmRSS after loading: $rss_loaded"

ref=$(curl -fsS "$base/api/v1/needs?per_page=1" | jq -r '.items[0].ref')
total=$(curl -fsS "$base/api/v1/needs?per_page=1" | jq -r '.total')
hits=$(curl -fsS "$base/api/v1/needs?per_page=1&q=$term" | jq -r '.total')
filtered=$(curl -fsS "$base/api/v1/needs?per_page=1&hub=TR&sector=ai" | jq -r '.total')
echo "public needs: $total; q=$term matches $hits; hub=TR&sector=ai matches $filtered; detail ref: $ref"

names=(ceiling list filter text detail html ceiling)
paths=(
	"/bench/ceiling"
	"/api/v1/needs"
	"/api/v1/needs?hub=TR&sector=ai"
	"/api/v1/needs?q=$term"
	"/api/v1/needs/$ref"
	"/en/needs"
	"/bench/ceiling"
)
targets=(- 50 50 50 70 - -)

echo "== warm-up (2s each)"
for p in "${paths[@]}"; do
	wrk -t"$threads" -c"$conns" -d2s "$base$p" >/dev/null
done

echo "== wrk -t$threads -c$conns -d$duration"
declare -a rps errs
for i in "${!paths[@]}"; do
	out=$(wrk -t"$threads" -c"$conns" -d"$duration" "$base${paths[$i]}")
	echo "$out" >"$work/wrk-$i.txt"
	rps[i]=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
	sock=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")
	errs[i]=$(( ${non2xx:-0} + ${sock:-0} ))
	reqs=$(awk '/requests in/ { print $1 }' <<<"$out")
	printf '  %-8s %-36s %10s req/s  %8s requests  %s errors\n' "${names[$i]}" "${paths[$i]}" "${rps[$i]}" "$reqs" "${errs[$i]}"
done
rss_after=$(rss VmRSS)
rss_peak=$(rss VmHWM)

# The ceiling is the mean of its runs before and after the others.
ceiling=$(awk -v a="${rps[0]}" -v b="${rps[6]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
echo
echo "== results ($needs synthetic needs; ceiling = mean of the first and last ceiling runs = $ceiling req/s)"
printf '| %-8s | %-36s | %10s | %9s | %8s | %6s | %s\n' endpoint path "req/s" "% ceiling" target errors ok
printf '|%s|\n' "----------|--------------------------------------|------------|-----------|----------|--------|----"
missed=0
total_errs=0
for i in 1 2 3 4 5; do
	pct=$(awk -v r="${rps[$i]}" -v c="$ceiling" 'BEGIN { printf "%.0f", 100 * r / c }')
	verdict=-
	if [ "${targets[$i]}" != - ]; then
		if [ "$pct" -ge "${targets[$i]}" ]; then verdict=yes; else verdict=MISSED; missed=$((missed + 1)); fi
	fi
	total_errs=$((total_errs + errs[i]))
	tgt=${targets[$i]}; [ "$tgt" != - ] && tgt="≥ $tgt%"
	printf '| %-8s | %-36s | %10s | %8s%% | %8s | %6s | %s\n' "${names[$i]}" "${paths[$i]}" "${rps[$i]}" "$pct" "$tgt" "${errs[$i]}" "$verdict"
done
total_errs=$((total_errs + errs[0] + errs[6]))
echo
echo "ceiling runs: ${rps[0]} and ${rps[6]} req/s"
echo "errors (non-2xx/3xx answers and socket errors, all runs): $total_errs"
echo "build ${build_s}s; seed ${seed_s}s; ready ${ready_s}s (catalog load ${catalog_took:-?} ms)"
echo "VmRSS: ${rss_loaded} after loading, ${rss_after} after the runs (peak ${rss_peak})"
echo "targets missed: $missed"
