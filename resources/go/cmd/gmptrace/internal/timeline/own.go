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
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/syscalls"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// readOwn reads generations first to last of ix in f with the own reader,
// into b, until b has its window. Events get x/exp/trace's meaning in b's
// goroutine, which shares the work with the reading one about evenly
// (measured on a single generation of 100 MB). Like a parser begun at
// generation first, it reads that generation's statuses as first ones.
// With a checkpoint file (Options.Checkpoints) it resumes from the latest
// checkpoint before the window, and saves new ones on its way there. Past
// the window, the rest of that generation is read for its first statuses
// only (order.Reader.SkipToFirstStatuses), unless the file lists them.
func (b *builder) readOwn(f *os.File, size int64, ix genindex.Index, first, last int) (info reader.Info, err error) {
	// The generations asked for are whole: the index's cut (if any) lies after them.
	span := genindex.Index{Version: ix.Version, Generations: ix.Generations[first : last+1], Complete: true}
	var conv converter
	src := order.NewReader(f, span)
	var opt ownread.Options
	if path := b.opt.Checkpoints; path != "" && !b.opt.AllGenerations {
		id := idOf(size, ix)
		firstGen := span.Generations[0].Gen
		b.first.keep = true
		if cf, ok := openCheckpoints(path, id); ok {
			b.first.cached, b.first.haveCached = cf.firsts(firstGen)
			if b.refused == nil {
				if resumed, ok := b.resume(f, span, cf, &conv); ok {
					src = resumed
				}
			}
			cf.f.Close() // before the file is written anew (renamed over)
		}
		cw := newCheckpointWriter(path, id)
		if b.refused != nil {
			cw.drop(*b.refused)
		}
		opt.Save = b.saving(cw)
		defer func() {
			if b.out.Resumed && (err != nil || info.Partial) {
				// Taken on from a checkpoint the reading then failed after (Query reads again
				// without it): what it saved on the way grew from that one, and goes with it.
				cw.discard()
				return
			}
			// A list read past a skip to the first statuses has not their times in
			// the ordering, which a later window compares with its end.
			if !b.first.haveCached && err == nil && !info.Partial && b.readWhole() && !src.SkippedToFirstStatuses() {
				cw.addFirsts(firstGen, b.first.kept)
			}
			if b.saveErr = cw.finish(); b.saveErr != nil {
				// The window is whole without them: the next query reads as this one did.
				b.out.Notes = append(b.out.Notes, b.saveErr.Error())
			}
		}()
	}
	if !b.first.haveCached && !b.opt.AllGenerations {
		// Past the window only first statuses count (firststatus.go).
		opt.FirstStatusesAfter = int64(b.to)
	}
	var e event
	return ownread.ReadFrom(f, src, opt, func(batch *ownread.Batch) bool {
		conv.tables = batch.Tables
		for i := range batch.Events {
			conv.convert(&batch.Events[i], &e)
			if !b.take(&e) {
				return false
			}
		}
		return true
	})
}

// resume puts into b and conv the latest checkpoint in cf before the window
// of the reading of span, and returns the reader that goes on from it: false
// when the file has none that holds (a reader that cannot go on from one,
// or a panic, included: the reading then begins at span's start).
func (b *builder) resume(f *os.File, span genindex.Index, cf *checkpointFile, conv *converter) (src *order.Reader, ok bool) {
	defer func() {
		if recover() != nil {
			src, ok = nil, false
		}
	}()
	cp, ok := cf.latestBefore(span.Generations[0].Gen, b.from)
	if !ok {
		return nil, false
	}
	src, err := order.Resume(f, span, cp.Reader)
	if err != nil {
		return nil, false
	}
	b.restore(cp.Builder)
	b.out.Resumed, b.resumedFrom = true, cp.key()
	conv.resume(cp.Reader.State.FirstGen)
	return src, true
}

// saving writes a checkpoint to cw every Options.CheckpointEvery events
// read before the window.
func (b *builder) saving(cw *checkpointWriter) ownread.Saving {
	every := b.opt.CheckpointEvery
	if every <= 0 {
		every = DefaultCheckpointEvery
	}
	return ownread.Saving{Every: every, Before: int64(b.from), Save: func(s *order.Snapshot) {
		if !b.crossed && !b.pastTo {
			cw.add(checkpoint{Reader: s, Builder: b.save()})
		}
	}}
}

// converter gives the own reader's events x/exp/trace's meaning.
type converter struct {
	tables   order.Tables // of the generation being converted
	started  bool
	firstGen uint64                 // the first generation read
	stacks   map[uint64]trace.Stack // the generation's stacks made so far, by ID
}

// resume goes on with a reading that began at generation firstGen.
func (c *converter) resume(firstGen uint64) {
	c.started, c.firstGen, c.stacks = true, firstGen, map[uint64]trace.Stack{}
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
			c.resume(ev.Gen)
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
			} else if syscalls.TakesP(trace.ProcState(t.From), trace.ProcState(t.To)) {
				out.procLeft, out.proc = true, trace.ProcID(t.ID)
			}
		}
	}
}
