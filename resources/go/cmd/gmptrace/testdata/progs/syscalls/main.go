// syscalls: a storm of blocking nanosleep system calls next to CPU-bound
// goroutines on GOMAXPROCS=2: sysmon retakes the Ps of long syscalls and
// hands them to runnable goroutines, so syscalls lose their P.
// Usage: syscalls TRACE
package main

import (
	"os"
	"runtime"
	"runtime/trace"
	"sync"
	"syscall"
	"time"
)

var sink [4]uint64

func main() {
	runtime.GOMAXPROCS(2)
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := trace.Start(f); err != nil {
		panic(err)
	}
	until := time.Now().Add(300 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := syscall.Timespec{Nsec: 2e6}
			for time.Now().Before(until) {
				syscall.Nanosleep(&ts, nil)
			}
		}()
	}
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var x uint64
			for n := 0; ; n++ {
				x = x*6364136223846793005 + 1
				if n%4096 == 0 && time.Now().After(until) {
					break
				}
			}
			sink[i] = x
		}(i)
	}
	wg.Wait()
	trace.Stop()
	if err := f.Close(); err != nil {
		panic(err)
	}
}
