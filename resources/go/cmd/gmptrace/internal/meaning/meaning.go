// Package meaning says what an event of gmptrace's own reader
// (internal/order) means in x/exp/trace's terms: the state transition, range
// or stack x/exp/trace's Event gives for the same event. Both consumers of
// the own reader, the analysis and the window queries, read events through
// it, so each gives what it gives from x/exp/trace's events (tested there:
// identical analysis.json, profiles and windows).
package meaning

import (
	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

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

// Stack is the ID of the event's own stack (x/exp/trace's Event.Stack), 0 for none.
func Stack(ev *order.Event) uint64 {
	if a := stackArg[ev.Type]; a >= 0 {
		return ev.Args[a]
	}
	return 0
}

// MakeStack is a stack of the own reader (order.Tables.Stack) as x/exp/trace's.
func MakeStack(frames []order.Frame) trace.Stack {
	out := make([]trace.StackFrame, len(frames))
	for k, f := range frames {
		out[k] = trace.StackFrame{PC: f.PC, Func: f.Func, File: f.File, Line: f.Line}
	}
	return trace.MakeStack(out)
}

var goStatus = [...]trace.GoState{1: trace.GoRunnable, 2: trace.GoRunning, 3: trace.GoSyscall, 4: trace.GoWaiting}
var procStatus = [...]trace.ProcState{1: trace.ProcRunning, 2: trace.ProcIdle, 3: trace.ProcRunning, 4: trace.ProcIdle}

// Range is the range a begin, active or end event is of (x/exp/trace's
// Event.Range) and the event's kind; str looks up the generation's strings.
func Range(ev *order.Event, str func(id uint64) string) (trace.Range, trace.EventKind, bool) {
	g, p := trace.GoID(ev.Ctx.G), trace.ProcID(ev.Ctx.P)
	var r trace.Range
	switch ev.Type {
	case wire.EvSTWBegin, wire.EvSTWEnd:
		r = trace.Range{Name: "stop-the-world (" + str(ev.Args[0]) + ")", Scope: trace.MakeResourceID(g)}
	case wire.EvGCBegin, wire.EvGCActive, wire.EvGCEnd:
		r = trace.Range{Name: "GC concurrent mark phase", Scope: trace.ResourceID{Kind: trace.ResourceNone}}
	case wire.EvGCSweepBegin, wire.EvGCSweepEnd:
		r = trace.Range{Name: "GC incremental sweep", Scope: trace.MakeResourceID(p)}
	case wire.EvGCSweepActive:
		r = trace.Range{Name: "GC incremental sweep", Scope: trace.MakeResourceID(trace.ProcID(ev.Args[0]))}
	case wire.EvGCMarkAssistBegin, wire.EvGCMarkAssistEnd:
		r = trace.Range{Name: "GC mark assist", Scope: trace.MakeResourceID(g)}
	case wire.EvGCMarkAssistActive:
		r = trace.Range{Name: "GC mark assist", Scope: trace.MakeResourceID(trace.GoID(ev.Args[0]))}
	default:
		return trace.Range{}, 0, false
	}
	return r, rangeKind[ev.Type], true
}

var rangeKind = map[wire.Type]trace.EventKind{
	wire.EvSTWBegin: trace.EventRangeBegin, wire.EvGCBegin: trace.EventRangeBegin, wire.EvGCSweepBegin: trace.EventRangeBegin, wire.EvGCMarkAssistBegin: trace.EventRangeBegin,
	wire.EvGCActive: trace.EventRangeActive, wire.EvGCSweepActive: trace.EventRangeActive, wire.EvGCMarkAssistActive: trace.EventRangeActive,
	wire.EvSTWEnd: trace.EventRangeEnd, wire.EvGCEnd: trace.EventRangeEnd, wire.EvGCSweepEnd: trace.EventRangeEnd, wire.EvGCMarkAssistEnd: trace.EventRangeEnd,
}

// Transition is x/exp/trace's StateTransition of a goroutine or P event.
type Transition struct {
	Proc     bool  // a P's transition (From and To are trace.ProcStates), else a goroutine's
	ID       int64 // the goroutine's or P's
	From, To uint8
	Reason   uint64 // a string ID: why a goroutine stopped or blocked (0: none)
	Stack    uint64 // a stack ID: the transition's own stack (StateTransition.Stack; 0: none)
}

// GoStates are From and To of a goroutine's transition.
func (t Transition) GoStates() (from, to trace.GoState) {
	return trace.GoState(t.From), trace.GoState(t.To)
}

// StateTransition is the transition ev makes, if it makes one. firstGen is
// the first generation the reader read: x/exp/trace says a P's first status
// there comes from Undetermined, and in a later one from NotExist.
func StateTransition(ev *order.Event, firstGen uint64) (Transition, bool) {
	g, a := ev.Ctx.G, ev.Args
	goT := func(id int64, from, to trace.GoState) Transition {
		return Transition{ID: id, From: uint8(from), To: uint8(to)}
	}
	procT := func(id int64, from, to trace.ProcState) Transition {
		return Transition{Proc: true, ID: id, From: uint8(from), To: uint8(to)}
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
			if ev.Gen == firstGen {
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
		t.Stack = a[1]
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
		t.Reason, t.Stack = a[0], Stack(ev)
		return t, true
	case wire.EvGoUnblock, wire.EvGoSwitch, wire.EvGoSwitchDestroy:
		return goT(int64(a[0]), trace.GoWaiting, trace.GoRunnable), true
	case wire.EvGoSyscallBegin:
		t := goT(g, trace.GoRunning, trace.GoSyscall)
		t.Stack = Stack(ev)
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
		t.Stack = Stack(ev)
		return t, true
	}
	return Transition{}, false
}
