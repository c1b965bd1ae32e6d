package stress

import (
	"io"
	"math"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// WantedMetrics are the runtime/metrics names the harness samples (PROTOCOL §2.2 "metrics").
// Names the running Go lacks are reported as "unavailable".
var WantedMetrics = []string{
	"/sched/latencies:seconds",
	"/sched/goroutines:goroutines",
	"/sched/gomaxprocs:threads",
	"/sched/pauses/stopping/gc:seconds",
	"/sched/pauses/stopping/other:seconds",
	"/sched/pauses/total/gc:seconds",
	"/sched/pauses/total/other:seconds",
	"/sched/goroutines/running:goroutines",
	"/sched/goroutines/runnable:goroutines",
	"/sched/goroutines/waiting:goroutines",
	"/sched/goroutines/not-in-go:goroutines",
	"/sched/goroutines-created:goroutines",
	"/sched/threads/total:threads",
	"/sync/mutex/wait/total:seconds",
	"/cpu/classes/user:cpu-seconds",
	"/cpu/classes/idle:cpu-seconds",
	"/cpu/classes/total:cpu-seconds",
	"/cpu/classes/gc/total:cpu-seconds",
	"/cpu/classes/gc/mark/assist:cpu-seconds",
	"/cpu/classes/gc/mark/dedicated:cpu-seconds",
	"/cpu/classes/gc/mark/idle:cpu-seconds",
	"/cpu/classes/gc/pause:cpu-seconds",
	"/cpu/classes/scavenge/total:cpu-seconds",
	"/cgo/go-to-c-calls:calls",
	"/gc/cycles/automatic:gc-cycles",
	"/gc/cycles/forced:gc-cycles",
	"/gc/cycles/total:gc-cycles",
	"/gc/stack/starting-size:bytes",
	"/gc/scan/stack:bytes",
	"/gc/heap/live:bytes",
	"/gc/heap/goal:bytes",
	"/gc/heap/allocs:bytes",
	"/gc/heap/allocs:objects",
	"/gc/gogc:percent",
	"/memory/classes/heap/stacks:bytes",
	"/memory/classes/os-stacks:bytes",
	"/memory/classes/total:bytes",
}

// sampleSet is a prepared []metrics.Sample for the available wanted names.
type sampleSet struct {
	samples    []metrics.Sample
	cumulative map[string]bool
	unavail    []string
}

func newSampleSet(wanted []string) *sampleSet {
	all := map[string]metrics.Description{}
	for _, d := range metrics.All() {
		all[d.Name] = d
	}
	s := &sampleSet{cumulative: map[string]bool{}}
	for _, n := range wanted {
		d, ok := all[n]
		if !ok {
			s.unavail = append(s.unavail, n)
			continue
		}
		s.samples = append(s.samples, metrics.Sample{Name: n})
		s.cumulative[n] = d.Cumulative
	}
	return s
}

// snapshot is a deep copy of one metrics.Read.
type snapshot struct {
	scalars map[string]float64
	hists   map[string]HistData
	bad     []string
}

// read calls metrics.Read on a private copy of the sample slice (safe to call
// from several goroutines at once) and deep-copies histogram counts.
func (s *sampleSet) read() snapshot {
	buf := make([]metrics.Sample, len(s.samples))
	copy(buf, s.samples)
	metrics.Read(buf)
	return toSnapshot(buf)
}

func toSnapshot(buf []metrics.Sample) snapshot {
	out := snapshot{scalars: map[string]float64{}, hists: map[string]HistData{}}
	for _, m := range buf {
		switch m.Value.Kind() {
		case metrics.KindUint64:
			out.scalars[m.Name] = float64(m.Value.Uint64())
		case metrics.KindFloat64:
			out.scalars[m.Name] = m.Value.Float64()
		case metrics.KindFloat64Histogram:
			h := m.Value.Float64Histogram()
			out.hists[m.Name] = HistData{Buckets: h.Buckets, Counts: append([]uint64(nil), h.Counts...)}
		default: // KindBad: the runtime does not know the name after all
			out.bad = append(out.bad, m.Name)
		}
	}
	return out
}

// MetricValue is one entry of result.json "metrics".
type MetricValue struct {
	Kind string `json:"kind"` // histogram, counter, gauge
	*HistJSON
	Delta *float64 `json:"delta,omitempty"`
	Start *float64 `json:"start,omitempty"`
	End   *float64 `json:"end,omitempty"`
	// GCCyclesEnded is set on the metrics the runtime updates only at a GC cycle's stops of the
	// world (gcSnapshotMetric): how many cycles ended in the window. Their delta runs from the last
	// cycle before the window to the last one in it, and is 0 when none ended, whatever ran (but
	// gc/pause and gc/total, which a cycle's start moves too).
	GCCyclesEnded *float64 `json:"gc_cycles_ended,omitempty"`
}

// gcCyclesMetric counts the GC cycles that ended.
const gcCyclesMetric = "/gc/cycles/total:gc-cycles"

// gcSnapshotMetric tells the metrics the runtime reads from its last GC stop of the world rather
// than now: every /cpu/classes/* (runtime/metrics.go, cpuStatsAggregate.compute copies the stats
// gcMarkTermination accumulated; the pauses of a cycle's start add to gc/pause and gc/total).
func gcSnapshotMetric(name string) bool { return strings.HasPrefix(name, "/cpu/classes/") }

// windowMetrics diffs two anchor snapshots into result.json's "metrics".
func (s *sampleSet) windowMetrics(start, end snapshot) (map[string]MetricValue, []string) {
	out := map[string]MetricValue{}
	unavail := append([]string{}, s.unavail...)
	badSeen := map[string]bool{}
	for _, n := range append(append([]string(nil), start.bad...), end.bad...) {
		if !badSeen[n] {
			badSeen[n] = true
			unavail = append(unavail, n)
		}
	}
	for _, m := range s.samples {
		n := m.Name
		if badSeen[n] {
			continue
		}
		if eh, ok := end.hists[n]; ok {
			out[n] = MetricValue{Kind: "histogram", HistJSON: unitFix(n, eh.Sub(start.hists[n]).JSON(true))}
			continue
		}
		ev, ok1 := end.scalars[n]
		sv, ok2 := start.scalars[n]
		if !ok1 || !ok2 {
			continue
		}
		if s.cumulative[n] {
			d := ev - sv
			out[n] = MetricValue{Kind: "counter", Delta: &d}
		} else {
			a, b := sv, ev
			out[n] = MetricValue{Kind: "gauge", Start: &a, End: &b}
		}
	}
	if cycles, ok := out[gcCyclesMetric]; ok && cycles.Delta != nil {
		for n, v := range out {
			if gcSnapshotMetric(n) && v.Kind == "counter" {
				v.GCCyclesEnded = cycles.Delta
				out[n] = v
			}
		}
	}
	sort.Strings(unavail)
	return out, unavail
}

// unitFix sets a histogram's unit from the metric name (":seconds" → "s").
func unitFix(name string, h *HistJSON) *HistJSON {
	if i := lastColon(name); i >= 0 && name[i+1:] != "seconds" {
		h.Unit = name[i+1:]
	}
	return h
}

func lastColon(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}

// ticker samples gauges and per-tick histogram deltas into metrics.jsonl. Its
// loop writes a tick every interval; the measured window's start and end write
// one each, from the goroutine that reads the window's anchors, so that the
// ticks' ops and cgroup counters split warm-up, window and wind-down where the
// window does (a closing tick the loop wrote once the scenario wound down took
// in tens of milliseconds past the window's end on a starved scheduler).
type ticker struct {
	interval time.Duration
	t0       time.Time
	onTick   func() // runs with each tick, before its line is written
	stop     chan struct{}
	done     sync.WaitGroup

	mu    sync.Mutex // the fields below, and writing a tick
	w     io.Writer
	enc   *tickEncoder
	phase string
	env   *Env
	// windowOps is the ops count a tick states without an env: the window's,
	// once it ended.
	windowOps int64
	last      time.Time // of the last tick written
	closed    bool      // the window's end (or close) wrote the last tick
	err       error
}

func startTicker(set *sampleSet, w io.Writer, interval time.Duration, t0 time.Time, onTick func()) *ticker {
	// The first tick's deltas count from here, not from whenever the loop's
	// goroutine first runs: a GC pause in between would be in the window's
	// totals but in no tick.
	t := &ticker{w: w, enc: newTickEncoder(set), interval: interval, t0: t0, onTick: onTick, stop: make(chan struct{}), phase: "warmup"}
	t.done.Add(1)
	go t.loop()
	return t
}

func (t *ticker) loop() {
	defer t.done.Done()
	defer t.enc.cgroup.close()
	tk := time.NewTicker(t.interval)
	defer tk.Stop()
	for {
		select {
		case <-t.stop:
			t.mu.Lock()
			t.closeSeries()
			t.mu.Unlock()
			return
		case <-tk.C:
			// Not the time the ticker sends: that is when the tick was due,
			// and a starved scheduler runs this loop late.
			t.mu.Lock()
			if !t.closed {
				t.write()
			}
			t.mu.Unlock()
		}
	}
}

// startWindow writes a tick that closes the warm-up, when one ran or a tick
// came before (a setup longer than the interval), then counts the ticks after
// it as the window's, with env's ops.
func (t *ticker) startWindow(env *Env, warmedUp bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.closed && (warmedUp || !t.last.IsZero()) {
		t.write()
	}
	t.phase, t.env = "measure", env
}

// endWindow reads the window's end through readEnd, which returns its ops
// count, and writes the series' last tick with it, however short its stretch:
// the window's totals end there. No tick comes in between, so none states more
// ops than the window.
func (t *ticker) endWindow(readEnd func() (ops int64)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ops := readEnd()
	if t.closed {
		return
	}
	t.env = nil
	t.windowOps = ops
	t.write()
	t.closed = true
}

// closeSeries writes the closing tick of a run whose window did not end (a
// stop, a failed warm-up), unless one was written; t.mu is held. It covers the
// stretch since the last tick, so the series reaches the end, and a run too
// short (or a ticker too starved) to see a regular tick still has one.
func (t *ticker) closeSeries() {
	if t.closed {
		return
	}
	if t.last.IsZero() || t.stretchDue() {
		t.write()
	}
	t.closed = true
}

// stretchDue says whether the stretch since the last tick (or the start)
// deserves a tick of its own: not under a tenth of the interval, whose rates
// would be mostly noise.
func (t *ticker) stretchDue() bool {
	from := t.last
	if from.IsZero() {
		from = t.t0
	}
	return time.Since(from) >= t.interval/10
}

// write reads and writes one tick, stamped with when it was read; t.mu is held.
func (t *ticker) write() {
	t.onTick()
	now := time.Now()
	ops := t.windowOps
	if t.env != nil {
		ops = t.env.Ops()
	}
	line := t.enc.tick(now.Sub(t.t0), t.phase, ops)
	// One Write per line: the file is unbuffered, so each tick is flushed.
	if _, err := t.w.Write(line); err != nil && t.err == nil {
		t.err = err
	}
	t.last = now
}

// tickEncoder turns one metrics.Read into one metrics.jsonl line, reusing its
// buffers: after the first tick it allocates nothing but what metrics.Read does.
type tickEncoder struct {
	set    *sampleSet
	buf    []metrics.Sample
	prev   [][]uint64 // previous cumulative counts per sample (histograms only)
	out    []byte
	cgroup *cpuStat
}

func newTickEncoder(set *sampleSet) *tickEncoder {
	e := &tickEncoder{set: set, buf: make([]metrics.Sample, len(set.samples)), prev: make([][]uint64, len(set.samples)), cgroup: openCPUStat()}
	copy(e.buf, set.samples)
	metrics.Read(e.buf)
	for i, m := range e.buf {
		if m.Value.Kind() == metrics.KindFloat64Histogram {
			e.prev[i] = append([]uint64(nil), m.Value.Float64Histogram().Counts...)
		}
	}
	return e
}

func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

// tick reads the metrics and returns the line (valid until the next call).
func (e *tickEncoder) tick(since time.Duration, phase string, ops int64) []byte {
	metrics.Read(e.buf)
	b := append(e.out[:0], `{"schema":1,"t":`...)
	b = appendJSONFloat(b, math.Round(since.Seconds()*1e6)/1e6)
	b = append(b, `,"phase":`...)
	b = appendJSONString(b, phase)
	b = append(b, `,"ops":`...)
	b = strconv.AppendInt(b, ops, 10)
	for _, section := range []string{"gauges", "counters"} {
		b = append(b, ',', '"')
		b = append(b, section...)
		b = append(b, `":{`...)
		first := true
		for _, m := range e.buf {
			var v float64
			switch m.Value.Kind() {
			case metrics.KindUint64:
				v = float64(m.Value.Uint64())
			case metrics.KindFloat64:
				v = m.Value.Float64()
			default:
				continue
			}
			if e.set.cumulative[m.Name] != (section == "counters") {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendJSONString(b, m.Name)
			b = append(b, ':')
			b = appendJSONFloat(b, v)
		}
		b = append(b, '}')
	}
	b = append(b, `,"hist":{`...)
	first := true
	for i, m := range e.buf {
		if m.Value.Kind() != metrics.KindFloat64Histogram {
			continue
		}
		h := m.Value.Float64Histogram()
		prev := e.prev[i]
		if len(prev) != len(h.Counts) {
			prev = make([]uint64, len(h.Counts))
		}
		var total uint64
		for j, c := range h.Counts {
			if c > prev[j] {
				total += c - prev[j]
			}
		}
		if total > 0 {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendJSONString(b, m.Name)
			unit := "s"
			if k := lastColon(m.Name); k >= 0 && m.Name[k+1:] != "seconds" {
				unit = m.Name[k+1:]
			}
			b = append(b, `:{"unit":`...)
			b = appendJSONString(b, unit)
			b = append(b, `,"count":`...)
			b = strconv.AppendUint(b, total, 10)
			b = append(b, `,"bins":[`...)
			firstBin := true
			for j, c := range h.Counts {
				if c <= prev[j] {
					continue
				}
				if !firstBin {
					b = append(b, ',')
				}
				firstBin = false
				b = append(b, '[')
				b = appendJSONFloat(b, h.Buckets[j])
				b = append(b, ',')
				b = appendJSONFloat(b, h.Buckets[j+1])
				b = append(b, ',')
				b = strconv.AppendUint(b, c-prev[j], 10)
				b = append(b, ']')
			}
			b = append(b, "]}"...)
		}
		copy(prev, h.Counts)
		e.prev[i] = prev
	}
	b = append(b, '}')
	b = e.cgroup.appendSection(b)
	b = append(b, "}\n"...)
	e.out = b
	return b
}

func (t *ticker) close() error {
	close(t.stop)
	t.done.Wait()
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}
