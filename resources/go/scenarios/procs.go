package scenarios

// Process-wide settings a scenario changes for its run and restores after.

import (
	"runtime/debug"
)

// gcOff disables the GC when off is true and returns the restore func.
func gcOff(off bool) func() {
	if !off {
		return func() {}
	}
	prev := debug.SetGCPercent(-1)
	return func() { debug.SetGCPercent(prev) }
}
