#!/usr/bin/env bash
# Benchmark: gmptrace analyze vs `go tool trace -pprof=sched` on generated traces.
#
#   bench/gmptrace/run.sh [SIZE_MB ...]        default: 50 200 1000
#
# For each size it makes a trace with a heavy traced Go program (16 channel
# ping-pong pairs and 2 queue workers on GOMAXPROCS=2; the program stops
# tracing once the file reaches the size), then measures wall time and peak RSS
# of both tools with /usr/bin/time -v, one after the other, and prints a
# Markdown table with ratios. Traces live in bench/.tmp/gmptrace (git-ignored)
# and are deleted after their row unless KEEP=1.
#
# go tool trace loads the whole trace in memory (tens of times its size), so it
# runs under an address-space limit (GOTOOL_LIMIT_GB, default 16) to protect a
# shared machine; a run that hits it is reported as failed, with its size.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/gmptrace/measure.sh
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(50 200 1000)
limit_gb=${GOTOOL_LIMIT_GB:-16}

gmptrace=$(built gmptrace .)
build_load
go tool trace -h >/dev/null 2>&1 || true # build the tool once, outside the measurement

echo "| trace | events | generations | gmptrace wall | gmptrace CPU | gmptrace peak RSS | go tool trace wall | go tool trace CPU | go tool trace peak RSS | wall ratio (go tool / gmptrace) | CPU ratio | RSS ratio | load avg before |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for mb in "${sizes[@]}"; do
  tr=$tmp/trace-${mb}MB.out
  GOMAXPROCS=2 "$tmp/load/load" -trace "$tr" -d 10m -size $((mb * 1000 * 1000)) -pairs 16 -hogs 0 -workers 2
  actual=$(awk -v b="$(stat -c %s "$tr")" 'BEGIN{printf "%.0f MB", b/1e6}')
  sync
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  read -r gw gcpu grss gcode < <(measure gmptrace-$mb "$gmptrace" analyze "$tr" -o "$tmp/analysis-$mb.json" -pprof-dir "$tmp/pprof-$mb")
  events=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['meta']['events'])" "$tmp/analysis-$mb.json" 2>/dev/null || echo "?")
  gens=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['meta']['generations'])" "$tmp/analysis-$mb.json" 2>/dev/null || echo "?")
  read -r tw tcpu trss tcode < <(measure gotool-$mb bash -c "ulimit -v $((limit_gb * 1024 * 1024)); exec go tool trace -pprof=sched '$tr'")
  if [ "$tcode" = 0 ]; then
    tcol="${tw} s"; tccol="${tcpu} s"; trcol="${trss} MB"
    wr=$(awk -v a="$tw" -v b="$gw" 'BEGIN{printf "%.1fx", a/b}')
    cr=$(awk -v a="$tcpu" -v b="$gcpu" 'BEGIN{printf "%.1fx", a/b}')
    rr=$(awk -v a="$trss" -v b="$grss" 'BEGIN{printf "%.0fx", a/b}')
  else
    tcol="failed (exit $tcode after ${tw} s, ${limit_gb} GB limit)"; tccol="${tcpu} s"; trcol="${trss} MB at failure"; wr="–"; cr="–"; rr="–"
  fi
  gcol="${gw} s"; [ "$gcode" = 0 ] || gcol="${gw} s (exit $gcode)"
  echo "| $actual | $events | $gens | $gcol | ${gcpu} s | ${grss} MB | $tcol | $tccol | $trcol | $wr | $cr | $rr | $load |"
  [ "${KEEP:-0}" = 1 ] || rm -f "$tr"
done
