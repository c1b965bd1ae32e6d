package analyze

import (
	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/gcstw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goroutines"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/meaning"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/mmu"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// orderDecoder turns the events of gmptrace's own reader (internal/order)
// into the records decoder.Add makes of x/exp/trace's: what each event
// means (its state transition, range, metric, label, region, task or log)
// is x/exp/trace's meaning of the same event, so the analysis is the same
// whichever reader fed it (tested: identical analysis.json and profiles).
type orderDecoder struct {
	decoder
	tables   order.Tables      // of the generation being decoded
	firstGen uint64            // the trace's first generation, where statuses are first said
	byID     map[uint64]uint32 // the generation's stack IDs -> index into cur.stacks
	strByID  map[uint64]uint32 // the generation's string IDs -> index into cur.strs
}

func newOrderDecoder() *orderDecoder {
	d := &orderDecoder{byID: map[uint64]uint32{}, strByID: map[uint64]uint32{}}
	d.cur.recs = make([]rec, 0, reader.BatchSize)
	d.reset()
	return d
}

// stackOf is the index in the tables of the generation's stack id.
func (d *orderDecoder) stackOf(id uint64) uint32 {
	if id == 0 {
		return 0
	}
	if i, ok := d.byID[id]; ok {
		return i
	}
	i := uint32(len(d.cur.stacks))
	d.cur.stacks = append(d.cur.stacks, meaning.MakeStack(d.tables.Stack(id)))
	d.starts = append(d.starts, 0)
	d.byID[id] = i
	return i
}

// strOf is the index in the tables of the generation's string id: one
// lookup by ID, where fetching the string from the generation's table and
// hashing it cost a fifth of the decoding.
func (d *orderDecoder) strOf(id uint64) uint32 {
	if i, ok := d.strByID[id]; ok {
		return i
	}
	i := d.str(d.tables.String(id))
	d.strByID[id] = i
	return i
}

// Add decodes the i-th event of the trace, read with its generation's
// tables, as decoder.Add does x/exp/trace's (ownread.Decoder).
func (d *orderDecoder) Add(ev *order.Event, tables order.Tables, i int64) {
	d.tables = tables
	r := rec{u: trace.Time(ev.Time), i: i}
	switch ev.Type {
	case wire.EvSync:
		if i == 0 {
			d.firstGen = ev.Gen
		} else {
			d.reset()
			clear(d.byID)
			clear(d.strByID)
		}
		r.kind = recSync
	case wire.EvProcsChange:
		r.kind, r.id = recMaxProcs, int64(ev.Args[0])
	case wire.EvGoLabel:
		if mmu.IsWorkerLabel(d.tables.String(ev.Args[0])) {
			r.kind, r.id, r.p = recWorker, ev.Ctx.G, ev.Ctx.P
		}
	case wire.EvUserRegionBegin, wire.EvUserRegionEnd:
		kind := trace.EventRegionBegin
		if ev.Type == wire.EvUserRegionEnd {
			kind = trace.EventRegionEnd
		}
		r.kind, r.from, r.id, r.str = recRegion, uint8(kind), ev.Ctx.G, d.strOf(ev.Args[1])
	case wire.EvUserTaskBegin:
		r.kind, r.from, r.id, r.str = recTask, uint8(trace.EventTaskBegin), int64(ev.Args[0]), d.strOf(ev.Args[2])
	case wire.EvUserTaskEnd:
		r.kind, r.from, r.id, r.str = recTask, uint8(trace.EventTaskEnd), int64(ev.Args[0]), d.str(ev.TaskName)
	case wire.EvUserLog:
		r.kind, r.str = recLog, d.strOf(ev.Args[1])
	default:
		if rg, kind, ok := meaning.Range(ev, d.tables.String); ok {
			if gcstw.Tracked(rg.Name) || mmu.Tracked(rg.Name) || rg.Name == goroutines.MarkAssist {
				r.kind, r.from, r.str = recRange, uint8(kind), uint32(len(d.cur.ranges))
				r.id, r.p = ev.Ctx.G, ev.Ctx.P
				d.cur.ranges = append(d.cur.ranges, rg)
			}
			break
		}
		if t, ok := meaning.StateTransition(ev, d.firstGen); ok {
			d.addTransition(&r, ev, t)
		}
	}
	if r.kind == recFirst && i > 0 {
		return // nothing the analysis uses
	}
	d.cur.recs = append(d.cur.recs, r)
}

// addTransition fills r as decoder.Add does for a state transition.
func (d *orderDecoder) addTransition(r *rec, ev *order.Event, t meaning.Transition) {
	if t.Proc {
		r.kind, r.id, r.from, r.to = recProc, t.ID, t.From, t.To
		return
	}
	from, to := t.GoStates()
	if from == to {
		return // a status said again at a generation boundary
	}
	r.kind, r.id, r.from, r.to = recGo, t.ID, t.From, t.To
	r.p = ev.Ctx.P
	if to == trace.GoRunnable || to == trace.GoSyscall || to == trace.GoWaiting || from == trace.GoRunning {
		r.stack = d.stackOf(meaning.Stack(ev))
	}
	if to == trace.GoRunnable || to == trace.GoWaiting {
		r.str = d.strOf(t.Reason)
	}
	if t.Stack != 0 {
		r.start = d.startOf(d.stackOf(t.Stack))
	}
}
