package stress

import (
	"encoding/json"
	"io"
	"math"
	"runtime/metrics"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// WantedMetrics are the runtime/metrics names the harness samples (SCENARIOS §4).
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
}

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

// tickLine is one metrics.jsonl line (PROTOCOL §2.3).
type tickLine struct {
	Schema   int                  `json:"schema"`
	T        float64              `json:"t"`
	Phase    string               `json:"phase"`
	Ops      int64                `json:"ops"`
	Gauges   map[string]float64   `json:"gauges"`
	Counters map[string]float64   `json:"counters"`
	Hist     map[string]*HistJSON `json:"hist"`
}

// ticker samples gauges and per-tick histogram deltas into metrics.jsonl.
type ticker struct {
	set      *sampleSet
	w        io.Writer
	interval time.Duration
	t0       time.Time
	phase    atomic.Value // string
	env      atomic.Pointer[Env]
	stop     chan struct{}
	done     sync.WaitGroup
	errMu    sync.Mutex
	err      error
	lines    atomic.Int64
}

func startTicker(set *sampleSet, w io.Writer, interval time.Duration, t0 time.Time) *ticker {
	t := &ticker{set: set, w: w, interval: interval, t0: t0, stop: make(chan struct{})}
	t.phase.Store("warmup")
	t.done.Add(1)
	go t.loop()
	return t
}

func (t *ticker) loop() {
	defer t.done.Done()
	buf := make([]metrics.Sample, len(t.set.samples))
	copy(buf, t.set.samples)
	prev := map[string]HistData{}
	metrics.Read(buf)
	for n, h := range toSnapshot(buf).hists {
		prev[n] = h
	}
	tk := time.NewTicker(t.interval)
	defer tk.Stop()
	enc := json.NewEncoder(t.w)
	for {
		select {
		case <-t.stop:
			return
		case now := <-tk.C:
			metrics.Read(buf)
			snap := toSnapshot(buf)
			line := tickLine{Schema: 1, T: math.Round(now.Sub(t.t0).Seconds()*1e6) / 1e6,
				Phase: t.phase.Load().(string), Gauges: map[string]float64{},
				Counters: map[string]float64{}, Hist: map[string]*HistJSON{}}
			if e := t.env.Load(); e != nil {
				line.Ops = e.Ops()
			}
			for n, v := range snap.scalars {
				if t.set.cumulative[n] {
					line.Counters[n] = v
				} else {
					line.Gauges[n] = v
				}
			}
			for n, h := range snap.hists {
				d := h.Sub(prev[n])
				prev[n] = h
				if d.Total() > 0 {
					line.Hist[n] = unitFix(n, d.JSON(false))
				}
			}
			// One Write per line: the file is unbuffered, so each tick is flushed.
			if err := enc.Encode(line); err != nil {
				t.errMu.Lock()
				if t.err == nil {
					t.err = err
				}
				t.errMu.Unlock()
			} else {
				t.lines.Add(1)
			}
		}
	}
}

func (t *ticker) setPhase(p string, env *Env) {
	t.env.Store(env)
	t.phase.Store(p)
}

func (t *ticker) close() error {
	close(t.stop)
	t.done.Wait()
	t.errMu.Lock()
	defer t.errMu.Unlock()
	return t.err
}
