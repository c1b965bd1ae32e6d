# Sourced by the gmptrace benchmark scripts; needs $tmp (a scratch directory).
#
# measure NAME CMD...: runs CMD under /usr/bin/time -v; prints "wall_s cpu_s rss_mb exit".
measure() {
  local name=$1; shift
  local tv=$tmp/$name.time
  local code=0
  /usr/bin/time -v -o "$tv" "$@" >/dev/null 2>"$tmp/$name.err" || code=$?
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tv")
  cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{printf "%.2f", s}' "$tv")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$tv")
  echo "$wall $cpu $rss $code"
}
