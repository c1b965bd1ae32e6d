// gc: allocation-heavy goroutines plus explicit runtime.GC calls, so the
// trace has GC cycles, stop-the-world pauses and mark assists.
// Usage: gc TRACE
package main

import (
	"os"
	"runtime"
	"sync"
	"time"
)

var sink [4][]*[64]byte

func main() {
	stop := traceTo(os.Args[1])
	until := time.Now().Add(200 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for time.Now().Before(until) {
				s := make([]*[64]byte, 0, 1024)
				for j := 0; j < 1024; j++ {
					s = append(s, new([64]byte))
				}
				sink[i] = s
			}
		}(i)
	}
	for j := 0; j < 3; j++ {
		runtime.GC()
	}
	wg.Wait()
	stop()
}
