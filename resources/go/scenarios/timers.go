package scenarios

// Group timers: per-P timer heaps serviced by other Ps, tickers against CPU
// work, very many timers, timers against a hot channel loop
// (docs/SCENARIOS.md E1–E4).

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(
		stress.Scenario{
			ID:    "parallel-timer-latency",
			Group: "timers",
			Title: "Timers whose own P is busy must be run by other Ps",
			Mechanism: "Each round a creator goroutine arms max(1, concurrency−1) AfterFunc timers and then busy-waits " +
				"until all have fired, so its own P cannot run them: idle Ps must find and steal the timers " +
				"(per-P timer heaps, timer stealing in findRunnable). Each callback holds its P until all have " +
				"fired. Ops are fired timers; op latency is each callback's lateness. Needs GOMAXPROCS ≥ 2 to " +
				"show the fixed behaviour; at GOMAXPROCS=1 only preemption of the creator lets timers run.",
			Source: "time BenchmarkParallelTimerLatency (sleep_test.go); golang/go#38860",
			Params: []stress.Param{
				durParam("delay", time.Millisecond, 10*time.Microsecond, time.Second, "timer delay"),
				durParam("gap", 2*time.Millisecond, 0, time.Second, "sleep between rounds, lets the Ps go idle again"),
			},
			Signals:  []string{"op latency mean/max (timer lateness)", "/sched/latencies:seconds", "ops_per_s"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runParallelTimers(ctx, env, max(1, env.Concurrency-1), env.DurationParam("delay"), env.DurationParam("gap"))
				return nil
			},
		},
		stress.Scenario{
			ID:    "staggered-ticker-latency",
			Group: "timers",
			Title: "Staggered tickers competing with per-tick CPU work",
			Mechanism: "Concurrency tickers with period `period`, started at staggered offsets, each do `work` of CPU " +
				"per tick. Once the demand (tickers × work / period / GOMAXPROCS) passes 1, ticks queue behind " +
				"CPU work and lateness grows; below it lateness stays around the per-tick work. Ops are ticks " +
				"handled; op latency is lateness against the oldest unserved due tick (a stall shows as one large sample; ticks dropped meanwhile are skipped).",
			Source: "time BenchmarkStaggeredTickerLatency (sleep_test.go); golang/go#38860",
			Params: []stress.Param{
				durParam("period", 3*time.Millisecond, 100*time.Microsecond, time.Second, "ticker period"),
				durParam("work", 300*time.Microsecond, 0, 100*time.Millisecond, "busy CPU work per tick"),
			},
			Signals:  []string{"op latency mean/p99/max (tick lateness)", "/sched/latencies:seconds", "ops_per_s"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runStaggeredTickers(ctx, env, env.Concurrency, env.DurationParam("period"), env.DurationParam("work"))
				return nil
			},
		},
		stress.Scenario{
			ID:    "timer-storm",
			Group: "timers",
			Title: "Many concurrent timers firing at once",
			Mechanism: "Each round, concurrency creator goroutines arm `timers` timers in total, all due `delay` later, " +
				"either AfterFunc callbacks or one goroutine blocked on a timer each. Timers live in the heap of " +
				"the P that armed them and are stolen by idle Ps; a storm tests heap operations, stealing and " +
				"the wake-up of many goroutines at once. Ops are fired timers; op latency is lateness against " +
				"the due time (negative would be an early fire).",
			Source: "golang/go#29471 (time.After inaccurate with >50K goroutines), #6239, #15133; time BenchmarkSimultaneousAfterFunc",
			Params: []stress.Param{
				intParam("timers", 10000, 1, 200000, "timers per round"),
				durParam("delay", 100*time.Millisecond, time.Millisecond, 10*time.Second, "delay of every timer in a round"),
				enumParam("via", "afterfunc", []string{"afterfunc", "goroutines"},
					"afterfunc: time.AfterFunc callbacks; goroutines: one goroutine blocked on a timer each "+
						"(heavier: every goroutine must wake and exit when the run stops)"),
			},
			Signals: []string{"op latency p50/p99/max (fire spread)", "/sched/goroutines:goroutines",
				"/sched/latencies:seconds", "/gc/heap/live:bytes"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runTimerStorm(ctx, env, env.Concurrency, env.IntParam("timers"), env.DurationParam("delay"),
					env.Param("via") == "afterfunc")
				return nil
			},
		},
		stress.Scenario{
			ID:    "timer-vs-hot-channel",
			Group: "timers",
			Title: "A timer firing while goroutines spin on channel sends",
			Mechanism: "Concurrency spammer goroutines loop on `c <- true`; the measuring goroutine loops receiving " +
				"from c and waits for a `timer` in the same select. The Ps never go idle, so the timer must be " +
				"run from the scheduler loop of a busy P. With syscall=true every iteration also makes a " +
				"zero-length read, which adds entersyscall/exitsyscall transitions. Ops are timer rounds; op " +
				"latency is the timer's lateness as seen by the selecting goroutine.",
			Source: "runtime TestTimerFairness, TestTimerFairness2 (proc_test.go)",
			Params: []stress.Param{
				durParam("timer", 20*time.Millisecond, time.Millisecond, 10*time.Second, "timer delay per round"),
				boolParam("syscall", false, "each loop iteration also makes a zero-length read syscall (TestTimerFairness2)"),
			},
			Signals:  []string{"op latency p99/max (timer lateness)", "/sched/latencies:seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				return runTimerVsHotChannel(ctx, env, env.Concurrency, env.DurationParam("timer"), env.BoolParam("syscall"))
			},
		},
	)
}

// lateness returns how late now is against due, never negative.
func lateness(due time.Time) time.Duration { return max(0, time.Since(due)) }

func runParallelTimers(ctx context.Context, sink opSink, n int, delay, gap time.Duration) {
	stop, release := pollStop(ctx)
	defer release()
	holdCap := delay + 100*time.Millisecond // never hold a P longer than this
	for !stop.Load() {
		var fired atomic.Int32
		var wg sync.WaitGroup
		timers := make([]*time.Timer, n)
		wg.Add(n)
		for j := 0; j < n; j++ {
			due := time.Now().Add(delay)
			timers[j] = time.AfterFunc(delay, func() {
				defer wg.Done()
				sink.Observe(lateness(due))
				sink.AddOps(1)
				fired.Add(1)
				for t0 := time.Now(); fired.Load() < int32(n) && !stop.Load() && time.Since(t0) < holdCap; {
				}
			})
		}
		for t0 := time.Now(); fired.Load() < int32(n) && !stop.Load() && time.Since(t0) < holdCap; {
		}
		for _, t := range timers {
			if t.Stop() { // never ran
				wg.Done()
			}
		}
		wg.Wait()
		if !sleepCtx(ctx, gap) {
			return
		}
	}
}

func runStaggeredTickers(ctx context.Context, sink opSink, tickers int, period, work time.Duration) {
	stop, release := pollStop(ctx)
	defer release()
	var wg sync.WaitGroup
	var skipped atomic.Int64
	for j := 0; j < max(1, tickers); j++ {
		offset := period * time.Duration(j) / time.Duration(max(1, tickers))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !sleepCtx(ctx, offset) {
				return
			}
			tk := time.NewTicker(period)
			defer tk.Stop()
			next := time.Now().Add(period)
			var skips int64
			defer func() { skipped.Add(skips) }()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tk.C:
				}
				// Lateness against the oldest tick not yet served; ticks the
				// ticker dropped while we were late are then skipped.
				late := time.Since(next)
				sink.Observe(max(0, late))
				sink.AddOps(1)
				if late < 0 {
					next = next.Add(period)
				} else {
					next = next.Add(period * (late/period + 1))
					skips += int64(late / period)
				}
				spinUntil(work, stop)
			}
		}()
	}
	wg.Wait()
	sink.Report("skipped_ticks", float64(skipped.Load()), "ticks") // dropped by tickers that fell a period or more behind
}

// observeFire records a storm timer's lateness (negative when it fired early)
// and counts early fires.
func observeFire(sink opSink, due time.Time, early *atomic.Int64) {
	d := time.Since(due)
	if d < 0 {
		early.Add(1)
	}
	sink.Observe(d)
	sink.AddOps(1)
}

func runTimerStorm(ctx context.Context, sink opSink, creators, n int, delay time.Duration, afterFunc bool) {
	stop, release := pollStop(ctx)
	defer release()
	creators = max(1, min(creators, n))
	var early atomic.Int64
	defer func() { sink.Report("early_fires", float64(early.Load()), "timers") }()
	for !stop.Load() {
		var wg sync.WaitGroup
		var cw sync.WaitGroup
		stopped := make([][]*time.Timer, creators)
		for c := 0; c < creators; c++ {
			share := n / creators
			if c < n%creators {
				share++
			}
			cw.Add(1)
			go func(c, share int) {
				defer cw.Done()
				var own []*time.Timer
				for i := 0; i < share && !stop.Load(); i++ {
					due := time.Now().Add(delay)
					wg.Add(1)
					if afterFunc {
						own = append(own, time.AfterFunc(delay, func() {
							defer wg.Done()
							observeFire(sink, due, &early)
						}))
						continue
					}
					go func() {
						defer wg.Done()
						t := time.NewTimer(delay)
						defer t.Stop()
						select {
						case <-t.C:
							observeFire(sink, due, &early)
						case <-ctx.Done():
						}
					}()
				}
				stopped[c] = own
			}(c, share)
		}
		cw.Wait()
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			for _, own := range stopped {
				for _, t := range own {
					if t.Stop() {
						wg.Done()
					}
				}
			}
			<-done
			return
		}
	}
}

func runTimerVsHotChannel(ctx context.Context, sink opSink, spammers int, d time.Duration, withSyscall bool) error {
	var sys func() // a syscall that returns at once: entersyscall/exitsyscall
	if withSyscall {
		var release func()
		var err error
		if sys, release, err = quickSyscall(); err != nil {
			return err
		}
		defer release()
	}
	c := make(chan bool)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < max(1, spammers); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case c <- true:
					if sys != nil {
						sys()
					}
				case <-done:
					return
				}
			}
		}()
	}
	defer func() { close(done); wg.Wait() }()
	for ctx.Err() == nil {
		due := time.Now().Add(d)
		t := time.NewTimer(d)
	round:
		for {
			select {
			case <-c:
				if sys != nil {
					sys()
				}
			case <-t.C:
				sink.Observe(lateness(due))
				sink.AddOps(1)
				break round
			case <-ctx.Done():
				t.Stop()
				return nil
			}
		}
	}
	return nil
}
