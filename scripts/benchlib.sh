# Helpers shared by scripts/bench.sh and scripts/bench-start.sh (sourced).
# They read and set the caller's $pid: the hubdir serve being measured.

# stop stops the server being measured (SIGTERM, then waits for it).
stop() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	pid=
}

# now prints the time in seconds; since T the seconds elapsed since T.
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# load prints the machine's one-minute load average.
load() { awk '{ print $1 }' /proc/loadavg; }
# rss KEY prints the server's /proc status field KEY (VmRSS, VmHWM) in MB.
rss() { awk -v k="$1" '$1 == k":" { printf "%.0f MB", $2 / 1024 }' "/proc/$pid/status"; }
# cpu prints the CPU seconds (user + system) the server has used.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$pid/stat"; }
# freeport prints a free TCP port of the loopback interface.
freeport() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
