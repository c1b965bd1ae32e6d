// Package analyze wires the streaming reader to the per-topic trackers and
// builds analysis.json and the trace-derived profiles.
package analyze

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/blocking"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/gcstw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goroutines"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/gstates"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/mmu"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/pprofw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/procs"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/regions"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/sched"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/syscalls"
)

// MaxWindows bounds the per-window series (3.6 hours at 100ms); events past
// it fall in the last window.
const MaxWindows = 1 << 17

type Options struct {
	Window time.Duration // default 100ms
	// Jobs is how many generations RunFile parses at once (≤ 0: DefaultJobs).
	// The result does not depend on it.
	Jobs int
	// MMUFlags says what counts as GC work in the MMU curve (0: mmu.Default,
	// what go tool trace's MMU page shows).
	MMUFlags mmu.Flags
	// OnGeneration, when set, is called at every generation boundary with an
	// estimate of the memory the parsers now hold (used to size the GC limit).
	OnGeneration func(liveBytes int64)
	// Budget is the memory DefaultJobs plans within (≤ 0: MemBudget).
	Budget int64
	// OnPlan, when set, is called by RunFile once it knows the trace's
	// generations, with the memory it expects to need at its peak and the
	// largest generation's bytes (the parser holds a whole generation).
	OnPlan func(peakBytes, largestGeneration int64)
}

// countingReader counts bytes read (read by the parser goroutine, looked at
// by the analysis goroutine).
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// Result is the analysis plus the in-memory profiles.
type Result struct {
	Analysis *output.Analysis
	Stacks   *stacks.Table
	Profiles map[string]*pprofw.Profile // "sched", "block", "syscall"
	Partial  bool
}

// ErrUnreadable is returned when the input is not a usable trace.
var ErrUnreadable = reader.ErrUnreadable

// g is the per-goroutine state; each tracker owns its part.
type g struct {
	startFunc string // outermost frame of the goroutine's own stack, once seen
	sched     sched.GState
	run       procs.GState
	sys       syscalls.GState
	blk       blocking.GState
}

type analyzer struct {
	opt     Options
	started bool
	t0, end trace.Time
	winLen  int64
	// The window of the latest event (curWin): [winStart, winEnd) is winIdx.
	winStart, winEnd trace.Time
	winIdx           int

	cr        *countingReader // Run: bytes read so far
	lastSync  int64
	index     *genindex.Index // RunFile: the file's generations
	jobs      int
	syncs     int
	epoch     epoch       // the tables of the batches being consumed
	stackIDs  []stacks.ID // their stacks, interned (0: not yet)
	reasonIDs []uint32    // their strings as block reasons: 1 + index (0: not yet)

	gs        liveGoroutines
	funcNames stacks.Names // start-function names
	pstate    map[trace.ProcID]trace.ProcState
	stk       *stacks.Table
	sched     *sched.Tracker
	states    gstates.Tracker
	procs     *procs.Tracker
	gc        *gcstw.Tracker
	sys       *syscalls.Tracker
	blk       *blocking.Tracker
	mmu       *mmu.Tracker
	mmuCurve  *mmu.Curve
	groups    *goroutines.Tracker
	regions   *regions.Tracker
}

// curWin is win(now) for the analysis's current time, which only grows: the
// window is kept until now passes its end (no division per event).
func (a *analyzer) curWin(now trace.Time) int {
	if now >= a.winEnd || now < a.winStart {
		a.winIdx = a.win(now)
		a.winStart = a.t0 + trace.Time(int64(a.winIdx)*a.winLen)
		a.winEnd = a.winStart + trace.Time(a.winLen)
		if a.winIdx == 0 {
			a.winStart = 0 // win gives 0 for every time up to t0 as well
		}
		if a.winIdx == MaxWindows-1 {
			a.winEnd = math.MaxInt64 // and the last window every later time
		}
	}
	return a.winIdx
}

func (a *analyzer) win(t trace.Time) int {
	if t <= a.t0 {
		return 0
	}
	w := int64(t-a.t0) / a.winLen
	if w >= MaxWindows {
		return MaxWindows - 1
	}
	return int(w)
}

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

// procTransition follows a P's state as one parser reading the whole trace
// would see it. A parser that begins at a later generation may know less:
// a P left in a syscall across the boundary has the status "syscall,
// abandoned", which such a parser takes for Idle (its steal is then
// Idle→Idle), while the earlier generations say Running (the steal is
// Running→Idle). So the P's known state is the state it leaves.
func (a *analyzer) procTransition(r *rec, now trace.Time, resumed bool) {
	p := trace.ProcID(r.id)
	from, to := trace.ProcState(r.from), trace.ProcState(r.to)
	a.procs.See(p)
	known, ok := a.pstate[p]
	if resumed && from == trace.ProcUndetermined {
		if !ok {
			a.pstate[p] = to
		}
		return // ProcStatus at a generation boundary: the state is known
	}
	if ok {
		from = known
	}
	a.pstate[p] = to
	if from == trace.ProcRunning && to == trace.ProcIdle {
		a.sys.ProcIdle(p, now)
	}
	if from != to && to == trace.ProcIdle {
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
		a.sys.Forget(&x.sys)
		a.gs.drop(id)
	}
}

func newAnalyzer(opt Options) *analyzer {
	if opt.Window <= 0 {
		opt.Window = 100 * time.Millisecond
	}
	if opt.MMUFlags == 0 {
		opt.MMUFlags = mmu.Default
	}
	curve := mmu.NewCurve()
	return &analyzer{
		mmu:       mmu.NewTracker(opt.MMUFlags, curve.Add),
		mmuCurve:  curve,
		opt:       opt,
		winLen:    int64(opt.Window),
		funcNames: stacks.Names{},
		pstate:    make(map[trace.ProcID]trace.ProcState),
		stk:       stacks.New(),
		sched:     sched.New(),
		gc:        gcstw.New(),
		sys:       syscalls.New(),
		blk:       blocking.New(),
		groups:    goroutines.New(),
		regions:   regions.New(),
	}
}

// Run analyses the trace read from r with one parser.
func Run(r io.Reader, opt Options) (*Result, error) {
	a := newAnalyzer(opt)
	a.cr = &countingReader{r: r}
	return a.finish(reader.ReadDecoded(a.cr, newDecoder, a.batch))
}

// RunFile analyses a trace file. A Go 1.22+ trace is indexed first and its
// generations are parsed opt.Jobs at a time; the result is the same for any
// number of jobs. Other inputs are read with one parser.
func RunFile(path string, opt Options) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	ix, err := genindex.Scan(f, st.Size())
	if err != nil {
		return Run(f, opt)
	}
	a := newAnalyzer(opt)
	a.index = &ix
	a.jobs = opt.Jobs
	if a.jobs <= 0 {
		a.jobs = DefaultJobs(ix, cmp.Or(max(opt.Budget, 0), MemBudget))
	}
	if opt.OnPlan != nil {
		opt.OnPlan(PeakEstimate(ix, a.jobs), ix.LargestGeneration())
	}
	return a.finish(reader.ReadSpansDecoded(f, reader.Spans(ix, st.Size()), a.jobs, newDecoder, a.batch))
}

func (a *analyzer) finish(info reader.Info, readErr error) (res *Result, err error) {
	if readErr != nil {
		return nil, readErr
	}
	a.end = info.Last
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("%w: internal error: %v", ErrUnreadable, p)
		}
	}()
	return a.build(info), nil
}

// liveEstimate is about the memory the parsers hold when a generation
// begins: the generation read since the previous Sync (Run), or the
// generations being parsed at once (RunFile).
func (a *analyzer) liveEstimate() int64 {
	if a.index == nil {
		n := a.cr.n.Load()
		d := n - a.lastSync
		a.lastSync = n
		return parsingCost * d
	}
	return windowEstimate(a.index.Generations, a.syncs-1, a.jobs)
}

func (a *analyzer) secs(t trace.Time) float64 { return float64(t-a.t0) / 1e9 }

func (a *analyzer) build(info reader.Info) *Result {
	if !a.started {
		a.procs = procs.New(0, a.winLen, a.win)
	}
	nwin := 0
	if a.started {
		nwin = a.win(a.end) + 1
	}
	for _, x := range a.gs.all() {
		a.procs.CloseRunning(&x.run, a.end)
	}
	an := &output.Analysis{Schema: output.Schema, Blocking: map[string]float64{}}
	an.Meta = output.Meta{
		GoVersion:   info.GoVersion,
		DurationS:   a.secs(a.end),
		Events:      info.Events,
		Partial:     info.Partial,
		GoMaxProcs:  []output.GoMaxProcs{},
		WindowS:     a.opt.Window.Seconds(),
		Generations: info.Generations,
	}
	if info.Err != nil {
		an.Meta.Error = output.FirstLine(info.Err.Error())
	}
	for _, m := range a.procs.MaxProcs {
		an.Meta.GoMaxProcs = append(an.Meta.GoMaxProcs, output.GoMaxProcs{T: a.secs(m.T), N: m.N})
	}

	s := a.sched
	an.SchedLatency.All = output.MakeHist(&s.All, &s.AllHist)
	an.SchedLatency.ByCause = map[string]*output.Hist{}
	for c := sched.Cause(0); c < sched.NumCauses; c++ {
		an.SchedLatency.ByCause[c.String()] = output.MakeHist(&s.ByCause[c], &s.CauseHst[c])
	}
	an.SchedLatency.UnknownStart.Count = s.UnknownCount
	an.SchedLatency.UnknownStart.SumS = float64(s.UnknownSum) / 1e9
	an.SchedLatency.SpikeRule = sched.SpikeRule
	an.SchedLatency.OpenWaits = a.openWaits()

	// The last window's own length: the trace's end can cut it short.
	lastSpan := int64(a.end-a.t0) - int64(max(nwin-1, 0))*a.winLen
	wins, spikes := s.Finish(nwin, 2*lastSpan >= a.winLen)
	an.Windows = make([]output.Window, 0, nwin)
	for i := 0; i < nwin && i < len(wins); i++ {
		w := wins[i]
		an.Windows = append(an.Windows, output.Window{
			T: float64(i) * a.opt.Window.Seconds(), Count: w.Count,
			P99: float64(w.P99) / 1e9, Max: float64(w.Max) / 1e9, Spike: spikes[i],
		})
	}
	an.Goroutines = []output.GoroutineSample{}
	for i, g := range a.states.Finish(nwin) {
		an.Goroutines = append(an.Goroutines, output.GoroutineSample{
			T: float64(i) * a.opt.Window.Seconds(), Running: g.Running, Runnable: g.Runnable,
			Waiting: g.Waiting, Syscall: g.Syscall, RunnableMax: g.RunnableMax,
		})
	}
	an.Procs = []output.Proc{}
	for _, u := range a.procs.Utilisation(nwin, a.end) {
		an.Procs = append(an.Procs, output.Proc{P: int64(u.P), Util: u.Util})
	}
	an.RunLength = output.MakeHist(&a.procs.RunLen, &a.procs.RunLenHist)

	an.STW = []output.STW{}
	for _, sp := range a.gc.STW {
		an.STW = append(an.STW, output.STW{T: a.secs(sp.Start), DurationS: float64(sp.End-sp.Start) / 1e9, Reason: sp.Name})
	}
	an.GC = output.GC{Cycles: a.gc.GCCycles, MarkAssistS: float64(a.gc.AssistTime) / 1e9, Spans: []output.Span{}, MarkAssists: a.gc.Assists}
	for _, sp := range a.gc.GC {
		an.GC.Spans = append(an.GC.Spans, output.Span{T: a.secs(sp.Start), DurationS: float64(sp.End-sp.Start) / 1e9})
	}
	an.Syscalls = output.Syscalls{Count: a.sys.Count, TimeS: float64(a.sys.Time) / 1e9, LostP: a.sys.LostP, LostPTimeS: float64(a.sys.LostPTime) / 1e9}
	for r, d := range a.blk.ByReason() {
		an.Blocking[r] = float64(d) / 1e9
	}
	an.Profiles = []output.ProfileRef{}
	an.Index = a.indexOut()
	an.MMU = a.mmuOut()
	an.GoroutineGroups = groupsOut(a.groups.Finish(a.end), a.groups.WindowsDropped, nwin, a.opt.Window.Seconds())
	an.UserAnnotations = annotationsOut(a.regions.Finish())

	dur := int64(a.end - a.t0)
	s.Prof.DurationNS, a.blk.Prof.DurationNS, a.sys.Prof.DurationNS = dur, dur, dur
	return &Result{
		Analysis: an,
		Stacks:   a.stk,
		Profiles: map[string]*pprofw.Profile{"sched": s.Prof, "block": a.blk.Prof, "syscall": a.sys.Prof},
		Partial:  info.Partial,
	}
}

// WriteProfiles writes sched.pprof, block.pprof and syscall.pprof into dir
// and lists them in the analysis.
func (r *Result) WriteProfiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, kind := range []string{"sched", "block", "syscall"} {
		name := kind + ".pprof"
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		err = r.Profiles[kind].Write(f, r.Stacks)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		r.Analysis.Profiles = append(r.Analysis.Profiles, output.ProfileRef{Name: name, Kind: kind})
	}
	return nil
}

// mmuOut is the MMU curve (absent when the trace never gave GOMAXPROCS).
func (a *analyzer) mmuOut() *output.MMU {
	if !a.mmu.Finish(int64(a.end)) {
		return nil
	}
	pts := a.mmuCurve.Finish()
	if len(pts) == 0 {
		return nil
	}
	m := &output.MMU{Flags: a.opt.MMUFlags.Names(), Points: make([]output.MMUPoint, 0, len(pts))}
	for _, p := range pts {
		m.Points = append(m.Points, output.MMUPoint{
			WindowS: float64(p.Window) / 1e9, MMU: p.MMU, WorstAtS: a.secs(trace.Time(p.At)), Err: p.Err,
		})
	}
	return m
}
