#!/usr/bin/env bash
# Benchmark: reading every event of a trace with gmptrace's own reader against the bare
# x/exp/trace read loop (which holds a whole generation before its first event): internal/order,
# the same events in the same order, and internal/wire alone (each generation's threads merged by
# time, without the ordering); both hold one batch per thread.
#
#   bench/gmptrace/wire.sh [TRACE ...]
#
# With no TRACE it makes two with the load program (16 channel ping-pong pairs and 2 queue workers on
# GOMAXPROCS=2): one written as a single generation (GODEBUG=traceadvanceperiod at the runtime's
# upper bound, 2.1 s, traced for 1.9 s) and one of SIZE_MB (default 100) cut every 250 ms.
# Environment:
#   READLOOP   the readloop binary (default: built here); it reads with x/exp/trace, -order or -wire
#   REPEAT     rounds per trace (default 3); each round runs x/exp/trace, order, then wire
# Prints per run: wall time, CPU time and peak RSS (/usr/bin/time -v) and what was read; per trace,
# its generations and the largest one's size (gmptrace's index, as readloop -wire prints them). The
# wire layer alone does not order events across threads by what happened: it is the floor of what
# any reader built on it can do.
# Traces made here live in bench/.tmp/gmptrace (git-ignored) and are removed unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/gmptrace/measure.sh
readloop=${READLOOP:-$(built readloop ./bench/readloop)}
traces=("$@")
made=()
if [ ${#traces[@]} -eq 0 ]; then
  build_load
  single=$tmp/wire-single.out
  GODEBUG=traceadvanceperiod=2000000000 GOMAXPROCS=2 "$tmp/load/load" -trace "$single" -d 1900ms \
    -pairs 16 -hogs 0 -workers 2
  many=$tmp/wire-${SIZE_MB:-100}MB.out
  many_generations_trace "$many" "${SIZE_MB:-100}"
  traces=("$single" "$many")
  made=("$single" "$many")
fi
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo
echo "| trace | round | reader | wall | CPU | peak RSS | read | load avg before |"
echo "|---|---:|---|---:|---:|---:|---|---|"
for tr in "${traces[@]}"; do
  # readloop -wire says how many generations the index found and the largest one's size.
  name="$(awk -v b="$(stat -c %s "$tr")" 'BEGIN{printf "%.1f MB", b/1e6}'), $("$readloop" -wire "$tr" | sed 's/.* in //')"
  for round in $(seq 1 "${REPEAT:-3}"); do
    for mode in x/exp/trace order wire; do
      args=("$tr"); [ "$mode" = x/exp/trace ] || args=("-$mode" "$tr")
      load=$(cut -d' ' -f1-3 /proc/loadavg)
      read -r w c r code < <(measure "wire-$round" "$readloop" "${args[@]}")
      what="exit $code"; [ "$code" != 0 ] || what=$(sed 's/ in .*//' "$tmp/wire-$round.stdout")
      echo "| $name | $round | $mode | $w s | $c s | $r MB | $what | $load |"
    done
  done
done
[ "${KEEP:-}" = 1 ] || rm -f ${made[@]+"${made[@]}"}
