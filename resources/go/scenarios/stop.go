package scenarios

// Two ways for a hot loop to see that its context ended. They differ on
// purpose; pick by what the loop must guarantee.

import (
	"context"
	"sync/atomic"
)

// stopFlag returns a flag that turns true when ctx ends; hot loops poll it with
// an inlined, call-free atomic load, so a loop that polls it stays call-free
// (the preemption scenarios need that). The flag is set by a goroutine
// (context.AfterFunc), which on saturated Ps may run a time slice late.
func stopFlag(ctx context.Context) (*atomic.Bool, func()) {
	stop := new(atomic.Bool)
	if ctx.Err() != nil {
		stop.Store(true)
		return stop, func() {}
	}
	un := context.AfterFunc(ctx, func() { stop.Store(true) })
	return stop, func() { un() }
}

// pollFlag reports whether a context is done by polling its Done channel
// without blocking. Unlike stopFlag it does not wait for another goroutine to
// be scheduled, so loops on saturated Ps stop promptly; each Load is a runtime
// call (a cooperative preemption point).
type pollFlag struct{ done <-chan struct{} }

func (f *pollFlag) Load() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// pollStop returns the polling stop flag of ctx. release is kept for symmetry
// with stopFlag; it has nothing to free.
func pollStop(ctx context.Context) (stop *pollFlag, release func()) {
	return &pollFlag{done: ctx.Done()}, func() {}
}
