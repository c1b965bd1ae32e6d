// release: N goroutines park on one channel; release() closes it, so exactly
// N goroutines go Waiting→Runnable with release's stack as the unblocker.
// Usage: release TRACE N
package main

import (
	"os"
	"strconv"
	"sync"
	"time"
)

var sink int

//go:noinline
func release(ch chan struct{}) { close(ch) }

func main() {
	n, _ := strconv.Atoi(os.Args[2])
	gate := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			x := 0
			for j := 0; j < 1000; j++ {
				x += j
			}
			mu.Lock()
			sink += x
			mu.Unlock()
		}()
	}
	time.Sleep(50 * time.Millisecond) // let all of them park
	stop := traceTo(os.Args[1])
	time.Sleep(10 * time.Millisecond)
	release(gate)
	wg.Wait()
	stop()
}
