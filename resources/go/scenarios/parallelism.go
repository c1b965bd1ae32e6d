package scenarios

// Group parallelism: co-scheduling of runnable goroutines, goroutine
// creation, run-queue overflow and stealing, cross-P wakeups, spinning Ms,
// oversubscribed Ps and the goroutine-state metrics (docs/SCENARIOS.md B1–B8).

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(
		stress.Scenario{
			ID: "lockstep-parallelism", Group: "parallelism",
			Title: "Lockstep spinners: are runnable goroutines really co-scheduled?",
			Mechanism: "Concurrency long-lived goroutines pass a counter round-robin, each spinning call-free until it is " +
				"its turn. Handoffs are fast only while all of them run at once on separate Ps (and CPUs); with " +
				"fewer Ps than goroutines every handoff waits for a 10ms preemption. GC is off during the run (the " +
				"spinners would stall a STW). Ops are handoffs; op latency is the round time (3 turns each).",
			Source: "runtime TestGoroutineParallelism, TestGoroutineParallelism2 (proc_test.go); golang/go#10958, #45867",
			Params: []stress.Param{boolParam("gc-off", true, "disable the GC during the run, as the runtime test does"),
				boolParam("netpoll", false, "keep a goroutine parked in Accept on a loopback listener (TestGoroutineParallelism2's netpoll variant)")},
			Signals:  []string{"op latency p50/p99 (round time)", "ops_per_s (handoffs)", "/sched/threads/total:threads"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				defer gcOff(env.BoolParam("gc-off"))()
				if env.BoolParam("netpoll") {
					ln, err := net.Listen("tcp", "127.0.0.1:0")
					if err != nil {
						return err
					}
					done := make(chan struct{})
					go func() {
						defer close(done)
						for {
							c, err := ln.Accept()
							if err != nil {
								return
							}
							c.Close()
						}
					}()
					defer func() { ln.Close(); <-done }()
				}
				runLockstep(ctx, env, env.Concurrency)
				return nil
			},
		},
		stress.Scenario{
			ID: "spawn-chain-throughput", Group: "parallelism",
			Title: "Goroutine creation and exit along spawn chains",
			Mechanism: "Concurrency chains: each link spawns its successor and exits, exercising newproc onto the local " +
				"run queue, the per-P free-G cache and stack reuse. Ops are goroutines created.",
			Source:  "runtime BenchmarkCreateGoroutines, BenchmarkCreateGoroutinesParallel, BenchmarkCreateGoroutinesCapture (proc_test.go)",
			Params:  []stress.Param{intParam("capture", 0, 0, 4096, "bytes captured by each link's closure")},
			Signals: []string{"ops_per_s (goroutines/s)", "/sched/goroutines-created:goroutines", "/memory/classes/heap/stacks:bytes"},
			Run: func(ctx context.Context, env *stress.Env) error {
				runSpawnChains(ctx, env, env.Concurrency, env.IntParam("capture"))
				return nil
			},
		},
		stress.Scenario{
			ID: "single-producer-fanout", Group: "parallelism",
			IgnoresConcurrency: true,
			Title:              "One producer spawns bursts; other Ps must steal",
			Mechanism: "One goroutine spawns `burst` goroutines that each do `payload` of work, waits for all, " +
				"repeats. The local run queue holds 256 (plus runnext) and spills half to the global queue; other " +
				"Ps steal. Ops are goroutines completed; op latency is spawn-to-first-run delay. Concurrency is " +
				"not used (one producer).",
			Source: "runtime BenchmarkCreateGoroutinesSingle, TestSchedLocalQueue* (proc_test.go); runtime2.go runq [256]",
			Params: []stress.Param{intParam("burst", 1000, 1, 1_000_000, "goroutines per burst"),
				durParam("payload", 50*time.Microsecond, 0, 100*time.Millisecond, "busy work per goroutine")},
			Signals:  []string{"op latency p99 (spawn to run)", "/sched/latencies:seconds", "/sched/goroutines/runnable:goroutines", "trace: Ps that ran the Gs"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runFanout(ctx, env, env.IntParam("burst"), env.DurationParam("payload"))
				return nil
			},
		},
		stress.Scenario{
			ID: "burst-release", Group: "parallelism",
			Title: "A planted spike: many goroutines released at once",
			Mechanism: "Concurrency ticker goroutines wake every `tick` and spin 20µs, a steady background of short " +
				"scheduler waits. `burst` goroutines are parked on one channel from the start; `at` into the run one " +
				"goroutine closes it, so all of them become runnable within microseconds and each spins `payload`: " +
				"the run queues hold about burst × payload / GOMAXPROCS of work, and the window holding `at` spikes in " +
				"scheduler latency. Ops are ticks and released goroutines; op latency is release-to-first-run delay. " +
				"Used to check the spike drill-down against a known cause.",
			Source: "runtime TestSchedLocalQueue* (proc_test.go), runtime2.go runq [256]; closechan readies every waiter (chan.go)",
			Params: []stress.Param{intParam("burst", 2000, 1, 1_000_000, "goroutines released at once"),
				durParam("at", 500*time.Millisecond, 0, time.Hour, "when the burst is released, from the start of the measured window"),
				durParam("payload", 100*time.Microsecond, 0, 100*time.Millisecond, "busy work per released goroutine"),
				durParam("tick", time.Millisecond, 100*time.Microsecond, time.Second, "period of each ticker goroutine")},
			Signals:  []string{"trace: the spike window (windows[].spike) at `at`", "unblocked waits, one unblocker (the closer)", "/sched/goroutines/runnable:goroutines"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runBurstRelease(ctx, env, env.Concurrency, env.IntParam("burst"), env.DurationParam("at"), env.DurationParam("payload"), env.DurationParam("tick"))
				return nil
			},
		},
		stress.Scenario{
			ID: "wakeup-latency-slope", Group: "parallelism",
			IgnoresConcurrency: true,
			Title:              "Cross-P wakeup cost against spin delay",
			Mechanism: "Two goroutines alternate over unbuffered channels, each spinning `delay` (+5µs) before it " +
				"signals the other. Serialized on one P a delay step of N adds 4N per iteration; in parallel it adds " +
				"2N; the intercept is the wakeup overhead. Run several delays and fit the slope. Ops are " +
				"iterations; op latency is the iteration time. Concurrency is not used (one pair).",
			Source:   "runtime benchmarkWakeupParallel, BenchmarkWakeupParallelSpinning/Syscall (proc_test.go)",
			Params:   []stress.Param{durParam("delay", 10*time.Microsecond, 0, 10*time.Millisecond, "spin delay d")},
			Signals:  []string{"op latency p50 (ns/iteration) across delays", "/sched/latencies:seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runWakeupSlope(ctx, env, env.DurationParam("delay"))
				return nil
			},
		},
		stress.Scenario{
			ID: "spinning-m-churn", Group: "parallelism",
			Title: "Tiny tasks with gaps: spinning Ms wake for nothing",
			Mechanism: "A dispatcher hands `task` sized tasks to concurrency workers over a channel with `gap` between " +
				"sends, so Ps go idle between tasks and each send wakes one (futex), which often finds nothing. " +
				"Compare CPU per task across GOMAXPROCS. Ops are tasks; op latency is send-to-start delay.",
			Source: "golang/go#54622, #43997, #18237",
			Params: []stress.Param{durParam("task", 5*time.Microsecond, 0, 10*time.Millisecond, "busy work per task"),
				durParam("gap", 50*time.Microsecond, 0, 100*time.Millisecond, "dispatcher sleep between tasks")},
			Signals:  []string{"/cpu/classes/user:cpu-seconds per op", "/cpu/classes/idle:cpu-seconds", "op latency p99", "cpu profile: findRunnable, stealWork, futex"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runSpinningChurn(ctx, env, env.Concurrency, env.DurationParam("task"), env.DurationParam("gap"))
				return nil
			},
		},
		stress.Scenario{
			ID: "gomaxprocs-oversubscribe", Group: "parallelism",
			Title: "Many more Ps than CPUs",
			Mechanism: "Meant for a GOMAXPROCS well above NumCPU (suggested: 4 × NumCPU, at most 1024): " +
				"concurrency workers do 200 call-free iterations then Gosched. Work stealing scans many Ps; Ms " +
				"are preempted by the OS. Ops are work items. At GOMAXPROCS ≤ NumCPU nothing is oversubscribed " +
				"and the run says so in a note.",
			Source:              "golang/go#28808; runtime TestBigGOMAXPROCS (proc_test.go)",
			SuggestedGOMAXPROCS: min(4*runtime.NumCPU(), 1024),
			Signals:             []string{"ops_per_s", "/sched/latencies:seconds", "/sched/threads/total:threads", "cpu profile: stealWork, runqgrab"},
			Run: func(ctx context.Context, env *stress.Env) error {
				if p, n := runtime.GOMAXPROCS(0), runtime.NumCPU(); p <= n {
					env.Note(fmt.Sprintf("GOMAXPROCS %d is not above NumCPU %d: the Ps are not oversubscribed", p, n))
				}
				runOversubscribe(ctx, env, env.Concurrency)
				return nil
			},
		},
		stress.Scenario{
			ID: "sched-metrics-selfcheck", Group: "parallelism",
			IgnoresConcurrency: true,
			Title:              "Goroutine-state metrics against a known population",
			Mechanism: "Starts `spinners` busy goroutines, `blocked` goroutines parked on a channel and `syscalls` " +
				"goroutines in a blocking read on a pipe, then samples /sched/goroutines/* every 10ms and checks " +
				"them against the known population with the runtime test's slack (running ≤ GOMAXPROCS, waiting ≥ " +
				"blocked, not-in-go ≥ syscalls). Ops are samples that passed; failed samples are errors only " +
				"when `strict` is set. Needs Go 1.26 metrics, else ops stay 0. Concurrency is not used.",
			Source: "runtime testprog SchedMetrics, TestNumGoroutine (proc_test.go)",
			Params: []stress.Param{intParam("spinners", 10, 0, 1000, "busy goroutines"), intParam("blocked", 1000, 0, 1_000_000, "goroutines parked on a channel"),
				intParam("syscalls", 10, 0, 1000, "goroutines in a blocking pipe read"), boolParam("strict", false, "report failed samples as errors")},
			Signals: []string{"/sched/goroutines/running:goroutines", "/sched/goroutines/runnable:goroutines", "/sched/goroutines/waiting:goroutines",
				"/sched/goroutines/not-in-go:goroutines", "/sched/threads/total:threads"},
			Run: func(ctx context.Context, env *stress.Env) error {
				return runSelfCheck(ctx, env, env.IntParam("spinners"), env.IntParam("blocked"), env.IntParam("syscalls"), env.BoolParam("strict"))
			},
		},
	)
}

func runLockstep(ctx context.Context, env *stress.Env, p int) {
	stop, release := stopFlag(ctx)
	defer release()
	var x atomic.Uint64
	var wg sync.WaitGroup
	const passes = 3 // a round: every goroutine takes its turn this many times
	for g := 0; g < p; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			t0 := time.Now()
			for n := uint64(g); ; n += uint64(p) {
				for x.Load() != n { // call-free spin: progress needs all of them running at once
					if stop.Load() {
						return
					}
				}
				if stop.Load() { // a lone goroutine (concurrency 1) never waits above
					return
				}
				x.Store(n + 1)
				env.AddOps(1)
				if g == 0 && n > 0 && n%uint64(passes*p) == 0 {
					now := time.Now()
					env.Observe(now.Sub(t0))
					t0 = now
				}
			}
		}(g)
	}
	wg.Wait()
}

func runSpawnChains(ctx context.Context, env *stress.Env, chains, capture int) {
	stop, release := stopFlag(ctx)
	defer release()
	var live sync.WaitGroup
	var hop func(buf []byte)
	hop = func(buf []byte) {
		defer live.Done()
		if stop.Load() {
			return
		}
		live.Add(1)
		go hop(buf)
		env.AddOps(1)
	}
	for i := 0; i < chains; i++ {
		live.Add(1)
		go hop(make([]byte, capture))
	}
	<-ctx.Done()
	live.Wait()
}

func runFanout(ctx context.Context, env *stress.Env, burst int, payload time.Duration) {
	var wg sync.WaitGroup
	for ctx.Err() == nil {
		wg.Add(burst)
		for i := 0; i < burst; i++ {
			t0 := time.Now()
			go func() {
				env.Observe(time.Since(t0))
				if payload > 0 {
					spinFor(payload)
				}
				env.AddOps(1)
				wg.Done()
			}()
		}
		wg.Wait()
	}
}

// runBurstRelease keeps tickers running and releases burst parked goroutines
// at once, at `at`: the planted spike (closechan readies every waiter in one go).
func runBurstRelease(ctx context.Context, env *stress.Env, tickers, burst int, at, payload, tick time.Duration) {
	var wg sync.WaitGroup
	for i := 0; i < tickers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(tick)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					spinFor(20 * time.Microsecond)
					env.AddOps(1)
				}
			}
		}()
	}
	release := make(chan struct{})
	var releasedAt atomic.Int64
	wg.Add(burst)
	for i := 0; i < burst; i++ {
		go func() {
			defer wg.Done()
			select {
			case <-ctx.Done():
				return
			case <-release:
			}
			env.Observe(time.Duration(time.Now().UnixNano() - releasedAt.Load()))
			if payload > 0 {
				spinFor(payload)
			}
			env.AddOps(1)
		}()
	}
	select {
	case <-ctx.Done():
	case <-time.After(at):
		releasedAt.Store(time.Now().UnixNano())
		close(release)
	}
	wg.Wait()
}

func runWakeupSlope(ctx context.Context, env *stress.Env, d time.Duration) {
	const wake = 5 * time.Microsecond
	ping, pong := make(chan struct{}), make(chan struct{})
	done := ctx.Done()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // A: sender first
		defer wg.Done()
		for {
			spinFor(d + wake)
			select {
			case ping <- struct{}{}:
			case <-done:
				return
			}
			spinFor(d)
			select {
			case <-pong:
			case <-done:
				return
			}
		}
	}()
	for { // B: receiver first
		t0 := time.Now()
		spinFor(d)
		select {
		case <-ping:
		case <-done:
			wg.Wait()
			return
		}
		spinFor(d + wake)
		select {
		case pong <- struct{}{}:
		case <-done:
			wg.Wait()
			return
		}
		env.Observe(time.Since(t0))
		env.AddOps(1)
	}
}

func runSpinningChurn(ctx context.Context, env *stress.Env, workers int, task, gap time.Duration) {
	tasks := make(chan time.Time)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sent := range tasks {
				env.Observe(time.Since(sent))
				if task > 0 {
					spinFor(task)
				}
				env.AddOps(1)
			}
		}()
	}
	for ctx.Err() == nil {
		select {
		case tasks <- time.Now():
		case <-ctx.Done():
		}
		if gap > 0 {
			time.Sleep(gap)
		}
	}
	close(tasks)
	wg.Wait()
}

func runOversubscribe(ctx context.Context, env *stress.Env, workers int) {
	stop, release := stopFlag(ctx)
	defer release()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var n int64
			for !stop.Load() {
				burnSink.Add(burn(200))
				n++
				if n == 64 {
					env.AddOps(n)
					n = 0
				}
				runtime.Gosched()
			}
			env.AddOps(n)
		}()
	}
	wg.Wait()
}

func runSelfCheck(ctx context.Context, env *stress.Env, spinners, blocked, syscalls int, strict bool) error {
	stop, release := stopFlag(ctx)
	defer release()
	var wg sync.WaitGroup
	for i := 0; i < spinners; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				spinFor(100 * time.Microsecond)
				runtime.Gosched()
			}
		}()
	}
	block := make(chan struct{})
	for i := 0; i < blocked; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); <-block }()
	}
	var pr, pw *os.File
	if syscalls > 0 {
		var err error
		if pr, pw, err = os.Pipe(); err != nil {
			close(block)
			return err
		}
		fd := pr.Fd() // switches the read end to blocking mode: reads park the thread, not the G
		for i := 0; i < syscalls; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); blockingRead(fd, make([]byte, 1)) }()
		}
	}
	names := []string{"/sched/goroutines/running:goroutines", "/sched/goroutines/waiting:goroutines",
		"/sched/goroutines/not-in-go:goroutines"}
	samples := make([]metrics.Sample, len(names))
	for i, n := range names {
		samples[i].Name = n
	}
	var firstErr error
	// Let the population settle, then sample every 10ms (first sample at once,
	// so a short or starved run still gets one).
	for ok := sleepCtx(ctx, 5*time.Millisecond); ok; ok = sleepCtx(ctx, 10*time.Millisecond) {
		metrics.Read(samples)
		if samples[0].Value.Kind() != metrics.KindUint64 {
			continue // before Go 1.26
		}
		running, waiting, notInGo := samples[0].Value.Uint64(), samples[1].Value.Uint64(), samples[2].Value.Uint64()
		procs := uint64(runtime.GOMAXPROCS(0))
		const slack = 4
		pass := running <= procs+slack && waiting+slack+2*procs >= uint64(blocked) && notInGo+slack >= uint64(syscalls)
		if pass {
			env.AddOps(1)
		} else if strict && firstErr == nil {
			firstErr = &selfCheckErr{running, waiting, notInGo}
		}
	}
	stop.Store(true)
	close(block)
	if pw != nil {
		pw.Close()
	}
	wg.Wait()
	if pr != nil {
		pr.Close()
	}
	return firstErr
}

type selfCheckErr struct{ running, waiting, notInGo uint64 }

func (e *selfCheckErr) Error() string {
	return fmt.Sprintf("goroutine-state metrics out of range: running=%d waiting=%d not-in-go=%d",
		e.running, e.waiting, e.notInGo)
}
