// Package goroutines groups goroutines by start function and sums where each
// group spent its time, with the definitions of `go tool trace`'s goroutine
// pages (/goroutines and /goroutine?name=…), so the figures can be checked
// against them: execution, scheduler wait, block time by reason, syscall
// execution, syscall block and GC mark assist time. On top of that page it
// keeps each group's scheduler-latency samples (the same samples as
// sched_latency, see package sched) for an exact p99 and the runtime bins.
//
// The page's accounting, which this package follows (gmptrace README):
//   - a goroutine's group is the outermost frame of the first stack seen on
//     one of its own transitions ("" when none is seen);
//   - time is charged to the state the goroutine was in, from the transition
//     into it to the transition out of it, and pending states are closed at
//     the goroutine's exit (or a wait "forever") or at the end of the trace;
//   - a goroutine first seen by its status (Undetermined→X) is charged with
//     state X from the last Sync before it;
//   - a syscall whose P went idle during it is split: syscall execution up
//     to that moment, syscall block time after it.
package goroutines

import (
	"cmp"
	"slices"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goids"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/quantile"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/sched"
)

// MarkAssist is the name of the goroutine-scoped GC range whose time is the
// group's GC assist time.
const MarkAssist = "GC mark assist"

// groupSampleCap bounds the exact samples kept per group (past it the
// quantiles come from the log-linear buckets, rel_err 2^-11).
const groupSampleCap = 1 << 15

// Times are the non-overlapping time figures of the page, in nanoseconds,
// plus GC assist (a range, overlapping the others) and the total lifetime.
type Times struct {
	Exec, SchedWait, Syscall, SyscallBlock, Assist, Total int64
	Block                                                 Reasons // by the runtime's block reason, verbatim
}

// Reasons is time per block reason: a goroutine blocks for few reasons, so
// a short list is cheaper than a map per goroutine.
type Reasons []Reason

type Reason struct {
	Reason string
	NS     int64
}

func (rs *Reasons) add(reason string, d int64) {
	for i := range *rs {
		if (*rs)[i].Reason == reason {
			(*rs)[i].NS += d
			return
		}
	}
	*rs = append(*rs, Reason{reason, d})
}

func (t *Times) add(u *Times) {
	t.Exec += u.Exec
	t.SchedWait += u.SchedWait
	t.Syscall += u.Syscall
	t.SyscallBlock += u.SyscallBlock
	t.Assist += u.Assist
	t.Total += u.Total
	for _, r := range u.Block {
		t.Block.add(r.Reason, r.NS)
	}
}

// Group is the goroutines that share a start function.
type Group struct {
	StartFunc string
	Count     int
	Times
	// Latency: the group's scheduler-latency samples (Runnable→Running).
	Latency     quantile.Dist
	LatencyHist quantile.TimeHist
	// windows: the same samples by analysis window (nil once the trace went
	// past WindowSampleBudget).
	windows *windowLog
	// runtimeOwned: the runtime's own goroutines (sched.RuntimeOwned), left
	// out of the program's windows.
	runtimeOwned bool
}

// gor is one live goroutine. A zero time means "not in that state".
type gor struct {
	name     string
	named    bool
	grp      *Group // once named
	creation trace.Time
	Times
	lastStart, lastRunnable, lastBlock, lastSyscall, lastSyscallBlock, lastAssist trace.Time
	lastBlockReason                                                               string
	// pending: latency samples taken before the name was known, with their
	// windows; they join the group the goroutine turns out to belong to.
	pending []pendingSample
}

type pendingSample struct {
	d   int64
	win int32
}

type Tracker struct {
	gs goids.Table[gor]
	// The goroutine in a syscall on each P, and the P of each, kept as go
	// tool trace's goroutine summary keeps them, not with syscalls.Holds:
	// a goroutine leaving its syscall clears its P's entry even when
	// another goroutine's syscall has taken the P since, and the pages'
	// figures follow that (on a trace of blocking syscalls in 20 ms
	// generations, Holds moved 0.4 s of 16 s from syscall execution to
	// syscall block time, away from the pages').
	syscallingP map[trace.ProcID]trace.GoID
	syscallingG map[trace.GoID]trace.ProcID
	groups      map[string]*Group
	syncTs      trace.Time
	started     bool
	// last is the goroutine of the latest Transition, the one Sample is
	// called for (saves a map lookup per sample).
	lastID trace.GoID
	last   *gor
	// The groups' per-window samples (windows.go): windowsHeld counts those
	// of open windows; WindowsDropped is set once it passed windowBudget
	// (WindowSampleBudget) and the logs were let go. pendingWins counts the
	// samples waiting for a name, by window; windows below closedBelow are
	// closed; curWin is the latest sample's window.
	windowsHeld    int
	windowBudget   int
	WindowsDropped bool
	openLogs       []*windowLog
	spares         sampleSpares
	// program: the samples of every group but the runtime's own, by
	// window: the program's per-window latency, which the trace's windows
	// (every goroutine's) cannot give once the sweeper's yields fill them.
	program     *windowLog
	pendingWins map[int32]int
	closedBelow int32
	curWin      int32
}

func New() *Tracker {
	return &Tracker{
		syscallingP:  map[trace.ProcID]trace.GoID{},
		syscallingG:  map[trace.GoID]trace.ProcID{},
		groups:       map[string]*Group{},
		windowBudget: WindowSampleBudget,
		spares:       sampleSpares{limit: WindowSampleBudget},
		program:      &windowLog{},
		pendingWins:  map[int32]int{},
	}
}

// Known reports whether the goroutine has been seen (and not yet ended). A
// parser that began at a later generation reports every status as
// Undetermined→X; the caller passes such a transition on only for a
// goroutine not known yet, which a single parser would report the same way.
func (t *Tracker) Known(id trace.GoID) bool { return t.gs.Get(id) != nil }

// Time must be called for every event, before the event's own method: it
// keeps the last Sync (the start of the goroutines first seen by status).
func (t *Tracker) Time(now trace.Time, sync bool) {
	if !t.started || sync {
		t.started = true
		t.syncTs = now
	}
}

func newGor(creation trace.Time) *gor {
	return &gor{creation: creation}
}

// Transition is a goroutine's state change from→to (from != to) at now.
// hasOwn says the transition carries the goroutine's own stack (the
// StateTransition's), ownFunc is that stack's outermost function ("" for a
// stack without frames): the first one seen names the goroutine. proc is
// the event's P; reason the transition's.
func (t *Tracker) Transition(id trace.GoID, now trace.Time, from, to trace.GoState, reason string, ownFunc string, hasOwn bool, proc trace.ProcID) {
	g := t.gs.Get(id)
	switch from {
	case trace.GoUndetermined:
		g = newGor(t.syncTs)
		d := int64(now - t.syncTs)
		switch to {
		case trace.GoRunning:
			g.Exec += d
		case trace.GoWaiting:
			g.Block.add(reason, d)
		case trace.GoRunnable:
			g.SchedWait += d
		case trace.GoSyscall:
			// Without a P it was blocked in the call since before the trace.
			if proc == trace.NoProc {
				g.SyscallBlock += d
			} else {
				g.Syscall += d
			}
		}
		t.gs.Put(id, g)
	case trace.GoNotExist:
		g = newGor(now)
		t.gs.Put(id, g)
	case trace.GoRunning:
		if g != nil {
			g.Exec += int64(now - g.lastStart)
			g.lastStart = 0
		}
	case trace.GoWaiting:
		if g != nil && g.lastBlock != 0 {
			g.Block.add(g.lastBlockReason, int64(now-g.lastBlock))
			g.lastBlock = 0
		}
	case trace.GoRunnable:
		if g != nil && g.lastRunnable != 0 {
			g.SchedWait += int64(now - g.lastRunnable)
			g.lastRunnable = 0
		}
	case trace.GoSyscall:
		if g != nil && g.lastSyscall != 0 {
			if g.lastSyscallBlock != 0 {
				g.SyscallBlock += int64(now - g.lastSyscallBlock)
				g.Syscall += int64(g.lastSyscallBlock - g.lastSyscall)
			} else {
				g.Syscall += int64(now - g.lastSyscall)
			}
			g.lastSyscall, g.lastSyscallBlock = 0, 0
			delete(t.syscallingP, t.syscallingG[id])
			delete(t.syscallingG, id)
		}
	}
	if g == nil { // not seen before, yet not from Undetermined/NotExist: cannot happen in a valid trace
		g = newGor(now)
		t.gs.Put(id, g)
	}
	if !g.named && hasOwn {
		g.name = ownFunc
		g.named = true
		g.grp = t.group(g.name)
		for _, p := range g.pending {
			t.unpend(p.win)
			t.addSample(g.grp, p.d, p.win)
		}
		g.pending = nil
	}
	t.lastID, t.last = id, g
	switch to {
	case trace.GoRunning:
		g.lastStart = now
	case trace.GoRunnable:
		g.lastRunnable = now
	case trace.GoWaiting:
		if reason != "forever" {
			g.lastBlock = now
			g.lastBlockReason = reason
			break
		}
		// Waiting forever is the goroutine's end, as on the page.
		t.end(id, g, now)
	case trace.GoNotExist:
		t.end(id, g, now)
	case trace.GoSyscall:
		t.syscallingP[proc] = id
		t.syscallingG[id] = proc
		g.lastSyscall = now
	}
}

// ProcIdle: P went idle (from another state). A goroutine in a syscall on
// it is from now on blocked in the syscall.
func (t *Tracker) ProcIdle(p trace.ProcID, now trace.Time) {
	if id, ok := t.syscallingP[p]; ok {
		if g := t.gs.Get(id); g != nil {
			g.lastSyscallBlock = now
		}
		delete(t.syscallingP, p)
	}
}

// Range follows the goroutine-scoped GC mark assist ranges.
func (t *Tracker) Range(kind trace.EventKind, now trace.Time, r trace.Range) {
	if r.Name != MarkAssist || r.Scope.Kind != trace.ResourceGoroutine {
		return
	}
	g := t.gs.Get(r.Scope.Goroutine())
	if g == nil {
		return
	}
	switch kind {
	case trace.EventRangeBegin:
		g.lastAssist = now
	case trace.EventRangeActive: // active since the last Sync at least
		if g.lastAssist != 0 {
			g.Assist += int64(t.syncTs - g.lastAssist)
		}
		g.lastAssist = t.syncTs
	case trace.EventRangeEnd:
		if g.lastAssist != 0 {
			g.Assist += int64(now - g.lastAssist)
			g.lastAssist = 0
		}
	}
}

// Sample is one scheduler-latency sample of goroutine id (package sched),
// normally the goroutine of the latest Transition, in analysis window win.
func (t *Tracker) Sample(id trace.GoID, d int64, win int) {
	g := t.last
	if t.lastID != id || g == nil {
		g = t.gs.Get(id)
	}
	if g == nil {
		return
	}
	if g.named {
		t.addSample(g.grp, d, int32(win))
	} else {
		g.pending = append(g.pending, pendingSample{d, int32(win)})
		t.pend(int32(win))
	}
	t.advanceWindows(int32(win))
}

func (t *Tracker) group(name string) *Group {
	grp := t.groups[name]
	if grp == nil {
		grp = &Group{StartFunc: name, runtimeOwned: sched.RuntimeOwned(name)}
		grp.Latency.Cap = groupSampleCap
		if !t.WindowsDropped {
			grp.windows = &windowLog{}
		}
		t.groups[name] = grp
	}
	return grp
}

func (t *Tracker) addSample(grp *Group, d int64, win int32) {
	grp.Latency.Add(d)
	grp.LatencyHist.Add(d)
	t.windowSample(grp.windows, d, win)
	if !grp.runtimeOwned {
		t.windowSample(t.program, d, win)
	}
}

// end closes g's pending states at now (its exit, or the end of the trace)
// and adds it to its group.
func (t *Tracker) end(id trace.GoID, g *gor, now trace.Time) {
	g.Total = int64(now - g.creation)
	if g.lastStart != 0 {
		g.Exec += int64(now - g.lastStart)
	}
	if g.lastRunnable != 0 {
		g.SchedWait += int64(now - g.lastRunnable)
	}
	if g.lastBlock != 0 {
		g.Block.add(g.lastBlockReason, int64(now-g.lastBlock))
	}
	if g.lastSyscall != 0 {
		g.Syscall += int64(now - g.lastSyscall)
	}
	if g.lastSyscallBlock != 0 {
		// The page charges a syscall still blocked at the end to scheduler
		// wait (and all of it to syscall execution too); kept for agreement.
		g.SchedWait += int64(now - g.lastSyscallBlock)
	}
	if g.lastAssist != 0 {
		g.Assist += int64(now - g.lastAssist)
	}
	grp := t.group(g.name)
	grp.Count++
	grp.add(&g.Times)
	for _, p := range g.pending {
		t.unpend(p.win)
		t.addSample(grp, p.d, p.win)
	}
	t.gs.Delete(id)
	if t.last == g {
		t.last = nil
	}
	if p, ok := t.syscallingG[id]; ok {
		delete(t.syscallingP, p)
		delete(t.syscallingG, id)
	}
}

// Finish ends every goroutine still alive at end and returns the groups,
// largest execution + scheduler wait first (ties by start function).
func (t *Tracker) Finish(end trace.Time) []*Group {
	ids := make([]trace.GoID, 0, t.gs.Len())
	for id := range t.gs.All() {
		ids = append(ids, id)
	}
	slices.Sort(ids) // the exact samples' order does not matter, but keep runs reproducible
	for _, id := range ids {
		t.end(id, t.gs.Get(id), end)
	}
	t.finishWindows()
	out := make([]*Group, 0, len(t.groups))
	for _, grp := range t.groups {
		out = append(out, grp)
	}
	slices.SortFunc(out, func(a, b *Group) int {
		if c := cmp.Compare(b.Exec+b.SchedWait, a.Exec+a.SchedWait); c != 0 {
			return c
		}
		return cmp.Compare(a.StartFunc, b.StartFunc)
	})
	return out
}
