// A window read by gmptrace's own reader (internal/order): one batch per
// thread in memory instead of a whole generation, so a window of a trace
// written as one huge generation costs its reading time, not its size in RAM.

package timeline

import (
	"fmt"
	"os"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/meaning"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// ownBatch is how many events go from the reading goroutine to the builder at once.
const ownBatch = 1024

// readOwn reads generations first to last of ix in f with the own reader
// and hands their events to fn until it returns false. The reading and the
// turning of events into x/exp/trace's meaning run in another goroutine than
// fn, as x/exp/trace's parser does. Like a parser begun at generation first,
// it reads that generation's statuses as first ones.
func readOwn(f *os.File, ix genindex.Index, first, last int, fn func(ev *event) bool) (reader.Info, error) {
	// The generations asked for are whole: the index's cut (if any) lies after them.
	span := genindex.Index{Version: ix.Version, Generations: ix.Generations[first : last+1], Complete: true}
	batches := make(chan []event, 4)
	spares := make(chan []event, cap(batches)+2)
	stop := make(chan struct{})
	var info reader.Info
	var err error
	go func() {
		defer close(batches)
		info, err = produceOwn(f, span, batches, spares, stop)
	}()
	stopped := false
	for batch := range batches {
		for i := range batch {
			if !stopped && !fn(&batch[i]) {
				stopped = true
				close(stop)
			}
		}
		select {
		case spares <- batch:
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
func produceOwn(f *os.File, span genindex.Index, out chan<- []event, spares <-chan []event, stop <-chan struct{}) (info reader.Info, err error) {
	defer func() {
		if p := recover(); p != nil {
			info, err = reader.Ended(info, fmt.Errorf("reader failure: %v", p))
		}
	}()
	hdr := make([]byte, genindex.HeaderLen)
	if _, err := f.ReadAt(hdr, 0); err == nil {
		info.GoVersion, _ = genindex.Version(hdr)
	}
	src := order.NewReader(f, span)
	conv := ownEvents{src: src, stacks: map[uint64]trace.Stack{}}
	batch := make([]event, 0, ownBatch)
	send := func() bool {
		select {
		case out <- batch:
		case <-stop:
			return false
		}
		select {
		case batch = <-spares:
			batch = batch[:0]
		default:
			batch = make([]event, 0, ownBatch)
		}
		return true
	}
	for {
		ev, rerr := src.Next()
		if rerr != nil {
			if len(batch) > 0 && !send() {
				return info, nil
			}
			return reader.Ended(info, rerr)
		}
		if ev.Type == wire.EvSync {
			info.Syncs++
		}
		info.Events++
		info.Last = trace.Time(ev.Time)
		batch = batch[:len(batch)+1]
		conv.convert(&ev, &batch[len(batch)-1])
		if len(batch) == ownBatch && !send() {
			return info, nil
		}
	}
}

// ownEvents turns the own reader's events into x/exp/trace's meaning.
type ownEvents struct {
	src      *order.Reader
	started  bool
	firstGen uint64                 // the first generation read
	stacks   map[uint64]trace.Stack // the generation's stacks made so far, by ID
}

func (o *ownEvents) stack(id uint64) trace.Stack {
	if id == 0 {
		return trace.NoStack
	}
	s, ok := o.stacks[id]
	if !ok {
		s = meaning.MakeStack(o.src.Stack(id))
		o.stacks[id] = s
	}
	return s
}

func (o *ownEvents) convert(ev *order.Event, out *event) {
	if ev.Type == wire.EvSync {
		// A generation's stack IDs name its own tables.
		if !o.started {
			o.started, o.firstGen = true, ev.Gen
		}
		clear(o.stacks)
	}
	*out = event{now: trace.Time(ev.Time), g: trace.GoID(ev.Ctx.G), p: trace.ProcID(ev.Ctx.P), stack: o.stack(meaning.Stack(ev))}
	a := &ev.Args
	switch ev.Type {
	case wire.EvSync:
		out.kind = trace.EventSync
	case wire.EvUserRegionBegin, wire.EvUserRegionEnd:
		out.kind = trace.EventRegionBegin
		if ev.Type == wire.EvUserRegionEnd {
			out.kind = trace.EventRegionEnd
		}
		out.region = trace.Region{Task: trace.TaskID(a[0]), Type: o.src.String(a[1])}
	case wire.EvUserTaskBegin:
		out.kind = trace.EventTaskBegin
		out.task = trace.Task{ID: trace.TaskID(a[0]), Parent: trace.TaskID(a[1]), Type: o.src.String(a[2])}
	case wire.EvUserTaskEnd:
		out.kind = trace.EventTaskEnd
		out.task = trace.Task{ID: trace.TaskID(a[0]), Parent: trace.TaskID(ev.TaskParent), Type: ev.TaskName}
	default:
		if rng, kind, ok := meaning.Range(ev, o.src.String); ok {
			out.kind, out.rng = kind, rng
		} else if t, ok := meaning.StateTransition(ev, o.firstGen); ok {
			out.kind = trace.EventStateTransition
			if !t.Proc {
				out.goTransition, out.id, out.reason, out.transStack = true, trace.GoID(t.ID), o.src.String(t.Reason), o.stack(t.Stack)
				out.from, out.to = t.GoStates()
			}
		}
	}
}
