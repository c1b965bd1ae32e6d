// hog: GOMAXPROCS=1 and two CPU hogs; each is preempted (by sysmon, about
// every 10ms) and then waits for the other to be preempted in turn.
// Usage: hog TRACE
package main

import (
	"os"
	"runtime"
	"sync"
	"time"
)

var sink [2]uint64

func hog(i int, until time.Time) { sink[i] = burnUntil(until) }

func main() {
	runtime.GOMAXPROCS(1)
	stop := traceTo(os.Args[1])
	until := time.Now().Add(300 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); hog(i, until) }(i)
	}
	wg.Wait()
	stop()
}
