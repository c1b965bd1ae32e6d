package order

import (
	"fmt"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// step is one attempt to take a thread's next event: ok is false when the
// event cannot happen yet (it waits for another thread's), err when it can
// never happen (the trace is broken).
type step struct {
	st    *state
	gen   uint64
	ev    *Event // the event, its context filled in; handlers may complete it
	strs  *stringTable
	queue []Event // what the events taken give, in order (an event, or ones it implies)
	head  int     // queue[head:] are not yet returned
}

// out queues an event of the generation.
func (s *step) out(e Event) {
	e.Gen = s.gen
	s.queue = append(s.queue, e)
}

// pop moves the next queued event to ev; false when none is queued.
func (s *step) pop(ev *Event) bool {
	if s.head == len(s.queue) {
		s.queue, s.head = s.queue[:0], 0
		return false
	}
	s.head++
	*ev = s.queue[s.head-1]
	return true
}

// advance tries to take ev, the next event of thread m. On success the
// thread's bindings move to the context the event leaves.
func (s *step) advance(m int64) (bool, error) {
	st := s.st
	if st.firstGen == 0 {
		st.firstGen = s.gen
	}
	if m == NoThread {
		// Written on no thread (the runtime's statuses of goroutines not
		// running): nothing is bound to it, before or after.
		s.ev.Ctx = Ctx{M: NoThread, P: NoProc, G: NoGoroutine}
		_, ok, err := handlers[s.ev.Type].orNone()(s, s.ev.Ctx)
		return ok, err
	}
	th := st.ms[m]
	if th == nil {
		th = &thread{g: NoGoroutine, p: NoProc}
		st.ms[m] = th
	}
	s.ev.Ctx = Ctx{M: m, P: th.p, G: th.g}
	next, ok, err := handlers[s.ev.Type].orNone()(s, s.ev.Ctx)
	if err != nil || !ok {
		return ok, err
	}
	th.p, th.g = next.P, next.G
	return true, nil
}

type handler func(s *step, cur Ctx) (next Ctx, ok bool, err error)

// orNone is h, or for a type without one a handler refusing it.
func (h handler) orNone() handler {
	if h != nil {
		return h
	}
	return func(s *step, cur Ctx) (Ctx, bool, error) {
		return cur, false, fmt.Errorf("%s cannot be ordered", s.ev.Type)
	}
}

var handlers [256]handler

func init() {
	for t, h := range map[wire.Type]handler{
		wire.EvProcsChange: (*step).annotation,
		wire.EvProcStart:   (*step).procStart,
		wire.EvProcStop:    (*step).procStop,
		wire.EvProcSteal:   (*step).procSteal,
		wire.EvProcStatus:  (*step).procStatus,

		wire.EvGoCreate:            (*step).goCreate,
		wire.EvGoCreateBlocked:     (*step).goCreate,
		wire.EvGoCreateSyscall:     (*step).goCreateSyscall,
		wire.EvGoStart:             (*step).goStart,
		wire.EvGoDestroy:           (*step).goStopRunning,
		wire.EvGoStop:              (*step).goStopRunning,
		wire.EvGoBlock:             (*step).goStopRunning,
		wire.EvGoDestroySyscall:    (*step).goDestroySyscall,
		wire.EvGoUnblock:           (*step).goUnblock,
		wire.EvGoSwitch:            (*step).goSwitch,
		wire.EvGoSwitchDestroy:     (*step).goSwitch,
		wire.EvGoSyscallBegin:      (*step).syscallBegin,
		wire.EvGoSyscallEnd:        (*step).syscallEnd,
		wire.EvGoSyscallEndBlocked: (*step).syscallEndBlocked,
		wire.EvGoStatus:            (*step).goStatus,
		wire.EvGoStatusStack:       (*step).goStatus,

		wire.EvSTWBegin:           (*step).goRangeBegin,
		wire.EvSTWEnd:             (*step).goRangeEnd,
		wire.EvGCMarkAssistBegin:  (*step).goRangeBegin,
		wire.EvGCMarkAssistActive: (*step).goRangeActive,
		wire.EvGCMarkAssistEnd:    (*step).goRangeEnd,
		wire.EvGCSweepBegin:       (*step).sweepBegin,
		wire.EvGCSweepActive:      (*step).sweepActive,
		wire.EvGCSweepEnd:         (*step).sweepEnd,
		wire.EvGCActive:           (*step).gcActive,
		wire.EvGCBegin:            (*step).gcBegin,
		wire.EvGCEnd:              (*step).gcEnd,
		wire.EvHeapAlloc:          (*step).heapMetric,
		wire.EvHeapGoal:           (*step).heapMetric,

		wire.EvGoLabel:         (*step).annotation,
		wire.EvUserLog:         (*step).annotation,
		wire.EvUserTaskBegin:   (*step).taskBegin,
		wire.EvUserTaskEnd:     (*step).taskEnd,
		wire.EvUserRegionBegin: (*step).regionBegin,
		wire.EvUserRegionEnd:   (*step).regionEnd,

		wire.EvSpan: (*step).allocFree, wire.EvSpanAlloc: (*step).allocFree, wire.EvSpanFree: (*step).allocFree,
		wire.EvHeapObject: (*step).allocFree, wire.EvHeapObjectAlloc: (*step).allocFree, wire.EvHeapObjectFree: (*step).allocFree,
		wire.EvGoroutineStack: (*step).allocFree, wire.EvGoroutineStackAlloc: (*step).allocFree, wire.EvGoroutineStackFree: (*step).allocFree,
	} {
		handlers[t] = h
	}
}

// rangeBegin is the begin event of a range's begin, active or end event.
var rangeBegin = map[wire.Type]wire.Type{
	wire.EvSTWBegin: wire.EvSTWBegin, wire.EvSTWEnd: wire.EvSTWBegin,
	wire.EvGCMarkAssistBegin: wire.EvGCMarkAssistBegin, wire.EvGCMarkAssistActive: wire.EvGCMarkAssistBegin, wire.EvGCMarkAssistEnd: wire.EvGCMarkAssistBegin,
	wire.EvGCSweepBegin: wire.EvGCSweepBegin, wire.EvGCSweepActive: wire.EvGCSweepBegin, wire.EvGCSweepEnd: wire.EvGCSweepBegin,
}

func (s *step) name() string { return s.ev.Type.String() }

func (s *step) take(next Ctx) (Ctx, bool, error) {
	s.out(*s.ev)
	return next, true, nil
}

func (s *step) seqOf(n uint64) seq { return seq{s.gen, n} }

// Ps.

func (s *step) procStatus(cur Ctx) (Ctx, bool, error) {
	ev := s.ev
	pid, status := int64(ev.Args[0]), ev.Args[1]
	if status == 0 || status > procSyscallAbandoned {
		return cur, false, fmt.Errorf("P %d: status %d is not one", pid, status)
	}
	ev.From = status
	if p, ok := s.st.ps[pid]; ok {
		switch {
		case status == procSyscallAbandoned && p.status == procSyscall:
			// No information lost: the P is still in its syscall, about to be
			// stolen, and stays bound where it was.
			ev.From, ev.Args[1] = procRunning, procSyscall
		case status == procSyscallAbandoned && p.status == procSyscallAbandoned:
			ev.From = procIdle
		case p.status != status:
			return cur, false, fmt.Errorf("P %d: status %d, but %d before", pid, status, p.status)
		}
		p.seq = s.seqOf(0)
	} else {
		s.st.ps[pid] = &proc{status: status, seq: s.seqOf(0)}
		ev.New = true
	}
	next := cur
	if status == procRunning || status == procSyscall {
		next.P = pid
	}
	if status == procSyscallAbandoned && ev.From == procRunning {
		// Said of a P about to be stolen, from another thread than the one
		// it is bound to: the event happens in that one's context.
		found := false
		for m, th := range s.st.ms {
			if th.p == pid {
				ev.Ctx = Ctx{M: m, P: pid, G: th.g}
				found = true
			}
		}
		if !found {
			return cur, false, fmt.Errorf("P %d: no thread holds it, yet it is to be stolen", pid)
		}
	}
	return s.take(next)
}

func (s *step) procStart(cur Ctx) (Ctx, bool, error) {
	pid := int64(s.ev.Args[0])
	p, ok := s.st.ps[pid]
	if !ok || p.status != procIdle || !s.seqOf(s.ev.Args[1]).follows(p.seq) || cur.P != NoProc {
		return cur, false, nil
	}
	if err := (needs{must, mustNot, may}).check(cur); err != nil {
		return cur, false, err
	}
	p.status, p.seq = procRunning, s.seqOf(s.ev.Args[1])
	next := cur
	next.P = pid
	return s.take(next)
}

// procStop: a P stopped by the thread that started it, which always can.
func (s *step) procStop(cur Ctx) (Ctx, bool, error) {
	p, ok := s.st.ps[cur.P]
	if !ok {
		return cur, false, fmt.Errorf("ProcStop of P %d, never seen", cur.P)
	}
	if p.status != procRunning && p.status != procSyscall {
		return cur, false, fmt.Errorf("ProcStop of P %d, neither running nor in a syscall", cur.P)
	}
	if err := (needs{must, must, may}).check(cur); err != nil {
		return cur, false, err
	}
	p.status = procIdle
	next := cur
	next.P = NoProc
	return s.take(next)
}

// procSteal: a P taken from a thread in a syscall by another.
func (s *step) procSteal(cur Ctx) (Ctx, bool, error) {
	ev := s.ev
	pid := int64(ev.Args[0])
	p, ok := s.st.ps[pid]
	if !ok || (p.status != procSyscall && p.status != procSyscallAbandoned) || !s.seqOf(ev.Args[1]).follows(p.seq) {
		return cur, false, nil
	}
	if err := (needs{must, may, may}).check(cur); err != nil {
		return cur, false, err
	}
	ev.From = p.status
	p.status, p.seq = procIdle, s.seqOf(ev.Args[1])
	if ev.From == procSyscallAbandoned {
		return s.take(cur) // the thread it was on is no longer known
	}
	victim := int64(ev.Args[2])
	next := cur
	if victim == cur.M {
		if cur.P != pid {
			return cur, false, fmt.Errorf("thread %d steals P %d from itself, but holds P %d", victim, pid, cur.P)
		}
		next.P = NoProc
		return s.take(next)
	}
	th, ok := s.st.ms[victim]
	if !ok {
		return cur, false, fmt.Errorf("P %d stolen from thread %d, never seen", pid, victim)
	}
	if th.p != pid {
		return cur, false, fmt.Errorf("P %d stolen from thread %d, which holds P %d", pid, victim, th.p)
	}
	th.p = NoProc // now the victim's syscall may end blocked
	return s.take(next)
}

// Goroutines.

func (s *step) goStatus(cur Ctx) (Ctx, bool, error) {
	ev := s.ev
	gid, mid, status := int64(ev.Args[0]), int64(ev.Args[1]), ev.Args[2]
	if status == 0 || status > goWaiting {
		return cur, false, fmt.Errorf("goroutine %d: status %d is not one", gid, status)
	}
	if g, ok := s.st.gs[gid]; ok {
		if g.status != status {
			return cur, false, fmt.Errorf("goroutine %d: status %d, but %d before", gid, status, g.status)
		}
		g.seq = s.seqOf(0)
	} else if s.gen == s.st.firstGen {
		s.st.gs[gid] = &goroutine{status: status, seq: s.seqOf(0)}
		ev.New = true
	} else {
		return cur, false, fmt.Errorf("goroutine %d: first said after the first generation", gid)
	}
	next := cur
	switch status {
	case goRunning:
		next.G = gid
	case goSyscall:
		if mid == NoThread {
			return cur, false, fmt.Errorf("goroutine %d in a syscall on no thread", gid)
		}
		if mid == cur.M {
			if s.gen != s.st.firstGen && cur.G != gid {
				return cur, false, fmt.Errorf("goroutine %d in a syscall on thread %d, which runs goroutine %d", gid, mid, cur.G)
			}
			next.G = gid
			break
		}
		// A goroutine in a syscall on another thread all generation long:
		// the event is that thread's.
		if th, ok := s.st.ms[mid]; ok {
			if th.g != gid {
				return cur, false, fmt.Errorf("goroutine %d in a syscall on thread %d, which runs goroutine %d", gid, mid, th.g)
			}
			ev.Ctx.G = th.g
		} else {
			s.st.ms[mid] = &thread{g: gid, p: NoProc}
		}
		ev.Ctx.M = mid
	}
	return s.take(next)
}

func (s *step) goCreate(cur Ctx) (Ctx, bool, error) {
	if err := (needs{must, must, may}).check(cur); err != nil {
		return cur, false, err
	}
	if g, ok := s.st.gs[cur.G]; ok && g.status != goRunning {
		return cur, false, fmt.Errorf("%s by goroutine %d, which is not running", s.name(), cur.G)
	}
	gid := int64(s.ev.Args[0])
	if _, ok := s.st.gs[gid]; ok {
		return cur, false, fmt.Errorf("%s of goroutine %d, which exists", s.name(), gid)
	}
	status := uint64(goRunnable)
	if s.ev.Type == wire.EvGoCreateBlocked {
		status = goWaiting
	}
	s.st.gs[gid] = &goroutine{status: status, seq: s.seqOf(0)}
	return s.take(cur)
}

// running is the goroutine the context runs, which must be running.
func (s *step) running(cur Ctx) (*goroutine, error) {
	if err := goNeeds.check(cur); err != nil {
		return nil, err
	}
	g, ok := s.st.gs[cur.G]
	if !ok {
		return nil, fmt.Errorf("%s of goroutine %d, never seen", s.name(), cur.G)
	}
	if g.status != goRunning {
		return nil, fmt.Errorf("%s of goroutine %d, which is not running", s.name(), cur.G)
	}
	return g, nil
}

// goStopRunning: the running goroutine ends, yields or blocks, which it
// always can, being bound to its thread.
func (s *step) goStopRunning(cur Ctx) (Ctx, bool, error) {
	g, err := s.running(cur)
	if err != nil {
		return cur, false, err
	}
	next := cur
	next.G = NoGoroutine
	switch s.ev.Type {
	case wire.EvGoDestroy:
		delete(s.st.gs, cur.G)
	case wire.EvGoStop:
		g.status = goRunnable
	case wire.EvGoBlock:
		g.status = goWaiting
	}
	return s.take(next)
}

func (s *step) goStart(cur Ctx) (Ctx, bool, error) {
	gid := int64(s.ev.Args[0])
	g, ok := s.st.gs[gid]
	if !ok || g.status != goRunnable || !s.seqOf(s.ev.Args[1]).follows(g.seq) {
		return cur, false, nil
	}
	if err := (needs{must, must, mustNot}).check(cur); err != nil {
		return cur, false, err
	}
	g.status, g.seq = goRunning, s.seqOf(s.ev.Args[1])
	next := cur
	next.G = gid
	return s.take(next)
}

// goUnblock: anything may unblock a goroutine (sysmon too), so the context is not checked.
func (s *step) goUnblock(cur Ctx) (Ctx, bool, error) {
	g, ok := s.st.gs[int64(s.ev.Args[0])]
	if !ok || g.status != goWaiting || !s.seqOf(s.ev.Args[1]).follows(g.seq) {
		return cur, false, nil
	}
	g.status, g.seq = goRunnable, s.seqOf(s.ev.Args[1])
	return s.take(cur)
}

// goSwitch: a coroutine switch is three events: the next goroutine
// unblocked, the running one blocked (or ended), the next one started.
func (s *step) goSwitch(cur Ctx) (Ctx, bool, error) {
	g, err := s.running(cur)
	if err != nil {
		return cur, false, err
	}
	nextID := int64(s.ev.Args[0])
	ng, ok := s.st.gs[nextID]
	if !ok || ng.status != goWaiting || !s.seqOf(s.ev.Args[1]).follows(ng.seq) {
		return cur, false, nil
	}
	ev := *s.ev
	s.out(ev)
	implied := Event{Time: ev.Time, Ctx: cur}
	if ev.Type == wire.EvGoSwitch {
		g.status = goWaiting
		implied.Type = wire.EvGoBlock // with no reason and no stack
	} else {
		delete(s.st.gs, cur.G)
		implied.Type = wire.EvGoDestroy
	}
	s.out(implied)
	ng.status, ng.seq = goRunning, s.seqOf(ev.Args[1])
	start := Event{Type: wire.EvGoStart, Time: ev.Time, Ctx: cur}
	start.Ctx.G = NoGoroutine
	start.Args[0], start.Args[1] = ev.Args[0], ev.Args[1]
	s.out(start)
	next := cur
	next.G = nextID
	return next, true, nil
}

func (s *step) syscallBegin(cur Ctx) (Ctx, bool, error) {
	g, err := s.running(cur)
	if err != nil {
		return cur, false, err
	}
	g.status = goSyscall
	p, ok := s.st.ps[cur.P]
	if !ok {
		return cur, false, fmt.Errorf("%s on P %d, never seen", s.name(), cur.P)
	}
	p.status = procSyscall
	if n := s.seqOf(s.ev.Args[0]); !n.follows(p.seq) {
		return cur, false, fmt.Errorf("%s on P %d: sequence %d after %d", s.name(), cur.P, n.n, p.seq.n)
	} else {
		p.seq = n
	}
	return s.take(cur)
}

// inSyscall is the goroutine the context runs, which must be in a syscall.
func (s *step) inSyscall(cur Ctx) (*goroutine, error) {
	g, ok := s.st.gs[cur.G]
	if !ok {
		return nil, fmt.Errorf("%s of goroutine %d, never seen", s.name(), cur.G)
	}
	if g.status != goSyscall {
		return nil, fmt.Errorf("%s of goroutine %d, which is not in a syscall", s.name(), cur.G)
	}
	return g, nil
}

func (s *step) syscallEnd(cur Ctx) (Ctx, bool, error) {
	if err := goNeeds.check(cur); err != nil {
		return cur, false, err
	}
	g, err := s.inSyscall(cur)
	if err != nil {
		return cur, false, err
	}
	g.status = goRunning
	p, ok := s.st.ps[cur.P]
	if !ok {
		return cur, false, fmt.Errorf("%s on P %d, never seen", s.name(), cur.P)
	}
	if p.status != procSyscall {
		return cur, false, fmt.Errorf("%s on P %d, which is not in a syscall", s.name(), cur.P)
	}
	p.status = procRunning
	return s.take(cur)
}

// syscallEndBlocked: the goroutine's syscall ended after its P was taken;
// it waits for the steal when the thread still holds its P.
func (s *step) syscallEndBlocked(cur Ctx) (Ctx, bool, error) {
	if cur.P != NoProc {
		p, ok := s.st.ps[cur.P]
		if !ok {
			return cur, false, fmt.Errorf("%s on P %d, never seen", s.name(), cur.P)
		}
		if p.status == procSyscall {
			return cur, false, nil
		}
	}
	if err := (needs{must, may, must}).check(cur); err != nil {
		return cur, false, err
	}
	g, err := s.inSyscall(cur)
	if err != nil {
		return cur, false, err
	}
	g.status = goRunnable
	next := cur
	next.G = NoGoroutine
	return s.take(next)
}

// goCreateSyscall: a goroutine appears in a syscall (a C thread calling Go).
func (s *step) goCreateSyscall(cur Ctx) (Ctx, bool, error) {
	if err := (needs{must, may, mustNot}).check(cur); err != nil {
		return cur, false, err
	}
	gid := int64(s.ev.Args[0])
	if _, ok := s.st.gs[gid]; ok {
		return cur, false, fmt.Errorf("%s of goroutine %d, which exists", s.name(), gid)
	}
	s.st.gs[gid] = &goroutine{status: goSyscall, seq: s.seqOf(0)}
	next := cur
	next.G = gid
	return s.take(next)
}

// goDestroySyscall: a goroutine created in a syscall ends in one; a P its
// thread held goes with it, stolen (said as an implied ProcSteal first).
func (s *step) goDestroySyscall(cur Ctx) (Ctx, bool, error) {
	if err := (needs{must, may, must}).check(cur); err != nil {
		return cur, false, err
	}
	if _, err := s.inSyscall(cur); err != nil {
		return cur, false, err
	}
	delete(s.st.gs, cur.G)
	next := cur
	next.G = NoGoroutine
	if cur.P != NoProc {
		p, ok := s.st.ps[cur.P]
		if !ok {
			return cur, false, fmt.Errorf("%s on P %d, never seen", s.name(), cur.P)
		}
		if p.status != procSyscall {
			return cur, false, fmt.Errorf("%s on P %d, which is not in a syscall", s.name(), cur.P)
		}
		p.status = procSyscallAbandoned
		next.P = NoProc
		steal := Event{Type: wire.EvProcSteal, Time: s.ev.Time, Ctx: cur, From: procSyscall}
		steal.Args[0] = uint64(cur.P)
		s.out(steal)
	}
	return s.take(next)
}

// Ranges on goroutines (stop-the-world, mark assist) and Ps (sweep).

func (s *step) goRangeBegin(cur Ctx) (Ctx, bool, error) {
	if err := goNeeds.check(cur); err != nil {
		return cur, false, err
	}
	var kind uint64
	if s.ev.Type == wire.EvSTWBegin {
		kind = s.ev.Args[0]
	}
	g, ok := s.st.gs[cur.G]
	if !ok {
		return cur, false, fmt.Errorf("%s on goroutine %d, never seen", s.name(), cur.G)
	}
	if err := g.begin(span{s.ev.Type, kind}); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

func (s *step) goRangeActive(cur Ctx) (Ctx, bool, error) {
	gid := int64(s.ev.Args[0])
	g, ok := s.st.gs[gid]
	if !ok {
		return cur, false, fmt.Errorf("%s on goroutine %d, never seen", s.name(), gid)
	}
	if err := g.active(span{rangeBegin[s.ev.Type], 0}, s.gen == s.st.firstGen); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

func (s *step) goRangeEnd(cur Ctx) (Ctx, bool, error) {
	if err := goNeeds.check(cur); err != nil {
		return cur, false, err
	}
	g, ok := s.st.gs[cur.G]
	if !ok {
		return cur, false, fmt.Errorf("%s on goroutine %d, never seen", s.name(), cur.G)
	}
	kind, err := g.end(rangeBegin[s.ev.Type])
	if err != nil {
		return cur, false, err
	}
	if s.ev.Type == wire.EvSTWEnd {
		s.ev.Args[0] = kind // the kind its begin said
	}
	return s.take(cur)
}

var onP = needs{must, must, may}

// ownP is the P the context holds, which must be known.
func (s *step) ownP(cur Ctx) (*proc, error) {
	if err := onP.check(cur); err != nil {
		return nil, err
	}
	p, ok := s.st.ps[cur.P]
	if !ok {
		return nil, fmt.Errorf("%s on P %d, never seen", s.name(), cur.P)
	}
	return p, nil
}

func (s *step) sweepBegin(cur Ctx) (Ctx, bool, error) {
	p, err := s.ownP(cur)
	if err != nil {
		return cur, false, err
	}
	if err := p.begin(span{begin: wire.EvGCSweepBegin}); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

func (s *step) sweepActive(cur Ctx) (Ctx, bool, error) {
	pid := int64(s.ev.Args[0])
	p, ok := s.st.ps[pid]
	if !ok {
		return cur, false, fmt.Errorf("%s on P %d, never seen", s.name(), pid)
	}
	if err := p.active(span{begin: wire.EvGCSweepBegin}, s.gen == s.st.firstGen); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

func (s *step) sweepEnd(cur Ctx) (Ctx, bool, error) {
	p, err := s.ownP(cur)
	if err != nil {
		return cur, false, err
	}
	if _, err := p.end(wire.EvGCSweepBegin); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

// The GC: its own sequence, trace-wide.

func (s *step) gcActive(cur Ctx) (Ctx, bool, error) {
	n := s.ev.Args[0]
	if s.gen == s.st.firstGen {
		if s.st.gc != gcUnknown {
			return cur, false, fmt.Errorf("GCActive in the first generation after another GC event")
		}
		s.st.gcSeq, s.st.gc = n, gcRunning
		return s.take(cur)
	}
	if n != s.st.gcSeq+1 {
		return cur, false, nil
	}
	if s.st.gc != gcRunning {
		return cur, false, fmt.Errorf("GCActive while no GC runs")
	}
	s.st.gcSeq = n
	if err := goNeeds.check(cur); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

func (s *step) gcBegin(cur Ctx) (Ctx, bool, error) {
	n := s.ev.Args[0]
	if s.st.gc == gcUnknown {
		s.st.gcSeq, s.st.gc = n, gcRunning
		return s.take(cur)
	}
	if n != s.st.gcSeq+1 {
		return cur, false, nil
	}
	if s.st.gc == gcRunning {
		return cur, false, fmt.Errorf("GCBegin while a GC runs")
	}
	s.st.gcSeq, s.st.gc = n, gcRunning
	if err := goNeeds.check(cur); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

func (s *step) gcEnd(cur Ctx) (Ctx, bool, error) {
	n := s.ev.Args[0]
	if n != s.st.gcSeq+1 {
		return cur, false, nil
	}
	if s.st.gc != gcRunning {
		return cur, false, fmt.Errorf("GCEnd while no GC is known to run")
	}
	s.st.gcSeq, s.st.gc = n, gcIdle
	if err := goNeeds.check(cur); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

func (s *step) heapMetric(cur Ctx) (Ctx, bool, error) {
	if err := onP.check(cur); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

// Annotations.

func (s *step) annotation(cur Ctx) (Ctx, bool, error) {
	if err := goNeeds.check(cur); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

// Task IDs as written: 0 is the background task, which is no parent.
const (
	backgroundTask = 0
	NoTask         = ^uint64(0)
)

func (s *step) taskBegin(cur Ctx) (Ctx, bool, error) {
	ev := s.ev
	id := ev.Args[0]
	if _, ok := s.st.tasks[id]; ok {
		return cur, false, fmt.Errorf("task %d begins twice", id)
	}
	if ev.Args[1] == backgroundTask {
		ev.Args[1] = NoTask
	}
	name, ok := s.strs.get(ev.Args[2])
	if !ok {
		return cur, false, fmt.Errorf("%s: no string %d", s.name(), ev.Args[2])
	}
	s.st.tasks[id] = task{parent: ev.Args[1], name: name}
	if err := goNeeds.check(cur); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

func (s *step) taskEnd(cur Ctx) (Ctx, bool, error) {
	ev := s.ev
	if t, ok := s.st.tasks[ev.Args[0]]; ok {
		ev.TaskParent, ev.TaskName = t.parent, t.name
		delete(s.st.tasks, ev.Args[0])
	} else {
		ev.TaskParent, ev.TaskName = NoTask, ""
	}
	if err := goNeeds.check(cur); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}

// regionOf reads a region event's task and name, on a known goroutine.
func (s *step) regionOf(cur Ctx) (*goroutine, region, error) {
	if err := goNeeds.check(cur); err != nil {
		return nil, region{}, err
	}
	name, ok := s.strs.get(s.ev.Args[1])
	if !ok {
		return nil, region{}, fmt.Errorf("%s: no string %d", s.name(), s.ev.Args[1])
	}
	g, ok := s.st.gs[cur.G]
	if !ok {
		return nil, region{}, fmt.Errorf("%s on goroutine %d, never seen", s.name(), cur.G)
	}
	return g, region{s.ev.Args[0], name}, nil
}

func (s *step) regionBegin(cur Ctx) (Ctx, bool, error) {
	g, r, err := s.regionOf(cur)
	if err != nil {
		return cur, false, err
	}
	g.regions = append(g.regions, r)
	return s.take(cur)
}

// regionEnd: a region that began before the trace did ends with none open.
func (s *step) regionEnd(cur Ctx) (Ctx, bool, error) {
	g, r, err := s.regionOf(cur)
	if err != nil {
		return cur, false, err
	}
	if n := len(g.regions); n > 0 {
		if g.regions[n-1] != r {
			return cur, false, fmt.Errorf("goroutine %d ends region %q of task %d inside region %q of task %d", cur.G, r.name, r.task, g.regions[n-1].name, g.regions[n-1].task)
		}
		g.regions = g.regions[:n-1]
	}
	return s.take(cur)
}

// allocFree: the AllocFree experiment's events happen on a thread, with or
// without a P or goroutine.
func (s *step) allocFree(cur Ctx) (Ctx, bool, error) {
	if err := (needs{must, may, may}).check(cur); err != nil {
		return cur, false, err
	}
	return s.take(cur)
}
