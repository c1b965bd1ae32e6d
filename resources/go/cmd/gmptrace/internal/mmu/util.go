// Package mmu computes the minimum mutator utilisation (MMU) curve of a trace
// with the definition `go tool trace` uses for its MMU page (Go 1.26,
// "System" view): the mutator utilisation at a moment is 1 − (Ps doing GC
// work) / GOMAXPROCS, or 0 during a GC stop-the-world; the MMU for a window
// size w is the smallest mean utilisation over every window of length w in
// the trace. See the gmptrace README ("Minimum mutator utilisation") for what
// counts as GC work and where gmptrace departs from go tool trace.
//
// Tracker turns events into the utilisation step function (util.go); Curve
// takes the steps one at a time and keeps the MMU for a fixed set of window
// sizes in bounded memory (curve.go).
package mmu

import (
	"strings"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goids"
)

// Flags choose what counts as GC work, as the check boxes of go tool trace's
// MMU page do.
type Flags uint8

const (
	// STW: a GC stop-the-world range (its name mentions GC) takes every P.
	STW Flags = 1 << iota
	// Background: a mark worker running as "GC (dedicated)" or
	// "GC (fractional)" takes its P while it runs.
	Background
	// Assist: a goroutine in a mark assist takes its P while it runs.
	Assist
	// Sweep: a P sweeping ("GC incremental sweep") is taken.
	Sweep
	// GoTool126Workers reproduces how go tool trace 1.26 counts background
	// workers: it marks a goroutine a worker forever at its first label and
	// adds its P once more at every later start and label, so a P that ran a
	// worker twice stays "in GC" until the trace ends; an assist already
	// running when the trace starts on a goroutine that is not executing is
	// dropped. Only the agreement test sets it, to show that this is the
	// whole difference.
	GoTool126Workers
)

// Default is what go tool trace's MMU page shows when opened: STW,
// background workers and mark assists, not sweeping.
const Default = STW | Background | Assist

// Step is a change of the utilisation function: from T (ns) on it is U.
type Step struct {
	T int64
	U float64
}

// maxProcs bounds the GOMAXPROCS a trace may report.
const maxProcs = 1 << 20

type procsChange struct {
	t int64
	n int
}

// Tracker follows the events of a trace, in order, and hands the steps of
// the utilisation function to a sink (a Curve) once they are final.
type Tracker struct {
	flags Flags
	sink  func(Step)

	syncs   int   // Sync events seen: RangeActive is acted on in the first generation only
	gc      []int // per P: GC activities on it (> 0: the P is taken)
	gcPs    int   // Ps with gc > 0
	stw     int
	inGC    map[trace.GoID]bool         // goroutines in a mark assist
	workers map[trace.GoID]trace.ProcID // workers counted on a P while they run
	marked  map[trace.GoID]bool         // GoTool126Workers: goroutines ever labelled a worker
	exec    goids.Set                   // first generation only: goroutines executing
	procs   []procsChange               // first generation only: GOMAXPROCS changes

	// The steps of the first generation are held until it ends: an assist
	// or sweep found active there was active since the trace began, so the
	// utilisation recorded before it is lowered (as go tool trace does).
	// Afterwards only the last step is held (a later event at the same time
	// may lower it). At most MaxHeld are held: past that the earlier ones are
	// passed on and can no longer be lowered (the runtime writes such a
	// range with the goroutine's or P's first status, so it comes early).
	held  []Step
	letGo bool // MaxHeld was reached in the first generation
}

// MaxHeld bounds the steps held in the first generation (16 bytes each).
const MaxHeld = 1 << 20

// NewTracker returns a Tracker for the given flags that passes final steps
// to sink.
func NewTracker(flags Flags, sink func(Step)) *Tracker {
	return &Tracker{
		flags:   flags,
		sink:    sink,
		inGC:    map[trace.GoID]bool{},
		workers: map[trace.GoID]trace.ProcID{},
		marked:  map[trace.GoID]bool{},
	}
}

func (t *Tracker) firstGen() bool { return t.syncs <= 1 }

func (t *Tracker) add(p trace.ProcID, d int) {
	if p < 0 || int(p) >= len(t.gc) {
		return // no P, or one GOMAXPROCS no longer has (go tool trace would fail here)
	}
	was := t.gc[p] > 0
	t.gc[p] += d
	if now := t.gc[p] > 0; now != was {
		if now {
			t.gcPs++
		} else {
			t.gcPs--
		}
	}
}

func (t *Tracker) setProcs(now int64, n int) {
	if n < len(t.gc) {
		t.gc = t.gc[:n]
	}
	for len(t.gc) < n {
		t.gc = append(t.gc, 0)
	}
	t.gcPs = 0
	for _, c := range t.gc {
		if c > 0 {
			t.gcPs++
		}
	}
	if t.firstGen() && (len(t.procs) == 0 || t.procs[len(t.procs)-1].n != n) {
		t.procs = append(t.procs, procsChange{now, n})
	}
}

func isGCSTW(name string) bool {
	return strings.HasPrefix(name, "stop-the-world") && strings.Contains(name, "GC")
}

// The tracker takes the events it uses already decoded, one method per kind
// (the caller decodes them where it parses them). Every other event changes
// nothing: times strictly increase, so after each event the last step held
// is the utilisation itself and an event that changes no state adds no step.

// Sync: a generation begins.
func (t *Tracker) Sync(now int64) {
	t.syncs++
	if !t.firstGen() && t.procs != nil {
		t.endFirstGen()
	}
	t.done(now)
}

// GoMaxProcs: GOMAXPROCS is n from now on.
func (t *Tracker) GoMaxProcs(now int64, n uint64) {
	// A value no runtime can have (a corrupt trace) is ignored rather than
	// allocated for.
	if n <= maxProcs {
		if len(t.gc) == 0 {
			t.step(Step{now, 1}) // the function starts here
		}
		t.setProcs(now, int(n))
	}
	t.done(now)
}

// Tracked reports whether Range does anything with ranges of this name.
func Tracked(name string) bool {
	return isGCSTW(name) || name == sweepRange || name == assistRange
}

const (
	sweepRange  = "GC incremental sweep"
	assistRange = "GC mark assist"
)

// Range: a RangeBegin, RangeActive or RangeEnd event of range r, on P p and
// goroutine g (the event's own).
func (t *Tracker) Range(kind trace.EventKind, now int64, r trace.Range, p trace.ProcID, g trace.GoID) {
	if len(t.gc) > 0 {
		switch kind {
		case trace.EventRangeActive:
			if t.firstGen() {
				t.rangeActive(r, p, g)
			}
		case trace.EventRangeBegin:
			t.rangeBegin(r, p)
		case trace.EventRangeEnd:
			t.rangeEnd(r, p)
		}
	}
	t.done(now)
}

// GoTransition: goroutine id went from→to on P p.
func (t *Tracker) GoTransition(now int64, id trace.GoID, from, to trace.GoState, p trace.ProcID) {
	if len(t.gc) > 0 {
		t.goTransition(id, from, to, p)
	}
	t.done(now)
}

// IsWorkerLabel reports whether a goroutine label names a mark worker's
// mode that takes its P (WorkerLabel's events).
func IsWorkerLabel(l string) bool {
	return strings.HasPrefix(l, "GC ") && l != "GC (idle)"
}

// WorkerLabel: goroutine g, running on P p, was labelled a mark worker
// (IsWorkerLabel).
func (t *Tracker) WorkerLabel(now int64, g trace.GoID, p trace.ProcID) {
	if len(t.gc) > 0 {
		t.label(g, p)
	}
	t.done(now)
}

// done records the utilisation after an event at now.
func (t *Tracker) done(now int64) {
	if len(t.gc) == 0 {
		return // nothing is known before GOMAXPROCS is
	}
	u := 1.0
	if t.stw > 0 {
		u = 0
	} else {
		u = 1 - float64(t.gcPs)/float64(len(t.gc))
	}
	t.step(Step{now, u})
}

func (t *Tracker) rangeActive(r trace.Range, p trace.ProcID, evG trace.GoID) {
	assist := t.flags&Assist != 0 && r.Name == assistRange
	sweep := t.flags&Sweep != 0 && r.Name == sweepRange
	if assist {
		g := evG // as go tool trace looks it up
		if r.Scope.Kind == trace.ResourceGoroutine && t.flags&GoTool126Workers == 0 {
			g = r.Scope.Goroutine() // the goroutine in the assist
		}
		if !t.exec.Contains(g) {
			if t.flags&GoTool126Workers == 0 {
				t.inGC[g] = true // it counts from when it runs again
			}
			return
		}
	}
	if (assist || sweep) && !t.letGo {
		// Taken since the trace began: lower what was recorded so far.
		t.lowerHeld()
	}
	t.rangeBegin(r, p)
}

// lowerHeld takes 1/GOMAXPROCS off every held step (not below 0), with the
// GOMAXPROCS in force at each (a change at the very time of a step applies
// from the next one, as in go tool trace).
func (t *Tracker) lowerHeld() {
	pi := 0
	for i := range t.held {
		for pi < len(t.procs)-1 && t.procs[pi+1].t < t.held[i].T {
			pi++
		}
		t.held[i].U = max(0, t.held[i].U-1/float64(t.procs[pi].n))
	}
}

func (t *Tracker) rangeBegin(r trace.Range, p trace.ProcID) {
	switch {
	case t.flags&STW != 0 && isGCSTW(r.Name):
		t.stw++
	case t.flags&Sweep != 0 && r.Name == sweepRange:
		t.add(p, 1)
	case t.flags&Assist != 0 && r.Name == assistRange:
		t.add(p, 1)
		if r.Scope.Kind == trace.ResourceGoroutine {
			t.inGC[r.Scope.Goroutine()] = true
		}
	}
}

func (t *Tracker) rangeEnd(r trace.Range, p trace.ProcID) {
	switch {
	case t.flags&STW != 0 && isGCSTW(r.Name):
		t.stw--
	case t.flags&Sweep != 0 && r.Name == sweepRange:
		t.add(p, -1)
	case t.flags&Assist != 0 && r.Name == assistRange:
		t.add(p, -1)
		if r.Scope.Kind == trace.ResourceGoroutine {
			delete(t.inGC, r.Scope.Goroutine())
		}
	}
}

func (t *Tracker) goTransition(g trace.GoID, from, to trace.GoState, p trace.ProcID) {
	if t.firstGen() {
		if to.Executing() {
			t.exec.Add(g)
		} else {
			t.exec.Remove(g)
		}
	}
	// A status at a generation boundary (X→X, or Undetermined→X from a
	// parser that began there) changes nothing.
	started := !from.Executing() && to.Executing() && from != trace.GoUndetermined
	stopped := from.Executing() && !to.Executing()
	if !started && !stopped {
		return
	}
	// The maps are mostly empty outside GC: no lookup then.
	if (len(t.inGC) > 0 && t.inGC[g]) || (len(t.marked) > 0 && t.marked[g]) {
		if started {
			t.add(p, 1)
		} else if stopped {
			t.add(p, -1)
		}
	}
	if !stopped || len(t.workers) == 0 {
		return
	}
	if p, ok := t.workers[g]; ok {
		t.add(p, -1)
		delete(t.workers, g)
	}
}

// label: the runtime labels a mark worker's goroutine with its mode right
// after every start.
func (t *Tracker) label(g trace.GoID, p trace.ProcID) {
	if t.flags&Background == 0 {
		return
	}
	if t.flags&GoTool126Workers != 0 {
		t.marked[g] = true
		t.add(p, 1)
		return
	}
	if _, ok := t.workers[g]; !ok {
		t.workers[g] = p
		t.add(p, 1)
	}
}

// step records the utilisation from s.T on. A change at the time of the
// last step keeps the lower of the two (go tool trace does the same).
func (t *Tracker) step(s Step) {
	if n := len(t.held); n > 0 {
		last := &t.held[n-1]
		if s.U == last.U {
			return
		}
		if s.T == last.T {
			last.U = min(last.U, s.U)
			return
		}
		if !t.firstGen() {
			t.sink(*last)
			t.held = t.held[:0]
		}
	}
	if len(t.held) == MaxHeld {
		t.letGo = true
		t.passOn()
	}
	t.held = append(t.held, s)
}

// passOn passes on the held steps but the last.
func (t *Tracker) passOn() {
	if n := len(t.held); n > 1 {
		for _, s := range t.held[:n-1] {
			t.sink(s)
		}
		t.held = append(t.held[:0], t.held[n-1])
	}
}

// endFirstGen passes on the first generation's steps but the last.
func (t *Tracker) endFirstGen() {
	t.passOn()
	t.procs, t.exec = nil, goids.Set{}
}

// Finish ends the function at end, the time of the last event, with
// utilisation 0 (as go tool trace does) and passes on what is held. It
// reports whether there is a function at all (there is none before the
// first GOMAXPROCS event).
func (t *Tracker) Finish(end int64) bool {
	if len(t.held) == 0 {
		return false
	}
	t.step(Step{end, 0})
	for _, s := range t.held {
		t.sink(s)
	}
	t.held = nil
	return true
}

// Names lists the flags as go tool trace's MMU page names them.
func (f Flags) Names() []string {
	names := []string{}
	for _, n := range []struct {
		f    Flags
		name string
	}{{STW, "stw"}, {Background, "background"}, {Assist, "assist"}, {Sweep, "sweep"}} {
		if f&n.f != 0 {
			names = append(names, n.name)
		}
	}
	return names
}
