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
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// ownBatch is at most how many events go from the reading goroutine to the
// builder at once; a batch holds events of one generation, looked up in its tables.
const ownBatch = 1024

type ownEvents struct {
	evs    []order.Event
	tables order.Tables
}

// readOwn reads generations first to last of ix in f with the own reader
// and hands their events to fn until it returns false. Reading and ordering
// run in another goroutine than fn, and giving events x/exp/trace's meaning
// in fn's, which shares the work about evenly (measured on a single
// generation of 100 MB). Like a parser begun at generation first, it reads
// that generation's statuses as first ones.
func readOwn(f *os.File, ix genindex.Index, first, last int, fn func(ev *event) bool) (reader.Info, error) {
	// The generations asked for are whole: the index's cut (if any) lies after them.
	span := genindex.Index{Version: ix.Version, Generations: ix.Generations[first : last+1], Complete: true}
	batches := make(chan ownEvents, 4)
	spares := make(chan []order.Event, cap(batches)+2)
	stop := make(chan struct{})
	var info reader.Info
	var err error
	go func() {
		defer close(batches)
		info, err = produceOwn(f, span, batches, spares, stop)
	}()
	var conv converter
	var e event
	stopped := false
	for batch := range batches {
		conv.tables = batch.tables
		for i := 0; i < len(batch.evs) && !stopped; i++ {
			conv.convert(&batch.evs[i], &e)
			if !fn(&e) {
				stopped = true
				close(stop)
			}
		}
		select {
		case spares <- batch.evs:
		default:
		}
	}
	if stopped {
		return reader.Info{GoVersion: info.GoVersion, Stopped: true}, nil
	}
	return info, err
}

// produceOwn reads span's events into batches sent to out until the trace
// ends or stop is closed, and says what was read.
func produceOwn(f *os.File, span genindex.Index, out chan<- ownEvents, spares <-chan []order.Event, stop <-chan struct{}) (info reader.Info, err error) {
	defer reader.EndOnPanic(&info, &err)
	info.GoVersion = reader.HeaderVersion(f)
	src := order.NewReader(f, span)
	batch := ownEvents{evs: make([]order.Event, 0, ownBatch)}
	send := func() bool {
		select {
		case out <- batch:
		case <-stop:
			return false
		}
		select {
		case batch.evs = <-spares:
			batch.evs = batch.evs[:0]
		default:
			batch.evs = make([]order.Event, 0, ownBatch)
		}
		return true
	}
	for {
		ev, rerr := src.Next()
		if rerr != nil {
			if len(batch.evs) > 0 && !send() {
				return info, nil
			}
			return reader.Ended(info, rerr)
		}
		if ev.Type == wire.EvSync {
			// A generation's events go with its tables: a new one starts a batch.
			if len(batch.evs) > 0 && !send() {
				return info, nil
			}
			batch.tables = src.Tables()
			info.Syncs++
		}
		info.Events++
		info.Last = trace.Time(ev.Time)
		batch.evs = append(batch.evs, ev)
		if len(batch.evs) == ownBatch && !send() {
			return info, nil
		}
	}
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
