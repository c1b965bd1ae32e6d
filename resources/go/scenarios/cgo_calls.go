//go:build cgo && gmpcgo

package scenarios

// F7 cgo-call-storm (optional). Built only with `-tags gmpcgo` and cgo
// enabled: a cgo file turns the whole binary into a cgo binary, whose extra M
// changes other scenarios (the deadlock detector, thread counts), so the
// default build leaves it out.

/*
#include <unistd.h>
static void gmpwb_nap(int us) { if (us > 0) usleep(us); }
*/
import "C"

import (
	"context"
	"sync"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(stress.Scenario{
		ID:    "cgo-call-storm",
		Group: "syscalls",
		Title: "Many cgo calls, short or sleeping",
		Mechanism: "Concurrency goroutines call a C function in a loop: empty (sleep-us=0) or usleep(sleep-us). " +
			"For the scheduler a cgo call is like a syscall: the M runs C code, its P can be retaken by sysmon " +
			"and handed off, so long calls pin one thread each while short ones pay the entersyscall/" +
			"exitsyscall transition. Ops are C calls; op latency is each call's wall time.",
		Source: "golang/go#19574 (performance problem with many cgo calls), #57103; /cgo/go-to-c-calls:calls",
		Params: []stress.Param{
			intParam("sleep-us", 0, 0, 100000, "microseconds the C function sleeps; 0 = empty call"),
		},
		Signals: []string{"/cgo/go-to-c-calls:calls", "/sched/goroutines/not-in-go:goroutines",
			"/sched/threads/total:threads", "ops_per_s", "op latency p50 (ns per call)"},
		TimesOps: true,
		Run: func(ctx context.Context, env *stress.Env) error {
			runCgoCalls(ctx, env, env.Concurrency, env.IntParam("sleep-us"))
			return nil
		},
	})
}

func runCgoCalls(ctx context.Context, sink opSink, workers, sleepUs int) {
	stop, release := pollStop(ctx)
	defer release()
	var wg sync.WaitGroup
	for i := 0; i < max(1, workers); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := opBatch{sink: sink}
			defer batch.flush()
			for !stop.Load() {
				t0 := time.Now()
				C.gmpwb_nap(C.int(sleepUs))
				sink.Observe(time.Since(t0))
				batch.add()
			}
		}()
	}
	wg.Wait()
}
