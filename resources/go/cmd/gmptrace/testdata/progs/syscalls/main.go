// syscalls: a storm of blocking nanosleep system calls next to CPU-bound
// goroutines on GOMAXPROCS=2: sysmon retakes the Ps of long syscalls and
// hands them to runnable goroutines, so syscalls lose their P.
// Usage: syscalls TRACE [SLEEP], SLEEP each call's (a Go duration; 2ms).
package main

import (
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"
)

var sink [4]uint64

func main() {
	runtime.GOMAXPROCS(2)
	stop := traceTo(os.Args[1])
	sleep := 2 * time.Millisecond
	if len(os.Args) > 2 {
		d, err := time.ParseDuration(os.Args[2])
		if err != nil {
			panic(err)
		}
		sleep = d
	}
	until := time.Now().Add(300 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := syscall.NsecToTimespec(sleep.Nanoseconds())
			for time.Now().Before(until) {
				syscall.Nanosleep(&ts, nil)
			}
		}()
	}
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); sink[i] = burnUntil(until) }(i)
	}
	wg.Wait()
	stop()
}
