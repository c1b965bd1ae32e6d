package analyze

import (
	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/procs"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/syscalls"
)

// batch consumes a parser's decoded events, in trace order: all of them.
func (a *analyzer) batch(b *recBatch, pos reader.Pos) bool {
	if b.epoch != a.epoch {
		a.epoch = b.epoch
		a.stackIDs = a.stackIDs[:0]
		a.reasonIDs = a.reasonIDs[:0]
	}
	for k := range b.recs {
		r := &b.recs[k]
		a.event(r, pos.Now(r.i, r.u), pos.Resumed(), b)
	}
	*b = recBatch{recs: b.recs[:0]} // the storage goes back to the parser, not the tables
	return true
}

func (a *analyzer) event(r *rec, now trace.Time, resumed bool, b *recBatch) {
	if !a.started {
		a.started = true
		a.t0 = now
		a.procs = procs.New(a.t0, a.winLen, a.win)
	}
	a.groups.Time(now, r.kind == recSync)
	switch r.kind {
	case recSync:
		a.mmu.Sync(int64(now))
		a.stk.NewGeneration()
		a.syncs++
		if a.opt.OnGeneration != nil {
			a.opt.OnGeneration(a.liveEstimate())
		}
	case recMaxProcs:
		a.mmu.GoMaxProcs(int64(now), uint64(r.id))
		a.procs.GoMaxProcs(now, uint64(r.id))
	case recRange:
		kind, rg := trace.EventKind(r.from), b.ranges[r.str]
		a.mmu.Range(kind, int64(now), rg, trace.ProcID(r.p), trace.GoID(r.id))
		a.gc.Range(kind, now, rg)
		a.groups.Range(kind, now, rg)
	case recWorker:
		a.mmu.WorkerLabel(int64(now), trace.GoID(r.id), trace.ProcID(r.p))
	case recRegion:
		if trace.EventKind(r.from) == trace.EventRegionBegin {
			a.regions.RegionBegin(trace.GoID(r.id), b.strs[r.str], now)
		} else {
			a.regions.RegionEnd(trace.GoID(r.id), b.strs[r.str], now)
		}
	case recTask:
		if trace.EventKind(r.from) == trace.EventTaskBegin {
			a.regions.TaskBegin(trace.TaskID(r.id), b.strs[r.str], now)
		} else {
			a.regions.TaskEnd(trace.TaskID(r.id), b.strs[r.str], now)
		}
	case recLog:
		a.regions.Log(b.strs[r.str])
	case recGo:
		a.mmu.GoTransition(int64(now), trace.GoID(r.id), trace.GoState(r.from), trace.GoState(r.to), trace.ProcID(r.p))
		a.goTransition(r, now, resumed, b)
	case recProc:
		a.procTransition(r, now, resumed)
	}
}

// stack is the interned ID of the batch's stack i (the lookup by stack
// value is done once per stack and generation).
func (a *analyzer) stack(b *recBatch, i uint32) stacks.ID {
	if i == 0 {
		return 0
	}
	for int(i) >= len(a.stackIDs) {
		a.stackIDs = append(a.stackIDs, 0)
	}
	id := a.stackIDs[i]
	if id == 0 {
		id = a.stk.Intern(b.stacks[i])
		a.stackIDs[i] = id
	}
	return id
}

// reason is the blocking tracker's index of the batch's string i (looked up
// once per string and generation).
func (a *analyzer) reason(b *recBatch, i uint32) uint32 {
	for int(i) >= len(a.reasonIDs) {
		a.reasonIDs = append(a.reasonIDs, 0)
	}
	r := a.reasonIDs[i]
	if r == 0 {
		r = a.blk.Reason(b.strs[i]) + 1
		a.reasonIDs[i] = r
	}
	return r - 1
}

// procTransition is a P's transition: one that takes it from a syscall
// holding it ends the call's hold, for the lost-P counts and the groups'
// syscall block time. So does a P's first status in the trace saying Idle
// (not one resumed at a later generation): a goroutine in a syscall since
// before the trace, its status given first, lost the P before the trace
// began, as go tool trace's goroutine pages count it.
func (a *analyzer) procTransition(r *rec, now trace.Time, resumed bool) {
	p := trace.ProcID(r.id)
	from, to := trace.ProcState(r.from), trace.ProcState(r.to)
	a.procs.See(p)
	if syscalls.TakesP(from, to) || (from == trace.ProcUndetermined && to == trace.ProcIdle && !resumed) {
		a.sys.ProcIdle(p, now)
		a.groups.ProcIdle(p, now)
	}
}

func (a *analyzer) goTransition(r *rec, now trace.Time, resumed bool, b *recBatch) {
	id := trace.GoID(r.id)
	from, to := trace.GoState(r.from), trace.GoState(r.to)
	ownFunc := ""
	if r.start != 0 {
		ownFunc = b.strs[r.start-1]
	}
	if resumed && from == trace.GoUndetermined {
		// A status at the boundary where the parser began: a re-emission,
		// unless the goroutine is new, which one parser from the start
		// would report the same way.
		if !a.groups.Known(id) {
			a.groups.Transition(id, now, from, to, b.strs[r.str], ownFunc, r.start != 0, trace.ProcID(r.p))
		}
		return
	}
	x := a.gs.get(id)
	// The goroutine's start function (stacks.StartFunc): from its creation's
	// or status's stack, or where it stopped running (the transition's own
	// stack is the event's then; it differs only at the goroutine's exit,
	// after which nothing uses it).
	if x.startFunc == "" && r.start != 0 && (from == trace.GoNotExist || from == trace.GoUndetermined || from == trace.GoRunning) {
		x.startFunc = a.funcNames.Intern(ownFunc)
		a.sched.Name(&x.sched, x.startFunc)
		a.named.name(id, x.startFunc)
	}
	w := a.curWin(now)
	a.states.Advance(w)
	a.states.Transition(from, to)
	a.groups.Transition(id, now, from, to, b.strs[r.str], ownFunc, r.start != 0, trace.ProcID(r.p))

	// Leaving a state.
	switch from {
	case trace.GoRunnable:
		if d, ok := a.sched.Leave(&x.sched, now, to, w); ok {
			a.groups.Sample(id, d, w)
			a.regions.Sample(id, d)
		}
	case trace.GoRunning:
		a.procs.Stop(&x.run, now)
	case trace.GoSyscall:
		a.sys.End(&x.sys, now, to)
	case trace.GoWaiting:
		a.blk.Unblock(&x.blk, now)
	}
	// Entering a state.
	switch to {
	case trace.GoRunnable:
		a.sched.Runnable(&x.sched, now, from, b.strs[r.str], a.stack(b, r.stack))
	case trace.GoRunning:
		a.procs.Start(&x.run, now, trace.ProcID(r.p), from != trace.GoUndetermined)
	case trace.GoSyscall:
		if from == trace.GoRunning {
			a.sys.Begin(&x.sys, now, trace.ProcID(r.p), a.stack(b, r.stack))
		}
	case trace.GoWaiting:
		if from == trace.GoRunning {
			a.blk.Block(&x.blk, now, a.reason(b, r.str), a.stack(b, r.stack))
		}
	case trace.GoNotExist:
		a.regions.Exit(id)
		a.sched.Forget(&x.sched)
		a.sys.Forget(&x.sys)
		a.gs.drop(id)
	}
}
