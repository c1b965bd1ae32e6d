// Shared by the test programs: buildProg copies this file next to each
// program's main.go (every toolchain from Go 1.21 must build it).
package main

import (
	"os"
	"runtime/trace"
	"time"
)

// traceTo starts an execution trace written to path; the returned func stops
// it and closes the file.
func traceTo(path string) (stop func()) {
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	if err := trace.Start(f); err != nil {
		panic(err)
	}
	return func() {
		trace.Stop()
		if err := f.Close(); err != nil {
			panic(err)
		}
	}
}

// burnUntil does integer work until the clock passes until, reading the clock
// every 4096 iterations, and returns the result.
func burnUntil(until time.Time) uint64 {
	var x uint64
	for n := 0; ; n++ {
		x = x*6364136223846793005 + 1442695040888963407
		if n%4096 == 0 && time.Now().After(until) {
			return x
		}
	}
}
