package analyze

import (
	"math"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/blocking"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/gcstw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goroutines"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/gstates"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/mmu"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/procs"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/regions"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/sched"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/syscalls"
)

// MaxWindows bounds the per-window series (3.6 hours at 100ms); events past
// it fall in the last window.
const MaxWindows = 1 << 17

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
	own       bool            // read by gmptrace's own reader
	jobs      int
	syncs     int
	epoch     epoch       // the tables of the batches being consumed
	stackIDs  []stacks.ID // their stacks, interned (0: not yet)
	reasonIDs []uint32    // their strings as block reasons: 1 + index (0: not yet)

	gs        liveGoroutines
	funcNames stacks.Names // start-function names
	named     startFuncs   // each goroutine's, for window queries
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
		stk:       stacks.New(),
		sched:     sched.New(),
		gc:        gcstw.New(),
		sys:       syscalls.New(),
		blk:       blocking.New(),
		groups:    goroutines.New(),
		regions:   regions.New(),
	}
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

func (a *analyzer) secs(t trace.Time) float64 { return float64(t-a.t0) / 1e9 }
