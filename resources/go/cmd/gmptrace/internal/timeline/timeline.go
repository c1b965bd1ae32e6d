// Package timeline answers time-window queries: everything a timeline view
// needs about [from, to] of a trace — per P the goroutine slices that ran,
// per goroutine its transitions with stacks, unblock edges, run-queue depth,
// runtime ranges (GC, stop-the-world, mark assist), syscalls, user regions
// and tasks — reading only the generations that can hold events of the
// window (genindex.Index.Span), which begin with the status of every
// goroutine and P, so the state at the window's start is known.
//
// The output depends only on the events in the window and on the states at
// its start, never on how far before it parsing began: spans are clipped to
// the window, start functions come from stacks seen in it, and regions and
// tasks are listed when they begin or end in it. So a query equals what a
// pass over the whole trace sees in the window (tested).
//
// gmptrace's own reader (own.go) reads the generations by default, one
// batch per thread in memory; x/exp/trace's parser, which holds a whole
// generation, on request and for traces that cannot be indexed. The builder
// reads either's events as the same event type (event.go).
package timeline

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/syscalls"
)

// Options of a query. From and To count from the trace's first event.
type Options struct {
	From, To time.Duration
	// MaxItems caps every list (slices of all Ps together, transitions of
	// all goroutines together, …); DefaultMaxItems when ≤ 0.
	MaxItems int
	// AllGenerations reads every generation, to the trace's last event,
	// instead of those the window needs (up to its first event past To, and
	// the first generation read to its end: firststatus.go): the reference a
	// query must equal.
	AllGenerations bool
	// Reader reads the trace: gmptrace's own reader (the zero value) or
	// x/exp/trace's parser; the window is the same.
	Reader Reader
	Jobs   int // generations x/exp/trace parses at once (≤ 0: 1)
	// Checkpoints is a file where the own reader saves its state on its way
	// to a window and resumes from it for a later one, and the lists of
	// first statuses a later query takes instead of reading on
	// (checkpoints.go); none when "".
	Checkpoints string
	// CheckpointEvery: events read between two checkpoints (≤ 0:
	// DefaultCheckpointEvery).
	CheckpointEvery int64
}

// Reader is what reads a window's generations.
type Reader int

const (
	// ReaderOwn is gmptrace's own reader: one batch per thread in memory,
	// whatever the generation's size; one generation after another.
	ReaderOwn Reader = iota
	// ReaderXExp is x/exp/trace's parser: each parser holds a whole
	// generation in memory; Jobs of them at once.
	ReaderXExp
)

const DefaultMaxItems = 100000

// MaxLongestWaits is how many of the longest waits a window lists.
const MaxLongestWaits = 10

// openIndexed opens the trace at path (err) and indexes it (ierr: why it
// has no index, when it cannot have one: it can still be read whole).
func openIndexed(path string) (f *os.File, size int64, ix genindex.Index, ierr, err error) {
	if f, err = os.Open(path); err != nil {
		return nil, 0, ix, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, ix, nil, err
	}
	ix, ierr = genindex.Scan(f, st.Size())
	return f, st.Size(), ix, ierr, nil
}

// Query builds the window of the trace file at path.
func Query(path string, opt Options) (*Window, error) {
	f, size, ix, ierr, err := openIndexed(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if ierr != nil || len(ix.Generations) == 0 {
		// Not indexable (Go ≤ 1.21), or cut inside its first generation:
		// one parser reads it all, its first event is the origin.
		b := newBuilder(opt, -1)
		b.endKnown = true
		// Before Go 1.22 every status comes at the trace's start: nothing to
		// read on for (a trace cut inside its first generation has them late).
		b.first.done = ierr != nil
		b.out.Notes = append(b.out.Notes, "trace not indexed: read from its start")
		return b.finish(reader.Read(io.NewSectionReader(f, 0, size), b.takeX))
	}
	g0 := ix.Generations[0]
	t0 := g0.Time(g0.MinTick) // the first event: the Sync at the first generation's earliest batch
	first, last := 0, len(ix.Generations)-1
	if !opt.AllGenerations {
		var ok bool
		first, last, ok = ix.Span(t0+int64(opt.From), t0+int64(opt.To))
		if !ok {
			// Not for a window from at or after the first event: the last
			// generations always hold what state needs.
			return nil, fmt.Errorf("no generation of the trace holds the window [%v, %v]", opt.From, opt.To)
		}
	}
	b := newBuilder(opt, trace.Time(t0))
	info, err := b.readGenerations(f, size, ix, first, last, opt.Reader)
	if b.out.Resumed && (err != nil || info.Partial) {
		// The reading failed after the checkpoint it resumed from: the checkpoint may not fit the
		// trace (written by hand, or the trace changed under the same size and times), or the trace
		// may fail there whatever the start. The reading begins again at the generation's start
		// without it; that checkpoint leaves the file, the reading again saves its own in its place,
		// and the file's others stay.
		refused := b.resumedFrom
		b = newBuilder(opt, trace.Time(t0))
		b.refused = &refused
		info, err = b.readGenerations(f, size, ix, first, last, opt.Reader)
	}
	if (info.Partial || errors.Is(err, reader.ErrUnreadable)) && (first > 0 || opt.Reader == ReaderXExp) {
		// Generations the index says are whole could not be read from where
		// reading began: one parser reads again from the trace's start
		// (reader.FromStart).
		failedAt := first + info.Generations
		again := newBuilder(opt, trace.Time(t0))
		againInfo, againErr := again.readFromStart(f, ix, last)
		if reader.GotFurther(againInfo, againErr, failedAt) {
			b, info, err = again, againInfo, againErr
		}
	}
	return b.finish(info, err)
}

// readFromStart reads generations 0 to last of the trace ix indexes in f
// with one x/exp/trace parser, into b.
func (b *builder) readFromStart(f *os.File, ix genindex.Index, last int) (reader.Info, error) {
	b.markRead(ix, 0, last)
	return reader.ReadSpans(f, reader.FromStart(ix, ix.Generations[last].End), 1, b.takeX)
}

// markRead says that generations first to last of ix are read.
func (b *builder) markRead(ix genindex.Index, first, last int) {
	// Only with the last generation read is its last event the trace's.
	b.endKnown = last == len(ix.Generations)-1
	for _, g := range ix.Generations[first : last+1] {
		b.out.Generations = append(b.out.Generations, g.Gen)
	}
	if !ix.Complete && last == len(ix.Generations)-1 {
		b.out.Notes = append(b.out.Notes, fmt.Sprintf("trace cut after generation %d: %v", ix.Generations[last].Gen, ix.Err))
	}
}

// readGenerations reads generations first to last of the trace ix indexes
// in f (of size bytes) with r, into b.
func (b *builder) readGenerations(f *os.File, size int64, ix genindex.Index, first, last int, r Reader) (reader.Info, error) {
	b.markRead(ix, first, last)
	if r == ReaderOwn {
		return b.readOwn(f, size, ix, first, last)
	}
	spans := make([]reader.Span, 0, last+1-first)
	for _, g := range ix.Generations[first : last+1] {
		spans = append(spans, reader.Span{Off: g.Offset, End: g.End})
	}
	return reader.ReadSpans(f, spans, max(1, b.opt.Jobs), b.takeX)
}

type builder struct {
	out            *Window
	max            int
	t0, from, to   trace.Time
	last           trace.Time    // latest event at or before to
	now            trace.Time    // the event being read (to or the last event, once closing)
	pastTo         bool          // an event after to was seen
	first          firstStatuses // of the generation the reading began with (firststatus.go)
	endKnown       bool          // the last generation is read: without pastTo, the trace ends before to
	crossed        bool          // the state at from has been taken
	gs             map[trace.GoID]*gInfo
	procIdx        map[trace.ProcID]int
	holds          syscalls.Holds // the syscalls holding Ps
	runnable       int
	ranges         map[rangeKey]trace.Time
	regions        map[trace.GoID][]openRegion
	tasks          map[trace.TaskID]openTask
	gens           int // syncs read: the generation being read, counted from the first read
	stackIdx       map[string]int
	stackOf        map[trace.Stack]int // this generation's stacks already in out.Stacks: most come again and again
	names          stacks.Names
	funcs          map[trace.GoID]string // start functions learnt since the window's generation began (ids are not reused)
	opt            Options
	saveErr        error     // why the checkpoints read on the way could not be saved
	resumedFrom    [2]int64  // the key of the checkpoint the reading resumed from (out.Resumed)
	refused        *[2]int64 // the key of a checkpoint a reading failed after: not resumed from, and dropped
	transitionsLen int
	slicesLen      int
	busy           psBusy                   // the Ps' busy time in the window, for the waits (psbusy.go)
	lastOnP        map[trace.ProcID]ranLast // the slice that ended last on each P in the window
}

// newBuilder: t0 < 0 means the origin is the first event read.
func newBuilder(opt Options, t0 trace.Time) *builder {
	b := &builder{
		max: opt.MaxItems, t0: t0,
		gs: map[trace.GoID]*gInfo{}, procIdx: map[trace.ProcID]int{}, holds: syscalls.NewHolds(), ranges: map[rangeKey]trace.Time{},
		regions: map[trace.GoID][]openRegion{}, tasks: map[trace.TaskID]openTask{},
		stackIdx: map[string]int{"": 0}, stackOf: map[trace.Stack]int{}, names: stacks.Names{}, funcs: map[trace.GoID]string{}, lastOnP: map[trace.ProcID]ranLast{}, opt: opt,
		out: &Window{Schema: 1, FromS: opt.From.Seconds(), ToS: opt.To.Seconds(), Generations: []uint64{},
			Procs: []Proc{}, Goroutines: []Goroutine{}, Unblocks: []Unblock{}, RunQueue: []Depth{}, Ranges: []Range{}, Sweeps: []Range{},
			Syscalls: []Syscall{}, Regions: []Region{}, Tasks: []Task{}, Stacks: [][]string{{}}, LongestWaits: []Wait{},
			Truncated: map[string]uint64{}, KeptUntil: map[string]float64{}, Notes: []string{}},
	}
	if b.max <= 0 {
		b.max = DefaultMaxItems
	}
	if t0 >= 0 {
		b.setOrigin(t0)
	}
	return b
}

func (b *builder) setOrigin(t0 trace.Time) {
	b.t0, b.from, b.to = t0, t0+trace.Time(b.opt.From), t0+trace.Time(b.opt.To)
}

func (b *builder) secs(t trace.Time) float64 { return float64(t-b.t0) / 1e9 }

// room reports whether list (of current length n) may grow. Past the cap it
// counts what is left out and, at the first item refused, marks the list
// whole until now: lists grow in time order (an item when it ends).
func (b *builder) room(list string, n int) bool {
	if n < b.max {
		return true
	}
	if _, cut := b.out.KeptUntil[list]; !cut {
		b.out.KeptUntil[list] = b.secs(b.now)
	}
	b.out.Truncated[list]++
	return false
}

// take builds on ev, and stops the reading after the window: nothing later
// changes it but the first statuses of the generation the reading began
// with (statusPastWindow), so that generation is read to its end, and no
// more (in a trace written as one generation the rest can be most of the
// file).
func (b *builder) take(ev *event) bool {
	b.event(ev)
	return !b.pastTo || b.opt.AllGenerations || (b.gens == 1 && !b.first.done)
}

// takeX is take for x/exp/trace's events.
func (b *builder) takeX(ev *reader.Event) bool {
	var e event
	fromX(ev, &e)
	return b.take(&e)
}

func (b *builder) event(ev *event) {
	now := ev.now
	if b.t0 < 0 {
		b.setOrigin(now)
	}
	b.noteFirstStatus(ev)
	if now > b.to {
		b.pastTo = true
		b.pastWindow(ev)
		return
	}
	b.last, b.now = max(b.last, now), now
	if !b.crossed && now >= b.from {
		b.cross()
	}
	switch ev.kind {
	case trace.EventSync:
		b.gens++
		clear(b.stackOf) // a generation's stacks are its own (and hold its tables)
		if now <= b.from {
			// What was learnt before the window counts from the window's own
			// generation on: a query starts parsing there, so a pass from the
			// trace's start forgets the earlier generations' stacks.
			clear(b.funcs)
		}
	case trace.EventStateTransition:
		if ev.goTransition {
			b.goTransition(ev, now)
		} else if ev.procLeft {
			b.holds.Taken(ev.proc, now)
		}
	case trace.EventRangeBegin, trace.EventRangeActive, trace.EventRangeEnd:
		b.rangeEvent(ev, now)
	case trace.EventRegionBegin, trace.EventRegionEnd:
		b.regionEvent(ev, now)
	case trace.EventTaskBegin, trace.EventTaskEnd:
		b.taskEvent(ev, now)
	}
}

// cross takes the state at from: every goroutine's state and the run-queue depth.
func (b *builder) cross() {
	b.crossed = true
	for _, g := range b.gs {
		g.atFrom = g.state
		if g.state == trace.GoRunning {
			b.runsOn(g, b.from)
		}
	}
	b.out.RunQueue = append(b.out.RunQueue, Depth{TS: b.secs(b.from), Runnable: b.runnable})
}

func (b *builder) stack(s trace.Stack) int {
	if s == trace.NoStack {
		return 0
	}
	if i, ok := b.stackOf[s]; ok {
		return i
	}
	var frames []string
	for f := range s.Frames() {
		if line, ok := frameLine(f); ok {
			frames = append(frames, line)
		}
	}
	key := strings.Join(frames, "\n")
	i, ok := b.stackIdx[key]
	if !ok {
		i = len(b.out.Stacks)
		b.out.Stacks = append(b.out.Stacks, frames)
		b.stackIdx[key] = i
	}
	b.stackOf[s] = i
	return i
}

// frameLine is a frame as the window lists it, "func file:line"; false for a
// frame the runtime recorded without a PC ("@ 0x0 :0" in go tool trace), which
// names nothing (a stack of only such frames is no stack).
func frameLine(f trace.StackFrame) (string, bool) {
	if f.Func == "" && f.File == "" {
		return "", false
	}
	return fmt.Sprintf("%s %s:%d", f.Func, f.File, f.Line), true
}

// finish closes what is still open at the window's end (to, or the last
// event when the trace ends first) and fills in start functions.
func (b *builder) finish(info reader.Info, err error) (*Window, error) {
	if err != nil {
		return nil, err
	}
	if info.Partial {
		b.out.Notes = append(b.out.Notes, "trace cut: "+info.Err.Error())
	}
	if b.t0 < 0 {
		return b.out, nil // no event at all
	}
	traceEnded := !b.pastTo && b.endKnown
	if traceEnded && b.last < b.from {
		return nil, fmt.Errorf("the window starts at %v, after the trace's last event (at %.6f s)", b.opt.From, b.secs(b.last))
	}
	if !b.crossed {
		b.cross()
	}
	// A window that ends before a later generation begins, unread, ends at to: nothing happened between.
	end := b.to
	if traceEnded {
		end = b.last
		endS := b.secs(end)
		b.out.TraceEndS = &endS
		b.out.Notes = append(b.out.Notes, fmt.Sprintf("the trace ends at %.6f s, inside the window: nothing past it", b.secs(end)))
	}
	b.now = end
	// What is still open ends with the window, past which no cut can fall:
	// a list not cut yet takes it whole (past the cap by at most one per P,
	// syscall or open range, as a cut would).
	for _, id := range b.ids() {
		switch g := b.gs[id]; {
		case g.state == trace.GoRunning && g.p != trace.NoProc:
			b.closeAtEnd("slices", func() { b.addSlice(id, g, end, "window end") })
		case g.state == trace.GoSyscall:
			b.closeAtEnd("syscalls", func() { b.addSyscall(id, g, end) })
		}
	}
	for _, k := range b.openRanges() {
		b.closeAtEnd(rangeList(k.name), func() { b.appendRange(k.name, k.scope, b.ranges[k], end) })
	}
	for _, g := range b.gs {
		if g.wait.open {
			b.out.OpenWaits++
		}
	}
	for i := range b.out.LongestWaits {
		w := &b.out.LongestWaits[i]
		w.PsBusyS = float64(w.busy) / 1e9 // final now: no late status can come
	}
	b.closeOpenUserSpans(end)
	b.fillStartFuncs()
	for list, cut := range b.out.KeptUntil {
		if b.out.Truncated[list] == 0 {
			delete(b.out.KeptUntil, list) // the item that reached the cap was the last one
		} else if list == "regions" || list == "tasks" {
			b.out.Notes = append(b.out.Notes, fmt.Sprintf("%s: %d more left out (cap %d): those ending after %.6f s", list, b.out.Truncated[list], b.max, cut))
		} else {
			b.out.Notes = append(b.out.Notes, fmt.Sprintf("%s: %d more left out (cap %d); whole until %.6f s", list, b.out.Truncated[list], b.max, cut))
		}
	}
	slices.Sort(b.out.Notes)
	slices.SortFunc(b.out.Procs, func(x, y Proc) int { return int(x.P - y.P) })
	return b.out, nil
}

func (b *builder) fillStartFuncs() {
	for i := range b.out.Procs {
		for j := range b.out.Procs[i].Slices {
			sl := &b.out.Procs[i].Slices[j]
			sl.StartFunc = b.funcs[trace.GoID(sl.G)]
		}
	}
	for i := range b.out.Goroutines {
		g := &b.out.Goroutines[i]
		g.StartFunc = b.funcs[trace.GoID(g.G)]
	}
	for i := range b.out.Syscalls {
		s := &b.out.Syscalls[i]
		s.StartFunc = b.funcs[trace.GoID(s.G)]
	}
	for i := range b.out.LongestWaits {
		w := &b.out.LongestWaits[i]
		w.StartFunc = b.funcs[trace.GoID(w.G)]
		if w.After != nil {
			w.After.StartFunc = b.funcs[trace.GoID(w.After.G)]
		}
	}
}
