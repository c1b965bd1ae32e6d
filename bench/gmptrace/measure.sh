# Sourced from the repository's root by the gmptrace benchmark scripts: sets $root (the repository)
# and $tmp (their scratch folder, bench/.tmp/gmptrace, git-ignored).
root=$PWD
tmp=$root/bench/.tmp/gmptrace
mkdir -p "$tmp"

# built NAME PKG: builds gmptrace's package PKG (. for gmptrace, ./bench/readloop) as $tmp/NAME and
# prints that path.
built() {
  echo "building $1" >&2
  (cd "$root/resources/go/cmd/gmptrace" && go build -o "$tmp/$1" "$2")
  echo "$tmp/$1"
}

# built_at REF NAME: builds gmptrace as it was at git REF as $tmp/NAME and prints that path.
built_at() {
  echo "building gmptrace as of $1" >&2
  rm -rf "$tmp/$2-src" && mkdir -p "$tmp/$2-src"
  git -C "$root" archive "$1" resources/go/cmd/gmptrace | tar -x -C "$tmp/$2-src"
  (cd "$tmp/$2-src/resources/go/cmd/gmptrace" && go build -o "$tmp/$2" .)
  echo "$tmp/$2"
}

# measure NAME CMD...: runs CMD under /usr/bin/time -v; prints "wall_s cpu_s rss_mb exit". CMD's
# standard output is kept in $tmp/NAME.stdout, its errors in $tmp/NAME.err.
measure() {
  local name=$1; shift
  local tv=$tmp/$name.time
  local code=0
  /usr/bin/time -v -o "$tv" "$@" >"$tmp/$name.stdout" 2>"$tmp/$name.err" || code=$?
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tv")
  cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{printf "%.2f", s}' "$tv")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$tv")
  echo "$wall $cpu $rss $code"
}

# build_load: the load program of gmptrace's tests (channel ping-pong pairs, hogs, queue workers;
# it traces itself until the trace reaches -size), built as $tmp/load/load.
build_load() {
  mkdir -p "$tmp/load"
  cp "$root/resources/go/cmd/gmptrace/testdata/progs/load/main.go" "$tmp/load/main.go"
  printf 'module load\n\ngo 1.21\n' > "$tmp/load/go.mod"
  (cd "$tmp/load" && go build -o "$tmp/load/load" .)
}

# many_generations_trace FILE SIZE_MB: a trace of the load program (4 ping-pong pairs on
# GOMAXPROCS=2) cut into a generation every 250 ms (GODEBUG=traceadvanceperiod).
many_generations_trace() {
  build_load
  GODEBUG=traceadvanceperiod=250000000 GOMAXPROCS=2 "$tmp/load/load" -trace "$1" -d 10m \
    -size $(($2 * 1000 * 1000)) -pairs 4 -hogs 0 -workers 0
}

# huge_generation_trace FILE SIZE_MB: a trace of the load program (16 ping-pong pairs and 2 queue
# workers on GOMAXPROCS=2) at the runtime's default generation period, whose trace advancer often
# starves under that load: one huge generation, not always.
huge_generation_trace() {
  build_load
  GOMAXPROCS=2 "$tmp/load/load" -trace "$1" -d 10m -size $(($2 * 1000 * 1000)) -pairs 16 -hogs 0 -workers 2
}

# go_duration_sum A B: A + B, Go durations, as a Go duration in seconds.
go_duration_sum() {
  python3 -c "import sys
def ns(d):
    units = {'ns': 1, 'us': 1e3, 'µs': 1e3, 'ms': 1e6, 's': 1e9, 'm': 60e9, 'h': 3600e9}
    for u in sorted(units, key=len, reverse=True):
        if d.endswith(u): return float(d[:-len(u)]) * units[u]
    raise SystemExit('not a Go duration: ' + d)
print(f'{(ns(sys.argv[1]) + ns(sys.argv[2])) / 1e9:.9f}s')" "$1" "$2"
}

# strings_trace FILE MESSAGES: a trace of the logs test program (MESSAGES trace.Log messages, each in
# a region): mostly strings, the runtime writing one per message.
strings_trace() {
  mkdir -p "$tmp/logs"
  cp "$root/resources/go/cmd/gmptrace/testdata/progs/logs/main.go" "$root/resources/go/cmd/gmptrace/testdata/progs/common.go" "$tmp/logs/"
  printf 'module logs\n\ngo 1.21\n' > "$tmp/logs/go.mod"
  (cd "$tmp/logs" && go build -o "$tmp/logs/logs" .)
  "$tmp/logs/logs" "$1" "$2"
}
