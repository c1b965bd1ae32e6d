package scenarios

// Process-wide settings a scenario changes for its run and restores after.

import (
	"runtime"
	"runtime/debug"
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
