package order_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order/ordertest"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire/wiretest"
)

// synthTrace writes a trace of one generation in the format of Go 1.minor
// (before 1.25): a frequency of 1 GHz (a tick is a nanosecond) and, per
// thread in the order given, one batch of events, each given as its type
// then its arguments, the first the ticks since the thread's previous event.
func synthTrace(minor int, threads map[uint64][][]uint64, order []uint64) []byte {
	out := wiretest.Header(minor)
	batch := func(m, tick uint64, data []byte) { out = wiretest.AppendBatch(out, 1, m, tick, data) }
	batch(0, 1, binary.AppendUvarint([]byte{byte(wire.EvFrequency)}, 1e9))
	for _, m := range order {
		var data []byte
		for _, ev := range threads[m] {
			data = append(data, byte(ev[0]))
			for _, a := range ev[1:] {
				data = binary.AppendUvarint(data, a)
			}
		}
		batch(m, 100, data)
	}
	return out
}

func ev(typ wire.Type, args ...uint64) []uint64 { return append([]uint64{uint64(typ)}, args...) }

// noThread is the M of a batch written on no thread, and the M a GoStatus
// gives a goroutine on none.
const noThread = ^uint64(0)

// The paths real traces here rarely take, on made traces: a goroutine
// started on one thread before the thread that unblocked it says so (its
// clock behind), so the earliest event must wait and the next thread's is
// taken first; and threads whose events share a time, where only the
// frontier's arrangement decides, as in x/exp/trace's.
func TestOrderFollowsXExpOnMadeTraces(t *testing.T) {
	threads := map[uint64][][]uint64{
		1: {
			ev(wire.EvProcStatus, 0, 0, procRunning),
			ev(wire.EvGoStatus, 1, 1, 1, goRunning),
			ev(wire.EvGoUnblock, 19, 2, 1, 0), // at 120
			ev(wire.EvGoBlock, 10, 0, 0),
			ev(wire.EvProcStop, 10),
		},
		2: {
			ev(wire.EvProcStatus, 0, 1, procRunning),
			ev(wire.EvGoStatus, 1, 2, noThread, goWaiting),
			ev(wire.EvGoStart, 9, 2, 2), // at 110, before its unblock at 120
			ev(wire.EvGoBlock, 5, 0, 0),
			ev(wire.EvProcStop, 5),
		},
		3: {
			ev(wire.EvProcStatus, 0, 2, procRunning), // at 100, as threads 1 and 2
			ev(wire.EvGoStatus, 1, 3, 3, goRunning),  // at 101, as threads 1 and 2
			ev(wire.EvGoBlock, 9, 0, 0),              // at 110, as thread 2's start
			ev(wire.EvProcStop, 10),                  // at 120, as thread 1's unblock
		},
	}
	for _, order := range [][]uint64{{1, 2, 3}, {3, 2, 1}, {2, 3, 1}} {
		data := synthTrace(22, threads, order)
		n := ordertest.Compare(t, fmt.Sprint("threads in file order ", order), data)
		if n < 16 {
			t.Fatalf("%d events: the made trace was not read", n)
		}
	}
	// The start (written at 110 ns) waited for its unblock: it comes right
	// after it, moved to 1 ns after it.
	data := synthTrace(22, threads, []uint64{1, 2, 3})
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	r := order.NewReader(bytes.NewReader(data), ix)
	var prev order.Event
	for {
		e, err := r.Next()
		if err == io.EOF {
			t.Fatal("no start of goroutine 2")
		}
		if err != nil {
			t.Fatal(err)
		}
		if e.Type == wire.EvGoStart {
			if prev.Type != wire.EvGoUnblock || prev.Time < 120 || e.Time != prev.Time+1 {
				t.Fatalf("goroutine 2 starts at %d ns after %s at %d ns; want right after its unblock (at 120 ns or later, being moved after thread 3's stop at 120), 1 ns after it", e.Time, wire.Specs(22)[prev.Type].Name, prev.Time)
			}
			return
		}
		prev = e
	}
}

// What real traces made here rarely hold, on made traces, as x/exp/trace
// reads them: tasks and regions named "" (the string ID 0, never in the
// table); an event of the AllocFree experiment (Go 1.23+) among a thread's
// events; a batch written on no thread, whose events bind nothing to it (a
// P said running there is the context of no later event).
func TestOrderFollowsXExpOnRareEvents(t *testing.T) {
	running := [][]uint64{ev(wire.EvProcStatus, 0, 0, procRunning), ev(wire.EvGoStatus, 1, 1, 1, goRunning)}
	for _, c := range []struct {
		name    string
		minor   int
		threads map[uint64][][]uint64
		order   []uint64
		want    int // events both read, at least
	}{
		{"a task and a region named \"\"", 22, map[uint64][][]uint64{1: append(running,
			ev(wire.EvUserTaskBegin, 1, 7, 0, 0, 0), ev(wire.EvUserRegionBegin, 1, 7, 0, 0),
			ev(wire.EvUserRegionEnd, 1, 7, 0, 0), ev(wire.EvUserTaskEnd, 1, 7, 0))}, []uint64{1}, 8},
		{"a HeapObjectAlloc among a thread's events", 23, map[uint64][][]uint64{1: append(running,
			ev(wire.EvHeapObjectAlloc, 1, 5, 8), ev(wire.EvGoBlock, 1, 0, 0))}, []uint64{1}, 6},
		{"a P said running on no thread, then an unblock there", 22, map[uint64][][]uint64{
			noThread: {ev(wire.EvProcStatus, 0, 3, procRunning), ev(wire.EvGoStatus, 1, 2, noThread, goWaiting), ev(wire.EvGoUnblock, 1, 2, 1, 0)},
			1:        append(running, ev(wire.EvGoBlock, 10, 0, 0), ev(wire.EvGoStart, 1, 2, 2), ev(wire.EvGoBlock, 1, 0, 0)),
		}, []uint64{noThread, 1}, 9},
	} {
		if n := ordertest.Compare(t, c.name, synthTrace(c.minor, c.threads, c.order)); n < c.want {
			t.Errorf("%s: %d events read, want %d at least", c.name, n, c.want)
		}
	}
}

// The format's statuses, as the made traces write them.
const (
	procRunning = 1
	goRunnable  = 1
	goRunning   = 2
	goWaiting   = 4
)
