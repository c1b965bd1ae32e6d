#!/usr/bin/env bash
# Benchmark: a trace that is mostly strings (trace.Log messages, one string each in its
# generation's string table), read by each reader (readers.sh) and queried for a window
# (window.sh), against the last build that held a generation's whole string table.
#
#   bench/gmptrace/strings.sh [TRACE]
#
# With no TRACE it makes one with the logs test program: MESSAGES (default 3000000) messages.
# Environment:
#   GMPTRACE, BASELINE   binaries built elsewhere (default: built here; the baseline from git
#                        BASELINE_REF, default 882322a)
#   FROM                 window starts (default 300ms), as window.sh; REPEAT as readers.sh
# Run it on a quiet machine: the wall times are the result; CPU time and peak RSS hold under load.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/gmptrace/measure.sh
export GMPTRACE=${GMPTRACE:-$(built gmptrace .)}
export BASELINE=${BASELINE:-$(built_at "${BASELINE_REF:-882322a}" strings-baseline)}
tr=${1:-}
if [ -z "$tr" ]; then
  tr=$tmp/strings-${MESSAGES:-3000000}.out
  strings_trace "$tr" "${MESSAGES:-3000000}"
  [ "${KEEP:-}" = 1 ] || trap 'rm -f "$tr"' EXIT
fi
bench/gmptrace/readers.sh "$tr"
echo
FROM=${FROM:-300ms} bench/gmptrace/window.sh "$tr"
