// gc: allocation-heavy goroutines plus explicit runtime.GC calls, so the
// trace has GC cycles, stop-the-world pauses and mark assists. Each worker
// is a user task whose batches are user regions.
// Usage: gc TRACE
package main

import (
	"context"
	"os"
	"runtime"
	"runtime/trace"
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
			ctx, task := trace.NewTask(context.Background(), "alloc worker")
			defer task.End()
			for time.Now().Before(until) {
				trace.WithRegion(ctx, "batch", func() {
					s := make([]*[64]byte, 0, 1024)
					for j := 0; j < 1024; j++ {
						s = append(s, new([64]byte))
					}
					sink[i] = s
				})
			}
		}(i)
	}
	for j := 0; j < 3; j++ {
		runtime.GC()
	}
	wg.Wait()
	stop()
}
