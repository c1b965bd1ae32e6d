package analyze

import (
	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/gcstw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goroutines"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/mmu"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// orderDecoder turns the events of gmptrace's own reader (internal/order)
// into the records decoder.Add makes of x/exp/trace's: what each event
// means (its state transition, range, metric, label, region, task or log)
// is x/exp/trace's meaning of the same event, so the analysis is the same
// whichever reader fed it (tested: identical analysis.json and profiles).
type orderDecoder struct {
	decoder
	src      *order.Reader
	firstGen uint64            // the trace's first generation, where statuses are first said
	byID     map[uint64]uint32 // the generation's stack IDs -> index into cur.stacks
}

func newOrderDecoder(src *order.Reader) *orderDecoder {
	d := &orderDecoder{src: src, byID: map[uint64]uint32{}}
	d.cur.recs = make([]rec, 0, reader.BatchSize)
	d.reset()
	return d
}

// stackArg is, per event type, which argument after the time is the stack
// of the event itself (x/exp/trace's Event.Stack), -1 when it has none.
var stackArg = func() (at [256]int8) {
	for t := range at {
		at[t] = -1
	}
	for t, s := range wire.Specs(99) {
		for i, a := range s.Args {
			if a == "stack" && s.Timed {
				at[t] = int8(i - 1)
			}
		}
	}
	return at
}()

// stackOf is the index in the tables of the generation's stack id.
func (d *orderDecoder) stackOf(id uint64) uint32 {
	if id == 0 {
		return 0
	}
	if i, ok := d.byID[id]; ok {
		return i
	}
	frames := d.src.Stack(id)
	out := make([]trace.StackFrame, len(frames))
	for k, f := range frames {
		out[k] = trace.StackFrame{PC: f.PC, Func: f.Func, File: f.File, Line: f.Line}
	}
	i := uint32(len(d.cur.stacks))
	d.cur.stacks = append(d.cur.stacks, trace.MakeStack(out))
	d.starts = append(d.starts, 0)
	d.byID[id] = i
	return i
}

// evStack is the index of the event's own stack.
func (d *orderDecoder) evStack(ev *order.Event) uint32 {
	if a := stackArg[ev.Type]; a >= 0 {
		return d.stackOf(ev.Args[a])
	}
	return 0
}

var goStatus = [...]trace.GoState{1: trace.GoRunnable, 2: trace.GoRunning, 3: trace.GoSyscall, 4: trace.GoWaiting}
var procStatus = [...]trace.ProcState{1: trace.ProcRunning, 2: trace.ProcIdle, 3: trace.ProcRunning, 4: trace.ProcIdle}

// rangeName is x/exp/trace's name of the range a begin, active or end event is of.
func (d *orderDecoder) rangeOf(ev *order.Event) (trace.Range, bool) {
	switch ev.Type {
	case wire.EvSTWBegin, wire.EvSTWEnd:
		return trace.Range{Name: "stop-the-world (" + d.src.String(ev.Args[0]) + ")", Scope: trace.MakeResourceID(trace.GoID(ev.Ctx.G))}, true
	case wire.EvGCBegin, wire.EvGCActive, wire.EvGCEnd:
		return trace.Range{Name: "GC concurrent mark phase", Scope: trace.ResourceID{Kind: trace.ResourceNone}}, true
	case wire.EvGCSweepBegin, wire.EvGCSweepEnd:
		return trace.Range{Name: "GC incremental sweep", Scope: trace.MakeResourceID(trace.ProcID(ev.Ctx.P))}, true
	case wire.EvGCSweepActive:
		return trace.Range{Name: "GC incremental sweep", Scope: trace.MakeResourceID(trace.ProcID(ev.Args[0]))}, true
	case wire.EvGCMarkAssistBegin, wire.EvGCMarkAssistEnd:
		return trace.Range{Name: "GC mark assist", Scope: trace.MakeResourceID(trace.GoID(ev.Ctx.G))}, true
	case wire.EvGCMarkAssistActive:
		return trace.Range{Name: "GC mark assist", Scope: trace.MakeResourceID(trace.GoID(ev.Args[0]))}, true
	}
	return trace.Range{}, false
}

var rangeKind = map[wire.Type]trace.EventKind{
	wire.EvSTWBegin: trace.EventRangeBegin, wire.EvGCBegin: trace.EventRangeBegin, wire.EvGCSweepBegin: trace.EventRangeBegin, wire.EvGCMarkAssistBegin: trace.EventRangeBegin,
	wire.EvGCActive: trace.EventRangeActive, wire.EvGCSweepActive: trace.EventRangeActive, wire.EvGCMarkAssistActive: trace.EventRangeActive,
	wire.EvSTWEnd: trace.EventRangeEnd, wire.EvGCEnd: trace.EventRangeEnd, wire.EvGCSweepEnd: trace.EventRangeEnd, wire.EvGCMarkAssistEnd: trace.EventRangeEnd,
}

// transition is x/exp/trace's StateTransition of a goroutine or P event:
// whose, from and to what, why, and the transition's own stack.
type transition struct {
	proc       bool
	id         int64
	from, to   uint8
	reason     uint64 // a string ID
	ownStack   uint64 // a stack ID
	evIsOwnStk bool   // the event's stack is the transition's own
}

func (d *orderDecoder) transitionOf(ev *order.Event) (transition, bool) {
	g, a := ev.Ctx.G, ev.Args
	goT := func(id int64, from, to trace.GoState) transition {
		return transition{id: id, from: uint8(from), to: uint8(to)}
	}
	procT := func(id int64, from, to trace.ProcState) transition {
		return transition{proc: true, id: id, from: uint8(from), to: uint8(to)}
	}
	switch ev.Type {
	case wire.EvProcStart:
		return procT(int64(a[0]), trace.ProcIdle, trace.ProcRunning), true
	case wire.EvProcStop:
		return procT(ev.Ctx.P, trace.ProcRunning, trace.ProcIdle), true
	case wire.EvProcSteal:
		from := trace.ProcRunning
		if ev.From == 4 { // abandoned by a thread no longer known
			from = trace.ProcIdle
		}
		return procT(int64(a[0]), from, trace.ProcIdle), true
	case wire.EvProcStatus:
		from := procStatus[ev.From]
		if ev.New {
			from = trace.ProcNotExist
			if ev.Gen == d.firstGen {
				from = trace.ProcUndetermined
			}
		}
		return procT(int64(a[0]), from, procStatus[a[1]]), true
	case wire.EvGoCreate, wire.EvGoCreateBlocked:
		to := trace.GoRunnable
		if ev.Type == wire.EvGoCreateBlocked {
			to = trace.GoWaiting
		}
		t := goT(int64(a[0]), trace.GoNotExist, to)
		t.ownStack = a[1]
		return t, true
	case wire.EvGoCreateSyscall:
		return goT(int64(a[0]), trace.GoNotExist, trace.GoSyscall), true
	case wire.EvGoStart:
		return goT(int64(a[0]), trace.GoRunnable, trace.GoRunning), true
	case wire.EvGoDestroy:
		return goT(g, trace.GoRunning, trace.GoNotExist), true
	case wire.EvGoDestroySyscall:
		return goT(g, trace.GoSyscall, trace.GoNotExist), true
	case wire.EvGoStop, wire.EvGoBlock:
		to := trace.GoRunnable
		if ev.Type == wire.EvGoBlock {
			to = trace.GoWaiting
		}
		t := goT(g, trace.GoRunning, to)
		t.reason, t.evIsOwnStk = a[0], true
		return t, true
	case wire.EvGoUnblock, wire.EvGoSwitch, wire.EvGoSwitchDestroy:
		return goT(int64(a[0]), trace.GoWaiting, trace.GoRunnable), true
	case wire.EvGoSyscallBegin:
		t := goT(g, trace.GoRunning, trace.GoSyscall)
		t.evIsOwnStk = true
		return t, true
	case wire.EvGoSyscallEnd:
		return goT(g, trace.GoSyscall, trace.GoRunning), true
	case wire.EvGoSyscallEndBlocked:
		return goT(g, trace.GoSyscall, trace.GoRunnable), true
	case wire.EvGoStatus, wire.EvGoStatusStack:
		to := goStatus[a[2]]
		from := to
		if ev.New {
			from = trace.GoUndetermined
		}
		t := goT(int64(a[0]), from, to)
		t.evIsOwnStk = true
		return t, true
	}
	return transition{}, false
}

// add decodes the i-th event of the trace, as decoder.Add does x/exp/trace's.
func (d *orderDecoder) add(ev *order.Event, i int64) {
	r := rec{u: trace.Time(ev.Time), i: i}
	switch ev.Type {
	case wire.EvSync:
		if i == 0 {
			d.firstGen = ev.Gen
		} else {
			d.reset()
			clear(d.byID)
		}
		r.kind = recSync
	case wire.EvProcsChange:
		r.kind, r.id = recMaxProcs, int64(ev.Args[0])
	case wire.EvGoLabel:
		if mmu.IsWorkerLabel(d.src.String(ev.Args[0])) {
			r.kind, r.id, r.p = recWorker, ev.Ctx.G, ev.Ctx.P
		}
	case wire.EvUserRegionBegin, wire.EvUserRegionEnd:
		kind := trace.EventRegionBegin
		if ev.Type == wire.EvUserRegionEnd {
			kind = trace.EventRegionEnd
		}
		r.kind, r.from, r.id, r.str = recRegion, uint8(kind), ev.Ctx.G, d.str(d.src.String(ev.Args[1]))
	case wire.EvUserTaskBegin:
		r.kind, r.from, r.id, r.str = recTask, uint8(trace.EventTaskBegin), int64(ev.Args[0]), d.str(d.src.String(ev.Args[2]))
	case wire.EvUserTaskEnd:
		r.kind, r.from, r.id, r.str = recTask, uint8(trace.EventTaskEnd), int64(ev.Args[0]), d.str(ev.TaskName)
	case wire.EvUserLog:
		r.kind, r.str = recLog, d.str(d.src.String(ev.Args[1]))
	default:
		if rg, ok := d.rangeOf(ev); ok {
			if gcstw.Tracked(rg.Name) || mmu.Tracked(rg.Name) || rg.Name == goroutines.MarkAssist {
				r.kind, r.from, r.str = recRange, uint8(rangeKind[ev.Type]), uint32(len(d.cur.ranges))
				r.id, r.p = ev.Ctx.G, ev.Ctx.P
				d.cur.ranges = append(d.cur.ranges, rg)
			}
			break
		}
		if t, ok := d.transitionOf(ev); ok {
			d.addTransition(&r, ev, t)
		}
	}
	if r.kind == recFirst && i > 0 {
		return // nothing the analysis uses
	}
	d.cur.recs = append(d.cur.recs, r)
}

// addTransition fills r as decoder.Add does for a state transition.
func (d *orderDecoder) addTransition(r *rec, ev *order.Event, t transition) {
	if t.proc {
		r.kind, r.id, r.from, r.to = recProc, t.id, t.from, t.to
		return
	}
	from, to := trace.GoState(t.from), trace.GoState(t.to)
	if from == to {
		return // a status said again at a generation boundary
	}
	r.kind, r.id, r.from, r.to = recGo, t.id, t.from, t.to
	r.p = ev.Ctx.P
	if to == trace.GoRunnable || to == trace.GoSyscall || to == trace.GoWaiting || from == trace.GoRunning {
		r.stack = d.evStack(ev)
	}
	if to == trace.GoRunnable || to == trace.GoWaiting {
		r.str = d.str(d.src.String(t.reason))
	}
	own := uint32(0)
	switch {
	case t.ownStack != 0:
		own = d.stackOf(t.ownStack)
	case t.evIsOwnStk:
		own = d.evStack(ev)
	}
	if own != 0 {
		r.start = d.startOf(own)
	}
}
