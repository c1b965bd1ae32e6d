#!/usr/bin/env bash
# Benchmark: gmptrace analyze read by each reader (the default, gmptrace's own reader, x/exp/trace's
# parser at -j 1) against the sequential gmptrace of before the generation index and the bare
# x/exp/trace read loop, on a trace whose generations may be huge.
#
#   bench/gmptrace/readers.sh [TRACE]
#
# With no TRACE it makes the one the issue about large traces names: the load program with 16
# channel ping-pong pairs and 2 queue workers on GOMAXPROCS=2, traced until SIZE_MB (default 1000)
# at the runtime's default generation period. The runtime's trace advancer often starves under
# that load and writes one huge generation, not always: the table says how many there were.
# Environment:
#   GMPTRACE, READLOOP   binaries built elsewhere (default: built here)
#   BASELINE             the gmptrace to compare with (default: built here from git BASELINE_REF,
#                        default 81c184d, the sequential build the issue measured; BASELINE=none
#                        skips it)
#   REPEAT               rounds (default 2); each runs baseline, default, own, x/exp -j 1, read loop
#   SKIP                 programs to leave out, e.g. "xexp" (x/exp holds the whole generation: about
#                        1.5 GB for a 1 GB one)
# Prints wall time, CPU time and peak RSS (/usr/bin/time -v) per run, then whether every
# analysis.json is byte-identical to the default's. Run it on a quiet machine.
# Traces made here live in bench/.tmp/gmptrace (git-ignored) and are removed unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/gmptrace/measure.sh
gmptrace=${GMPTRACE:-$(built gmptrace .)}
readloop=${READLOOP:-$(built readloop ./bench/readloop)}
baseline=${BASELINE:-$(built_at "${BASELINE_REF:-81c184d}" baseline)}
[ "$baseline" != none ] || baseline=""
tr=${1:-}
if [ -z "$tr" ]; then
  tr=$tmp/readers-${SIZE_MB:-1000}MB.out
  huge_generation_trace "$tr" "${SIZE_MB:-1000}"
  [ "${KEEP:-}" = 1 ] || trap 'rm -f "$tr"' EXIT
fi
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "trace: $(awk -v b="$(stat -c %s "$tr")" 'BEGIN{printf "%.1f MB", b/1e6}'), $("$readloop" -wire "$tr" | sed 's/.* in //')"
echo
echo "| round | program | wall | CPU | peak RSS | exit | load avg before |"
echo "|---:|---|---:|---:|---:|---:|---|"
for round in $(seq 1 "${REPEAT:-2}"); do
  for prog in baseline default own xexp readloop; do
    case " ${SKIP:-} " in *" $prog "*) continue ;; esac
    case $prog in
      baseline) [ -n "$baseline" ] || continue; cmd=("$baseline" analyze "$tr" -o "$tmp/readers-$prog.json") ;;
      default) cmd=("$gmptrace" analyze "$tr" -o "$tmp/readers-$prog.json") ;;
      own) cmd=("$gmptrace" analyze "$tr" -reader own -o "$tmp/readers-$prog.json") ;;
      xexp) cmd=("$gmptrace" analyze "$tr" -reader x/exp -j 1 -o "$tmp/readers-$prog.json") ;;
      readloop) cmd=("$readloop" "$tr") ;;
    esac
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    read -r w c r code < <(measure "readers-$prog" "${cmd[@]}")
    echo "| $round | $prog | $w s | $c s | $r MB | $code | $load |"
  done
done
echo
for prog in own xexp; do
  [ -f "$tmp/readers-$prog.json" ] || continue
  if cmp -s "$tmp/readers-default.json" "$tmp/readers-$prog.json"; then same=yes; else same=no; fi
  echo "$prog: analysis.json identical to the default's: $same"
done
# The baseline writes fewer sections (no MMU, goroutine groups or annotations): what both state of
# the trace is compared.
if [ -f "$tmp/readers-baseline.json" ]; then
  python3 - "$tmp/readers-baseline.json" "$tmp/readers-default.json" <<'PY'
import json, sys
base, now = (json.load(open(p))["meta"] for p in sys.argv[1:])
keys = ("events", "duration_s", "generations", "partial")
print("baseline: meta", "identical" if all(base.get(k) == now.get(k) for k in keys) else "DIFFERENT",
      "to the default's in", ", ".join(f"{k} ({base.get(k)} / {now.get(k)})" for k in keys))
PY
fi
rm -f "$tmp"/readers-*.json
