// The goroutines of a window: their transitions and waits, the slices they
// ran on each P, and their syscalls.

package timeline

import (
	"cmp"
	"slices"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/syscalls"
)

type gInfo struct {
	state    trace.GoState
	p        trace.ProcID
	runBegin trace.Time
	sys      syscalls.Hold // its syscall (the last it began) and the P it held
	out      int           // index in Window.Goroutines, -1 until it has a transition in the window
	atFrom   trace.GoState
	ownStop  int  // stack of its last stop from Running in the window
	wait     wait // the wait it began in the window, while open: until it runs or leaves Runnable
}

// wait is a wait under way: the transition to Runnable that began it. It is
// held by value (a busy window begins millions of waits).
type wait struct {
	open   bool
	begin  trace.Time
	from   trace.GoState
	reason string
	stack  int
	by     int64
	busyAt int64 // the Ps' busy time at its begin (psbusy.go)
}

func (b *builder) goTransition(ev *event, now trace.Time) {
	from, to, id := ev.from, ev.to, ev.id
	b.learnStartFunc(ev)
	if from == to || (ev.resumed && from == trace.GoUndetermined) {
		return // a status the earlier generations already gave
	}
	g := b.gs[id]
	if g == nil {
		g = &gInfo{out: -1, atFrom: trace.GoNotExist}
		b.gs[id] = g
	}
	inWindow := now >= b.from
	if from == trace.GoUndetermined && inWindow {
		b.lateStatus(g, to, ev.p)
		return
	}
	switch from {
	case trace.GoRunning:
		if inWindow {
			b.slice(id, g, now, stopReason(to, ev.reason))
			b.stopsOn(id, g, now, to, ev.reason)
		}
	case trace.GoSyscall:
		// Back without its P and no steal seen: when it lost it is not
		// known, so it is not drawn holding it (the analysis counts the
		// whole call lost).
		b.holds.End(&g.sys, to)
		if inWindow {
			b.syscall(id, g, now)
		}
	case trace.GoRunnable:
		b.runnable--
	}
	switch to {
	case trace.GoRunning:
		g.runBegin, g.p = now, ev.p
		if inWindow {
			b.runsOn(g, now)
		}
	case trace.GoSyscall:
		p := trace.NoProc
		if from == trace.GoRunning {
			p = ev.p
		}
		b.holds.Begin(&g.sys, now, p)
	case trace.GoRunnable:
		b.runnable++
	}
	g.state = to
	if (from == trace.GoRunnable) != (to == trace.GoRunnable) && inWindow && b.room("run_queue", len(b.out.RunQueue)) {
		b.out.RunQueue = append(b.out.RunQueue, Depth{TS: b.secs(now), Runnable: b.runnable})
	}
	if !inWindow || from == trace.GoUndetermined {
		if to == trace.GoNotExist {
			delete(b.gs, id)
		}
		return
	}
	stk := b.stack(ev.stack)
	if g.out < 0 {
		g.out = len(b.out.Goroutines)
		b.out.Goroutines = append(b.out.Goroutines, Goroutine{G: int64(id), StateAtFrom: g.atFrom.String(), Transitions: []Transition{}})
	}
	if b.room("transitions", b.transitionsLen) {
		b.transitionsLen++
		gout := &b.out.Goroutines[g.out]
		gout.Transitions = append(gout.Transitions, Transition{TS: b.secs(now), From: from.String(), To: to.String(), Reason: ev.reason, Stack: stk})
	}
	by := int64(ev.g)
	if ev.g == trace.NoGoroutine {
		by = -1
	}
	if (from == trace.GoWaiting || from == trace.GoNotExist) && to == trace.GoRunnable && b.room("unblocks", len(b.out.Unblocks)) {
		b.out.Unblocks = append(b.out.Unblocks, Unblock{TS: b.secs(now), G: int64(id), By: by, Stack: stk, Created: from == trace.GoNotExist})
	}
	b.followWait(id, g, now, from, to, ev.reason, stk, by)
	if to == trace.GoNotExist {
		delete(b.gs, id)
	}
}

// followWait follows g's waits through its transitions in the window, every
// one of them, and keeps the longest.
func (b *builder) followWait(id trace.GoID, g *gInfo, now trace.Time, from, to trace.GoState, reason string, stk int, by int64) {
	switch to {
	case trace.GoRunnable:
		g.wait = wait{open: true, begin: now, from: from, reason: reason, stack: stk, by: by, busyAt: b.busy.at(b.sinceFrom(now))}
	case trace.GoRunning:
		if g.wait.open {
			b.keepWait(id, g, now)
		}
		g.wait.open = false
	default:
		g.wait.open = false
	}
	if from == trace.GoRunning {
		g.ownStop = stk
	}
}

// keepWait adds g's wait, ending at end, to the longest ones if it is one.
func (b *builder) keepWait(id trace.GoID, g *gInfo, end trace.Time) {
	w := &g.wait
	list := b.out.LongestWaits
	// Most waits are shorter than the shortest kept one: they leave before a Wait is built.
	if len(list) == MaxLongestWaits && b.secs(end)-b.secs(w.begin) < list[len(list)-1].EndS-list[len(list)-1].BeginS {
		return
	}
	out := Wait{G: int64(id), BeginS: b.secs(w.begin), EndS: b.secs(end), From: w.from.String(), Reason: w.reason, Stack: w.stack, OwnStopStack: g.ownStop}
	if w.from == trace.GoWaiting || w.from == trace.GoNotExist {
		by := w.by
		out.By = &by
	}
	b.heldMeanwhile(&out, g, end)
	longer := func(x, y Wait) int {
		if c := cmp.Compare(y.EndS-y.BeginS, x.EndS-x.BeginS); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(x.BeginS, y.BeginS), cmp.Compare(x.G, y.G))
	}
	i, _ := slices.BinarySearchFunc(list, out, longer)
	if i >= MaxLongestWaits {
		return
	}
	list = slices.Insert(list, i, out)
	b.out.LongestWaits = list[:min(len(list), MaxLongestWaits)]
}

// learnStartFunc keeps the start function of a goroutine from the first own
// stack it shows: its creation, a stop, or a status with stack (a status
// re-emitted at a generation boundary counts: a goroutine parked since before
// the window, such as one of a burst, shows its stack only there).
func (b *builder) learnStartFunc(ev *event) {
	if _, known := b.funcs[ev.id]; known {
		return
	}
	from := ev.from
	if from == ev.to {
		from = trace.GoUndetermined // a status, whoever parsed the generation before
	}
	if name, ok := stacks.StartFunc(ev.stack, ev.transStack, from); ok {
		b.funcs[ev.id] = b.names.Intern(name)
	}
}

// lateStatus handles a goroutine's first status when it comes after the
// window began (the runtime writes a status when it first touches a
// goroutine in a generation): the goroutine has been in that state since the
// generation began, so since before the window, as a pass over the earlier
// generations knows. It is counted so, back to the window's start.
func (b *builder) lateStatus(g *gInfo, to trace.GoState, p trace.ProcID) {
	g.state, g.atFrom = to, to
	switch to {
	case trace.GoRunning:
		g.runBegin, g.p = b.from, p
		b.lateRunning(g)
	case trace.GoSyscall:
		b.holds.Begin(&g.sys, b.from, trace.NoProc)
	case trace.GoRunnable:
		b.runnable++
		for i := range b.out.RunQueue {
			b.out.RunQueue[i].Runnable++
		}
	}
}

func stopReason(to trace.GoState, reason string) string {
	switch to {
	case trace.GoRunnable:
		return reason
	case trace.GoWaiting:
		return "blocked: " + reason
	case trace.GoSyscall:
		return "syscall"
	case trace.GoNotExist:
		return "exited"
	}
	return to.String()
}

// slice records g's run on its P up to end (clipped to the window).
func (b *builder) slice(id trace.GoID, g *gInfo, end trace.Time, stop string) {
	switch {
	case g.p == trace.NoProc:
	case b.slicesLen == b.max:
		b.cutSlices(id, g, end, stop)
	case b.room("slices", b.slicesLen):
		b.addSlice(id, g, end, stop)
	}
}

// cutStop is the stop of a slice cut short where the slices reached the cap.
const cutStop = "cap reached: not kept past here"

// cutSlices is the slices' cap reached at end: the slice ending there is the
// last one kept whole, and the goroutines still running get theirs up to end,
// so the P lanes are whole until the cut and empty after it (a lane that just
// stopped would look idle where its goroutine ran on). These few go past the
// cap: one per P at most.
func (b *builder) cutSlices(id trace.GoID, g *gInfo, end trace.Time, stop string) {
	b.out.KeptUntil["slices"] = b.secs(end)
	b.addSlice(id, g, end, stop)
	for _, other := range b.ids() {
		if og := b.gs[other]; other != id && og.state == trace.GoRunning && og.p != trace.NoProc && max(og.runBegin, b.from) < end {
			b.addSlice(other, og, end, cutStop)
		}
	}
}

func (b *builder) addSlice(id trace.GoID, g *gInfo, end trace.Time, stop string) {
	b.slicesLen++
	i, ok := b.procIdx[g.p]
	if !ok {
		i = len(b.out.Procs)
		b.procIdx[g.p] = i
		b.out.Procs = append(b.out.Procs, Proc{P: int64(g.p), Slices: []Slice{}})
	}
	b.out.Procs[i].Slices = append(b.out.Procs[i].Slices, Slice{G: int64(id), BeginS: b.secs(max(g.runBegin, b.from)), EndS: b.secs(end), Stop: stop})
}

// syscall records g's syscall up to end (clipped to the window); at the cap,
// as slices are, the syscalls under way are kept up to the cut.
func (b *builder) syscall(id trace.GoID, g *gInfo, end trace.Time) {
	switch {
	case len(b.out.Syscalls) == b.max:
		b.out.KeptUntil["syscalls"] = b.secs(end)
		b.addSyscall(id, g, end)
		for _, other := range b.ids() {
			if og := b.gs[other]; other != id && og.state == trace.GoSyscall && max(og.sys.Begin, b.from) < end {
				b.addSyscall(other, og, end)
			}
		}
	case b.room("syscalls", len(b.out.Syscalls)):
		b.addSyscall(id, g, end)
	}
}

func (b *builder) addSyscall(id trace.GoID, g *gInfo, end trace.Time) {
	begin := max(g.sys.Begin, b.from)
	out := Syscall{G: int64(id), BeginS: b.secs(begin), EndS: b.secs(end), P: -1, PUntilS: b.secs(begin)}
	held := end
	if g.sys.LostAt != 0 {
		held = min(max(g.sys.LostAt, begin), end)
	}
	// A P held for no time in the window is none: a query that began reading after the syscall did
	// cannot know its P, and the runtime takes a syscall's P at every generation switch, so a pass
	// over every generation saw it taken before the window too.
	if g.sys.P != trace.NoProc && held > begin {
		out.P, out.PUntilS = int64(g.sys.P), b.secs(held)
	}
	b.out.Syscalls = append(b.out.Syscalls, out)
}

// closeAtEnd adds, with add, a span that ends with the window, unless its
// list was cut before: then the span's part after the cut is left out.
func (b *builder) closeAtEnd(list string, add func()) {
	if cut, ok := b.out.KeptUntil[list]; !ok {
		add()
	} else if cut < b.secs(b.now) {
		b.out.Truncated[list]++
	}
}

// ids lists the goroutines followed, in order (the output must not depend on
// map order).
func (b *builder) ids() []trace.GoID {
	ids := make([]trace.GoID, 0, len(b.gs))
	for id := range b.gs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
