#!/usr/bin/env bash
# Sampler cost: a scenario's throughput with the 100ms runtime/metrics sampler on
# versus off, in paired, order-alternating repetitions of gmpstress.
#
#   bench/sampler-cost/run.sh [PAIRS] [DURATION] [SCENARIO...]
#
# Defaults: 8 pairs of 2s runs of chan-sync-pingpong and gomaxprocs-oversubscribe.
# Prints one line per pair (ops/s on, off, ratio) and per scenario the median
# ratio and the range of the pair ratios. Goal: median ratio ≥ 0.99.
# Then the sampler's own CPU (idle scenario, 3s, on vs off, user+sys time), and
# the in-process per-tick benchmark (BenchmarkSamplerTick).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pairs=${1:-8}
dur=${2:-2s}
shift $(( $# > 2 ? 2 : $# )) || true
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(chan-sync-pingpong gomaxprocs-oversubscribe)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root/resources/go" && CGO_ENABLED=0 go build -o "$work/gmpstress" ./cmd/gmpstress)

opsps() { # scenario interval -> ops_per_s
  "$work/gmpstress" -scenario "$1" -concurrency 2 -duration "$dur" -metrics-interval "$2" -out "$work/o" >/dev/null
  sed -n 's/^  "ops_per_s": \([0-9.e+-]*\),$/\1/p' "$work/o/result.json"
}

echo "# $(date -u +%FT%TZ) $(go version) $(uname -sr) nproc=$(nproc) load: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${scenarios[@]}"; do
  : >"$work/ratios"
  for i in $(seq 1 "$pairs"); do
    if (( i % 2 )); then on=$(opsps "$s" 100ms); off=$(opsps "$s" 0)
    else off=$(opsps "$s" 0); on=$(opsps "$s" 100ms); fi
    r=$(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.4f", a/b}')
    echo "$r" >>"$work/ratios"
    printf '%s pair %d: on %.0f ops/s, off %.0f ops/s, on/off %s\n' "$s" "$i" "$on" "$off" "$r"
  done
  sort -n "$work/ratios" | awk -v s="$s" '{v[NR]=$1} END{
    m = (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2
    printf "%s: median on/off %.4f over %d pairs (min %.4f, max %.4f)\n", s, m, NR, v[1], v[NR]}'
done
# The sampler's own CPU: the idle scenario for 3s with and without it; user+sys
# CPU of the whole process (bash's time). Load-insensitive, unlike throughput.
TIMEFORMAT='%U %S'
cpu() { { time "$work/gmpstress" -scenario idle -duration 3s -metrics-interval "$1" -out "$work/i" >/dev/null; } 2>&1 | awk '{printf "%.3f", $1+$2}'; }
: >"$work/deltas"
for i in $(seq 1 "$pairs"); do
  on=$(cpu 100ms); off=$(cpu 0)
  d=$(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.4f", (a-b)/3}')
  echo "$d" >>"$work/deltas"
  printf 'idle pair %d: CPU on %ss, off %ss → sampler %s CPU-s per s\n' "$i" "$on" "$off" "$d"
done
sort -n "$work/deltas" | awk '{v[NR]=$1} END{m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2
  printf "idle: sampler CPU median %.4f CPU-s per s (%.2f%% of one CPU), range %.4f..%.4f\n", m, 100*m, v[1], v[NR]}'
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$root/resources/go" && go test ./stress -run '^$' -bench SamplerTick -benchtime 2000x -count 5 | grep Benchmark)
