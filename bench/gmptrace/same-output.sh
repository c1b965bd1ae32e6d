#!/usr/bin/env bash
# Identity check (no timing): gmptrace analyze of this tree at several -j
# against a reference gmptrace, on the given traces.
#
#   BASELINE=/path/to/gmptrace bench/gmptrace/same-output.sh TRACE...
#
# For every trace it runs the baseline once and this tree's gmptrace at each
# -j of JOBS (default "1 2 0", 0 = the default), and prints, per run, the
# exit code and whether analysis.json and sched/block/syscall.pprof are
# byte-identical to the baseline's (a run that writes nothing, as on
# unreadable input, compares its exit code only). It exits 1 when any run
# differs from the baseline. Environment: GMPTRACE (a build of this tree;
# default: built here), JOBS.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${BASELINE:?BASELINE=the reference gmptrace binary}"
[ $# -gt 0 ] || { echo "usage: BASELINE=… $0 TRACE..." >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gmptrace=${GMPTRACE:-}
if [ -z "$gmptrace" ]; then
  (cd resources/go/cmd/gmptrace && go build -o "$tmp/gmptrace" .)
  gmptrace=$tmp/gmptrace
fi

# run NAME BIN TRACE ARGS...: analysis and profiles into $tmp/NAME; prints the exit code.
run() {
  local name=$1 bin=$2 tr=$3; shift 3
  rm -rf "${tmp:?}/$name" && mkdir -p "$tmp/$name"
  local code=0
  "$bin" analyze "$tr" -o "$tmp/$name/analysis.json" -pprof-dir "$tmp/$name/pp" "$@" >/dev/null 2>"$tmp/$name.err" || code=$?
  echo "$code"
}
# same A B: the files either run wrote are byte-identical (and present in both); analysis.json
# without the fields the baseline does not write (without-newer-fields.py).
same() {
  local f
  for f in analysis.json pp/sched.pprof pp/block.pprof pp/syscall.pprof; do
    [ -e "$tmp/$1/$f" ] || [ -e "$tmp/$2/$f" ] || continue
    if [ "$f" = analysis.json ] && [ -e "$tmp/$1/$f" ] && [ -e "$tmp/$2/$f" ]; then
      cmp -s <(bench/gmptrace/without-newer-fields.py "$tmp/$1/$f") <(bench/gmptrace/without-newer-fields.py "$tmp/$2/$f") || { echo "no ($f)"; return; }
      continue
    fi
    cmp -s "$tmp/$1/$f" "$tmp/$2/$f" || { echo "no ($f)"; return; }
  done
  echo yes
}

bad=0
for tr in "$@"; do
  base_code=$(run base "$BASELINE" "$tr")
  echo "$tr: baseline exit $base_code"
  for j in ${JOBS:-1 2 0}; do
    code=$(run "j$j" "$gmptrace" "$tr" -j "$j")
    s=$(same "j$j" base)
    echo "  -j $j: exit $code, same output as baseline: $s"
    if [ "$s" != yes ] || [ "$code" != "$base_code" ]; then bad=1; fi
  done
done
exit $bad
