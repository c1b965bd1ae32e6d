#!/usr/bin/env bash
# Benchmark: gmptrace window deep inside a huge generation, read from the generation's start against
# resumed from a checkpoint (-checkpoints FILE).
#
#   bench/gmptrace/checkpoints.sh [TRACE]
#
# With no TRACE it makes the one readers.sh makes: the load program with 16 channel ping-pong pairs
# and 2 queue workers on GOMAXPROCS=2, traced until SIZE_MB (default 1000), which the runtime often
# writes as one generation (the table's first line says how many it has).
# Environment:
#   GMPTRACE   the gmptrace to measure (default: built here)
#   FROM       window starts, Go durations from the trace's first event (default: 1s 8s 16s)
#   SPAN       the window's length (default 100ms)
# For each window, one after the other: the query without a checkpoint file (the reading from the
# generation's start, as before checkpoints), the same query given a fresh checkpoint file (which it
# fills on its way to the window: what saving costs), and again (resumed from the latest checkpoint
# before the window). Then every window once more, from the file the others filled; then the file
# filled ahead by `gmptrace checkpoints` (as the app does after a run's analysis) and each window's
# first query from it. Wall time, CPU
# time and peak RSS from /usr/bin/time -v; whether each answer is byte for byte the first's; the
# file's size. Run it on a quiet machine: the wall times are the result.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/gmptrace/measure.sh
gmptrace=${GMPTRACE:-$(built gmptrace .)}
tr=${1:-}
if [ -z "$tr" ]; then
  tr=$tmp/checkpoints-${SIZE_MB:-1000}MB.out
  huge_generation_trace "$tr" "${SIZE_MB:-1000}"
  [ "${KEEP:-}" = 1 ] || trap 'rm -f "$tr"' EXIT
fi
span=${SPAN:-100ms}
cp=$tmp/checkpoints.bin
gens=$("$gmptrace" window "$tr" -from 0s -to 1ns -o - | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["generations"]))')
echo "machine: $(nproc) CPUs; trace: $(awk -v b="$(stat -c %s "$tr")" 'BEGIN{printf "%.1f MB", b/1e6}'), its first window read from $gens generation(s); window: $span"
echo
echo "| from | query | wall | CPU | peak RSS | answer | checkpoint file | load avg before |"
echo "|---:|---|---:|---:|---:|---|---:|---|"

# query FROM LABEL [ARGS...]: one query, its table row; the answer is compared with the first of FROM.
query() {
  local from=$1 label=$2; shift 2
  local to out load w c r code same size
  to=$(go_duration_sum "$from" "$span")
  out=$tmp/checkpoints-window.json
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  read -r w c r code < <(measure checkpoints-window "$gmptrace" window "$tr" -from "$from" -to "$to" -o "$out" "$@")
  if [ "$code" != 0 ]; then
    echo "| $from | $label (exit $code: $(tail -1 "$tmp/checkpoints-window.err")) | $w s | $c s | $r MB | – | – | $load |"
    return
  fi
  if [ "$label" = "from the generation's start" ]; then
    cp "$out" "$tmp/checkpoints-first-$from.json"; same="reference"
  elif cmp -s "$out" "$tmp/checkpoints-first-$from.json"; then same="identical"
  else same="**differs**"
  fi
  size=–
  [ ! -f "$cp" ] || size=$(awk -v b="$(stat -c %s "$cp")" 'BEGIN{printf "%.1f KB", b/1e3}')
  echo "| $from | $label | $w s | $c s | $r MB | $same | $size | $load |"
}

for from in ${FROM:-1s 8s 16s}; do
  rm -f "$cp"
  query "$from" "from the generation's start"
  query "$from" "fresh file: saving on the way" -checkpoints "$cp"
  query "$from" "resumed" -checkpoints "$cp"
done
for from in ${FROM:-1s 8s 16s}; do
  query "$from" "resumed from the last file" -checkpoints "$cp"
done
# What the app does after a run's analysis: the file filled ahead, then each window's first query.
rm -f "$cp"
load=$(cut -d' ' -f1-3 /proc/loadavg)
read -r w c r code < <(measure checkpoints-prepare "$gmptrace" checkpoints "$tr" -o "$cp")
echo "| – | \`gmptrace checkpoints\` (exit $code: $(tail -1 "$tmp/checkpoints-prepare.stdout")) | $w s | $c s | $r MB | – | $(awk -v b="$(stat -c %s "$cp" 2>/dev/null || echo 0)" 'BEGIN{printf "%.1f KB", b/1e3}') | $load |"
for from in ${FROM:-1s 8s 16s}; do
  query "$from" "first query, prepared file" -checkpoints "$cp"
done
rm -f "$cp"
