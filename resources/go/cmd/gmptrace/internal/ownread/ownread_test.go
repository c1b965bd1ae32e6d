package ownread

import (
	"bytes"
	"runtime"
	"runtime/trace"
	"strings"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
)

// pingPongTrace traces this process handing a value back and forth: a trace
// of tens of thousands of events.
func pingPongTrace(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := trace.Start(&buf); err != nil {
		t.Fatal(err)
	}
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	for i := range 10_000 {
		ping <- i
		<-pong
	}
	close(ping)
	trace.Stop()
	return buf.Bytes()
}

// indexes decodes event indices, and panics on the one at panicAt.
type indexes struct {
	panicAt int64
	got     []int64
}

func (d *indexes) Add(_ *order.Event, _ order.Tables, i int64) {
	if i == d.panicAt {
		panic("boom")
	}
	d.got = append(d.got, i)
}

func (d *indexes) Take([]int64) []int64 {
	out := d.got
	d.got = nil
	return out
}

// A decoder's panic ends the reading as a failure of the reader's would:
// with an error, no batch from the one it broke on, every batch before it
// handed over in order, and the reading goroutine gone.
func TestDecoderPanicEndsTheReading(t *testing.T) {
	data := pingPongTrace(t)
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	panicAt := int64(5*BatchLen + 100)
	var got []int64
	info, err := ReadDecoded(bytes.NewReader(data), ix, &indexes{panicAt: panicAt}, func(b []int64) bool {
		got = append(got, b...)
		return true
	})
	if err == nil && (info.Err == nil || !strings.Contains(info.Err.Error(), "reader failure: boom")) {
		t.Fatalf("the decoder's panic is not the reading's end: %+v, %v", info, err)
	}
	if int64(len(got)) > panicAt || len(got) < BatchLen {
		t.Fatalf("%d events handed over, want the batches before event %d", len(got), panicAt)
	}
	for k, i := range got {
		if i != int64(k) {
			t.Fatalf("event %d handed over as %d", k, i)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the failed reading, %d before: the reading goroutine was left running", n, before)
	}
}
