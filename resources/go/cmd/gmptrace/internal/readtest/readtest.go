// Package readtest helps the readers' tests: a trace of the test binary
// itself, and the checks every reading's end needs.
package readtest

import (
	"bytes"
	"runtime"
	"runtime/trace"
	"sync"
	"testing"
	"time"
)

// PingPongTrace is an execution trace of the test binary: two goroutines
// handing a value back and forth rounds times (30,000 rounds fill the
// runtime's 64 KiB batches).
func PingPongTrace(t testing.TB, rounds int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := trace.Start(&buf); err != nil {
		t.Fatal(err)
	}
	ping, pong := make(chan int), make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for v := range ping {
			pong <- v
		}
	}()
	for i := range rounds {
		ping <- i
		<-pong
	}
	close(ping)
	wg.Wait()
	trace.Stop()
	return buf.Bytes()
}

// GoroutinesBack fails t unless the goroutines are at most before again
// within 10 s: a reading that ended left none of its own running.
func GoroutinesBack(t testing.TB, before int, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after %s, %d before: a reading goroutine was left running", n, what, before)
	}
}

// Indices fails t unless got is 0, 1, 2, …: every event handed over once,
// in order.
func Indices(t testing.TB, got []int64) {
	t.Helper()
	for k, i := range got {
		if i != int64(k) {
			t.Fatalf("event %d handed over as %d", k, i)
		}
	}
}
