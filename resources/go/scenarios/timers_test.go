package scenarios

import (
	"runtime"
	"testing"
	"time"
)

// Tick lateness grows once the tickers' demand exceeds the Ps: 4 tickers per P
// doing 2ms of work every 3ms (demand 2.67) against 1 ticker per P doing 300µs
// (demand 0.1). The distribution is bimodal under overload (a tick either
// finds a free P or queues behind work), so the statistic is p90.
func TestStaggeredTickerLatenessGrowsWithDemand(t *testing.T) {
	skipShort(t)
	skipUnderRace(t)
	procs := runtime.GOMAXPROCS(0)
	const reps, window, period = 3, 400 * time.Millisecond, 3 * time.Millisecond
	low, high := pairedRuns(reps, false, true, func(heavy bool) float64 {
		tickers, work := procs, 300*time.Microsecond
		if heavy {
			tickers, work = 4*procs, 2*time.Millisecond
		}
		rec := &recSink{}
		ctx, cancel := timeoutCtx(window)
		runStaggeredTickers(ctx, rec, tickers, period, work)
		cancel()
		return rec.quantile(0.9).Seconds()
	})
	ml, mh := median(low), median(high)
	t.Logf("tick lateness p90: demand 0.1 median %.3fms %v; demand 2.67 median %.3fms %v; ratio %.1fx",
		ml*1e3, low, mh*1e3, high, mh/ml)
	if mh < 4*ml+0.001 {
		t.Errorf("overloaded tickers' p90 lateness %.3fms is not ≥ 4× the light load's %.3fms + 1ms", mh*1e3, ml*1e3)
	}
}

// Every timer of a storm fires, and none fires early.
func TestTimerStormAllFireNoneEarly(t *testing.T) {
	skipShort(t)
	n := 20000
	if raceEnabled {
		n = 2000 // the race detector caps live goroutines and slows everything
	}
	for _, via := range []bool{false, true} {
		delay := 100 * time.Millisecond
		rec := &recSink{}
		// One round only: the window ends after the first round's timers fired.
		ctx, cancel := timeoutCtx(delay + 10*time.Second)
		go func() {
			for rec.count() < n && ctx.Err() == nil {
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
		}()
		runTimerStorm(ctx, rec, runtime.GOMAXPROCS(0), n, delay, via)
		cancel()
		rec.mu.Lock()
		got := len(rec.samples)
		rec.mu.Unlock()
		minLate, p99 := rec.quantile(0), rec.quantile(0.99)
		t.Logf("afterfunc=%v: %d timers, lateness min %v p50 %v p99 %v max %v", via, got, minLate,
			rec.quantile(0.5), p99, rec.quantile(1))
		if got < n {
			t.Errorf("afterfunc=%v: only %d of %d timers fired within %v", via, got, n, delay+10*time.Second)
		}
		if minLate < 0 {
			t.Errorf("afterfunc=%v: a timer fired %v early", via, -minLate)
		}
	}
}

// Timers still fire while spammers keep every P busy with channel sends
// (TestTimerFairness{,2}); lateness is recorded, bounded loosely.
func TestTimerFiresBesideHotChannel(t *testing.T) {
	skipShort(t)
	for _, sys := range []bool{false, true} {
		rec := &recSink{}
		ctx, cancel := timeoutCtx(300 * time.Millisecond)
		if err := runTimerVsHotChannel(ctx, rec, 2, 20*time.Millisecond, sys); err != nil {
			t.Fatal(err)
		}
		cancel()
		t.Logf("syscall=%v: %d rounds, lateness p50 %v max %v", sys, rec.count(), rec.quantile(0.5), rec.quantile(1))
		if rec.count() < 5 {
			t.Errorf("syscall=%v: only %d timer rounds of 20ms completed in 300ms", sys, rec.count())
		}
	}
}

// A timer armed by a goroutine that then keeps its P busy is run by another,
// idle P (timer stealing, golang/go#38860): with GOMAXPROCS=2 its lateness is
// small, while with GOMAXPROCS=1 it waits until the busy goroutine is
// preempted (a 10ms time slice). GOMAXPROCS is changed in-process and restored.
func TestParallelTimerServicedByIdleP(t *testing.T) {
	skipShort(t)
	skipUnderRace(t)
	needCPUs(t, 2)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	const reps, window = 3, 300 * time.Millisecond
	one, two := pairedRuns(reps, 1, 2, func(procs int) float64 {
		runtime.GOMAXPROCS(procs)
		rec := &recSink{}
		ctx, cancel := timeoutCtx(window)
		runParallelTimers(ctx, rec, 1, time.Millisecond, 2*time.Millisecond)
		cancel()
		return rec.quantile(0.5).Seconds()
	})
	m1, m2 := median(one), median(two)
	t.Logf("timer lateness p50 with its P busy: GOMAXPROCS=1 median %.3fms %v; GOMAXPROCS=2 median %.3fms %v; ratio %.1fx",
		m1*1e3, one, m2*1e3, two, m1/m2)
	if m1 < 5*m2 {
		t.Errorf("GOMAXPROCS=1 lateness %.3fms is not ≥ 5× the GOMAXPROCS=2 lateness %.3fms", m1*1e3, m2*1e3)
	}
}
