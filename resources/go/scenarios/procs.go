package scenarios

// Process-wide settings a scenario changes for its run and restores after.

import (
	"context"
	"runtime"
	"runtime/debug"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

// setProcs sets GOMAXPROCS to n when n > 0 and returns the restore func.
func setProcs(n int) func() {
	if n <= 0 || n == runtime.GOMAXPROCS(0) {
		return func() {}
	}
	prev := runtime.GOMAXPROCS(n)
	return func() { restoreProcs(prev) }
}

// gcOff disables the GC when off is true and returns the restore func.
func gcOff(off bool) func() {
	if !off {
		return func() {}
	}
	prev := debug.SetGCPercent(-1)
	return func() { debug.SetGCPercent(prev) }
}

// withProcs makes the Run of a scenario that declares procsParam: GOMAXPROCS
// is set from "procs" for the run and restored after.
func withProcs(run func(ctx context.Context, env *stress.Env)) func(context.Context, *stress.Env) error {
	return func(ctx context.Context, env *stress.Env) error {
		defer setProcs(env.IntParam("procs"))()
		run(ctx, env)
		return nil
	}
}
