#!/usr/bin/env bash
# Benchmark: gmptrace analyze -j N (generations parsed and decoded at once)
# against the sequential baseline and the bare x/exp/trace read loop.
#
#   bench/gmptrace/jobs.sh [TRACE ...]
#
# With no TRACE it makes one (SIZE_MB, default 100) with the load program:
# 4 channel ping-pong pairs on GOMAXPROCS=2, a generation every 250 ms
# (GODEBUG=traceadvanceperiod), so the trace has many generations.
# Environment:
#   GMPTRACE, READLOOP   binaries built elsewhere (default: built here)
#   BASELINE             the gmptrace to compare with (default: built here
#                        from git BASELINE_REF, default b296428, the last
#                        build that analyses x/exp events in order, with
#                        the same output: MMU, goroutine groups, user
#                        annotations (the groups' per-window latency, added
#                        later, is left out of that comparison:
#                        without-newer-fields.py); 4144b3d, the one before
#                        them, writes less, so its output differs;
#                        BASELINE=none skips it)
#   JOBS                 -j values (default: 1 2 4 8, those ≤ the CPUs, then one
#                        more than the CPUs, then 0 = gmptrace's own default,
#                        one per CPU)
#   SIZE_MB              size of the generated trace (default 100)
#   REPEAT               runs of each program per trace (default 1); each
#                        run is a row, in the order baseline, -j 1, -j 2, …
# For each trace and program it prints wall time, CPU time and peak RSS from
# /usr/bin/time -v (one run after the other, in one sitting), the speed-up
# of wall time over the baseline and over the first -j (1 unless JOBS says
# otherwise), and whether analysis.json and the three profiles are
# byte-identical to the first -j's and to the baseline's.
# Run it on a quiet machine: the wall times are the result.
# Traces made here live in bench/.tmp/gmptrace (git-ignored) and are removed
# unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/gmptrace/measure.sh
cpus=$(nproc)
gmptrace=${GMPTRACE:-$(built gmptrace .)}
readloop=${READLOOP:-$(built readloop ./bench/readloop)}
baseline=${BASELINE:-$(built_at "${BASELINE_REF:-b296428}" baseline)}
[ "$baseline" != none ] || baseline=""
jobs=${JOBS:-}
if [ -z "$jobs" ]; then
  for j in 1 2 4 8; do [ "$j" -le "$cpus" ] && jobs="$jobs $j"; done
  case " $jobs " in *" $((cpus + 1)) "*) ;; *) jobs="$jobs $((cpus + 1))" ;; esac
  jobs="$jobs 0"
fi


traces=("$@")
made=()
if [ ${#traces[@]} -eq 0 ]; then
  tr=$tmp/jobs-${SIZE_MB:-100}MB.out
  many_generations_trace "$tr" "${SIZE_MB:-100}"
  traces=("$tr"); made=("$tr")
fi

echo "machine: $cpus CPUs, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); load avg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| trace | generations | program | wall | CPU | peak RSS | speed-up vs baseline (wall) | speed-up vs first -j (wall) | same output as first -j | same output as baseline | load avg before |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---|---|---|"
# same A B: yes when analysis.json and the three profiles of runs A and B are byte-identical
# (against the baseline: analysis.json without the fields it does not write).
same() {
  local f
  if [ "$2" = base ]; then
    cmp -s <("$root/bench/gmptrace/without-newer-fields.py" "$tmp/out-$1/a.json") <("$root/bench/gmptrace/without-newer-fields.py" "$tmp/out-$2/a.json") || { echo no; return; }
  else
    cmp -s "$tmp/out-$1/a.json" "$tmp/out-$2/a.json" || { echo no; return; }
  fi
  for f in pp/sched.pprof pp/block.pprof pp/syscall.pprof; do
    cmp -s "$tmp/out-$1/$f" "$tmp/out-$2/$f" || { echo no; return; }
  done
  echo yes
}
for tr in "${traces[@]}"; do
  size=$(awk -v b="$(stat -c %s "$tr")" 'BEGIN{printf "%.0f MB", b/1e6}')
  gens="?"
  row() { echo "| $size | $gens | $1 | $2 s | $3 s | $4 MB | $5 | $6 | $7 | $8 | $9 |"; }
  ratio() { [ -n "$1" ] && awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2fx", a/b}' || echo "–"; }
  for rep in $(seq "${REPEAT:-1}"); do
    base_wall=""; j1_wall=""
    if [ -n "$baseline" ]; then
      rm -rf "$tmp/out-base" && mkdir -p "$tmp/out-base"
      load=$(cut -d' ' -f1-3 /proc/loadavg)
      read -r w c r code < <(measure baseline "$baseline" analyze "$tr" -o "$tmp/out-base/a.json" -pprof-dir "$tmp/out-base/pp")
      base_wall=$w
      gens=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['meta']['generations'])" "$tmp/out-base/a.json")
      status=""; [ "$code" = 0 ] || status=" (exit $code)"
      row "baseline gmptrace (\`$baseline\`)$status" "$w" "$c" "$r" "1.00x" "–" "–" "–" "$load"
    fi
    for j in $jobs; do
      rm -rf "$tmp/out-j$j" && mkdir -p "$tmp/out-j$j"
      load=$(cut -d' ' -f1-3 /proc/loadavg)
      read -r w c r code < <(measure "j$j" "$gmptrace" analyze "$tr" -o "$tmp/out-j$j/a.json" -pprof-dir "$tmp/out-j$j/pp" -j "$j")
      [ -n "$j1_wall" ] || j1_wall=$w
      gens=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['meta']['generations'])" "$tmp/out-j$j/a.json")
      first=$(set -- $jobs; echo "$1")
      sb="–"; [ -n "$baseline" ] && sb=$(same "j$j" base)
      status=""; [ "$code" = 0 ] || status=" (exit $code)"
      label="gmptrace -j $j"; [ "$j" = 0 ] && label="gmptrace -j 0 (default)"
      row "$label$status" "$w" "$c" "$r" "$(ratio "$base_wall" "$w")" "$(ratio "$j1_wall" "$w")" "$(same "j$j" "j$first")" "$sb" "$load"
    done
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    read -r w c r code < <(measure readloop "$readloop" "$tr")
    row "bare x/exp read loop" "$w" "$c" "$r" "$(ratio "$base_wall" "$w")" "$(ratio "$j1_wall" "$w")" "–" "–" "$load"
  done
done
[ "${KEEP:-0}" = 1 ] || rm -f "${made[@]}"
