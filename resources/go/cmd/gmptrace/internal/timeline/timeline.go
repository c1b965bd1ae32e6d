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
package timeline

import (
	"cmp"
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
)

// Options of a query. From and To count from the trace's first event.
type Options struct {
	From, To time.Duration
	// MaxItems caps every list (slices of all Ps together, transitions of
	// all goroutines together, …); DefaultMaxItems when ≤ 0.
	MaxItems int
	// AllGenerations reads every generation, to the trace's last event,
	// instead of those the window needs up to its first event past To: the
	// reference a query must equal.
	AllGenerations bool
	Jobs           int // generations parsed at once (≤ 0: 1)
}

const DefaultMaxItems = 100000

// MaxLongestWaits is how many of the longest waits a window lists.
const MaxLongestWaits = 10

// Query builds the window of the trace file at path.
func Query(path string, opt Options) (*Window, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	ix, ierr := genindex.Scan(f, st.Size())
	if ierr != nil || len(ix.Generations) == 0 {
		// Not indexable (Go ≤ 1.21), or cut inside its first generation:
		// one parser reads it all, its first event is the origin.
		b := newBuilder(opt, -1)
		b.endKnown = true
		b.out.Notes = append(b.out.Notes, "trace not indexed: read from its start")
		return b.finish(reader.Read(io.NewSectionReader(f, 0, st.Size()), b.take))
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
	// Only with the last generation read is its last event the trace's.
	b.endKnown = last == len(ix.Generations)-1
	var spans []reader.Span
	for _, g := range ix.Generations[first : last+1] {
		spans = append(spans, reader.Span{Off: g.Offset, End: g.End})
		b.out.Generations = append(b.out.Generations, g.Gen)
	}
	if !ix.Complete && last == len(ix.Generations)-1 {
		b.out.Notes = append(b.out.Notes, fmt.Sprintf("trace cut after generation %d: %v", ix.Generations[last].Gen, ix.Err))
	}
	return b.finish(reader.ReadSpans(f, spans, max(1, opt.Jobs), b.take))
}

type gInfo struct {
	state    trace.GoState
	p        trace.ProcID
	runBegin trace.Time
	sysBegin trace.Time
	out      int // index in Window.Goroutines, -1 until it has a transition in the window
	atFrom   trace.GoState
	ownStop  int  // stack of its last stop from Running in the window
	wait     wait // the wait it began in the window, while open: until it runs or leaves Runnable
}

// wait is a wait under way: the transition to Runnable that began it. It is
// held by value (a busy window begins millions of waits).
type wait struct {
	open   bool
	begin  trace.Time
	from   trace.GoState
	reason string
	stack  int
	by     int64
}

type rangeKey struct {
	scope trace.ResourceID
	name  string
}

type openRegion struct {
	typ   string
	task  trace.TaskID
	begin trace.Time
}

type openTask struct {
	parent trace.TaskID
	typ    string
	begin  trace.Time
}

type builder struct {
	out            *Window
	max            int
	t0, from, to   trace.Time
	last           trace.Time // latest event at or before to
	now            trace.Time // the event being read (to or the last event, once closing)
	pastTo         bool       // an event after to was seen
	endKnown       bool       // the last generation is read: without pastTo, the trace ends before to
	crossed        bool       // the state at from has been taken
	gs             map[trace.GoID]*gInfo
	procIdx        map[trace.ProcID]int
	runnable       int
	ranges         map[rangeKey]trace.Time
	regions        map[trace.GoID][]openRegion
	tasks          map[trace.TaskID]openTask
	stackIdx       map[string]int
	names          stacks.Names
	funcs          map[trace.GoID]string // start functions learnt since the window's generation began (ids are not reused)
	opt            Options
	transitionsLen int
	slicesLen      int
}

// newBuilder: t0 < 0 means the origin is the first event read.
func newBuilder(opt Options, t0 trace.Time) *builder {
	b := &builder{
		max: opt.MaxItems, t0: t0,
		gs: map[trace.GoID]*gInfo{}, procIdx: map[trace.ProcID]int{}, ranges: map[rangeKey]trace.Time{},
		regions: map[trace.GoID][]openRegion{}, tasks: map[trace.TaskID]openTask{},
		stackIdx: map[string]int{"": 0}, names: stacks.Names{}, funcs: map[trace.GoID]string{}, opt: opt,
		out: &Window{Schema: 1, FromS: opt.From.Seconds(), ToS: opt.To.Seconds(), Generations: []uint64{},
			Procs: []Proc{}, Goroutines: []Goroutine{}, Unblocks: []Unblock{}, RunQueue: []Depth{}, Ranges: []Range{},
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

// take builds on ev, and stops the reading after the first event past the
// window: nothing later changes the window (event ignores it), and in a trace
// written as one generation the rest can be most of the file.
func (b *builder) take(ev *reader.Event) bool {
	b.event(ev)
	return !b.pastTo || b.opt.AllGenerations
}

func (b *builder) event(ev *reader.Event) {
	now := ev.Now
	if b.t0 < 0 {
		b.setOrigin(now)
	}
	if now > b.to {
		b.pastTo = true
		return
	}
	b.last, b.now = max(b.last, now), now
	if !b.crossed && now >= b.from {
		b.cross()
	}
	switch ev.Kind() {
	case trace.EventSync:
		if now <= b.from {
			// What was learnt before the window counts from the window's own
			// generation on: a query starts parsing there, so a pass from the
			// trace's start forgets the earlier generations' stacks.
			clear(b.funcs)
		}
	case trace.EventStateTransition:
		st := ev.StateTransition()
		if st.Resource.Kind == trace.ResourceGoroutine {
			b.goTransition(ev, now, st)
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
	}
	b.out.RunQueue = append(b.out.RunQueue, Depth{TS: b.secs(b.from), Runnable: b.runnable})
}

func (b *builder) stack(s trace.Stack) int {
	if s == trace.NoStack {
		return 0
	}
	var frames []string
	for f := range s.Frames() {
		frames = append(frames, fmt.Sprintf("%s %s:%d", f.Func, f.File, f.Line))
	}
	key := strings.Join(frames, "\n")
	i, ok := b.stackIdx[key]
	if !ok {
		i = len(b.out.Stacks)
		b.out.Stacks = append(b.out.Stacks, frames)
		b.stackIdx[key] = i
	}
	return i
}

func (b *builder) goTransition(ev *reader.Event, now trace.Time, st trace.StateTransition) {
	from, to := st.Goroutine()
	id := st.Resource.Goroutine()
	b.learnStartFunc(id, ev, st, from, to)
	if from == to || (ev.Resumed && from == trace.GoUndetermined) {
		return // a status the earlier generations already gave
	}
	g := b.gs[id]
	if g == nil {
		g = &gInfo{out: -1, atFrom: trace.GoNotExist}
		b.gs[id] = g
	}
	inWindow := now >= b.from
	if from == trace.GoUndetermined && inWindow {
		b.lateStatus(g, ev, to)
		return
	}
	switch from {
	case trace.GoRunning:
		if inWindow {
			b.slice(id, g, now, stopReason(to, st.Reason))
		}
	case trace.GoSyscall:
		if inWindow {
			b.syscall(id, g, now)
		}
	case trace.GoRunnable:
		b.runnable--
	}
	switch to {
	case trace.GoRunning:
		g.runBegin, g.p = now, ev.Proc()
	case trace.GoSyscall:
		g.sysBegin = now
	case trace.GoRunnable:
		b.runnable++
	}
	g.state = to
	if (from == trace.GoRunnable) != (to == trace.GoRunnable) && inWindow && b.room("run_queue", len(b.out.RunQueue)) {
		b.out.RunQueue = append(b.out.RunQueue, Depth{TS: b.secs(now), Runnable: b.runnable})
	}
	if !inWindow || from == trace.GoUndetermined {
		if to == trace.GoNotExist {
			delete(b.gs, id)
		}
		return
	}
	stk := b.stack(ev.Stack())
	if g.out < 0 {
		g.out = len(b.out.Goroutines)
		b.out.Goroutines = append(b.out.Goroutines, Goroutine{G: int64(id), StateAtFrom: g.atFrom.String(), Transitions: []Transition{}})
	}
	if b.room("transitions", b.transitionsLen) {
		b.transitionsLen++
		gout := &b.out.Goroutines[g.out]
		gout.Transitions = append(gout.Transitions, Transition{TS: b.secs(now), From: from.String(), To: to.String(), Reason: st.Reason, Stack: stk})
	}
	by := int64(ev.Goroutine())
	if ev.Goroutine() == trace.NoGoroutine {
		by = -1
	}
	if from == trace.GoWaiting && to == trace.GoRunnable && b.room("unblocks", len(b.out.Unblocks)) {
		b.out.Unblocks = append(b.out.Unblocks, Unblock{TS: b.secs(now), G: int64(id), By: by, Stack: stk})
	}
	b.followWait(id, g, now, from, to, st.Reason, stk, by)
	if to == trace.GoNotExist {
		delete(b.gs, id)
	}
}

// followWait follows g's waits through its transitions in the window, every
// one of them, and keeps the longest.
func (b *builder) followWait(id trace.GoID, g *gInfo, now trace.Time, from, to trace.GoState, reason string, stk int, by int64) {
	switch to {
	case trace.GoRunnable:
		g.wait = wait{open: true, begin: now, from: from, reason: reason, stack: stk, by: by}
	case trace.GoRunning:
		if g.wait.open {
			b.keepWait(id, g, now)
		}
		g.wait.open = false
	default:
		g.wait.open = false
	}
	if from == trace.GoRunning {
		g.ownStop = stk
	}
}

// keepWait adds g's wait, ending at end, to the longest ones if it is one.
func (b *builder) keepWait(id trace.GoID, g *gInfo, end trace.Time) {
	w := &g.wait
	list := b.out.LongestWaits
	// Most waits are shorter than the shortest kept one: they leave before a Wait is built.
	if len(list) == MaxLongestWaits && b.secs(end)-b.secs(w.begin) < list[len(list)-1].EndS-list[len(list)-1].BeginS {
		return
	}
	out := Wait{G: int64(id), BeginS: b.secs(w.begin), EndS: b.secs(end), From: w.from.String(), Reason: w.reason, Stack: w.stack, OwnStopStack: g.ownStop}
	if w.from == trace.GoWaiting {
		by := w.by
		out.By = &by
	}
	longer := func(x, y Wait) int {
		if c := cmp.Compare(y.EndS-y.BeginS, x.EndS-x.BeginS); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(x.BeginS, y.BeginS), cmp.Compare(x.G, y.G))
	}
	i, _ := slices.BinarySearchFunc(list, out, longer)
	if i >= MaxLongestWaits {
		return
	}
	list = slices.Insert(list, i, out)
	b.out.LongestWaits = list[:min(len(list), MaxLongestWaits)]
}

// learnStartFunc keeps the start function of a goroutine from the first own
// stack it shows: its creation, a stop, or a status with stack (a status
// re-emitted at a generation boundary counts: a goroutine parked since before
// the window, such as one of a burst, shows its stack only there).
func (b *builder) learnStartFunc(id trace.GoID, ev *reader.Event, st trace.StateTransition, from, to trace.GoState) {
	if _, known := b.funcs[id]; known {
		return
	}
	if from == to {
		from = trace.GoUndetermined // a status, whoever parsed the generation before
	}
	if name, ok := stacks.StartFunc(ev.Event, st, from); ok {
		b.funcs[id] = b.names.Intern(name)
	}
}

// lateStatus handles a goroutine's first status when it comes after the
// window began (the runtime writes a status when it first touches a
// goroutine in a generation): the goroutine has been in that state since the
// generation began, so since before the window, as a pass over the earlier
// generations knows. It is counted so, back to the window's start.
func (b *builder) lateStatus(g *gInfo, ev *reader.Event, to trace.GoState) {
	g.state, g.atFrom = to, to
	switch to {
	case trace.GoRunning:
		g.runBegin, g.p = b.from, ev.Proc()
	case trace.GoSyscall:
		g.sysBegin = b.from
	case trace.GoRunnable:
		b.runnable++
		for i := range b.out.RunQueue {
			b.out.RunQueue[i].Runnable++
		}
	}
}

func stopReason(to trace.GoState, reason string) string {
	switch to {
	case trace.GoRunnable:
		return reason
	case trace.GoWaiting:
		return "blocked: " + reason
	case trace.GoSyscall:
		return "syscall"
	case trace.GoNotExist:
		return "exited"
	}
	return to.String()
}

// slice records g's run on its P up to end (clipped to the window).
func (b *builder) slice(id trace.GoID, g *gInfo, end trace.Time, stop string) {
	switch {
	case g.p == trace.NoProc:
	case b.slicesLen == b.max:
		b.cutSlices(id, g, end, stop)
	case b.room("slices", b.slicesLen):
		b.addSlice(id, g, end, stop)
	}
}

// cutStop is the stop of a slice cut short where the slices reached the cap.
const cutStop = "cap reached: not kept past here"

// cutSlices is the slices' cap reached at end: the slice ending there is the
// last one kept whole, and the goroutines still running get theirs up to end,
// so the P lanes are whole until the cut and empty after it (a lane that just
// stopped would look idle where its goroutine ran on). These few go past the
// cap: one per P at most.
func (b *builder) cutSlices(id trace.GoID, g *gInfo, end trace.Time, stop string) {
	b.out.KeptUntil["slices"] = b.secs(end)
	b.addSlice(id, g, end, stop)
	for _, other := range b.ids() {
		if og := b.gs[other]; other != id && og.state == trace.GoRunning && og.p != trace.NoProc && max(og.runBegin, b.from) < end {
			b.addSlice(other, og, end, cutStop)
		}
	}
}

func (b *builder) addSlice(id trace.GoID, g *gInfo, end trace.Time, stop string) {
	b.slicesLen++
	i, ok := b.procIdx[g.p]
	if !ok {
		i = len(b.out.Procs)
		b.procIdx[g.p] = i
		b.out.Procs = append(b.out.Procs, Proc{P: int64(g.p), Slices: []Slice{}})
	}
	b.out.Procs[i].Slices = append(b.out.Procs[i].Slices, Slice{G: int64(id), BeginS: b.secs(max(g.runBegin, b.from)), EndS: b.secs(end), Stop: stop})
}

// syscall records g's syscall up to end (clipped to the window); at the cap,
// as slices are, the syscalls under way are kept up to the cut.
func (b *builder) syscall(id trace.GoID, g *gInfo, end trace.Time) {
	switch {
	case len(b.out.Syscalls) == b.max:
		b.out.KeptUntil["syscalls"] = b.secs(end)
		b.addSyscall(id, g, end)
		for _, other := range b.ids() {
			if og := b.gs[other]; other != id && og.state == trace.GoSyscall && max(og.sysBegin, b.from) < end {
				b.addSyscall(other, og, end)
			}
		}
	case b.room("syscalls", len(b.out.Syscalls)):
		b.addSyscall(id, g, end)
	}
}

func (b *builder) addSyscall(id trace.GoID, g *gInfo, end trace.Time) {
	b.out.Syscalls = append(b.out.Syscalls, Syscall{G: int64(id), BeginS: b.secs(max(g.sysBegin, b.from)), EndS: b.secs(end)})
}

// closeAtEnd adds, with add, a span that ends with the window, unless its
// list was cut before: then the span's part after the cut is left out.
func (b *builder) closeAtEnd(list string, add func()) {
	if cut, ok := b.out.KeptUntil[list]; !ok {
		add()
	} else if cut < b.secs(b.now) {
		b.out.Truncated[list]++
	}
}

// ids lists the goroutines followed, in order (the output must not depend on
// map order).
func (b *builder) ids() []trace.GoID {
	ids := make([]trace.GoID, 0, len(b.gs))
	for id := range b.gs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func scopeName(r trace.ResourceID) string {
	switch r.Kind {
	case trace.ResourceGoroutine:
		return fmt.Sprintf("g %d", r.Goroutine())
	case trace.ResourceProc:
		return fmt.Sprintf("p %d", r.Proc())
	}
	return "global"
}

func (b *builder) rangeEvent(ev *reader.Event, now trace.Time) {
	r := ev.Range()
	key := rangeKey{r.Scope, r.Name}
	if ev.Kind() != trace.EventRangeEnd {
		if _, open := b.ranges[key]; !open {
			key.name = b.names.Intern(r.Name)
			b.ranges[key] = now
		}
		return
	}
	begin, ok := b.ranges[key]
	delete(b.ranges, key)
	if !ok {
		begin = b.from // active since before anything read
	}
	if now >= b.from {
		b.addRange(r.Name, r.Scope, begin, now)
	}
}

// addRange records a range that ended at end (or is closed there); at the
// cap, as slices are, the ranges under way are kept up to the cut, so the
// band lane is whole until it.
func (b *builder) addRange(name string, scope trace.ResourceID, begin, end trace.Time) {
	switch {
	case len(b.out.Ranges) == b.max:
		b.out.KeptUntil["ranges"] = b.secs(end)
		b.appendRange(name, scope, begin, end)
		for _, k := range b.openRanges() {
			if max(b.ranges[k], b.from) < end {
				b.appendRange(k.name, k.scope, b.ranges[k], end)
			}
		}
	case b.room("ranges", len(b.out.Ranges)):
		b.appendRange(name, scope, begin, end)
	}
}

func (b *builder) appendRange(name string, scope trace.ResourceID, begin, end trace.Time) {
	b.out.Ranges = append(b.out.Ranges, Range{Name: b.names.Intern(name), Scope: scopeName(scope), BeginS: b.secs(max(begin, b.from)), EndS: b.secs(end)})
}

// openRanges lists the ranges under way, in a fixed order.
func (b *builder) openRanges() []rangeKey {
	keys := make([]rangeKey, 0, len(b.ranges))
	for k := range b.ranges {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y rangeKey) int {
		return strings.Compare(scopeName(x.scope)+x.name, scopeName(y.scope)+y.name)
	})
	return keys
}

func (b *builder) regionEvent(ev *reader.Event, now trace.Time) {
	r := ev.Region()
	id := ev.Goroutine()
	open := b.regions[id]
	if ev.Kind() == trace.EventRegionBegin {
		b.regions[id] = append(open, openRegion{typ: b.names.Intern(r.Type), task: r.Task, begin: now})
		return
	}
	begin := b.from // began before anything read
	for i := len(open) - 1; i >= 0; i-- {
		if open[i].typ == r.Type {
			begin = open[i].begin
			b.regions[id] = slices.Delete(open, i, i+1)
			break
		}
	}
	if now >= b.from && b.room("regions", len(b.out.Regions)) {
		b.out.Regions = append(b.out.Regions, Region{G: int64(id), Task: uint64(r.Task), Type: b.names.Intern(r.Type), BeginS: b.secs(max(begin, b.from)), EndS: b.secs(now)})
	}
}

func (b *builder) taskEvent(ev *reader.Event, now trace.Time) {
	t := ev.Task()
	if ev.Kind() == trace.EventTaskBegin {
		b.tasks[t.ID] = openTask{parent: t.Parent, typ: b.names.Intern(t.Type), begin: now}
		return
	}
	o, ok := b.tasks[t.ID]
	delete(b.tasks, t.ID)
	if !ok || o.begin < b.from {
		// Began before the window: what its end event says (the parser of
		// this generation knows the type if the task began in it).
		o = openTask{parent: t.Parent, typ: t.Type, begin: b.from}
	}
	if now >= b.from && b.room("tasks", len(b.out.Tasks)) {
		b.out.Tasks = append(b.out.Tasks, Task{ID: uint64(t.ID), Parent: uint64(o.parent), Type: b.names.Intern(o.typ), BeginS: b.secs(o.begin), EndS: b.secs(now)})
	}
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
		b.closeAtEnd("ranges", func() { b.appendRange(k.name, k.scope, b.ranges[k], end) })
	}
	for _, g := range b.gs {
		if g.wait.open {
			b.out.OpenWaits++
		}
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
	for i := range b.out.LongestWaits {
		w := &b.out.LongestWaits[i]
		w.StartFunc = b.funcs[trace.GoID(w.G)]
	}
}

// closeOpenUserSpans lists regions and tasks that began in the window and
// are still open at its end.
func (b *builder) closeOpenUserSpans(end trace.Time) {
	gids := make([]trace.GoID, 0, len(b.regions))
	for id := range b.regions {
		gids = append(gids, id)
	}
	slices.Sort(gids)
	for _, id := range gids {
		for _, r := range b.regions[id] {
			if r.begin >= b.from && b.room("regions", len(b.out.Regions)) {
				b.out.Regions = append(b.out.Regions, Region{G: int64(id), Task: uint64(r.task), Type: r.typ, BeginS: b.secs(r.begin), EndS: b.secs(end)})
			}
		}
	}
	tids := make([]trace.TaskID, 0, len(b.tasks))
	for id := range b.tasks {
		tids = append(tids, id)
	}
	slices.Sort(tids)
	for _, id := range tids {
		if t := b.tasks[id]; t.begin >= b.from && b.room("tasks", len(b.out.Tasks)) {
			b.out.Tasks = append(b.out.Tasks, Task{ID: uint64(id), Parent: uint64(t.parent), Type: t.typ, BeginS: b.secs(t.begin), EndS: b.secs(end)})
		}
	}
}
