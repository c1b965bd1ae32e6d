// A window read by gmptrace's own reader (internal/order): one batch per
// thread in memory instead of a whole generation, so a window of a trace
// written as one huge generation costs its reading time, not its size in RAM.

package timeline

import (
	"os"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/meaning"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/ownread"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// readOwn reads generations first to last of ix in f with the own reader
// and hands their events to fn until it returns false. Events get
// x/exp/trace's meaning in fn's goroutine, which shares the work with the
// reading one about evenly (measured on a single generation of 100 MB).
// Like a parser begun at generation first, it reads that generation's
// statuses as first ones.
func readOwn(f *os.File, ix genindex.Index, first, last int, fn func(ev *event) bool) (reader.Info, error) {
	// The generations asked for are whole: the index's cut (if any) lies after them.
	span := genindex.Index{Version: ix.Version, Generations: ix.Generations[first : last+1], Complete: true}
	var conv converter
	var e event
	return ownread.Read(f, span, func(b *ownread.Batch) bool {
		conv.tables = b.Tables
		for i := range b.Events {
			conv.convert(&b.Events[i], &e)
			if !fn(&e) {
				return false
			}
		}
		return true
	})
}

// converter gives the own reader's events x/exp/trace's meaning.
type converter struct {
	tables   order.Tables // of the generation being converted
	started  bool
	firstGen uint64                 // the first generation read
	stacks   map[uint64]trace.Stack // the generation's stacks made so far, by ID
}

func (c *converter) stack(id uint64) trace.Stack {
	if id == 0 {
		return trace.NoStack
	}
	s, ok := c.stacks[id]
	if !ok {
		s = meaning.MakeStack(c.tables.Stack(id))
		c.stacks[id] = s
	}
	return s
}

func (c *converter) convert(ev *order.Event, out *event) {
	if ev.Type == wire.EvSync {
		// A generation's stack IDs name its own tables.
		if !c.started {
			c.started, c.firstGen, c.stacks = true, ev.Gen, map[uint64]trace.Stack{}
		}
		clear(c.stacks)
	}
	*out = event{now: trace.Time(ev.Time), g: trace.GoID(ev.Ctx.G), p: trace.ProcID(ev.Ctx.P), stack: c.stack(meaning.Stack(ev))}
	a := &ev.Args
	switch ev.Type {
	case wire.EvSync:
		out.kind = trace.EventSync
	case wire.EvUserRegionBegin, wire.EvUserRegionEnd:
		out.kind = trace.EventRegionBegin
		if ev.Type == wire.EvUserRegionEnd {
			out.kind = trace.EventRegionEnd
		}
		out.region = trace.Region{Task: trace.TaskID(a[0]), Type: c.tables.String(a[1])}
	case wire.EvUserTaskBegin:
		out.kind = trace.EventTaskBegin
		out.task = trace.Task{ID: trace.TaskID(a[0]), Parent: trace.TaskID(a[1]), Type: c.tables.String(a[2])}
	case wire.EvUserTaskEnd:
		out.kind = trace.EventTaskEnd
		out.task = trace.Task{ID: trace.TaskID(a[0]), Parent: trace.TaskID(ev.TaskParent), Type: ev.TaskName}
	default:
		if rng, kind, ok := meaning.Range(ev, c.tables.String); ok {
			out.kind, out.rng = kind, rng
		} else if t, ok := meaning.StateTransition(ev, c.firstGen); ok {
			out.kind = trace.EventStateTransition
			if !t.Proc {
				out.goTransition, out.id, out.reason, out.transStack = true, trace.GoID(t.ID), c.tables.String(t.Reason), c.stack(t.Stack)
				out.from, out.to = t.GoStates()
			}
		}
	}
}
