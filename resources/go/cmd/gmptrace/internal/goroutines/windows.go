package goroutines

import (
	"math"
	"slices"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/quantile"
)

// WindowSampleBudget bounds the latency samples held for the groups' and
// the program's per-window series (8 bytes each; a sample of the program's
// is held twice, in its group's and the program's) while their windows are
// still open: past
// it the series are dropped, and the output says so, rather than the memory
// growing with the trace. A window closes once no sample can join it any
// more, so only a goroutine left unnamed for long keeps windows open.
const WindowSampleBudget = 1 << 22

// windowLog is one group's scheduler-latency samples by analysis window.
// Open windows (ascending) keep their samples: a goroutine named late (by a
// later stack) brings its earlier samples with their windows. Closed windows
// keep only their summary.
type windowLog struct {
	closed  []Window
	openIdx []int32
	open    [][]int64
	listed  bool // in Tracker.openLogs
}

func (l *windowLog) add(w int32, d int64, spares *sampleSpares) {
	d = max(d, 0) // as a Dist records it
	// Samples come nearly in time order, so the window is found from the end.
	i := len(l.openIdx)
	for i > 0 && l.openIdx[i-1] > w {
		i--
	}
	if i > 0 && l.openIdx[i-1] == w {
		l.open[i-1] = append(l.open[i-1], d)
		return
	}
	l.openIdx = slices.Insert(l.openIdx, i, w)
	l.open = slices.Insert(l.open, i, append(spares.get(), d))
}

// closeBelow summarises the open windows below bound and hands their
// samples' storage to spares; it returns how many samples it let go.
func (l *windowLog) closeBelow(bound int32, spares *sampleSpares) int {
	released, k := 0, 0
	for ; k < len(l.openIdx) && l.openIdx[k] < bound; k++ {
		samples := l.open[k]
		l.closed = append(l.closed, Window{Index: int(l.openIdx[k]), Count: uint64(len(samples)), Max: slices.Max(samples), P99: quantile.NearestRank(samples, 0.99)})
		released += len(samples)
		spares.put(samples)
		l.open[k] = nil
	}
	l.openIdx, l.open = l.openIdx[k:], l.open[k:]
	return released
}

// sampleSpares keeps closed windows' sample storage for the windows that
// open next. A busy window holds hundreds of thousands of samples; growing
// a fresh slice to that size every window cost about a tenth of the
// analysis's CPU (copies and fresh pages). The spares' capacity stays within
// limit samples, the budget of the samples held: the series' memory is
// bounded by the budget twice over (what open windows hold, with their
// slices' room to grow, and the spares), and the spares go at Finish.
type sampleSpares struct {
	free     [][]int64
	capacity int
	limit    int
}

// get returns an empty slice, with a spare's storage when there is one.
func (s *sampleSpares) get() []int64 {
	n := len(s.free)
	if n == 0 {
		return nil
	}
	b := s.free[n-1]
	s.free[n-1] = nil
	s.free = s.free[:n-1]
	s.capacity -= cap(b)
	return b[:0]
}

func (s *sampleSpares) put(b []int64) {
	if s.capacity+cap(b) <= s.limit {
		s.free = append(s.free, b)
		s.capacity += cap(b)
	}
}

// Window is one analysis window of a group's scheduler latency, with the
// statistics the program's own windows have (sched.Window), in ns.
type Window struct {
	Index    int
	Count    uint64
	P99, Max int64
}

// Windows are the group's windows with samples below limit, ascending; nil
// when the trace's open samples went past WindowSampleBudget. Valid after
// Tracker.Finish.
func (grp *Group) Windows(limit int) []Window { return grp.windows.below(limit) }

// ProgramWindows are the program's goroutines' windows (every group's but
// the runtime's own) with samples below limit, as Group.Windows.
func (t *Tracker) ProgramWindows(limit int) []Window { return t.program.below(limit) }

func (l *windowLog) below(limit int) []Window {
	if l == nil {
		return nil
	}
	out := []Window{}
	for _, w := range l.closed {
		if w.Index >= limit {
			break
		}
		out = append(out, w)
	}
	return out
}

// windowSample files one sample in window win of l (a group's, or the
// program's).
func (t *Tracker) windowSample(l *windowLog, d int64, win int32) {
	if t.WindowsDropped {
		return
	}
	if t.windowsHeld++; t.windowsHeld > t.windowBudget {
		t.dropWindows()
		return
	}
	if !l.listed {
		l.listed = true
		t.openLogs = append(t.openLogs, l)
	}
	l.add(win, d, &t.spares)
}

func (t *Tracker) dropWindows() {
	t.WindowsDropped = true
	for _, g := range t.groups {
		g.windows = nil
	}
	t.openLogs, t.pendingWins, t.program = nil, nil, nil
	t.spares = sampleSpares{}
}

// advanceWindows closes every window no sample can join any more: those
// below the current one (samples come in time order) and below the earliest
// window of a sample still pending its goroutine's name.
func (t *Tracker) advanceWindows(current int32) {
	if t.WindowsDropped || current <= t.curWin {
		return
	}
	t.curWin = current
	bound := current
	for w := range t.pendingWins {
		bound = min(bound, w)
	}
	t.closeWindowsBelow(bound)
}

func (t *Tracker) closeWindowsBelow(bound int32) {
	if bound <= t.closedBelow {
		return
	}
	t.closedBelow = bound
	still := t.openLogs[:0]
	for _, l := range t.openLogs {
		t.windowsHeld -= l.closeBelow(bound, &t.spares)
		if len(l.openIdx) > 0 {
			still = append(still, l)
		} else {
			l.listed = false
		}
	}
	clear(t.openLogs[len(still):])
	t.openLogs = still
}

// pend and unpend count the samples waiting for their goroutine's name by window.
func (t *Tracker) pend(win int32) {
	if !t.WindowsDropped {
		t.pendingWins[win]++
	}
}

func (t *Tracker) unpend(win int32) {
	if t.WindowsDropped {
		return
	}
	if t.pendingWins[win]--; t.pendingWins[win] == 0 {
		delete(t.pendingWins, win)
	}
}

// finishWindows closes every window (after the last goroutine has ended).
func (t *Tracker) finishWindows() {
	if !t.WindowsDropped {
		t.closeWindowsBelow(math.MaxInt32)
	}
	t.spares = sampleSpares{}
}
