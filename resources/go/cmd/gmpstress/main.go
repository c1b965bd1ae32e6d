// Command gmpstress runs the bundled GMP scheduler stress scenarios with the
// harness protocol of resources/go/PROTOCOL.md.
package main

import (
	"github.com/gmp-workbench/gmp-workbench/resources/go/scenarios"
	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func main() { stress.Main(scenarios.All()...) }
