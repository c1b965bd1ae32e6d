package scenarios

// Small building blocks shared by the sync, timers, syscalls, gc and
// containers groups. Names carry a "kit" prefix so they cannot collide with
// helpers of the other groups in this package.

import (
	"context"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

// opSink is the part of *stress.Env a workload writes to. Tests pass their own
// sink to see every sample exactly.
type opSink interface {
	AddOps(n int64)
	Observe(d time.Duration)
}

// kitFlag reports whether a context is done by polling its Done channel
// without blocking. Hot loops call Load instead of ctx.Err(); unlike a flag set
// from context.AfterFunc it does not wait for another goroutine to be
// scheduled, which on saturated Ps can take a time slice or more.
type kitFlag struct{ done <-chan struct{} }

func (f *kitFlag) Load() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// kitStop returns the stop flag of ctx. release is kept for symmetry with
// callers that defer it; it has nothing to free.
func kitStop(ctx context.Context) (stop *kitFlag, release func()) {
	return &kitFlag{done: ctx.Done()}, func() {}
}

// kitSink keeps burn results observable so the compiler cannot drop the loops.
var kitSink atomic.Uint64

// kitBurn does n call-free iterations of integer work. Only asynchronous
// (signal) preemption can interrupt it.
func kitBurn(n int) uint64 {
	x := uint64(n) | 1
	for i := 0; i < n; i++ {
		x += uint64(i) ^ (x >> 3)
	}
	return x
}

// kitSpin busy-waits for d. It calls time.Now, so it has cooperative
// preemption points.
func kitSpin(d time.Duration) {
	for t0 := time.Now(); time.Since(t0) < d; {
	}
}

// kitSpinUntil busy-waits for d or until stop is set.
func kitSpinUntil(d time.Duration, stop *kitFlag) {
	for t0 := time.Now(); time.Since(t0) < d && !stop.Load(); {
	}
}

// kitSleepCtx sleeps for d or until ctx is done; it reports whether the full
// sleep happened.
func kitSleepCtx(ctx context.Context, d time.Duration) bool {
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

// kitPerProcs maps the -1 default of a goroutine-count parameter to
// 2×GOMAXPROCS, enough to keep every P busy.
func kitPerProcs(n int) int {
	if n < 0 {
		return 2 * runtime.GOMAXPROCS(0)
	}
	return n
}

// Parameter constructors keep the declarations short and uniform.

func kitInt(name string, def, min, max int, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Int, Default: strconv.Itoa(def),
		Min: strconv.Itoa(min), Max: strconv.Itoa(max), Help: help}
}

func kitFloat(name string, def, min, max float64, help string) stress.Param {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return stress.Param{Name: name, Type: stress.Float, Default: f(def), Min: f(min), Max: f(max), Help: help}
}

func kitDur(name string, def, min, max time.Duration, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Duration, Default: def.String(),
		Min: min.String(), Max: max.String(), Help: help}
}

func kitBool(name string, def bool, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Bool, Default: strconv.FormatBool(def), Help: help}
}

func kitEnum(name, def string, choices []string, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Enum, Default: def, Choices: choices, Help: help}
}

func kitString(name, def, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.String, Default: def, Help: help}
}

// kitOpBatch counts ops locally and flushes them to the sink in batches, so a
// hot loop does not contend on the shared counter.
type kitOpBatch struct {
	sink opSink
	n    int64
}

func (b *kitOpBatch) add() {
	b.n++
	if b.n >= 256 {
		b.flush()
	}
}

func (b *kitOpBatch) flush() {
	if b.n > 0 {
		b.sink.AddOps(b.n)
		b.n = 0
	}
}
