package sched

import (
	"slices"
	"testing"
	"time"

	"golang.org/x/exp/trace"
)

func TestCausesAndUnknownStart(t *testing.T) {
	tr := New()
	var a, b, c GState
	tr.Runnable(&a, 100, trace.GoWaiting, "", 7)
	tr.Leave(&a, 400, trace.GoRunning, 0)
	tr.Runnable(&b, 100, trace.GoRunning, "preempted", 0)
	tr.Leave(&b, 1100, trace.GoRunning, 0)
	tr.Runnable(&c, 50, trace.GoUndetermined, "", 0) // runnable before the trace: not a sample
	tr.Leave(&c, 900, trace.GoRunning, 0)
	tr.Runnable(&c, 1000, trace.GoRunning, "runtime.Gosched", 0)
	tr.Leave(&c, 1010, trace.GoRunning, 0)
	tr.Leave(&c, 2000, trace.GoRunning, 0) // not runnable: ignored
	if tr.All.Count() != 3 || tr.All.Sum() != 300+1000+10 {
		t.Fatalf("all: n=%d sum=%d", tr.All.Count(), tr.All.Sum())
	}
	if tr.ByCause[Unblocked].Count() != 1 || tr.ByCause[Preempted].Max() != 1000 || tr.ByCause[Yielded].Sum() != 10 {
		t.Error("causes wrong")
	}
	if tr.UnknownCount != 1 || tr.UnknownSum != 850 {
		t.Errorf("unknown start: %d %d", tr.UnknownCount, tr.UnknownSum)
	}
	if got := tr.Prof.Total(1); got != 1310 {
		t.Errorf("profile delay %d", got)
	}
}

// withWaits gives a tracker with one wait per window: waits[w] long in window
// w (none where it is 0).
func withWaits(waits ...trace.Time) *Tracker {
	tr := New()
	var g GState
	for w, d := range waits {
		if d == 0 {
			continue
		}
		tr.Runnable(&g, trace.Time(w*1000), trace.GoWaiting, "", 0)
		tr.Leave(&g, trace.Time(w*1000)+d, trace.GoRunning, w)
	}
	return tr
}

const us = trace.Time(time.Microsecond)

func TestSpikeRule(t *testing.T) {
	// Windows 0..4 with p99 = 100 µs, window 5 empty, window 6 with p99 = 1 ms.
	wins, spikes, bar := withWaits(100*us, 100*us, 100*us, 100*us, 100*us, 0, 1000*us).Finish(8, true)
	if len(wins) != 8 || len(spikes) != 8 {
		t.Fatalf("%d windows", len(wins))
	}
	for i, s := range spikes {
		if s != (i == 6) {
			t.Errorf("window %d (p99 %d, n %d): spike=%v", i, wins[i].P99, wins[i].Count, s)
		}
	}
	if bar != (SpikeBar{MedianP99: int64(100 * us), Threshold: int64(300 * us)}) {
		t.Errorf("bar %+v, want 3 × the median 100 µs", bar)
	}
}

// A last window the caller says is cut short is neither judged nor part of
// the median. Judged, its 2000 µs raises the median from 100 to 400 µs and is
// the only spike; left out, the median is 100 µs and the two 400s spike.
func TestSpikeRuleLeavesACutLastWindowOut(t *testing.T) {
	for judgeLast, want := range map[bool][]bool{
		true:  {false, false, false, false, true},
		false: {false, false, true, true, false},
	} {
		_, spikes, _ := withWaits(100*us, 100*us, 400*us, 400*us, 2000*us).Finish(5, judgeLast)
		if !slices.Equal(spikes, want) {
			t.Errorf("judgeLast %v: spikes %v, want %v", judgeLast, spikes, want)
		}
	}
}

// Ten times a median of 5 µs is still a scheduler at rest: no window at or
// under SpikeFloor spikes, and one just past it does.
func TestSpikeRuleHasAFloor(t *testing.T) {
	_, spikes, bar := withWaits(5*us, 5*us, 5*us, 50*us, 100*us, 101*us).Finish(6, true)
	if want := []bool{false, false, false, false, false, true}; !slices.Equal(spikes, want) {
		t.Errorf("spikes %v, want %v", spikes, want)
	}
	if bar != (SpikeBar{MedianP99: int64(5 * us), Threshold: SpikeFloor}) {
		t.Errorf("bar %+v, want the floor %d over a median of 5 µs", bar, SpikeFloor)
	}
	if _, _, none := withWaits(0, 0).Finish(2, true); none != (SpikeBar{}) {
		t.Errorf("bar %+v without samples, want none", none)
	}
}

// A goroutine still Runnable at the end is an open wait, not a sample; one
// first seen Runnable (by its status) and never run is starved.
func TestOpenWaits(t *testing.T) {
	tr := New()
	var ran, queued, starved, blocked GState
	tr.Runnable(&ran, 10, trace.GoWaiting, "", 0)
	tr.Leave(&ran, 20, trace.GoRunning, 0)
	tr.Runnable(&queued, 30, trace.GoRunning, "preempted", 0)
	tr.Runnable(&starved, 40, trace.GoUndetermined, "", 0)
	if _, ok := ran.Open(); ok {
		t.Error("a goroutine that ran has an open wait")
	}
	if _, ok := blocked.Open(); ok {
		t.Error("a goroutine that was never runnable has an open wait")
	}
	if w, ok := queued.Open(); !ok || w.Since != 30 || w.Cause != Preempted || w.Starved {
		t.Errorf("queued: %+v %v", w, ok)
	}
	if w, ok := starved.Open(); !ok || !w.Starved {
		t.Errorf("starved: %+v %v", w, ok)
	}
	if tr.All.Count() != 1 {
		t.Errorf("open waits became samples: n=%d", tr.All.Count())
	}
}

func TestRuntimeOwned(t *testing.T) {
	for name, want := range map[string]bool{
		"runtime.bgsweep": true, "runtime.gcBgMarkWorker": true, "runtime.forcegchelper": true,
		"runtime.(*traceAdvancerState).start.func1": true, "runtime.traceStartReadCPU.func1": true,
		"runtime/trace.Start.func1": true,
		"runtime.main":              false, "main.worker": false, "runtimefoo.Bar": false, "net/http.(*conn).serve": false,
		"": false, // not known yet: the program's
	} {
		if got := RuntimeOwned(name); got != want {
			t.Errorf("RuntimeOwned(%q) = %v, want %v", name, got, want)
		}
	}
}
