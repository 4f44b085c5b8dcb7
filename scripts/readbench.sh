#!/usr/bin/env bash
# readbench.sh BIN DATA: the single-instance read throughput under each
# bound of concurrent public reads (HUBDIR_CONCURRENT_READS; MODES, default
# "-1 1 2"): for each, starts `BIN serve` on the store folder DATA (seeded
# beforehand with `hubdir seed` and `hubdir seed --synthetic 2000`), warms
# each URL for 4 s with wrk, then prints req/s, p50 and p99 of a 5 s run
# with 64 connections, and the load average. docs/performance.md,
# "Registrations under load, third round".
set -euo pipefail
bin=$1; data=$2
pid=
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; true' EXIT
for mode in ${MODES:--1 1 2}; do
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	HUBDIR_CONCURRENT_READS=$mode HUBDIR_DATA=$data HUBDIR_ADDR=127.0.0.1:$port HUBDIR_BENCH_CEILING=1 \
		HUBDIR_API_RATE=100000000 "$bin" serve >"${TMPDIR:-/tmp}/readbench.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
	sleep 3
	for path in /bench/ceiling /api/v1/needs /en/needs /fa/needs/TR-26-0001; do
		wrk -t2 -c64 -d4s "http://127.0.0.1:$port$path" >/dev/null 2>&1 || true  # warm
		out=$(wrk -t2 -c64 -d5s --latency "http://127.0.0.1:$port$path")
		rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
		printf "reads=%-3s %-26s %10s req/s  p50 %8s  p99 %8s  load %s\n" "$mode" "$path" "$rps" "$p50" "$p99" "$(cut -d' ' -f1 /proc/loadavg)"
	done
	kill -TERM $pid; wait $pid || true
	pid=
done
