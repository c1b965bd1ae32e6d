//go:build !go1.25

package scenarios

import "github.com/gmp-workbench/gmp-workbench/resources/go/stress"

// restoreProcs undoes a scenario's GOMAXPROCS change (before Go 1.25 there
// are no automatic updates to preserve).
func restoreProcs(env *stress.Env, prev int) { env.SetGOMAXPROCS(prev) }
