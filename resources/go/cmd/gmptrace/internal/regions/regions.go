// Package regions summarises the user annotations of runtime/trace: regions
// per type (count, duration distribution, and the scheduler latency of the
// goroutines inside them), tasks per type (count, durations) and log
// messages per category.
//
// Definitions (gmptrace README, "User annotations"):
//   - a region's duration runs from its RegionBegin to its RegionEnd on the
//     same goroutine (regions nest; an end closes the innermost open one, as
//     `go tool trace` pairs them). A region with only one end in the trace
//     (begun before the trace, or not ended by its end or its goroutine's
//     exit) is counted as incomplete, not as a duration sample;
//   - the scheduler latency inside a region type is every scheduler-latency
//     sample (package sched) of a goroutine that has a region of that type
//     open when the wait ends. A goroutine enters and leaves regions only
//     while it runs, so such a wait lies wholly inside the region. A sample
//     counts once per type even when regions of one type nest;
//   - a task's duration runs from its TaskBegin to its TaskEnd (on any
//     goroutine); tasks with only one end in the trace are incomplete.
package regions

import (
	"cmp"
	"slices"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/quantile"
)

// sampleCap bounds the exact samples kept per type (past it quantiles come
// from the log-linear buckets, rel_err 2^-11).
const sampleCap = 1 << 15

// maxTypes bounds how many distinct region (and task) types are followed;
// later types are counted in Dropped. Types are normally a handful of
// literals, but nothing stops a program from formatting them.
const maxTypes = 10000

// Stat is one region or task type.
type Stat struct {
	Type       string
	Count      uint64 // complete ones (samples of Duration)
	Incomplete uint64
	Duration   quantile.Dist
	DurHist    quantile.TimeHist
	// Latency: scheduler-latency samples inside regions of this type
	// (regions only).
	Latency     quantile.Dist
	LatencyHist quantile.TimeHist
}

type open struct {
	typ   string
	begin trace.Time
}

type task struct {
	typ   string
	begin trace.Time
}

type Tracker struct {
	regions map[string]*Stat
	tasks   map[string]*Stat
	logs    map[string]uint64
	active  map[trace.GoID][]open // open regions per goroutine, innermost last
	openTs  map[trace.TaskID]task
	// Dropped counts regions and tasks of types past maxTypes.
	Dropped uint64
}

func New() *Tracker {
	return &Tracker{
		regions: map[string]*Stat{},
		tasks:   map[string]*Stat{},
		logs:    map[string]uint64{},
		active:  map[trace.GoID][]open{},
		openTs:  map[trace.TaskID]task{},
	}
}

func stat(m map[string]*Stat, typ string) *Stat {
	s := m[typ]
	if s == nil && len(m) < maxTypes {
		s = &Stat{Type: typ}
		s.Duration.Cap = sampleCap
		s.Latency.Cap = sampleCap
		m[typ] = s
	}
	return s
}

func (s *Stat) complete(d int64) {
	s.Count++
	s.Duration.Add(d)
	s.DurHist.Add(d)
}

func (t *Tracker) incomplete(m map[string]*Stat, typ string) {
	if s := stat(m, typ); s != nil {
		s.Incomplete++
	} else {
		t.Dropped++
	}
}

// RegionBegin: goroutine g began a region of type typ.
func (t *Tracker) RegionBegin(g trace.GoID, typ string, now trace.Time) {
	t.active[g] = append(t.active[g], open{typ: typ, begin: now})
}

// RegionEnd: goroutine g ended a region of type typ (it closes g's
// innermost open region, whatever its type, as go tool trace pairs them).
func (t *Tracker) RegionEnd(g trace.GoID, typ string, now trace.Time) {
	stk := t.active[g]
	if len(stk) == 0 { // begun before the trace
		t.incomplete(t.regions, typ)
		return
	}
	r := stk[len(stk)-1]
	t.active[g] = stk[:len(stk)-1]
	if len(stk) == 1 {
		delete(t.active, g)
	}
	if s := stat(t.regions, r.typ); s != nil {
		s.complete(int64(now - r.begin))
	} else {
		t.Dropped++
	}
}

// TaskBegin: task id of type typ began.
func (t *Tracker) TaskBegin(id trace.TaskID, typ string, now trace.Time) {
	t.openTs[id] = task{typ: typ, begin: now}
}

// TaskEnd: task id of type typ ended.
func (t *Tracker) TaskEnd(id trace.TaskID, typ string, now trace.Time) {
	b, ok := t.openTs[id]
	if !ok { // begun before the trace
		t.incomplete(t.tasks, typ)
		return
	}
	delete(t.openTs, id)
	if s := stat(t.tasks, b.typ); s != nil {
		s.complete(int64(now - b.begin))
	} else {
		t.Dropped++
	}
}

// Log: a log message of this category.
func (t *Tracker) Log(category string) { t.logs[category]++ }

// Sample is a scheduler-latency sample of goroutine g: it counts for every
// region type g has open.
func (t *Tracker) Sample(g trace.GoID, d int64) {
	if len(t.active) == 0 {
		return // no region open anywhere: the usual case, without a lookup
	}
	stk := t.active[g]
	for i, r := range stk {
		if slices.ContainsFunc(stk[:i], func(o open) bool { return o.typ == r.typ }) {
			continue // nested in a region of the same type: counted once
		}
		if s := stat(t.regions, r.typ); s != nil {
			s.Latency.Add(d)
			s.LatencyHist.Add(d)
		}
	}
}

// Exit: goroutine g ended; its open regions never end.
func (t *Tracker) Exit(g trace.GoID) {
	for _, r := range t.active[g] {
		t.incomplete(t.regions, r.typ)
	}
	delete(t.active, g)
}

// Result is the summary, types sorted by count (most first), then name.
type Result struct {
	Regions, Tasks []*Stat
	Logs           map[string]uint64
	Dropped        uint64
}

// Finish counts the regions and tasks still open as incomplete.
func (t *Tracker) Finish() Result {
	gs := make([]trace.GoID, 0, len(t.active))
	for g := range t.active {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	for _, g := range gs {
		t.Exit(g)
	}
	for _, tk := range t.openTs {
		t.incomplete(t.tasks, tk.typ)
	}
	clear(t.openTs)
	return Result{Regions: sorted(t.regions), Tasks: sorted(t.tasks), Logs: t.logs, Dropped: t.Dropped}
}

func sorted(m map[string]*Stat) []*Stat {
	out := make([]*Stat, 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *Stat) int {
		if c := cmp.Compare(b.Count+b.Incomplete, a.Count+a.Incomplete); c != 0 {
			return c
		}
		return cmp.Compare(a.Type, b.Type)
	})
	return out
}
