// regions: a small server-like program that annotates its work with
// runtime/trace tasks, regions and logs, and whose goroutines fall into
// distinct groups by start function, each dominated by one kind of time:
// serve (CPU in "handle request" regions, a contended mutex in "update"
// regions, channel sends), ticker (sleep), sysblock (blocking syscalls that
// lose their P), allocate (allocation pressure: GC mark assists).
// Usage: regions TRACE
package main

import (
	"context"
	"os"
	"runtime"
	"runtime/trace"
	"sync"
	"syscall"
	"time"
)

const (
	servers  = 4
	requests = 1000
)

var (
	mu     sync.Mutex
	shared uint64
	keep   [][]byte
)

func serve(reqs <-chan int, done chan<- int) {
	for r := range reqs {
		ctx, task := trace.NewTask(context.Background(), "request")
		trace.Log(ctx, "request", "accepted")
		trace.WithRegion(ctx, "handle request", func() {
			x := burnUntil(time.Now().Add(200 * time.Microsecond))
			trace.WithRegion(ctx, "update", func() {
				mu.Lock()
				shared += x
				burnUntil(time.Now().Add(20 * time.Microsecond))
				mu.Unlock()
			})
		})
		if r%10 == 0 {
			trace.Log(ctx, "sampled", "every tenth request")
		}
		task.End()
		done <- r
	}
}

// solo wakes from 40 sleeps of 200µs while nothing else runs.
func solo(done chan<- struct{}) {
	for i := 0; i < 40; i++ {
		time.Sleep(200 * time.Microsecond)
	}
	close(done)
}

func ticker(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-stop:
			return
		default:
			time.Sleep(time.Millisecond)
		}
	}
}

func sysblock(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	ts := syscall.Timespec{Nsec: 2e6}
	for {
		select {
		case <-stop:
			return
		default:
			syscall.Nanosleep(&ts, nil)
		}
	}
}

func allocate(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		b := make([]byte, 64<<10)
		b[0] = byte(i)
		mu.Lock()
		keep = append(keep, b)
		if len(keep) > 64 {
			keep = keep[1:]
		}
		mu.Unlock()
	}
}

func main() {
	runtime.GOMAXPROCS(2)
	stopTrace := traceTo(os.Args[1])
	quiet := make(chan struct{})
	go solo(quiet)
	<-quiet
	stop := make(chan struct{})
	var bg sync.WaitGroup
	bg.Add(4)
	go ticker(stop, &bg)
	go sysblock(stop, &bg)
	go sysblock(stop, &bg)
	go allocate(stop, &bg)
	reqs, done := make(chan int), make(chan int, requests)
	for i := 0; i < servers; i++ {
		go serve(reqs, done)
	}
	for i := 0; i < requests; i++ {
		reqs <- i
	}
	for i := 0; i < requests; i++ {
		<-done
	}
	close(reqs)
	close(stop)
	bg.Wait()
	stopTrace()
}
