package scenarios

// CPU work, waits and op counting shared by the scenarios.

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// burnSink keeps burn results observable so the compiler cannot drop the loops.
var burnSink atomic.Uint64

// burn does n call-free iterations of integer work. The compiler inlines it
// and the loop has no calls, so only asynchronous (signal) preemption can
// interrupt it.
func burn(n int) uint64 {
	x := uint64(n) | 1
	for i := 0; i < n; i++ {
		x += uint64(i) ^ (x >> 3)
	}
	return x
}

// calibrationSamples is how many timed runs of burn burnItersPerMs takes the best of.
const calibrationSamples = 5

// burnItersPerMs measures how many burn iterations take about 1ms here: the
// fastest of several samples of at least 2ms each. A sample the OS interrupts
// only reads slower (a loaded machine: a 600ms burst sized from one such
// sample ran 63ms), so the fastest is the closest to the CPU's own speed.
func burnItersPerMs() int {
	n := 1 << 14
	for {
		t0 := time.Now()
		burnSink.Add(burn(n))
		if time.Since(t0) >= 2*time.Millisecond {
			break
		}
		n *= 2
	}
	best := 1
	for i := 0; i < calibrationSamples; i++ {
		t0 := time.Now()
		burnSink.Add(burn(n))
		if v := int(float64(n) / (float64(time.Since(t0)) / float64(time.Millisecond))); v > best {
			best = v
		}
	}
	return best
}

// spinFor busy-waits for d. It calls time.Now, so it has cooperative
// preemption points.
func spinFor(d time.Duration) {
	for t0 := time.Now(); time.Since(t0) < d; {
	}
}

// spinUntil busy-waits for d or until stop is set.
func spinUntil(d time.Duration, stop *pollFlag) {
	for t0 := time.Now(); time.Since(t0) < d && !stop.Load(); {
	}
}

// sleepCtx sleeps for d or until ctx is done; it reports whether the full
// sleep happened.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// perProcs maps the -1 default of a goroutine-count parameter to
// 2×GOMAXPROCS, enough to keep every P busy.
func perProcs(n int) int {
	if n < 0 {
		return 2 * runtime.GOMAXPROCS(0)
	}
	return n
}

// churnGoroutines starts short-lived goroutines that run body, at most
// inflight at a time, until ctx ends, then waits for them. Each is an op; its
// latency is from just before its spawn to the end of body.
func churnGoroutines(ctx context.Context, sink opSink, inflight int, body func()) {
	tokens := make(chan struct{}, max(1, inflight))
	var wg sync.WaitGroup
	for ctx.Err() == nil {
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		t0 := time.Now()
		wg.Add(1)
		go func() {
			defer wg.Done()
			body()
			sink.Observe(time.Since(t0))
			sink.AddOps(1)
			<-tokens
		}()
	}
	wg.Wait()
}

// opSink is the part of *stress.Env a workload writes to. Tests pass their own
// sink to see every sample exactly.
type opSink interface {
	AddOps(n int64)
	Observe(d time.Duration)
	Report(name string, value float64, unit string)
	Note(msg string)
	// SetCPULimit sets the limit of the process's own cgroup, in cores (0: none),
	// as the harness records it (stress.Env.SetCPULimit).
	SetCPULimit(cores float64) error
}

// opBatch counts ops locally and flushes them to the sink in batches, so a
// hot loop does not contend on the shared counter.
type opBatch struct {
	sink opSink
	n    int64
}

func (b *opBatch) add() {
	b.n++
	if b.n >= 256 {
		b.flush()
	}
}

func (b *opBatch) flush() {
	if b.n > 0 {
		b.sink.AddOps(b.n)
		b.n = 0
	}
}
