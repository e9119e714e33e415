#!/usr/bin/env bash
# Start-up benchmark: Paracrine beside a bare eframe window (examples/bare_window.rs),
# both release builds, run alternately. For each run: the time from just before the
# process is spawned to its first painted frame, and its resident memory (VmRSS) and
# peak (VmHWM) at that frame, as the programs report them with --report-first-frame.
# Prints the medians. Without a display it starts Xvfb and openbox (apt-get install -y
# xvfb openbox). Settings go to a scratch folder, so yours are neither read nor touched.
#
#   scripts/startup.sh [RUNS]        RUNS per program, default 9 (plus one warm-up each)
#
# Paracrine runs in the repository root, so it opens the shipped ./evidence.ron.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
    echo "error: RUNS must be a positive number, got '$runs'" >&2
    exit 2
fi

cargo build --release --locked --bin paracrine --example bare_window >&2
target=${CARGO_TARGET_DIR:-target}
app="$target/release/paracrine"
bare="$target/release/examples/bare_window"

scratch=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    rm -rf "$scratch"
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    for tool in Xvfb openbox; do
        if ! command -v "$tool" >/dev/null; then
            echo "error: no display, and $tool is missing to make one: apt-get install -y xvfb openbox (or run with DISPLAY set)" >&2
            exit 2
        fi
    done
    n=99
    while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
    Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.05; done
    export DISPLAY=":$n"
    openbox >/dev/null 2>&1 &
    pids+=($!)
    sleep 1
    echo "display: Xvfb $DISPLAY with openbox" >&2
fi
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"

# One run of "$@": prints "MS RSS_KB HWM_KB".
measure() {
    local t0 out line
    t0=$(date +%s%N)
    if ! out=$("$@" --exit-after-first-frame --report-first-frame 2>&1 >/dev/null); then
        echo "error: $1 failed:" >&2
        echo "$out" >&2
        exit 1
    fi
    line=$(grep '^first-frame ' <<<"$out" || true)
    if [ -z "$line" ]; then
        echo "error: $1 printed no first-frame line:" >&2
        echo "$out" >&2
        exit 1
    fi
    local unix_ns rss hwm
    unix_ns=$(sed -E 's/.*unix_ns=([0-9]+).*/\1/' <<<"$line")
    rss=$(sed -E 's/.*vmrss_kb=([0-9]+).*/\1/' <<<"$line")
    hwm=$(sed -E 's/.*vmhwm_kb=([0-9]+).*/\1/' <<<"$line")
    awk -v a="$unix_ns" -v b="$t0" -v r="$rss" -v h="$hwm" 'BEGIN { printf "%.1f %d %d\n", (a - b) / 1e6, r, h }'
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

measure "$bare" >/dev/null
measure "$app" >/dev/null
: >"$scratch/bare" && : >"$scratch/app"
for i in $(seq "$runs"); do
    measure "$bare" >>"$scratch/bare"
    measure "$app" >>"$scratch/app"
    echo "run $i/$runs: bare $(tail -1 "$scratch/bare" | cut -d' ' -f1) ms, paracrine $(tail -1 "$scratch/app" | cut -d' ' -f1) ms" >&2
done

col() { cut -d' ' -f"$2" "$scratch/$1" | median; }
b_ms=$(col bare 1) b_rss=$(col bare 2) b_hwm=$(col bare 3)
a_ms=$(col app 1) a_rss=$(col app 2) a_hwm=$(col app 3)
echo "start-up, median of $runs runs each: spawn to first painted frame; memory at that frame"
awk -v bm="$b_ms" -v br="$b_rss" -v bh="$b_hwm" -v am="$a_ms" -v ar="$a_rss" -v ah="$a_hwm" 'BEGIN {
    printf "%-12s %12s %12s %12s\n", "", "first frame", "VmRSS", "VmHWM"
    printf "%-12s %9.1f ms %8.1f MiB %8.1f MiB\n", "bare eframe", bm, br / 1024, bh / 1024
    printf "%-12s %9.1f ms %8.1f MiB %8.1f MiB\n", "paracrine", am, ar / 1024, ah / 1024
    printf "%-12s %10.2f × %+8.1f MiB %+8.1f MiB\n", "paracrine vs", am / bm, (ar - br) / 1024, (ah - bh) / 1024
}'
