package scenarios

// Group channels: direct handoff on unbuffered channels, buffered
// producer/consumer, contended select, and long sudog wait queues
// (docs/SCENARIOS.md C1–C4).

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(
		stress.Scenario{
			ID: "chan-sync-pingpong", Group: "channels",
			Title: "Round trips over an unbuffered channel",
			Mechanism: "Concurrency pairs: a driver sends a value on an unbuffered channel and an echo goroutine sends " +
				"it back. The sender copies straight to the parked receiver and goready puts it in runnext; with " +
				"more Ps wakep may let another P steal it. Ops are round trips (every value is checked); op " +
				"latency is the round-trip time (1 in 8 sampled).",
			Source:   "runtime BenchmarkChanSync (chan_test.go)",
			Signals:  []string{"op latency p50 (round trip)", "ops_per_s", "/sched/latencies:seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				return runChanPingPong(ctx, env, env.Concurrency)
			},
		},
		stress.Scenario{
			ID: "chan-prodcons-buffer", Group: "channels",
			Title: "Producers and consumers on one channel, by buffer size",
			Mechanism: "Concurrency producers and concurrency consumers share one channel of capacity `capacity`; " +
				"each item costs `work` call-free iterations to produce. A larger buffer amortizes park/unpark. " +
				"Ops are items consumed.",
			Source: "runtime BenchmarkChanProdCons0/10/100, BenchmarkChanProdConsWork* (chan_test.go)",
			Params: []stress.Param{intParam("capacity", 0, 0, 1_000_000, "channel buffer size"),
				intParam("work", 0, 0, 1_000_000, "call-free iterations per produced item")},
			Signals: []string{"ops_per_s", "block profile (chan send/recv)", "/sched/goroutines/waiting:goroutines", "/sched/latencies:seconds"},
			Run: func(ctx context.Context, env *stress.Env) error {
				runProdCons(ctx, env, env.Concurrency, env.IntParam("capacity"), env.IntParam("work"))
				return nil
			},
		},
		stress.Scenario{
			ID: "select-contended", Group: "channels",
			Title: "Select on a shared channel versus private channels",
			Mechanism: "Concurrency goroutines each send 100 values then receive 100 through a select with a second, " +
				"never-ready channel. mode=shared uses one buffered channel for all (its lock is contended); " +
				"mode=private gives each its own. Ops are channel operations.",
			Source:  "runtime BenchmarkSelectSyncContended/AsyncContended/Uncontended, BenchmarkChanContended (chan_test.go); PR #68578",
			Params:  []stress.Param{enumParam("mode", "shared", []string{"shared", "private"}, "one shared channel or one per goroutine")},
			Signals: []string{"ops_per_s across GOMAXPROCS", "/sync/mutex/wait/total:seconds", "cpu profile: runtime.lock2, futex"},
			Run: func(ctx context.Context, env *stress.Env) error {
				runSelectContended(ctx, env, env.Concurrency, env.Param("mode") == "shared")
				return nil
			},
		},
		stress.Scenario{
			ID: "chan-popular-fanin", Group: "channels",
			IgnoresConcurrency: true,
			Title:              "Many selectors parked on one popular channel",
			Mechanism: "`selectors` goroutines each select on a shared channel (never sent to) and their own channel; " +
				"the driver sends on every own channel in turn. Each wake dequeues a sudog from the shared " +
				"channel's long wait queue and re-enqueues it. Ops are rounds; op latency is the round time. " +
				"Concurrency is not used (see `selectors`).",
			Source:   "runtime BenchmarkChanPopular (chan_test.go)",
			Params:   []stress.Param{intParam("selectors", 1000, 1, 1_000_000, "parked selectors")},
			Signals:  []string{"op latency p50 (round)", "/sched/goroutines/waiting:goroutines", "cpu profile: runtime.selectgo"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runChanPopular(ctx, env, env.IntParam("selectors"))
				return nil
			},
		},
	)
}

type chanEchoErr struct{ want, got int }

func (e chanEchoErr) Error() string {
	return fmt.Sprintf("echo mismatch: sent %d, got %d", e.want, e.got)
}

// The channel scenarios poll ctx.Done (pollStop) rather than use stopFlag: their loops make runtime
// calls anyway, and polling stops a pair that hands its P back and forth through runnext without
// waiting for the AfterFunc goroutine to be scheduled.
func runChanPingPong(ctx context.Context, env *stress.Env, pairs int) error {
	stop, release := pollStop(ctx)
	defer release()
	var wg sync.WaitGroup
	errs := make(chan error, pairs)
	for p := 0; p < pairs; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := make(chan int)
			go func() {
				for v := range c {
					c <- v
				}
			}()
			defer close(c)
			var n int64
			for i := 0; !stop.Load(); i++ {
				timed := i&7 == 0
				var t0 time.Time
				if timed {
					t0 = time.Now()
				}
				c <- i
				if v := <-c; v != i {
					errs <- chanEchoErr{i, v}
					return
				}
				if timed {
					env.Observe(time.Since(t0))
				}
				if n++; n == 128 {
					env.AddOps(n)
					n = 0
				}
			}
			env.AddOps(n)
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func runProdCons(ctx context.Context, env *stress.Env, pairs, capacity, work int) {
	stop, release := pollStop(ctx)
	defer release()
	c := make(chan uint64, capacity)
	var prod, cons sync.WaitGroup
	for p := 0; p < pairs; p++ {
		prod.Add(1)
		go func() {
			defer prod.Done()
			for !stop.Load() {
				c <- burn(work)
			}
		}()
		cons.Add(1)
		go func() {
			defer cons.Done()
			var n int64
			for v := range c {
				_ = v
				if n++; n == 256 {
					env.AddOps(n)
					n = 0
				}
			}
			env.AddOps(n)
		}()
	}
	prod.Wait()
	close(c)
	cons.Wait()
}

func runSelectContended(ctx context.Context, env *stress.Env, workers int, shared bool) {
	stop, release := pollStop(ctx)
	defer release()
	common := make(chan int, 100*workers)
	never := make(chan int)
	var wg sync.WaitGroup
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := common
			if !shared {
				c = make(chan int, 100)
			}
			for !stop.Load() {
				for i := 0; i < 100; i++ {
					select {
					case c <- i:
					case <-never:
					}
				}
				for i := 0; i < 100; i++ {
					select {
					case <-c:
					case <-never:
					}
				}
				env.AddOps(200)
			}
		}()
	}
	wg.Wait()
}

func runChanPopular(ctx context.Context, env *stress.Env, n int) {
	shared := make(chan bool)
	own := make([]chan bool, n)
	var wg sync.WaitGroup
	for i := range own {
		own[i] = make(chan bool)
		wg.Add(1)
		go func(d chan bool) {
			defer wg.Done()
			for {
				select {
				case <-shared:
				case _, ok := <-d:
					if !ok {
						return
					}
				}
			}
		}(own[i])
	}
	for ctx.Err() == nil {
		t0 := time.Now()
		for _, d := range own {
			d <- true
		}
		env.Observe(time.Since(t0))
		env.AddOps(1)
	}
	for _, d := range own {
		close(d)
	}
	wg.Wait()
}
