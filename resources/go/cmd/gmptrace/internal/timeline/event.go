// The events a window is built from, whichever reader gave them.

package timeline

import (
	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/syscalls"
)

// event is one trace event as the builder reads it, in x/exp/trace's
// meaning: from x/exp/trace's parser (fromX) or from gmptrace's own reader
// (own.go). Every event counts (its time moves the window's clock); the
// builder reads the details of syncs, goroutine transitions, ranges, user
// regions and tasks.
type event struct {
	now     trace.Time
	resumed bool            // see reader.Event.Resumed
	kind    trace.EventKind // EventBad for kinds the builder does not read
	g       trace.GoID      // the goroutine it happened on
	p       trace.ProcID    // the P it happened on
	stack   trace.Stack     // its own stack

	// goTransition: a goroutine's state transition (kind
	// EventStateTransition): of id, from and to, why (for a stop or block)
	// and its own stack (StateTransition.Stack).
	goTransition bool
	id           trace.GoID
	from, to     trace.GoState
	reason       string
	transStack   trace.Stack

	// procLeft: a P's transition to not running (a stop, or a steal from a
	// syscall), of proc. Only these are read: they end a syscall's hold on
	// its P (syscalls.TakesP).
	procLeft bool
	proc     trace.ProcID

	rng    trace.Range  // EventRangeBegin, Active, End
	region trace.Region // EventRegionBegin, End
	task   trace.Task   // EventTaskBegin, End
}

// fromX is x/exp/trace's event ev as the builder reads it.
func fromX(ev *reader.Event, out *event) {
	*out = event{now: ev.Now, resumed: ev.Resumed, kind: ev.Kind(), g: ev.Goroutine(), p: ev.Proc(), stack: ev.Stack()}
	switch out.kind {
	case trace.EventStateTransition:
		st := ev.StateTransition()
		if st.Resource.Kind == trace.ResourceGoroutine {
			out.goTransition, out.id, out.reason, out.transStack = true, st.Resource.Goroutine(), st.Reason, st.Stack
			out.from, out.to = st.Goroutine()
		} else if st.Resource.Kind == trace.ResourceProc && syscalls.TakesP(st.Proc()) {
			out.procLeft, out.proc = true, st.Resource.Proc()
		}
	case trace.EventRangeBegin, trace.EventRangeActive, trace.EventRangeEnd:
		out.rng = ev.Range()
	case trace.EventRegionBegin, trace.EventRegionEnd:
		out.region = ev.Region()
	case trace.EventTaskBegin, trace.EventTaskEnd:
		out.task = ev.Task()
	}
}
