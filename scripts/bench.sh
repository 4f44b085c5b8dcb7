#!/usr/bin/env bash
# The load run of issues 4 and 13 (`make bench`): build hubdir, seed a
# fresh embedded store with synthetic needs, start `hubdir serve` on it and
# load every public endpoint with wrk, beside the ceiling: GET
# /bench/ceiling, a minimal handler answering a fixed small JSON document in
# the same process (HUBDIR_BENCH_CEILING=1), run first and last. Prints one
# table: requests per second, share of the ceiling, p50 and p99 latency,
# against the targets; then the start-up of BENCH_BIG_NEEDS (100,000)
# needs (scripts/bench-start.sh: cold, from the snapshot file, from the
# file and the change log; time to /readyz 200, resident memory after
# start-up and after a short load run).
#
# Needs go, curl, jq and wrk (Debian package "wrk"). Settings, from the
# environment: BENCH_NEEDS (10000), BENCH_DURATION (10s), BENCH_CONNS (64),
# BENCH_THREADS (2), BENCH_TERM (the text query, "battery"),
# BENCH_BIG_NEEDS (100000; 0 skips the big start-up), BENCH_BIG_DATA (a
# folder holding an already seeded big store to reuse: copied, not
# changed; seeded there when it does not exist), BENCH_KEEP=1 keeps the
# temporary folder (server logs and wrk outputs).
set -euo pipefail
cd "$(dirname "$0")/.."

needs=${BENCH_NEEDS:-10000}
duration=${BENCH_DURATION:-10s}
conns=${BENCH_CONNS:-64}
threads=${BENCH_THREADS:-2}
term=${BENCH_TERM:-battery}
big=${BENCH_BIG_NEEDS:-100000}

for tool in go curl jq wrk; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/hubdir-bench.XXXXXX")
pid=
# shellcheck source=scripts/benchlib.sh
. scripts/benchlib.sh
cleanup() {
	stop
	if [ "${BENCH_KEEP:-}" = 1 ]; then echo "bench: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

port=$(freeport 2>/dev/null || echo 18080)
base="http://127.0.0.1:$port"

# start DATA LOG: starts hubdir serve on DATA, waits for /readyz and sets
# ready_s.
start() {
	local t
	t=$(now)
	HUBDIR_DATA="$1" HUBDIR_ADDR="127.0.0.1:$port" HUBDIR_API_RATE=-1 HUBDIR_INTEREST_RATE=-1 \
		HUBDIR_BENCH_CEILING=1 "$work/hubdir" serve >"$2" 2>&1 &
	pid=$!
	for _ in $(seq 1 3000); do
		curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || { echo "bench: the server exited:" >&2; tail -20 "$2" >&2; exit 1; }
		sleep 0.05
	done
	curl -fsS -o /dev/null "$base/readyz" || { echo "bench: the server is not ready" >&2; exit 1; }
	ready_s=$(since "$t")
	# CPU seconds the process used until ready (user + system), which
	# other jobs on the machine do not inflate as they do the wall time.
	ready_cpu=$(cpu)
}

echo "== build (load $(load))"
t=$(now)
go build -o "$work/hubdir" ./cmd/hubdir
echo "go build ./cmd/hubdir: $(since "$t")s"

echo "== seed $needs"
t=$(now)
HUBDIR_DATA="$work/data" "$work/hubdir" seed --synthetic "$needs" 2>>"$work/seed.log" | sed 's/^/  /'
echo "hubdir seed --synthetic $needs: $(since "$t")s"

echo "== serve (load $(load))"
start "$work/data" "$work/serve.log"
ready_small=$ready_s
catalog_took=$(grep -h '"catalog loaded"' "$work/serve.log" | jq -r '.took_ms' 2>/dev/null | head -1)
rss_loaded=$(rss VmRSS)
echo "ready in ${ready_small}s, ${ready_cpu} CPU s (catalog load ${catalog_took:-?} ms); VmRSS $rss_loaded"
cpu_small=$ready_cpu

ref=$(curl -fsS "$base/api/v1/needs?per_page=1" | jq -r '.items[0].ref')
total=$(curl -fsS "$base/api/v1/needs?per_page=1" | jq -r '.total')
company=$(curl -fsS "$base/api/v1/companies?per_page=1" | jq -r '.items[0].slug')
agreement=$(curl -fsS "$base/api/v1/agreements?per_page=1" | jq -r '.items[0].slug')
offer=$(curl -fsS "$base/api/v1/offers?per_page=1" | jq -r '.items[0].ref')
lab=$(curl -fsS "$base/api/v1/companies?kind=laboratory&per_page=1" | jq -r '.items[0].slug')
echo "public needs: $total; detail ref $ref; company $company; agreement $agreement; offer $offer; lab $lab"
token=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | head -c 43)

# name|path|target share of the ceiling (- for none)|extra wrk header
runs=(
	"ceiling|/bench/ceiling|-|"
	"api list|/api/v1/needs|60|"
	"api filter|/api/v1/needs?hub=TR&sector=ai|60|"
	"api text|/api/v1/needs?q=$term|60|"
	"api detail|/api/v1/needs/$ref|80|"
	"api companies|/api/v1/companies|-|"
)
for l in fa zh en tr; do
	runs+=("home $l|/$l/|25|" "needs $l|/$l/needs|25|" "need $l|/$l/needs/$ref|25|")
done
runs+=(
	"need en, cookie|/en/needs/$ref|25|Cookie: hubdir_csrf=$token"
	"needs en, gzip|/en/needs|25|Accept-Encoding: gzip"
	"needs filter fa|/fa/needs?hub=TR&sector=ai|-|"
	"needs text zh|/zh/needs?q=$term|-|"
	"hub en|/en/hubs/TR|-|"
	"companies en|/en/companies|-|"
	"company en|/en/companies/$company|-|"
	"agreements en|/en/agreements|-|"
	"agreement en|/en/agreements/$agreement|-|"
	"offers en|/en/offers|-|"
	"offer en|/en/offers/$offer|-|"
	"labs en|/en/labs|-|"
	"lab en|/en/labs/$lab|-|"
	"impact en|/en/impact|-|"
	"about en|/en/about|-|"
	"feed en|/en/feed.atom|-|"
	"sitemap index|/sitemap.xml|-|"
	"sitemap part|/sitemap-1.xml|-|Accept-Encoding: gzip"
	"robots|/robots.txt|-|"
	"ceiling|/bench/ceiling|-|"
)

# wrkrun PATH HEADER ARGS...: wrk with the header when one is given.
wrkrun() {
	local path=$1 header=$2
	shift 2
	if [ -n "$header" ]; then
		wrk -t"$threads" -c"$conns" "$@" -H "$header" "$base$path"
	else
		wrk -t"$threads" -c"$conns" "$@" "$base$path"
	fi
}

echo "== warm-up (1s each)"
for r in "${runs[@]}"; do
	IFS='|' read -r _ p _ h <<<"$r"
	wrkrun "$p" "$h" -d1s >/dev/null
done

# ms converts a wrk latency ("812.00us", "3.21ms", "1.02s") to ms.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) ; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'; }

echo "== wrk -t$threads -c$conns -d$duration --latency (load before: $(load))"
declare -a rps p50 p99 errs loads
for i in "${!runs[@]}"; do
	IFS='|' read -r name p _ h <<<"${runs[$i]}"
	loads[i]=$(load)
	out=$(wrkrun "$p" "$h" -d"$duration" --latency)
	echo "$out" >"$work/wrk-$i.txt"
	rps[i]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
	p50[i]=$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
	p99[i]=$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
	sock=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")
	errs[i]=$(( ${non2xx:-0} + ${sock:-0} ))
	printf '  %-18s %8s req/s  p50 %6s ms  p99 %6s ms  %s errors  (load %s)\n' "$name" "${rps[$i]}" "${p50[$i]}" "${p99[$i]}" "${errs[$i]}" "${loads[$i]}"
done
rss_after=$(rss VmRSS)
rss_peak=$(rss VmHWM)
last=$(( ${#runs[@]} - 1 ))
stop

ceiling=$(awk -v a="${rps[0]}" -v b="${rps[$last]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
echo
echo "== results ($needs synthetic needs; ceiling = mean of the first and last ceiling runs = $ceiling req/s)"
printf '| %-18s | %-34s | %8s | %7s | %7s | %7s | %6s | %6s | %6s | %s\n' endpoint path "req/s" ratio "p50 ms" "p99 ms" target errors load ok
printf '|%s|\n' "--------------------|------------------------------------|----------|---------|---------|---------|--------|--------|--------|----"
missed=0
total_errs=0
for i in "${!runs[@]}"; do
	IFS='|' read -r name p target _ <<<"${runs[$i]}"
	ratio=$(awk -v r="${rps[$i]}" -v c="$ceiling" 'BEGIN { printf "%.2f", r / c }')
	verdict=-
	if [ "$target" != - ]; then
		if awk -v r="$ratio" -v t="$target" 'BEGIN { exit !(r * 100 >= t) }'; then verdict=yes; else verdict=MISSED; missed=$((missed + 1)); fi
	fi
	if [ "$name" != ceiling ] && awk -v l="${p99[$i]}" 'BEGIN { exit !(l >= 50) }'; then
		verdict="$verdict, p99 MISSED"; missed=$((missed + 1))
	fi
	total_errs=$((total_errs + errs[i]))
	tgt=-; [ "$target" != - ] && tgt="≥ 0.$target"
	[ "$target" = 100 ] && tgt="≥ 1"
	printf '| %-18s | %-34s | %8s | %7s | %7s | %7s | %6s | %6s | %6s | %s\n' "$name" "${p:0:34}" "${rps[$i]}" "$ratio" "${p50[$i]}" "${p99[$i]}" "$tgt" "${errs[$i]}" "${loads[$i]}" "$verdict"
done
echo
echo "ceiling runs: ${rps[0]} and ${rps[$last]} req/s"
echo "errors (non-2xx/3xx answers and socket errors, all runs): $total_errs"
echo "$needs needs: ready ${ready_small}s, ${cpu_small} CPU s (catalog load ${catalog_took:-?} ms); VmRSS ${rss_loaded} after loading, ${rss_after} after the runs (peak ${rss_peak})"

if [ "$big" != 0 ]; then
	echo
	BENCH_BIN="$work/hubdir" BENCH_WORK="$work" bash scripts/bench-start.sh
fi
echo "targets missed: $missed"
