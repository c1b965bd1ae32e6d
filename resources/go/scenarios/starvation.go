package scenarios

// A goroutine that stays runnable for most of the window next to channel
// ping-pong pairs: the starvation class of golang/go#52934, seen as
// goroutines "runnable for the whole trace" (docs/SCENARIOS.md, group A).

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(stress.Scenario{
		ID: "pingpong-pairs-starvation", Group: "preemption",
		Title: "Channel ping-pong pairs starve a goroutine in the global run queue",
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
		Run: func(ctx context.Context, env *stress.Env) error {
			runPairsStarvation(ctx, env, env.IntParam("pairs"))
			return nil
		},
	})
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
