package scenarios

// Group preemption: sysmon and async preemption, runnext time-slice
// inheritance, Gosched, spawn chains, starvation next to ping-pong pairs, GC
// fairness and stop-the-world (docs/SCENARIOS.md A1–A8).

import (
	"context"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(
		stress.Scenario{
			ID: "tight-loop-preempt", Group: "preemption",
			SuggestedGOMAXPROCS: 1,
			Title:               "Probe wake-up lateness next to call-free CPU hogs",
			Mechanism: "Concurrency hog goroutines run call-free loops in bursts of `burst` CPU time (a cooperative " +
				"point only between bursts; body=spin calls time.Now in the loop instead, which sysmon can " +
				"preempt cooperatively). A probe sleeps `probe` in a loop and records how late it wakes. Sysmon " +
				"preempts a G that ran > 10ms (forcePreemptNS); since Go 1.14 it can do so by signal inside the loop. " +
				"With GODEBUG=asyncpreemptoff=1 the probe waits for a whole burst. Ops are probe wake-ups; op latency " +
				"is the oversleep. The runtime test runs at GOMAXPROCS 1, suggested here: with more Ps than hogs " +
				"the probe finds an idle P.",
			Source: "runtime testprog AsyncPreempt / TestAsyncPreempt (proc_test.go); golang/go#10958, #24543, #11462",
			Params: []stress.Param{durParam("burst", 200*time.Millisecond, time.Millisecond, 10*time.Second, "CPU time of one hog burst"),
				durParam("probe", time.Millisecond, 100*time.Microsecond, time.Second, "probe sleep"),
				enumParam("body", "burn", []string{"burn", "spin"}, "burn: call-free loop (only async preemption stops it); spin: loop calling time.Now (cooperative preemption points)")},
			Signals:  []string{"op latency p99/max (probe oversleep)", "/sched/latencies:seconds p99"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runTightLoop(ctx, env, env.Concurrency, env.DurationParam("burst"), env.DurationParam("probe"), env.Param("body") == "spin")
				return nil
			},
		},
		stress.Scenario{
			ID: "gc-stw-stopping", Group: "preemption",
			Title: "Forced GC stopping the world against call-free spinners",
			Mechanism: "Concurrency spinners run call-free bursts of `burst`; every `gc-every` the driver calls " +
				"runtime.GC. Every STW first has to bring all Ps to a safe point: /sched/pauses/stopping/gc shows " +
				"how long that takes, and with async preemption off it grows to the burst length. Ops are spinner " +
				"bursts (mutator progress); op latency is the duration of each forced runtime.GC.",
			Source: "runtime TestPreemptionGC (proc_test.go), metrics_test.go (≥ 2 pauses per GC); golang/go#31222, PR #63340",
			Params: []stress.Param{durParam("burst", 5*time.Millisecond, 10*time.Microsecond, time.Second, "CPU time of one call-free spinner burst"),
				durParam("gc-every", 50*time.Millisecond, time.Millisecond, 10*time.Second, "pause between forced GCs")},
			Signals:  []string{"/sched/pauses/stopping/gc:seconds", "/sched/pauses/total/gc:seconds", "/gc/cycles/forced:gc-cycles", "op latency p99"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runGCStopping(ctx, env, env.Concurrency, env.DurationParam("burst"), env.DurationParam("gc-every"))
				return nil
			},
		},
		stress.Scenario{
			ID: "pingpong-hog", Group: "preemption",
			IgnoresConcurrency:  true,
			SuggestedGOMAXPROCS: 1,
			Title:               "Ping-pong pairs next to a hog pair share time fairly",
			Mechanism: "A hog pair ping-pongs with `hog-work` iterations per wake and a light pair with `light-work`. " +
				"A goroutine readied by the running one goes to runnext and inherits its time slice, so each pair " +
				"gets about half of one P and the iteration totals stay within a small factor. Ops are wakes " +
				"(both pairs); no op latency. Concurrency is not used (always two pairs). The runtime test runs at " +
				"GOMAXPROCS 1, suggested here; with two or more Ps the pairs need not share one.",
			Source: "runtime TestPingPongHog, BenchmarkPingPongHog (proc_test.go); factor 20 since golang/go#52207",
			Params: []stress.Param{intParam("hog-work", 1_000_000, 1, 1<<30, "iterations per hog wake"),
				intParam("light-work", 1000, 1, 1<<30, "iterations per light wake")},
			Signals: []string{"hog/light iteration ratio (test)", "/sched/latencies:seconds"},
			Run: func(ctx context.Context, env *stress.Env) error {
				runPingPongHog(ctx, env, env.IntParam("hog-work"), env.IntParam("light-work"))
				return nil
			},
		},
		stress.Scenario{
			ID: "gosched-yield-storm", Group: "preemption",
			Title: "Gosched storm: global run queue and idle-P wakeups",
			Mechanism: "Concurrency goroutines call runtime.Gosched in a loop (optionally locked to their thread). " +
				"Gosched puts the G on the global run queue; with idle Ps, wakep may wake an M that finds nothing " +
				"and sleeps again (futex thrash). Ops are yields; op latency is how long each yielder takes to " +
				"notice a progress check posted every 10ms, from the first it missed (how long it went without a turn).",
			Source:   "runtime TestYieldProgress, TestYieldLockedProgress (proc_test.go); golang/go#13527, #18237",
			Params:   []stress.Param{boolParam("locked", false, "LockOSThread each yielder")},
			Signals:  []string{"ops_per_s", "/cpu/classes/idle:cpu-seconds", "/sched/latencies:seconds", "cpu profile: runtime.findRunnable, futex"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runYieldStorm(ctx, env, env.Concurrency, env.BoolParam("locked"))
				return nil
			},
		},
		stress.Scenario{
			ID: "spawn-chain-starvation", Group: "preemption",
			SuggestedGOMAXPROCS: 1,
			Title:               "Self-respawning goroutines against a victim",
			Mechanism: "Concurrency chains each spawn their successor and exit; the new G lands in runnext and " +
				"inherits the slice. A victim does 50µs of work per tick; only the schedtick%61 global-queue check " +
				"and sysmon preemption bound its gaps. Ops are victim ticks; op latency is the gap between ticks. " +
				"golang/go#52934 is open: record, do not gate. The harness's own goroutines starve as well, so " +
				"the chains stop themselves at the window's deadline; a stop signal can take longer. Suggested " +
				"GOMAXPROCS 1: with more Ps than chains the victim gets a P of its own.",
			Source:   "runtime TestStopTheWorldDeadlock perpetuumMobile (proc_test.go); findRunnable fairness comment; golang/go#52934",
			Params:   []stress.Param{durParam("victim-work", 50*time.Microsecond, time.Microsecond, 100*time.Millisecond, "victim work per tick")},
			Signals:  []string{"op latency max (victim gap)", "/sched/goroutines-created:goroutines", "/sched/latencies:seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runSpawnStarvation(ctx, env, env.Concurrency, env.DurationParam("victim-work"))
				return nil
			},
		},
		stress.Scenario{
			ID: "gc-alloc-fairness", Group: "preemption",
			SuggestedGOMAXPROCS: 1,
			Title:               "GC workers and assists versus user goroutines at GOMAXPROCS=1",
			Mechanism: "Concurrency allocators make 1KiB objects with GOGC=`gogc`, so the GC runs constantly and " +
				"assists tax the allocators. A probe sleeps 30ms and records its lateness: GC's high-priority work " +
				"must not starve timers or other goroutines. Ops are allocations; op latency is the probe's oversleep. " +
				"The runtime test runs at GOMAXPROCS 1, suggested here.",
			Source:   "runtime testprog GCFairness2 / TestGCFairness2 (crash_test.go); golang/go#15706",
			Params:   []stress.Param{intParam("gogc", 1, 1, 1000, "debug.SetGCPercent during the run")},
			Signals:  []string{"op latency max (probe)", "/gc/cycles/automatic:gc-cycles", "/cpu/classes/gc/mark/assist:cpu-seconds", "/sched/latencies:seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runGCAllocFairness(ctx, env, env.Concurrency, env.IntParam("gogc"))
				return nil
			},
		},
		stress.Scenario{
			ID: "stw-gomaxprocs-churn", Group: "preemption",
			Title: "GOMAXPROCS changes (STW) racing GC and goroutine churn",
			Mechanism: "One goroutine flips GOMAXPROCS between `procs-a` and `procs-b` every `every` (each change " +
				"stops the world in procresize; equal values do not), another forces a GC every `gc-every`, and " +
				"concurrency churners each spawn a goroutine and wait for it, in a loop. Ops are GOMAXPROCS changes; op latency is the duration of " +
				"the runtime.GOMAXPROCS call. This scenario changes GOMAXPROCS during the run on purpose (result.json " +
				"\"gomaxprocs\" lists every change with its time) and restores it at the end.",
			Source: "runtime TestStopTheWorldDeadlock, TestTraceSTW (proc_test.go); runtime/debug.go; PR #63340",
			Params: []stress.Param{intParam("procs-a", 2, 1, 256, "first GOMAXPROCS value"), intParam("procs-b", 4, 1, 256, "second GOMAXPROCS value"),
				durParam("every", 10*time.Millisecond, 100*time.Microsecond, 10*time.Second, "pause between GOMAXPROCS calls"),
				durParam("gc-every", 20*time.Millisecond, time.Millisecond, 10*time.Second, "pause between forced GCs")},
			Signals:  []string{"/sched/pauses/total/other:seconds", "/sched/pauses/stopping/other:seconds", "/sched/gomaxprocs:threads", "op latency p99"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runGOMAXPROCSChurn(ctx, env, env.Concurrency, env.IntParam("procs-a"), env.IntParam("procs-b"),
					env.DurationParam("every"), env.DurationParam("gc-every"))
				return nil
			},
		},
		stress.Scenario{
			ID: "pingpong-pairs-starvation", Group: "preemption",
			IgnoresConcurrency: true,
			Title:              "Channel ping-pong pairs starve a goroutine in the global run queue",
			Mechanism: "`pairs` goroutine pairs ping-pong on unbuffered channels; each wake puts the partner in runnext, " +
				"which inherits the time slice, so a P's schedtick hardly advances. A yielder calls runtime.Gosched " +
				"in a loop: each call puts it on the global run queue, which a P consults only every 61st schedtick " +
				"or when it has nothing local. With more pairs than Ps the yielder stays runnable for most of the " +
				"window. Ops are pair round trips; op latency is each yield's wait to run again. Values: yields " +
				"(turns the yielder got), longest_wait_s (including the wait still open at the window's end, a " +
				"lower bound), runnable_fraction (of the window the yielder spent waiting). Concurrency is not " +
				"used (see `pairs`). golang/go#52934 is open: record, do not gate.",
			Source:              "golang/go#52934 (runnable goroutines starved under runnext handoffs); runtime findRunnable schedtick%61 fairness check (proc.go)",
			SuggestedGOMAXPROCS: 2,
			Params:              []stress.Param{intParam("pairs", 8, 1, 10_000, "ping-pong pairs")},
			Signals:             []string{"values: runnable_fraction, longest_wait_s, yields", "op latency max (yield wait)", "/sched/latencies:seconds max"},
			TimesOps:            true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runPairsStarvation(ctx, env, env.IntParam("pairs"))
				return nil
			},
		},
	)
}

// hogLoop runs call-free bursts of iters iterations until stop; between bursts
// it calls runtime.Gosched, a sure cooperative scheduling point (without it, a
// process with async preemption off could never stop the hog). It counts
// bursts in ops when ops is not nil.
func hogLoop(stop *atomic.Bool, iters int, ops *stress.Env) {
	var x uint64 = 1
	for !stop.Load() {
		for i := 0; i < iters; i++ { // call-free: an atomic load is not a call
			x += uint64(i) ^ (x >> 3)
			if i&0xffff == 0 && stop.Load() {
				break
			}
		}
		burnSink.Add(x)
		if ops != nil {
			ops.AddOps(1)
		}
		runtime.Gosched()
	}
}

func runTightLoop(ctx context.Context, env *stress.Env, hogs int, burst, probe time.Duration, spin bool) {
	stop, release := stopFlag(ctx)
	defer release()
	iters := int(float64(burnItersPerMs()) * float64(burst) / float64(time.Millisecond))
	var wg sync.WaitGroup
	for i := 0; i < hogs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !spin {
				hogLoop(stop, iters, nil)
				return
			}
			for !stop.Load() {
				for t0 := time.Now(); time.Since(t0) < burst && !stop.Load(); {
				}
				runtime.Gosched()
			}
		}()
	}
	for ctx.Err() == nil {
		t0 := time.Now()
		time.Sleep(probe)
		env.Observe(time.Since(t0) - probe)
		env.AddOps(1)
	}
	stop.Store(true)
	wg.Wait()
}

func runGCStopping(ctx context.Context, env *stress.Env, spinners int, burst, every time.Duration) {
	stop, release := stopFlag(ctx)
	defer release()
	iters := int(float64(burnItersPerMs()) * float64(burst) / float64(time.Millisecond))
	if iters < 1 {
		iters = 1
	}
	var wg sync.WaitGroup
	for i := 0; i < spinners; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); hogLoop(stop, iters, env) }()
	}
	for sleepCtx(ctx, every) {
		t0 := time.Now()
		runtime.GC()
		env.Observe(time.Since(t0))
	}
	stop.Store(true)
	wg.Wait()
}

// pingPongCounts are the iteration totals of the two pairs.
type pingPongCounts struct{ hog, light atomic.Int64 }

func runPingPongHog(ctx context.Context, env *stress.Env, hogWork, lightWork int) *pingPongCounts {
	var c pingPongCounts
	var wg sync.WaitGroup
	done := ctx.Done()
	// player bounces one token with its partner and does work iterations per wake.
	player := func(ch chan struct{}, work int, cnt *atomic.Int64) {
		defer wg.Done()
		for {
			select {
			case <-ch:
			case <-done:
				return
			}
			burnSink.Add(burn(work))
			cnt.Add(int64(work))
			env.AddOps(1)
			select {
			case ch <- struct{}{}:
			case <-done:
				return
			}
		}
	}
	hc, lc := make(chan struct{}), make(chan struct{})
	wg.Add(4)
	go player(hc, hogWork, &c.hog)
	go player(hc, hogWork, &c.hog)
	go player(lc, lightWork, &c.light)
	go player(lc, lightWork, &c.light)
	select {
	case hc <- struct{}{}:
	case <-done:
	}
	select {
	case lc <- struct{}{}:
	case <-done:
	}
	wg.Wait()
	return &c
}

// yieldCheckEvery is how often the yield storm posts a progress check, and
// yieldChecksKept how many of their times it keeps (10 s of them): a yielder
// held off longer than that times from the oldest kept, a lower bound.
const (
	yieldCheckEvery = 10 * time.Millisecond
	yieldChecksKept = 1024
)

func runYieldStorm(ctx context.Context, env *stress.Env, yielders int, locked bool) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	// Progress checks, numbered from 1 (posted: how many so far), each with the time it was posted
	// (UnixNano, in a ring). A yielder that sees new ones times how long since the first it had not
	// seen: the time it went without a turn noticed, where timing the newest alone cut every wait at
	// one check's period. Timed in the window, where result.json's op latency is read.
	var posted atomic.Int64
	var postedAt [yieldChecksKept]atomic.Int64
	for i := 0; i < yielders; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if locked {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
			}
			var n, seen int64
			for {
				select {
				case <-quit:
					env.AddOps(n)
					return
				default:
					if now := posted.Load(); now != seen {
						first := max(seen+1, now-yieldChecksKept+1)
						env.Observe(time.Duration(time.Now().UnixNano() - postedAt[first%yieldChecksKept].Load()))
						seen = now
					}
					runtime.Gosched()
					n++
					if n == 1024 {
						env.AddOps(n)
						n = 0
					}
				}
			}
		}()
	}
	tick := time.NewTicker(yieldCheckEvery)
	defer tick.Stop()
	for running := true; running; {
		select {
		case <-ctx.Done():
			running = false
		case <-tick.C:
			next := posted.Load() + 1
			postedAt[next%yieldChecksKept].Store(time.Now().UnixNano())
			posted.Store(next)
		}
	}
	close(quit)
	wg.Wait()
}

func runSpawnStarvation(ctx context.Context, env *stress.Env, chains int, victimWork time.Duration) {
	stop, release := stopFlag(ctx)
	defer release()
	// The chains can starve every other goroutine on the P, the harness's too
	// (golang/go#52934), so the chains and the victim watch the window's
	// deadline themselves.
	deadline, hasDeadline := ctx.Deadline()
	var live sync.WaitGroup
	var respawn func(n uint)
	respawn = func(n uint) {
		// Every 64th link looks at the clock: the victim may be starved too long
		// to stop the chains itself.
		if n%64 == 0 && (ctx.Err() != nil || hasDeadline && time.Now().After(deadline)) {
			stop.Store(true)
		}
		if !stop.Load() {
			live.Add(1)
			go respawn(n + 1)
		}
		live.Done()
	}
	for i := 0; i < chains; i++ {
		live.Add(1)
		go respawn(0)
	}
	last := time.Now()
	for !stop.Load() {
		spinFor(victimWork)
		now := time.Now()
		env.Observe(now.Sub(last))
		env.AddOps(1)
		last = now
		if hasDeadline && now.After(deadline) {
			stop.Store(true)
		}
	}
	live.Wait()
}

var allocSink [64][]byte

func runGCAllocFairness(ctx context.Context, env *stress.Env, allocators, gogc int) {
	prev := debug.SetGCPercent(gogc)
	defer debug.SetGCPercent(prev)
	stop, release := stopFlag(ctx)
	defer release()
	var wg sync.WaitGroup
	for i := 0; i < allocators; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var n int64
			for !stop.Load() {
				allocSink[i%len(allocSink)] = make([]byte, 1024)
				n++
				if n == 256 {
					env.AddOps(n)
					n = 0
				}
			}
			env.AddOps(n)
		}(i)
	}
	const probe = 30 * time.Millisecond
	for {
		t0 := time.Now()
		if !sleepCtx(ctx, probe) {
			break
		}
		env.Observe(time.Since(t0) - probe)
	}
	stop.Store(true)
	wg.Wait()
	for i := range allocSink {
		allocSink[i] = nil
	}
}

func runGOMAXPROCSChurn(ctx context.Context, env *stress.Env, chains, a, b int, every, gcEvery time.Duration) {
	orig := runtime.GOMAXPROCS(0)
	defer restoreProcs(env, orig)
	stop, release := stopFlag(ctx)
	defer release()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for sleepCtx(ctx, gcEvery) {
			runtime.GC()
		}
	}()
	// Churn: each chain spawns a short-lived goroutine and waits for it, so
	// goroutines come and go without a chain monopolizing runnext.
	for i := 0; i < chains; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var child sync.WaitGroup
			for !stop.Load() {
				child.Add(1)
				go child.Done()
				child.Wait()
			}
		}()
	}
	next := a
	for sleepCtx(ctx, every) {
		t0 := time.Now()
		if env.SetGOMAXPROCS(next) != next {
			env.Observe(time.Since(t0))
			env.AddOps(1)
		}
		if next == a {
			next = b
		} else {
			next = a
		}
	}
	wg.Wait()
}

// runPairsStarvation runs the pairs and, on the calling goroutine, the
// yielder. The pairs poll ctx themselves, so they stop at the deadline even
// while the yielder (and the harness's own goroutines) wait for a P.
func runPairsStarvation(ctx context.Context, env *stress.Env, pairs int) {
	stop, release := pollStop(ctx)
	defer release()
	deadline, hasDeadline := ctx.Deadline()
	var wg sync.WaitGroup
	for p := 0; p < pairs; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := make(chan struct{})
			go func() {
				for range c {
					c <- struct{}{}
				}
			}()
			defer close(c)
			var n int64
			for !stop.Load() {
				c <- struct{}{}
				<-c
				if n++; n == 256 {
					env.AddOps(n)
					n = 0
				}
			}
			env.AddOps(n)
		}()
	}
	start := time.Now()
	var yields int64
	var waited, longest time.Duration
	for !stop.Load() {
		t0 := time.Now()
		runtime.Gosched()
		t1 := time.Now()
		if hasDeadline && t1.After(deadline) {
			// Still waiting when the window ended: count the part inside it.
			t1 = deadline
			if t0.After(deadline) {
				t1 = t0
			}
		} else {
			yields++
			env.Observe(t1.Sub(t0))
		}
		waited += t1.Sub(t0)
		longest = max(longest, t1.Sub(t0))
	}
	window := time.Since(start)
	if hasDeadline {
		window = max(deadline.Sub(start), time.Nanosecond)
	}
	wg.Wait()
	env.Report("yields", float64(yields), "turns")
	env.Report("longest_wait_s", longest.Seconds(), "s")
	env.Report("runnable_fraction", waited.Seconds()/window.Seconds(), "")
}
