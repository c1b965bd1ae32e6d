// Package sched measures scheduler latency: the time a goroutine spends
// Runnable before it runs (docs/ARCHITECTURE.md §5).
//
// Every Runnable→Running transition is one sample. Same-state re-emissions
// (GoStatus at generation boundaries) never reach this package (the reader
// loop drops from==to). A wait whose start is unknown (Undetermined→Runnable:
// runnable before the trace began) is not a sample; it is counted apart.
package sched

import (
	"slices"
	"strings"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/pprofw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/quantile"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
)

// Cause is why a goroutine became runnable.
type Cause uint8

const (
	Created Cause = iota
	Unblocked
	Preempted
	Yielded
	SyscallLostP
	NumCauses
)

var causeNames = [NumCauses]string{"created", "unblocked", "preempted", "yielded", "syscall_lost_p"}

func (c Cause) String() string { return causeNames[c] }

// GState is the per-goroutine state this package owns.
type GState struct {
	since trace.Time
	state uint8 // 0 not runnable, 1 runnable with known start, 2 unknown start
	cause Cause
	stack stacks.ID
	// named: its start function is known, and runtimeOwned says whether it
	// is the runtime's own (RuntimeOwned), its waits left out of the
	// program's distribution. Until then its waits are held in unnamed: a
	// goroutine that was there before the trace began (the sweeper, the GC's
	// workers) is often named only after its first waits.
	named, runtimeOwned bool
	unnamed             []heldWait
}

// heldWait is a wait of a goroutine not named yet.
type heldWait struct {
	d     int64
	cause Cause
}

// Name records g's start function, once it is known, and files the waits it
// held until then.
func (t *Tracker) Name(g *GState, startFunc string) {
	g.named, g.runtimeOwned = true, RuntimeOwned(startFunc)
	t.fileHeld(g)
}

// Forget files the waits of a goroutine that was never named as the
// program's (nothing says it is the runtime's): it ended, or the trace did.
func (t *Tracker) Forget(g *GState) {
	t.fileHeld(g)
}

func (t *Tracker) fileHeld(g *GState) {
	if !g.runtimeOwned {
		for _, w := range g.unnamed {
			t.addProgram(w.d, w.cause)
		}
	}
	g.unnamed = nil
}

func (t *Tracker) addProgram(d int64, c Cause) {
	b := quantile.Bucket(d)
	t.Program.Add(d)
	t.ProgramHist.AddBucket(b)
	t.ProgramByCause[c].Add(d)
	t.ProgramCauses[c].AddBucket(b)
}

// RuntimeOwned reports whether a goroutine that starts in name is the
// runtime's own, not the program's: go tool trace's rule (internal/trace's
// IsSystemGoroutine, after the runtime's isSystemGoroutine: a function of
// package runtime other than runtime.main), plus the execution tracer's
// goroutines of package runtime/trace. Those wait too (the GC's workers, the
// sweeper yielding between spans, the trace reader), sometimes for most of a
// trace's transitions, but are not what a program's latency is asked about.
// A goroutine whose start is not known yet counts as the program's.
func RuntimeOwned(name string) bool {
	return strings.HasPrefix(name, "runtime.") && name != "runtime.main" || strings.HasPrefix(name, "runtime/trace.")
}

// Window is the per-window summary.
type Window struct {
	Count uint64
	P99   int64
	Max   int64
}

// OpenWait is a wait still open when the trace ends: the goroutine was
// Runnable at the end and had not run since Since. Its length is a lower
// bound (end − Since), so it is never a sample of the distribution.
type OpenWait struct {
	Since trace.Time
	// Cause is why it became runnable; meaningless when Starved.
	Cause Cause
	// Starved: the goroutine was first seen Runnable (it was runnable when
	// the trace began) and never ran, so it waited for the whole trace.
	Starved bool
}

// Open reports g's wait if g is Runnable.
func (g *GState) Open() (OpenWait, bool) {
	switch g.state {
	case 1:
		return OpenWait{Since: g.since, Cause: g.cause}, true
	case 2:
		return OpenWait{Since: g.since, Starved: true}, true
	}
	return OpenWait{}, false
}

// SpikeFactor: a window spikes when its p99 exceeds SpikeFactor × the median
// of the p99s of all windows that have at least one sample, and SpikeFloor.
const SpikeFactor = 3

// SpikeFloor: a window whose p99 is at most this never spikes. Three times a
// median of a few microseconds is a scheduler at rest, not a stall worth a
// drill-down.
const SpikeFloor = int64(100 * time.Microsecond)

type Tracker struct {
	All      quantile.Dist
	AllHist  quantile.TimeHist
	ByCause  [NumCauses]quantile.Dist
	CauseHst [NumCauses]quantile.TimeHist

	// Program holds the waits of the program's goroutines alone (the runtime's
	// own left out: RuntimeOwned); All holds every goroutine's, as the runtime's
	// /sched/latencies:seconds samples them.
	Program        quantile.Dist
	ProgramHist    quantile.TimeHist
	ProgramByCause [NumCauses]quantile.Dist
	ProgramCauses  [NumCauses]quantile.TimeHist

	UnknownCount uint64
	UnknownSum   int64

	// Profile: delay attributed to the stack of the event that made the
	// goroutine runnable (the unblocker, creator, or the goroutine itself).
	Prof *pprofw.Profile

	causeLabel [NumCauses]uint32

	win     quantile.Dist
	curWin  int
	Windows []Window
}

func New() *Tracker {
	t := &Tracker{Prof: pprofw.New("cause", [2]string{"contentions", "count"}, [2]string{"delay", "nanoseconds"})}
	t.All.Cap, t.Program.Cap = 1<<20, 1<<20
	for i := range t.ByCause {
		t.ByCause[i].Cap, t.ProgramByCause[i].Cap = 1<<17, 1<<17
	}
	t.win.Cap = 1 << 16
	for c := Cause(0); c < NumCauses; c++ {
		t.causeLabel[c] = t.Prof.Label(c.String())
	}
	return t
}

// Runnable records g entering Runnable at now from state from.
func (t *Tracker) Runnable(g *GState, now trace.Time, from trace.GoState, reason string, stack stacks.ID) {
	g.since = now
	g.stack = stack
	g.state = 1
	switch from {
	case trace.GoNotExist:
		g.cause = Created
	case trace.GoWaiting:
		g.cause = Unblocked
	case trace.GoRunning:
		if reason == "preempted" {
			g.cause = Preempted
		} else {
			g.cause = Yielded
		}
	case trace.GoSyscall:
		g.cause = SyscallLostP
	default: // Undetermined: runnable since before the trace (or this generation) began
		g.state = 2
	}
}

// Leave records g leaving Runnable at now for state to; w is now's window.
// It returns the sample it recorded (ok false when the wait is not one:
// unknown start, or the goroutine did not go on to run), so that the
// per-group and per-region distributions hold exactly the same samples.
func (t *Tracker) Leave(g *GState, now trace.Time, to trace.GoState, w int) (d int64, ok bool) {
	st := g.state
	g.state = 0
	if st == 0 {
		return 0, false
	}
	d = int64(now - g.since)
	if st == 2 {
		t.UnknownCount++
		t.UnknownSum += d
		return 0, false
	}
	if to != trace.GoRunning {
		return 0, false
	}
	b := quantile.Bucket(d)
	t.All.Add(d)
	t.AllHist.AddBucket(b)
	t.ByCause[g.cause].Add(d)
	t.CauseHst[g.cause].AddBucket(b)
	switch {
	case !g.named:
		g.unnamed = append(g.unnamed, heldWait{d, g.cause})
	case !g.runtimeOwned:
		t.addProgram(d, g.cause)
	}
	t.Prof.AddIdx(g.stack, t.causeLabel[g.cause], 1, d)
	t.advance(w)
	t.win.Add(d)
	return d, true
}

func (t *Tracker) advance(w int) {
	for t.curWin < w {
		t.flush()
	}
}

func (t *Tracker) flush() {
	win := Window{Count: t.win.Count()}
	if win.Count > 0 {
		win.P99 = t.win.Quantile(0.99)
		win.Max = t.win.Max()
	}
	t.Windows = append(t.Windows, win)
	if win.Count > 0 {
		t.win.Reset()
	}
	t.curWin++
}

// Finish closes windows up to n (exclusive) and returns them with spike flags
// and the bar they were judged against (Spikes).
// judgeLast false leaves the last window out of the rule, neither judged nor
// part of the median: the caller says so when the trace's end cut it to under
// half a window, where the few waits that ended (often the program stopping
// and the trace being flushed) would make a spike of the shutdown.
func (t *Tracker) Finish(n int, judgeLast bool) (windows []Window, spikes []bool, bar SpikeBar) {
	if n < t.curWin+1 {
		n = t.curWin + 1
	}
	for t.curWin < n {
		t.flush()
	}
	judged := len(t.Windows)
	if !judgeLast {
		judged--
	}
	counts, p99s := make([]uint64, len(t.Windows)), make([]int64, len(t.Windows))
	for i, w := range t.Windows {
		counts[i], p99s[i] = w.Count, w.P99
	}
	spikes, bar = Spikes(counts, p99s, judged)
	return t.Windows, spikes, bar
}

// SpikeBar is what a trace's windows were judged against: the lower median of
// the judged windows' p99s (those with samples), and the p99 a window had to
// pass to spike, the larger of SpikeFactor × that median and SpikeFloor. Both
// are 0 when no judged window has samples.
type SpikeBar struct {
	MedianP99, Threshold int64
}

// Spikes judges windows by the spike rule (SpikeRule): the first judged of
// them spike when they have samples and a p99 above the bar's threshold; the
// rest are not judged. The program's windows are judged by it too (package
// goroutines).
func Spikes(counts []uint64, p99s []int64, judged int) (spikes []bool, bar SpikeBar) {
	var withSamples []int64
	for i := range judged {
		if counts[i] > 0 {
			withSamples = append(withSamples, p99s[i])
		}
	}
	spikes = make([]bool, len(counts))
	if len(withSamples) == 0 {
		return spikes, bar
	}
	slices.Sort(withSamples)
	bar.MedianP99 = withSamples[(len(withSamples)-1)/2]
	bar.Threshold = max(SpikeFactor*bar.MedianP99, SpikeFloor)
	for i := range judged {
		spikes[i] = counts[i] > 0 && p99s[i] > bar.Threshold
	}
	return spikes, bar
}

// SpikeRule documents the spike definition in analysis.json.
const SpikeRule = "window p99 > 3 x median (the lower middle one of an even count) of the p99s of windows with at least one sample, and > 100us; a last window the trace's end cut to under half a window is not judged"
