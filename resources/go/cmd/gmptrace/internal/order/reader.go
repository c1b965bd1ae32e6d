// Package order reads a Go 1.22+ execution trace's events in the order they
// happened, as x/exp/trace does, from internal/wire's per-thread Streams:
// it holds one batch per thread, a generation's stack table, CPU samples and
// the part of its string table that is asked for (strings.go), and the state
// of every goroutine, P and thread, never the generation's events.
//
// Threads write their events each in their own order; between threads,
// the runtime's sequence numbers (per goroutine and P, per generation) and
// states say what must come first. Like x/exp/trace, the reader tries the
// thread whose next event is earliest, and when that event cannot happen
// yet (it waits for another thread's), the others in time order; an event
// that is not after the one returned before it is moved to 1 ns after it.
// The choice among threads follows x/exp/trace's, ties included, and so do
// its refusals (a stack or string its generation's tables lack) and its
// reading of a trace before Go 1.26 cut inside a generation. Tested event
// for event (kind, time, thread, P, goroutine) against x/exp/trace on the
// traces of every test program of Go 1.22 to 1.26, cut ones and the
// AllocFree experiment's included, and on made traces of what those do not
// hold (ordertest). What each event means to the analysis (its state
// transition, range or metric) is the layer above. A Snapshot of the
// reader between two events resumes the reading there (snapshot.go).
package order

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// Event is one event in trace order.
type Event struct {
	Type wire.Type // the format's type; EvSync for the sync at each generation's start and at the trace's end
	Time int64     // nanoseconds, as x/exp/trace's Time
	Ctx  Ctx
	Gen  uint64                   // its generation (0 for the trace's last sync)
	Args [wire.MaxArgs - 1]uint64 // its arguments after the time, as written but where noted
	// New: a GoStatus or ProcStatus that first names its goroutine or P.
	New bool
	// From: ProcStatus: the P's state before, in the format's statuses
	// (a P in a syscall about to be stolen counts as running); ProcSteal:
	// the stolen P's status (syscall, or abandoned by a thread no longer
	// known).
	From uint64
	// A task's end: the parent and name its begin gave (NoTask and "" when
	// it began before the trace).
	TaskParent uint64
	TaskName   string
}

// CPU samples are events of their own: Args are the thread, P, goroutine
// (0 for none) and stack of the sample, and their times come from the
// samples, not from the threads' streams.

// Reader reads a trace's events in order.
type Reader struct {
	r     io.ReaderAt
	ix    genindex.Index
	next  int // index of the next generation to read
	gen   genindex.Generation
	step  step           // the state, and the events taken not yet returned
	cur   Event          // the event being tried
	front []*wire.Stream // a min-heap by time, arranged as x/exp/trace's, for its ties
	cpu   []Event        // the generation's CPU samples not yet returned, by time
	// cpuTotal: how many CPU samples the generation has.
	cpuTotal int
	stacks   map[uint64][]Frame
	stackIDs idSet // stacks' IDs: checked at every event that names one, where a map lookup cost more
	last     int64
	done     bool
	ending   bool // the last sync is returned: then the end, or the index's error
	// skipped: the rest of a generation was read for its first statuses
	// only (SkipToFirstStatuses): after them the last sync, then the end.
	skipped bool
	// installErr: the generation after the last sync could not be begun.
	installErr error
}

// NewReader reads the trace ix indexes in r.
func NewReader(r io.ReaderAt, ix genindex.Index) *Reader {
	rd := &Reader{r: r, ix: ix}
	rd.step.st = newState()
	rd.step.ev = &rd.cur
	return rd
}

// ErrCut reports a trace whose last generation is cut or corrupt: the
// events before it were read.
var ErrCut = errors.New("trace cut")

// Next returns the next event, io.EOF after the last one.
func (r *Reader) Next() (Event, error) {
	var ev Event
	err := r.ReadEvent(&ev)
	return ev, err
}

// ReadEvent is Next into ev, which it overwrites: a reader of many events
// copies each once.
func (r *Reader) ReadEvent(ev *Event) error {
	if r.done {
		return io.EOF
	}
	if err := r.read(ev); err != nil {
		r.done = true
		return err
	}
	if ev.Time <= r.last {
		ev.Time = r.last + 1
	}
	r.last = ev.Time
	if err := r.checkTableIDs(ev); err != nil {
		r.done = true
		return err
	}
	return nil
}

// tableArgs are, per event type, the arguments after the time that are
// stack IDs and string IDs.
var tableArgs = func() (at [256]struct{ stacks, strs []int }) {
	for t, s := range wire.Specs(99) {
		if !s.Timed {
			continue
		}
		for i, a := range s.Args[1:] {
			switch {
			case a == "stack" || a == "new_stack":
				at[t].stacks = append(at[t].stacks, i)
			case strings.HasSuffix(a, "_string"):
				at[t].strs = append(at[t].strs, i)
			}
		}
	}
	return at
}()

// checkTableIDs refuses an event naming a stack or string its generation's
// tables lack, as x/exp/trace does (which a generation cut short before its
// tables were written does).
func (r *Reader) checkTableIDs(ev *Event) error {
	if ev.Type == wire.EvSync || ev.Type == wire.EvCPUSample {
		return nil
	}
	ta := &tableArgs[ev.Type]
	for _, i := range ta.stacks {
		if id := ev.Args[i]; id != 0 && !r.stackIDs.has(id) {
			return fmt.Errorf("generation %d: %s names stack %d, which its stack table lacks", ev.Gen, ev.Type.String(), id)
		}
	}
	for _, i := range ta.strs {
		if id := ev.Args[i]; id != 0 {
			if !r.step.strs.has(id) {
				return fmt.Errorf("generation %d: %s names string %d, which its string table lacks", ev.Gen, ev.Type.String(), id)
			}
		}
	}
	return nil
}

func (r *Reader) read(ev *Event) error {
	if r.step.pop(ev) {
		return nil
	}
	if r.ending {
		if r.installErr != nil {
			return r.installErr
		}
		if !r.ix.Complete && !r.skipped {
			return fmt.Errorf("%w: %v", ErrCut, r.ix.Err)
		}
		return io.EOF
	}
	if len(r.front) == 0 && len(r.cpu) == 0 {
		var g *genindex.Generation
		switch cut := r.ix.Cut; {
		case r.skipped:
			// Nothing after the first statuses.
		case r.next < len(r.ix.Generations):
			g = &r.ix.Generations[r.next]
		case cut != nil && r.next == len(r.ix.Generations) && r.ix.Version < 26 && cut.NsPerTick > 0:
			// As x/exp/trace: the batches read whole of a generation cut
			// short, when it has its frequency (a Go 1.26+ generation
			// without its end marker is not read).
			g = cut
		}
		if g != nil {
			sync, err := r.install(*g)
			if err == nil {
				*ev = sync
				return nil
			}
			// As x/exp/trace: a sync ends what was read, then the error.
			r.ending, r.installErr = true, err
		} else {
			r.ending = true
		}
		*ev = Event{Type: wire.EvSync, Time: r.last, Ctx: Ctx{NoThread, NoProc, NoGoroutine}}
		return nil
	}
	if len(r.cpu) > 0 && (len(r.front) == 0 || r.cpu[0].Time < r.front[0].Time) {
		*ev = r.cpu[0]
		r.cpu = r.cpu[1:]
		return nil
	}
	if len(r.front) == 0 {
		return errors.New("no thread has an event left")
	}
	ok, err := r.try(0)
	if err != nil {
		return err
	}
	if !ok {
		// Rare: the earliest event waits for another thread's. Sorting keeps
		// the heap a heap, and gives the others in time order.
		slices.SortFunc(r.front, func(a, b *wire.Stream) int { return cmpTime(a.Time, b.Time) })
		for i := 1; i < len(r.front) && !ok; i++ {
			if ok, err = r.try(i); err != nil {
				return err
			}
		}
		if !ok {
			return fmt.Errorf("generation %d: no thread's next event can happen (at %d ns)", r.gen.Gen, r.front[0].Time)
		}
	}
	r.step.pop(ev) // taking an event queues at least it
	return nil
}

// try takes the event of the thread at front[i] if it can happen now.
func (r *Reader) try(i int) (bool, error) {
	s := r.front[i]
	r.cur = Event{Type: s.Type, Time: s.Time, Gen: r.gen.Gen}
	copy(r.cur.Args[:], s.Args[1:])
	ok, err := r.step.advance(int64(s.M))
	if err != nil {
		return false, fmt.Errorf("generation %d, thread %d, %s at %d ns: %w", r.gen.Gen, s.M, s.Type.String(), s.Time, err)
	}
	if !ok {
		return false, nil
	}
	more, err := s.Next()
	if err != nil {
		return false, err
	}
	if more {
		heapFix(r.front, i)
	} else {
		r.front = heapRemove(r.front, i)
	}
	return true, nil
}

// install begins a generation: its strings and CPU samples, each thread's
// first event, and the sync event that opens it.
func (r *Reader) install(g genindex.Generation) (Event, error) {
	r.next++
	r.gen = g
	r.step.gen = g.Gen
	if g.NsPerTick == 0 {
		// As x/exp/trace: its ticks cannot be read as times.
		return Event{}, fmt.Errorf("generation %d: no frequency event found", g.Gen)
	}
	if err := r.readTables(g); err != nil {
		return Event{}, err
	}
	for _, s := range wire.Streams(r.r, r.ix.Version, g) {
		ok, err := s.Next()
		if err != nil {
			return Event{}, err
		}
		if ok {
			r.front = heapPush(r.front, s)
		}
	}
	return Event{Type: wire.EvSync, Time: g.Time(g.MinTick), Gen: g.Gen, Ctx: Ctx{NoThread, NoProc, NoGoroutine}}, nil
}

// readTables reads g's strings, CPU samples and stacks.
func (r *Reader) readTables(g genindex.Generation) error {
	raw, names, err := readStacks(r.r, r.ix.Version, g)
	if err != nil {
		return err
	}
	if r.step.strs, err = readStringTable(r.r, r.ix.Version, g, names); err != nil {
		return err
	}
	if r.cpu, err = r.readCPUSamples(g); err != nil {
		return err
	}
	r.cpuTotal = len(r.cpu)
	r.stacks, err = r.step.strs.resolve(g, raw)
	r.stackIDs = idSetOf(r.stacks)
	return err
}

// eachEvent decodes the events of g's batches of one kind; i is the
// batch's index in g.Batches.
func eachEvent(r io.ReaderAt, version int, g genindex.Generation, kind genindex.BatchKind, fn func(i int, ev *wire.Event) error) error {
	var buf []byte
	for i, b := range g.Batches {
		if b.Kind != kind {
			continue
		}
		if err := eachEventOf(r, version, b, &buf, func(ev *wire.Event) error { return fn(i, ev) }); err != nil {
			return fmt.Errorf("generation %d: %w", g.Gen, err)
		}
	}
	return nil
}

// eachEventOf decodes the events of batch b, read into *buf when given.
func eachEventOf(r io.ReaderAt, version int, b genindex.Batch, buf *[]byte, fn func(ev *wire.Event) error) error {
	if buf == nil {
		buf = new([]byte)
	}
	*buf = slices.Grow((*buf)[:0], int(b.Size))[:b.Size]
	if _, err := r.ReadAt(*buf, b.Data); err != nil {
		return fmt.Errorf("reading the batch at offset %d: %w", b.Data, err)
	}
	dec := wire.NewDecoder(wire.Specs(version))
	dec.Reset(*buf)
	var ev wire.Event
	for {
		ok, err := dec.Next(&ev)
		if err != nil {
			return fmt.Errorf("batch at offset %d: %w", b.Data, err)
		}
		if !ok {
			return nil
		}
		if err := fn(&ev); err != nil {
			return err
		}
	}
}

// Frame is one location of a stack.
type Frame struct {
	PC         uint64
	Func, File string
	Line       uint64
}

// Tables are a generation's string and stack tables. They do not change
// once read, so the events of a generation the reader has left can still be
// looked up in them (by a consumer in another goroutine).
type Tables struct {
	strs   *stringTable
	stacks map[uint64][]Frame
}

// Tables are the current generation's: from a Sync that begins one, that
// generation's.
func (r *Reader) Tables() Tables { return Tables{r.step.strs, r.stacks} }

// Stack is the stack id, leaf first (none for 0 or an id the table lacks).
func (t Tables) Stack(id uint64) []Frame { return t.stacks[id] }

// String is the string id ("" for 0 or an id the table lacks).
func (t Tables) String(id uint64) string {
	s, _ := t.strs.get(id)
	return s
}

// rawFrame is a frame of a stack as the stack table writes it: its
// function's and file's string IDs.
type rawFrame struct{ pc, fn, file, line uint64 }

// readStacks reads the generation's stack table, and the string IDs its
// frames name.
func readStacks(r io.ReaderAt, version int, g genindex.Generation) (map[uint64][]rawFrame, map[uint64]bool, error) {
	stacks, names := map[uint64][]rawFrame{}, map[uint64]bool{}
	err := eachEvent(r, version, g, genindex.KindStacks, func(_ int, ev *wire.Event) error {
		if ev.Type != wire.EvStack {
			return nil
		}
		if _, dup := stacks[ev.Args[0]]; dup || ev.Args[0] == 0 { // 0 is no stack: x/exp/trace's table has it already
			return fmt.Errorf("two stacks with ID %d", ev.Args[0])
		}
		frames := make([]rawFrame, 0, ev.Args[1])
		for f := ev.Args[2:]; len(f) >= 4; f = f[4:] {
			frames = append(frames, rawFrame{pc: f[0], fn: f[1], file: f[2], line: f[3]})
			names[f[1]], names[f[2]] = true, true
		}
		stacks[ev.Args[0]] = frames
		return nil
	})
	return stacks, names, err
}

// resolve gives the frames of g's stacks raw their names.
func (t *stringTable) resolve(g genindex.Generation, raw map[uint64][]rawFrame) (map[uint64][]Frame, error) {
	stacks := make(map[uint64][]Frame, len(raw))
	for id, rf := range raw {
		frames := make([]Frame, len(rf))
		for i, f := range rf {
			fn, okFn := t.held[f.fn]
			file, okFile := t.held[f.file]
			if !okFn || !okFile {
				// As x/exp/trace: a generation cut inside its strings is refused whole.
				return nil, fmt.Errorf("generation %d: stack %d names a string its string table lacks", g.Gen, id)
			}
			frames[i] = Frame{PC: f.pc, Func: fn, File: file, Line: f.line}
		}
		stacks[id] = frames
	}
	return stacks, nil
}

// readCPUSamples reads the generation's samples, sorted by time as
// x/exp/trace sorts them (the same sort, on the same order of input).
func (r *Reader) readCPUSamples(g genindex.Generation) ([]Event, error) {
	var out []Event
	err := eachEvent(r.r, r.ix.Version, g, genindex.KindCPUSamples, func(_ int, ev *wire.Event) error {
		if ev.Type != wire.EvCPUSample {
			return nil
		}
		gid := int64(ev.Args[3])
		if gid == 0 {
			gid = NoGoroutine
		}
		s := Event{Type: wire.EvCPUSample, Time: g.Time(ev.Args[0]), Gen: g.Gen, Ctx: Ctx{M: int64(ev.Args[1]), P: int64(ev.Args[2]), G: gid}}
		copy(s.Args[:], ev.Args[1:])
		out = append(out, s)
		return nil
	})
	slices.SortFunc(out, func(a, b Event) int { return cmpTime(a.Time, b.Time) })
	return out, err
}

func cmpTime(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
