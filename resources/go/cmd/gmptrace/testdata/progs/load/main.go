// load: a scheduler-heavy workload for cross-checks and benchmarks.
// Pairs of goroutines ping-pong over unbuffered channels with a little CPU
// work per message, next to a few CPU hogs, so goroutines queue for a P.
// The program reads /sched/latencies:seconds right after trace.Start and
// right before trace.Stop and writes the delta (the same window as the trace).
//
// Usage: load -trace T [-metrics M.json] [-d 1s] [-pairs 64] [-hogs 2] [-workers 0 -work 20000] [-size BYTES]
// With -size, tracing stops once the trace reaches BYTES (for benchmarks).
// Builds with Go 1.21 and later.
package main

import (
	"encoding/json"
	"flag"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/trace"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

type countingWriter struct {
	f     *os.File
	n     atomic.Int64
	limit int64
	full  chan struct{} // closed once limit bytes were written
	once  sync.Once
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if w.n.Add(int64(n)) >= w.limit && w.limit > 0 {
		w.once.Do(func() { close(w.full) })
	}
	return n, err
}

var sink atomic.Uint64

func spin(n int) uint64 {
	var x uint64 = 1
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

func readLat() *metrics.Float64Histogram {
	s := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
	metrics.Read(s)
	return s[0].Value.Float64Histogram()
}

func main() {
	tracePath := flag.String("trace", "", "trace output")
	metricsPath := flag.String("metrics", "", "where to write the /sched/latencies:seconds delta")
	d := flag.Duration("d", time.Second, "duration")
	pairs := flag.Int("pairs", 64, "ping-pong pairs")
	hogs := flag.Int("hogs", 2, "CPU hogs")
	workers := flag.Int("workers", 0, "goroutines that compute for -work iterations, then block on a shared queue")
	work := flag.Int("work", 20000, "iterations per work item")
	size := flag.Int64("size", 0, "stop once the trace has this many bytes")
	flag.Parse()

	f, err := os.Create(*tracePath)
	if err != nil {
		panic(err)
	}
	cw := &countingWriter{f: f, limit: *size, full: make(chan struct{})}
	var stop atomic.Bool
	var wg sync.WaitGroup
	for i := 0; i < *pairs; i++ {
		a, b := make(chan int), make(chan int)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for v := 0; !stop.Load(); v++ {
				a <- v
				<-b
			}
			close(a)
		}()
		go func() {
			defer wg.Done()
			for v := range a {
				sink.Add(spin(200 + v%300))
				b <- v
			}
		}()
	}
	for i := 0; i < *hogs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				sink.Add(spin(20000))
			}
		}()
	}
	// Workers take tokens from a shared queue, compute, and put them back:
	// with more workers than Ps each token waits for a P for a few work items.
	queue := make(chan int, *workers)
	for i := 0; i < *workers; i++ {
		queue <- i
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				v := <-queue
				sink.Add(spin(*work + v*97))
				queue <- v
				runtime.Gosched()
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	if err := trace.Start(cw); err != nil {
		panic(err)
	}
	before := readLat()
	select {
	case <-time.After(*d):
	case <-cw.full:
	}
	after := readLat()
	trace.Stop()
	stop.Store(true)
	wg.Wait()
	if err := f.Close(); err != nil {
		panic(err)
	}
	if *metricsPath != "" {
		out := struct {
			Buckets []string `json:"buckets"`
			Counts  []uint64 `json:"counts"`
		}{}
		for _, b := range after.Buckets {
			out.Buckets = append(out.Buckets, strconv.FormatFloat(b, 'g', -1, 64))
		}
		for i := range after.Counts {
			out.Counts = append(out.Counts, after.Counts[i]-before.Counts[i])
		}
		data, _ := json.Marshal(out)
		if err := os.WriteFile(*metricsPath, data, 0o644); err != nil {
			panic(err)
		}
	}
}
