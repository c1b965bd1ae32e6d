// Package scenarios is the catalog of GMP boundary scenarios bundled in gmpstress.
// Each group lives in its own file and registers its scenarios in init.
package scenarios

import (
	"sort"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

var catalog []stress.Scenario

func register(s ...stress.Scenario) { catalog = append(catalog, s...) }

// All returns every scenario, ordered by group then id.
func All() []stress.Scenario {
	out := append([]stress.Scenario(nil), catalog...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Group != out[j].Group {
			return out[i].Group < out[j].Group
		}
		return out[i].ID < out[j].ID
	})
	return out
}
