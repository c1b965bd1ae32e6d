#!/usr/bin/env bash
# Benchmark: gmptrace analyze -j N (generations parsed at once) against the
# bare x/exp/trace read loop and, when given, an older gmptrace build.
#
#   bench/gmptrace/jobs.sh [TRACE ...]
#
# With no TRACE it makes one (SIZE_MB, default 100) with the load program:
# 4 channel ping-pong pairs on GOMAXPROCS=2, a generation every 250 ms
# (GODEBUG=traceadvanceperiod), so the trace has many generations.
# Environment:
#   GMPTRACE, READLOOP   binaries built elsewhere (default: built here)
#   BASELINE             an older gmptrace to compare with (e.g. the sequential one)
#   JOBS                 -j values (default: 1 2 4 8, those ≤ the CPUs)
#   SIZE_MB              size of the generated trace (default 100)
# For each trace and program it prints wall time, CPU time and peak RSS from
# /usr/bin/time -v (one run after the other, in one sitting), the speed-up
# over -j 1, and whether analysis.json and the profiles equal those of -j 1.
# Traces made here live in bench/.tmp/gmptrace (git-ignored) and are removed
# unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tmp=$root/bench/.tmp/gmptrace
mkdir -p "$tmp"
cpus=$(nproc)

if [ -z "${GMPTRACE:-}" ] || [ -z "${READLOOP:-}" ]; then
  echo "building gmptrace and readloop" >&2
  (cd resources/go/cmd/gmptrace && go build -o "$tmp/gmptrace" . && go build -o "$tmp/readloop" ./bench/readloop)
fi
gmptrace=${GMPTRACE:-$tmp/gmptrace}
readloop=${READLOOP:-$tmp/readloop}
jobs=${JOBS:-}
if [ -z "$jobs" ]; then
  for j in 1 2 4 8; do [ "$j" -le "$cpus" ] && jobs="$jobs $j"; done
fi

traces=("$@")
made=()
if [ ${#traces[@]} -eq 0 ]; then
  mkdir -p "$tmp/load"
  cp resources/go/cmd/gmptrace/testdata/progs/load/main.go "$tmp/load/main.go"
  printf 'module load\n\ngo 1.21\n' > "$tmp/load/go.mod"
  (cd "$tmp/load" && go build -o "$tmp/load/load" .)
  tr=$tmp/jobs-${SIZE_MB:-100}MB.out
  GODEBUG=traceadvanceperiod=250000000 GOMAXPROCS=2 "$tmp/load/load" -trace "$tr" -d 10m \
    -size $((${SIZE_MB:-100} * 1000 * 1000)) -pairs 4 -hogs 0 -workers 0
  traces=("$tr"); made=("$tr")
fi

. "$root/bench/gmptrace/measure.sh"

echo "machine: $cpus CPUs, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); load avg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| trace | generations | program | wall | CPU | peak RSS | speed-up vs -j 1 (wall) | same output as -j 1 | load avg before |"
echo "|---|---:|---|---:|---:|---:|---:|---|---|"
for tr in "${traces[@]}"; do
  size=$(awk -v b="$(stat -c %s "$tr")" 'BEGIN{printf "%.0f MB", b/1e6}')
  base_wall=""; gens="?"
  row() { echo "| $size | $gens | $1 | $2 s | $3 s | $4 MB | $5 | $6 | $7 |"; }
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  read -r w c r code < <(measure readloop "$readloop" "$tr")
  row "bare x/exp read loop" "$w" "$c" "$r" "–" "–" "$load"
  if [ -n "${BASELINE:-}" ]; then
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    read -r w c r code < <(measure baseline "$BASELINE" analyze "$tr" -o "$tmp/baseline.json" -pprof-dir "$tmp/pp-baseline")
    row "baseline gmptrace (\`$BASELINE\`)" "$w" "$c" "$r" "–" "–" "$load"
  fi
  for j in $jobs; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    read -r w c r code < <(measure "j$j" "$gmptrace" analyze "$tr" -o "$tmp/j$j.json" -pprof-dir "$tmp/pp-j$j" -j "$j")
    if [ "$j" = 1 ]; then
      base_wall=$w
      gens=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['meta']['generations'])" "$tmp/j1.json")
    fi
    same=yes
    for f in j$j.json pp-j$j/sched.pprof pp-j$j/block.pprof pp-j$j/syscall.pprof; do
      cmp -s "$tmp/$f" "$tmp/${f//j$j/j1}" || same=no
    done
    speed=$(awk -v a="$base_wall" -v b="$w" 'BEGIN{printf "%.2fx", a/b}')
    status=""; [ "$code" = 0 ] || status=" (exit $code)"
    row "gmptrace -j $j$status" "$w" "$c" "$r" "$speed" "$same" "$load"
  done
done
[ "${KEEP:-0}" = 1 ] || rm -f "${made[@]}"
