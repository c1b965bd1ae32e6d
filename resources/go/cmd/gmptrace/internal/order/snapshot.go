package order

import (
	"fmt"
	"io"
	"slices"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// A Snapshot is a Reader's state between two events: where each thread's
// stream stands and what the events so far say of every goroutine, P,
// thread, task and of the GC. Resume goes on from it with the events a
// reader that never stopped returns next. It lets a reading that must begin
// at a generation's start (to know its state) skip the part of a huge
// generation another reading already went through. Its fields are exported
// for encoding/gob only.
type Snapshot struct {
	Gen      uint64     // the generation being read
	Last     int64      // the time of the last event returned
	CPUTaken int        // the generation's CPU samples returned
	Threads  []wire.Pos // the threads with events left, in the order of the reader's heap
	Ms       []uint64   // their thread IDs, as Threads
	State    SavedState // what the events so far say
}

// SavedState is a state's content.
type SavedState struct {
	Goroutines map[int64]SavedGoroutine
	Procs      map[int64]SavedProc
	Threads    map[int64][2]int64 // goroutine and P each thread runs
	Tasks      map[uint64]SavedTask
	GCSeq      uint64
	GC         uint8
	FirstGen   uint64
}

type SavedGoroutine struct {
	Status, SeqGen, Seq uint64
	Regions             []SavedRegion
	Spans               []SavedSpan
}

type SavedProc struct {
	Status, SeqGen, Seq uint64
	Spans               []SavedSpan
}

type SavedSpan struct {
	Begin uint8 // its begin event's type
	Kind  uint64
}

// SavedTask is a task's parent and name.
type SavedTask struct {
	Parent uint64
	Name   string
}

// SavedRegion is a region's task and name.
type SavedRegion struct {
	Task uint64
	Name string
}

// Snapshot returns the reader's state, or false where it cannot be taken:
// while events an event implied are queued, in the generation the index
// holds as cut (Index.Cut), before the first event, once the reading has
// ended, and once it skipped to first statuses (whose state is not known).
func (r *Reader) Snapshot() (*Snapshot, bool) {
	// Before the first event that is not a sync there is no state worth saving (firstGen is unset).
	if r.done || r.ending || r.skipped || r.step.head != len(r.step.queue) || r.next < 1 || r.next > len(r.ix.Generations) || r.step.st.firstGen == 0 {
		return nil, false
	}
	snap := &Snapshot{Gen: r.gen.Gen, Last: r.last, CPUTaken: r.cpuTotal - len(r.cpu), State: r.step.st.save()}
	for _, s := range r.front {
		snap.Threads = append(snap.Threads, s.Pos())
		snap.Ms = append(snap.Ms, s.M)
	}
	return snap, true
}

// Resume reads on from snap the trace ix indexes in r, which must list
// snap's generation: it returns the events a reader that took snap returns
// after it.
func Resume(r io.ReaderAt, ix genindex.Index, snap *Snapshot) (*Reader, error) {
	i := slices.IndexFunc(ix.Generations, func(g genindex.Generation) bool { return g.Gen == snap.Gen })
	switch {
	case i < 0:
		return nil, fmt.Errorf("the snapshot's generation %d is not one the index lists", snap.Gen)
	case len(snap.Threads) != len(snap.Ms):
		return nil, fmt.Errorf("the snapshot places %d threads but names %d", len(snap.Threads), len(snap.Ms))
	case snap.CPUTaken < 0:
		return nil, fmt.Errorf("the snapshot took %d CPU samples", snap.CPUTaken)
	}
	rd := NewReader(r, ix)
	rd.next = i + 1
	g := ix.Generations[i]
	rd.gen, rd.step.gen, rd.last = g, g.Gen, snap.Last
	if err := rd.readTables(g); err != nil {
		return nil, err
	}
	if snap.CPUTaken > len(rd.cpu) {
		return nil, fmt.Errorf("the snapshot took %d CPU samples of generation %d, which has %d", snap.CPUTaken, g.Gen, len(rd.cpu))
	}
	rd.cpu = rd.cpu[snap.CPUTaken:]
	streams := map[uint64]*wire.Stream{}
	for _, s := range wire.Streams(r, ix.Version, g) {
		streams[s.M] = s
	}
	for k, m := range snap.Ms {
		s := streams[m]
		if s == nil {
			return nil, fmt.Errorf("the snapshot names thread %d, which has no events in generation %d", m, g.Gen)
		}
		delete(streams, m) // a thread is in the heap once
		if err := s.Seek(snap.Threads[k]); err != nil {
			return nil, err
		}
		rd.front = append(rd.front, s) // in the snapshot's order, which is a heap's
		if k := len(rd.front) - 1; k > 0 && rd.front[(k-1)/2].Time > s.Time {
			return nil, fmt.Errorf("the snapshot's threads are not in a heap's order (thread %d)", m)
		}
	}
	rd.step.st.restore(snap.State)
	return rd, nil
}

// Begun is how many generations of its index the reader has begun.
func (r *Reader) Begun() int { return r.next }

func (st *state) save() SavedState {
	out := SavedState{
		Goroutines: make(map[int64]SavedGoroutine, len(st.gs)), Procs: make(map[int64]SavedProc, len(st.ps)),
		Threads: make(map[int64][2]int64, len(st.ms)), Tasks: make(map[uint64]SavedTask, len(st.tasks)),
		GCSeq: st.gcSeq, GC: uint8(st.gc), FirstGen: st.firstGen,
	}
	for id, g := range st.gs {
		sg := SavedGoroutine{Status: g.status, SeqGen: g.seq.gen, Seq: g.seq.n, Spans: saveSpans(g.spans)}
		for _, rg := range g.regions {
			sg.Regions = append(sg.Regions, SavedRegion{Task: rg.task, Name: rg.name})
		}
		out.Goroutines[id] = sg
	}
	for id, p := range st.ps {
		out.Procs[id] = SavedProc{Status: p.status, SeqGen: p.seq.gen, Seq: p.seq.n, Spans: saveSpans(p.spans)}
	}
	for id, m := range st.ms {
		out.Threads[id] = [2]int64{m.g, m.p}
	}
	for id, t := range st.tasks {
		out.Tasks[id] = SavedTask{Parent: t.parent, Name: t.name}
	}
	return out
}

func (st *state) restore(in SavedState) {
	for id, sg := range in.Goroutines {
		g := &goroutine{status: sg.Status, seq: seq{sg.SeqGen, sg.Seq}, spans: restoreSpans(sg.Spans)}
		for _, rg := range sg.Regions {
			g.regions = append(g.regions, region{task: rg.Task, name: rg.Name})
		}
		st.gs[id] = g
	}
	for id, sp := range in.Procs {
		st.ps[id] = &proc{status: sp.Status, seq: seq{sp.SeqGen, sp.Seq}, spans: restoreSpans(sp.Spans)}
	}
	for id, m := range in.Threads {
		st.ms[id] = &thread{g: m[0], p: m[1]}
	}
	for id, t := range in.Tasks {
		st.tasks[id] = task{parent: t.Parent, name: t.Name}
	}
	st.gcSeq, st.gc, st.firstGen = in.GCSeq, gcPhase(in.GC), in.FirstGen
}

func saveSpans(s spans) []SavedSpan {
	out := make([]SavedSpan, len(s))
	for i, sp := range s {
		out[i] = SavedSpan{Begin: uint8(sp.begin), Kind: sp.kind}
	}
	return out
}

func restoreSpans(in []SavedSpan) spans {
	var out spans
	for _, sp := range in {
		out = append(out, span{begin: wire.Type(sp.Begin), kind: sp.Kind})
	}
	return out
}
