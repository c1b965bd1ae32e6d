// hog: GOMAXPROCS=1 and two CPU hogs; each is preempted (by sysmon, about
// every 10ms) and then waits for the other to be preempted in turn.
// Usage: hog TRACE
package main

import (
	"os"
	"runtime"
	"runtime/trace"
	"sync"
	"time"
)

var sink [2]uint64

func hog(i int, until time.Time) {
	var x uint64
	for n := 0; ; n++ {
		x = x*6364136223846793005 + 1442695040888963407
		if n%4096 == 0 && time.Now().After(until) {
			break
		}
	}
	sink[i] = x
}

func main() {
	runtime.GOMAXPROCS(1)
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := trace.Start(f); err != nil {
		panic(err)
	}
	until := time.Now().Add(300 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); hog(i, until) }(i)
	}
	wg.Wait()
	trace.Stop()
	if err := f.Close(); err != nil {
		panic(err)
	}
}
