package analyze

import (
	"unsafe"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/gcstw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goroutines"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/mmu"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
)

// The events are decoded as they are parsed: beside each parser, a goroutine
// of its own turns the x/exp/trace events the analysis uses into small records (the
// accessors that build StateTransition, Range and Metric values, and the
// lookups of stacks and strings, run there, in parallel), and drops the
// others. The analysis then consumes the records in trace order, so
// everything that crosses a generation boundary is followed as before.

type recKind uint8

const (
	recFirst    recKind = iota // the parser's first event, used for nothing but its time
	recSync                    // a generation begins (or the trace ends)
	recMaxProcs                // GOMAXPROCS changed: id
	recRange                   // a GC/STW/assist/sweep range event: ranges[str], from = trace.EventKind, id = ev.Goroutine()
	recGo                      // a goroutine state transition
	recProc                    // a P state transition
	recWorker                  // goroutine id labelled a mark worker (mmu.IsWorkerLabel)
	recRegion                  // a region begins or ends (from = trace.EventKind) on goroutine id: its type strs[str]
	recTask                    // task id begins or ends (from = trace.EventKind): its type strs[str]
	recLog                     // a log message of category strs[str]
)

// rec is one decoded event. Strings and stacks are indexes into the
// batch's tables (per parser, and per generation within a parser).
type rec struct {
	u     trace.Time // time within its parser (reader.Pos.Now gives the trace time)
	i     int64      // index among its parser's events
	id    int64      // goroutine, P, task, or GOMAXPROCS value (see recKind)
	p     int64      // the P the event happened on (ev.Proc())
	stack uint32     // ev.Stack(): index into stacks (0: none)
	str   uint32     // the transition's reason, region/task type or log category: index into strs; a range: index into ranges
	start uint32     // the outermost function of the transition's own stack (StateTransition.Stack): 1 + index into strs (0: no such stack)
	kind  recKind
	from  uint8 // trace.GoState / trace.ProcState / trace.EventKind
	to    uint8
}

// recBatch is what a parser hands to the analysis at once. strs and stacks
// are the decoder's tables as far as these records use them; they only grow
// while a batch is out, so the analysis may read them.
type recBatch struct {
	recs   []rec
	strs   []string
	stacks []trace.Stack
	ranges []trace.Range
	epoch  epoch
}

// epoch names a set of tables: the parser, and the generation within it
// (a parser that reads the whole trace goes through all of them).
type epoch struct{ src, gen int }

// decoder is one parser's reader.Decoder.
type decoder struct {
	cur      recBatch
	epoch    epoch
	strIdx   map[string]uint32
	stkIdx   map[trace.Stack]uint32
	byID     []uint32 // stack table ID -> index into cur.stacks (0: not yet)
	strCache [16]strCacheEntry
	starts   []uint32 // index into cur.stacks -> 1 + strs index of its outermost function (0: not yet)
}

func newDecoder(src int) reader.Decoder[*recBatch] {
	d := &decoder{epoch: epoch{src: src}}
	d.cur.recs = make([]rec, 0, reader.BatchSize)
	d.reset()
	return d
}

// reset starts new tables (a new generation: its stacks and strings are
// new, and the old ones are not kept alive).
func (d *decoder) reset() {
	d.epoch.gen++
	d.cur.epoch = d.epoch
	d.cur.strs = []string{""}
	d.cur.stacks = []trace.Stack{trace.NoStack}
	d.cur.ranges = nil
	d.strIdx = map[string]uint32{"": 0}
	d.stkIdx = map[trace.Stack]uint32{}
	d.strCache = [16]strCacheEntry{}
	clear(d.byID)
	d.starts = []uint32{0}
}

type strCacheEntry struct {
	data *byte
	len  int
	idx  uint32
}

func (d *decoder) Len() int { return len(d.cur.recs) }

func (d *decoder) Take(spare *recBatch) *recBatch {
	b := new(recBatch)
	*b = d.cur
	if spare != nil {
		d.cur.recs = spare.recs[:0]
	} else {
		d.cur.recs = make([]rec, 0, reader.BatchSize)
	}
	d.cur.ranges = nil
	return b
}

func (d *decoder) str(s string) uint32 {
	if s == "" {
		return 0
	}
	// A generation's string table hands out the same bytes for the same
	// string each time: a small cache by address avoids hashing it.
	c := &d.strCache[(uintptr(unsafe.Pointer(unsafe.StringData(s)))>>4)%uintptr(len(d.strCache))]
	if c.data == unsafe.StringData(s) && c.len == len(s) {
		return c.idx
	}
	i, ok := d.strIdx[s]
	if !ok {
		i = uint32(len(d.cur.strs))
		d.cur.strs = append(d.cur.strs, s)
		d.strIdx[s] = i
	}
	// The entry keeps the bytes alive, so no other string can take their
	// address while it is there.
	*c = strCacheEntry{unsafe.StringData(s), len(s), i}
	return i
}

// stack gives s's index in the tables. The lookup is by the stack's table
// ID (stackTableID) where that finds the same stack again, by value otherwise.
func (d *decoder) stack(s trace.Stack) uint32 {
	if s == trace.NoStack {
		return 0
	}
	id, ok := stackTableID(s)
	if ok && id < uint64(len(d.byID)) {
		if i := d.byID[id]; i != 0 && d.cur.stacks[i] == s {
			return i
		}
	}
	i, found := d.stkIdx[s]
	if !found {
		i = uint32(len(d.cur.stacks))
		d.cur.stacks = append(d.cur.stacks, s)
		d.starts = append(d.starts, 0)
		d.stkIdx[s] = i
	}
	if ok && id < maxStackTableID {
		for uint64(len(d.byID)) <= id {
			d.byID = append(d.byID, 0)
		}
		d.byID[id] = i
	}
	return i
}

// maxStackTableID bounds the direct lookup table (stack IDs of a generation
// are small and dense; larger ones go by value).
const maxStackTableID = 1 << 20

// stackTableID reads the ID a trace.Stack has in its generation's stack
// table, which x/exp/trace does not export: a Stack is a table pointer and
// that ID. It is only a hint: stack() checks that the index found holds
// the very same Stack value, and falls back to the lookup by value, so a
// different layout in another x/exp version costs speed, never correctness.
func stackTableID(s trace.Stack) (uint64, bool) {
	if unsafe.Sizeof(s) != 16 {
		return 0, false
	}
	return (*[2]uint64)(unsafe.Pointer(&s))[1], true
}

// startOf is 1 + the strs index of the outermost function of stack i.
func (d *decoder) startOf(i uint32) uint32 {
	if d.starts[i] == 0 {
		var name string
		for f := range d.cur.stacks[i].Frames() {
			name = f.Func
		}
		d.starts[i] = 1 + d.str(name)
	}
	return d.starts[i]
}

func (d *decoder) Add(ev *trace.Event, i int64, u trace.Time) {
	r := rec{u: u, i: i}
	switch ev.Kind() {
	case trace.EventSync:
		if i > 0 {
			d.reset()
		}
		r.kind = recSync
	case trace.EventMetric:
		m := ev.Metric()
		if m.Name != "/sched/gomaxprocs:threads" || m.Value.Kind() != trace.ValueUint64 {
			break
		}
		r.kind, r.id = recMaxProcs, int64(m.Value.Uint64())
	case trace.EventRangeBegin, trace.EventRangeActive, trace.EventRangeEnd:
		rg := ev.Range()
		if !gcstw.Tracked(rg.Name) && !mmu.Tracked(rg.Name) && rg.Name != goroutines.MarkAssist {
			break
		}
		r.kind, r.from, r.str = recRange, uint8(ev.Kind()), uint32(len(d.cur.ranges))
		r.id, r.p = int64(ev.Goroutine()), int64(ev.Proc())
		d.cur.ranges = append(d.cur.ranges, rg)
	case trace.EventLabel:
		if !mmu.IsWorkerLabel(ev.Label().Label) {
			break
		}
		r.kind, r.id, r.p = recWorker, int64(ev.Goroutine()), int64(ev.Proc())
	case trace.EventRegionBegin, trace.EventRegionEnd:
		r.kind, r.from, r.id, r.str = recRegion, uint8(ev.Kind()), int64(ev.Goroutine()), d.str(ev.Region().Type)
	case trace.EventTaskBegin, trace.EventTaskEnd:
		tk := ev.Task()
		r.kind, r.from, r.id, r.str = recTask, uint8(ev.Kind()), int64(tk.ID), d.str(tk.Type)
	case trace.EventLog:
		r.kind, r.str = recLog, d.str(ev.Log().Category)
	case trace.EventStateTransition:
		st := ev.StateTransition()
		switch st.Resource.Kind {
		case trace.ResourceGoroutine:
			from, to := st.Goroutine()
			if from == to {
				break // GoStatus re-emission at a generation boundary
			}
			// A parser that began at a later generation reports every
			// goroutine's status as Undetermined→X: kept, since the analysis
			// needs those of goroutines it does not know yet.
			r.kind, r.id, r.from, r.to = recGo, int64(st.Resource.Goroutine()), uint8(from), uint8(to)
			r.p = int64(ev.Proc())
			evStack := uint32(0)
			if to == trace.GoRunnable || to == trace.GoSyscall || to == trace.GoWaiting || from == trace.GoRunning {
				evStack = d.stack(ev.Stack())
			}
			r.stack = evStack
			if to == trace.GoRunnable || to == trace.GoWaiting {
				r.str = d.str(st.Reason)
			}
			// The goroutine's own stack: its creation's or status's, or the
			// event's when the goroutine makes the transition itself.
			if s := d.stack(st.Stack); s != 0 {
				r.start = d.startOf(s)
			}
		case trace.ResourceProc:
			from, to := st.Proc()
			r.kind, r.id, r.from, r.to = recProc, int64(st.Resource.Proc()), uint8(from), uint8(to)
		}
	}
	if r.kind == recFirst && i > 0 {
		return // nothing the analysis uses
	}
	d.cur.recs = append(d.cur.recs, r)
}
