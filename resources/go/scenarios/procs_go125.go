//go:build go1.25

package scenarios

import (
	"os"
	"runtime"
)

// restoreProcs undoes a scenario's GOMAXPROCS change. On Go 1.25+ any
// explicit runtime.GOMAXPROCS call turns off the container-aware automatic
// updates, so when the environment did not set GOMAXPROCS the default (and
// its updates) is restored instead.
func restoreProcs(prev int) {
	if _, set := os.LookupEnv("GOMAXPROCS"); !set {
		runtime.SetDefaultGOMAXPROCS()
		return
	}
	runtime.GOMAXPROCS(prev)
}
