package procs

import (
	"slices"
	"testing"

	"golang.org/x/exp/trace"
)

// windows maps a time to its window of length ns from t0, the last window
// being index last (as analyze's win caps at MaxWindows).
func windows(t0 trace.Time, length int64, last int) func(trace.Time) int {
	return func(t trace.Time) int {
		if t <= t0 {
			return 0
		}
		return min(int(int64(t-t0)/length), last)
	}
}

// Busy time is split across the windows a run spans, per P, and the trace's
// last window is as long as what is left of it; a run length counts only a
// run that began and ended in the trace; stopping a goroutine that is not
// running changes nothing; a P seen but never busy is listed, idle; a P
// beyond the dense ones is listed too.
func TestBusyTimePerPAndWindow(t *testing.T) {
	tr := New(1000, 100, windows(1000, 100, 1000))
	var g1, g2, g3, g4 GState
	tr.Start(&g2, 1000, 1, false) // already running when the trace began
	tr.Start(&g1, 1050, 0, true)
	tr.Stop(&g2, 1030)              // P1: 30 ns in window 0; no run length
	tr.Start(&g4, 1100, 5000, true) // a P past denseProcs
	tr.Stop(&g4, 1110)              // P5000: 10 ns in window 1; run of 10 ns
	tr.Stop(&g1, 1250)              // P0: 50, 100, 50 ns in windows 0-2; run of 200 ns
	tr.Stop(&g1, 1300)              // not running any more: nothing
	tr.Start(&g3, 1260, 0, true)
	tr.See(3)
	tr.See(trace.NoProc)
	tr.CloseRunning(&g3, 1280) // P0: 20 ns more in window 2; the run did not end: no run length
	tr.CloseRunning(&g1, 1280) // not running: nothing

	// The trace ends at 1280: window 2 is 80 ns long.
	got := tr.Utilisation(3, 1280)
	want := []Util{
		{0, []float64{0.5, 1, 70.0 / 80}},
		{1, []float64{0.3, 0, 0}},
		{3, []float64{0, 0, 0}},
		{5000, []float64{0, 0.1, 0}},
	}
	if !slices.EqualFunc(got, want, func(a, b Util) bool { return a.P == b.P && slices.Equal(a.Util, b.Util) }) {
		t.Errorf("Utilisation = %v, want %v", got, want)
	}
	if n, sum, lo, hi := tr.RunLen.Count(), tr.RunLen.Sum(), tr.RunLen.Min(), tr.RunLen.Max(); n != 2 || sum != 210 || lo != 10 || hi != 200 {
		t.Errorf("run lengths: %d, sum %d, min %d, max %d; want 2, 210, 10, 200", n, sum, lo, hi)
	}
	var binned uint64
	for _, b := range tr.RunLenHist.Bins() {
		binned += b.N
	}
	if binned != 2 {
		t.Errorf("%d run lengths in the histogram, want 2", binned)
	}
}

// When the window function caps the index (a trace longer than MaxWindows
// windows), the last window takes all the busy time past its start, and a
// busy fraction never exceeds 1.
func TestCappedLastWindowTakesTheRest(t *testing.T) {
	tr := New(0, 100, windows(0, 100, 1))
	var a, b GState
	tr.Start(&a, 150, 0, true)
	tr.Stop(&a, 230) // all 80 ns in window 1, though 30 of them lie past it
	tr.Start(&b, 50, 1, true)
	tr.Stop(&b, 400) // 50 ns in window 0, 300 in window 1

	got := tr.Utilisation(2, 400)
	want := []Util{{0, []float64{0, 0.8}}, {1, []float64{0.5, 1}}}
	if !slices.EqualFunc(got, want, func(a, b Util) bool { return a.P == b.P && slices.Equal(a.Util, b.Util) }) {
		t.Errorf("Utilisation = %v, want %v", got, want)
	}
}

// A GOMAXPROCS metric is recorded only when the value changes.
func TestGoMaxProcsKeepsChanges(t *testing.T) {
	tr := New(0, 100, windows(0, 100, 1000))
	for _, m := range []MaxProcs{{0, 4}, {10, 4}, {20, 2}, {30, 2}, {40, 4}} {
		tr.GoMaxProcs(m.T, m.N)
	}
	if want := []MaxProcs{{0, 4}, {20, 2}, {40, 4}}; !slices.Equal(tr.MaxProcs, want) {
		t.Errorf("MaxProcs = %v, want %v", tr.MaxProcs, want)
	}
}
