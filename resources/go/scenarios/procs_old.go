//go:build !go1.25

package scenarios

import "runtime"

// restoreProcs undoes a scenario's GOMAXPROCS change (before Go 1.25 there
// are no automatic updates to preserve).
func restoreProcs(prev int) { runtime.GOMAXPROCS(prev) }
