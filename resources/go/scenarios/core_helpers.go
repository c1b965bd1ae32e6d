package scenarios

// Helpers for the preemption, parallelism, channels and lifecycle groups.
// Names carry a "core" prefix so they cannot collide with the other groups' kit.

import (
	"context"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

// coreSink keeps loop results observable so the compiler keeps the loops.
var coreSink atomic.Uint64

// coreStop returns a flag that turns true when ctx ends; hot loops poll it with
// an (inlined, call-free) atomic load.
func coreStop(ctx context.Context) (*atomic.Bool, func()) {
	stop := new(atomic.Bool)
	if ctx.Err() != nil {
		stop.Store(true)
		return stop, func() {}
	}
	un := context.AfterFunc(ctx, func() { stop.Store(true) })
	return stop, func() { un() }
}

// coreBurn does n call-free iterations; only async preemption can interrupt it
// (the compiler inlines it, and the loop has no calls).
func coreBurn(n int) uint64 {
	x := uint64(n) | 1
	for i := 0; i < n; i++ {
		x += uint64(i) ^ (x >> 3)
	}
	return x
}

// coreItersPerMs measures how many coreBurn iterations take about 1ms here.
func coreItersPerMs() int {
	n := 1 << 14
	for {
		t0 := time.Now()
		coreSink.Add(coreBurn(n))
		if el := time.Since(t0); el >= 2*time.Millisecond {
			v := int(float64(n) / (float64(el) / float64(time.Millisecond)))
			if v < 1 {
				v = 1
			}
			return v
		}
		n *= 2
	}
}

// coreSpin busy-waits d; it calls time.Now, so it has cooperative preemption points.
func coreSpin(d time.Duration) {
	for t0 := time.Now(); time.Since(t0) < d; {
	}
}

// coreProcs sets GOMAXPROCS to n when n > 0 and returns the restore func.
func coreProcs(n int) func() {
	if n <= 0 || n == runtime.GOMAXPROCS(0) {
		return func() {}
	}
	prev := runtime.GOMAXPROCS(n)
	return func() { coreRestoreProcs(prev) }
}

// coreGCOff disables the GC when off is true and returns the restore func.
func coreGCOff(off bool) func() {
	if !off {
		return func() {}
	}
	prev := debug.SetGCPercent(-1)
	return func() { debug.SetGCPercent(prev) }
}

// coreSleep sleeps d or until ctx ends; it reports whether the whole sleep happened.
func coreSleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func coreInt(name string, def, min, max int, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Int, Default: strconv.Itoa(def), Min: strconv.Itoa(min),
		Max: strconv.Itoa(max), Help: help}
}

func coreDur(name string, def, min, max time.Duration, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Duration, Default: def.String(), Min: min.String(),
		Max: max.String(), Help: help}
}

func coreBool(name string, def bool, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Bool, Default: strconv.FormatBool(def), Help: help}
}

func coreEnum(name, def string, choices []string, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Enum, Default: def, Choices: choices, Help: help}
}

// coreProcsParam is the common "procs" knob: GOMAXPROCS for the run, 0 = leave.
func coreProcsParam(def int) stress.Param {
	return coreInt("procs", def, 0, 1024,
		"GOMAXPROCS during the run (set with runtime.GOMAXPROCS and restored after); 0 leaves it as the environment set it")
}
