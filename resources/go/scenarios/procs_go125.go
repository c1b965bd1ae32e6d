//go:build go1.25

package scenarios

import (
	"os"
	"runtime"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

// restoreProcs undoes a scenario's GOMAXPROCS change. On Go 1.25+ any
// explicit runtime.GOMAXPROCS call turns off the container-aware automatic
// updates, so when the environment did not set GOMAXPROCS the default (and
// its updates) is restored instead; the harness sees that change at its next
// observation.
func restoreProcs(env *stress.Env, prev int) {
	if _, set := os.LookupEnv("GOMAXPROCS"); !set {
		runtime.SetDefaultGOMAXPROCS()
		return
	}
	env.SetGOMAXPROCS(prev)
}
