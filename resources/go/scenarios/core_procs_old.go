//go:build !go1.25

package scenarios

import "runtime"

// coreRestoreProcs undoes a scenario's GOMAXPROCS change (before Go 1.25 there
// are no automatic updates to preserve).
func coreRestoreProcs(prev int) { runtime.GOMAXPROCS(prev) }
