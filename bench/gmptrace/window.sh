#!/usr/bin/env bash
# Benchmark: gmptrace window, a short range of a long trace, against a baseline build.
#
#   bench/gmptrace/window.sh [TRACE]
#
# With no TRACE it makes one of SIZE_MB (default 1000) as jobs.sh does: 4 channel ping-pong pairs
# on GOMAXPROCS=2, a generation every 250 ms.
# Environment:
#   GMPTRACE       the gmptrace to measure (default: built here)
#   BASELINE       the gmptrace to compare with (default: built here from git BASELINE_REF, default
#                  5383101, the last build whose capped lists did not say where they stop;
#                  BASELINE=none skips it)
#   BASELINE_ARGS  words added to the baseline's command line, e.g. BASELINE=<this build>
#                  BASELINE_ARGS="-reader x/exp" to compare the readers of one build
#   FROM           window starts, Go durations from the trace's first event (default: 1s 20s 30s
#                  45s; those past the trace's end fail, as the tool says)
#   SPAN           the window's length (default 100ms)
#   MAX            -max, the cap on every list of the answer (default: gmptrace's own); the app
#                  asks 100000, an exported report 10000
# For each window it runs the baseline, then this build, one after the other: wall time, CPU time
# and peak RSS from /usr/bin/time -v, the answer's size (and whether it is byte for byte the
# baseline's, or the baseline's with fields a later gmptrace added), and the lists that reached the cap. The
# first query of a sitting also reads the trace into the page cache: it is cold, the others warm.
# Run it on a quiet machine: the wall times are the result.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/gmptrace/measure.sh
gmptrace=${GMPTRACE:-$(built gmptrace .)}
baseline=${BASELINE:-$(built_at "${BASELINE_REF:-5383101}" window-baseline)}
[ "$baseline" != none ] || baseline=""

tr=${1:-}
made=""
if [ -z "$tr" ]; then
  tr=$tmp/window-${SIZE_MB:-1000}MB.out
  many_generations_trace "$tr" "${SIZE_MB:-1000}"
  made=$tr
fi
max=()
[ -z "${MAX:-}" ] || max=(-max "$MAX")
span=${SPAN:-100ms}

# capped FILE: "lists (items left out)" of an answer, or "none".
capped() {
  python3 - "$1" <<'PY'
import json, sys
t = json.load(open(sys.argv[1])).get("truncated") or {}
print(", ".join(f"{k} ({v:,})" for k, v in sorted(t.items())) or "none")
PY
}

# same_but_newer NEW OLD: whether NEW holds OLD's answer, every field OLD writes equal, fields only
# NEW writes (those a later gmptrace added) aside.
same_but_newer() {
  python3 - "$1" "$2" <<'PY'
import json, sys
def held(new, old):
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and held(new[k], v) for k, v in old.items())
    if isinstance(old, list):
        return isinstance(new, list) and len(new) == len(old) and all(held(n, o) for n, o in zip(new, old))
    return new == old
sys.exit(0 if held(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))) else 1)
PY
}

size=$(awk -v b="$(stat -c %s "$tr")" 'BEGIN{printf "%.0f MB", b/1e6}')
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); trace: $size; window: $span; -max: ${MAX:-default}"
echo
echo "| from | program | wall | CPU | peak RSS | answer | lists at the cap (items left out) | load avg before |"
echo "|---:|---|---:|---:|---:|---:|---|---|"
for from in ${FROM:-1s 20s 30s 45s}; do
  to=$(go_duration_sum "$from" "$span")
  rm -f "$tmp/window-baseline.json" "$tmp/window-build.json"
  for which in baseline build; do
    prog=$gmptrace; label="gmptrace window"; extra=()
    if [ "$which" = baseline ]; then
      [ -n "$baseline" ] || continue
      prog=$baseline; label="baseline (\`${baseline#"$root"/}${BASELINE_ARGS:+ $BASELINE_ARGS}\`)"
      read -r -a extra <<< "${BASELINE_ARGS:-}"
    fi
    out=$tmp/window-$which.json
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    read -r w c r code < <(measure "window-$which" "$prog" window "$tr" -from "$from" -to "$to" -o "$out" ${max[@]+"${max[@]}"} ${extra[@]+"${extra[@]}"})
    if [ "$code" = 0 ]; then
      answer=$(awk -v b="$(stat -c %s "$out")" 'BEGIN{printf "%.1f MB", b/1e6}')
      if [ "$which" = build ] && [ -f "$tmp/window-baseline.json" ]; then
        if cmp -s "$out" "$tmp/window-baseline.json"; then answer+=" (= baseline's)"
        elif same_but_newer "$out" "$tmp/window-baseline.json"; then answer+=" (= baseline's, and newer fields)"
        else answer+=" (≠ baseline's)"; fi
      fi
      echo "| $from | $label | $w s | $c s | $r MB | $answer | $(capped "$out") | $load |"
    else
      echo "| $from | $label (exit $code: $(tail -1 "$tmp/window-$which.err")) | $w s | $c s | $r MB | – | – | $load |"
    fi
  done
done
[ -z "$made" ] || [ "${KEEP:-0}" = 1 ] || rm -f "$made"
