package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// kindOf is what x/exp/trace calls an event of each type.
var kindOf = map[wire.Type]trace.EventKind{
	wire.EvSync: trace.EventSync, wire.EvCPUSample: trace.EventStackSample,
	wire.EvProcsChange: trace.EventMetric, wire.EvHeapAlloc: trace.EventMetric, wire.EvHeapGoal: trace.EventMetric,
	wire.EvSTWBegin: trace.EventRangeBegin, wire.EvGCBegin: trace.EventRangeBegin, wire.EvGCSweepBegin: trace.EventRangeBegin, wire.EvGCMarkAssistBegin: trace.EventRangeBegin,
	wire.EvGCActive: trace.EventRangeActive, wire.EvGCSweepActive: trace.EventRangeActive, wire.EvGCMarkAssistActive: trace.EventRangeActive,
	wire.EvSTWEnd: trace.EventRangeEnd, wire.EvGCEnd: trace.EventRangeEnd, wire.EvGCSweepEnd: trace.EventRangeEnd, wire.EvGCMarkAssistEnd: trace.EventRangeEnd,
	wire.EvGoLabel: trace.EventLabel, wire.EvUserLog: trace.EventLog,
	wire.EvUserTaskBegin: trace.EventTaskBegin, wire.EvUserTaskEnd: trace.EventTaskEnd,
	wire.EvUserRegionBegin: trace.EventRegionBegin, wire.EvUserRegionEnd: trace.EventRegionEnd,
}

func kindOfType(t wire.Type) trace.EventKind {
	if k, ok := kindOf[t]; ok {
		return k
	}
	return trace.EventStateTransition
}

// orderedLine is what both readers must agree on for every event.
func orderedLine(kind trace.EventKind, t int64, m, p, g int64) string {
	return fmt.Sprintf("%v t=%d m=%d p=%d g=%d", kind, t, m, p, g)
}

// checkOrder reads data with internal/order and with x/exp/trace and fails
// at the first event where they differ in kind, time or context.
func checkOrder(t *testing.T, name string, data []byte) int {
	t.Helper()
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	ours := order.NewReader(bytes.NewReader(data), ix)
	theirs, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var recent []string // the last few events, for the failure message
	for n := 0; ; n++ {
		want, werr := theirs.ReadEvent()
		got, gerr := ours.Next()
		if errors.Is(werr, io.EOF) || errors.Is(gerr, io.EOF) {
			if !errors.Is(werr, io.EOF) || !errors.Is(gerr, io.EOF) {
				t.Fatalf("%s: event %d: x/exp/trace %v, order %v", name, n, werr, gerr)
			}
			return n
		}
		if werr != nil || gerr != nil {
			t.Fatalf("%s: event %d: x/exp/trace error %v, order error %v", name, n, werr, gerr)
		}
		w := orderedLine(want.Kind(), int64(want.Time()), int64(want.Thread()), int64(want.Proc()), int64(want.Goroutine()))
		g := orderedLine(kindOfType(got.Type), got.Time, got.Ctx.M, got.Ctx.P, got.Ctx.G)
		if w != g {
			t.Fatalf("%s: event %d (generation %d, %s): order gives %s, x/exp/trace %s; before it:\n%s", name, n, got.Gen, wire.Specs(99)[got.Type].Name, g, w, recent)
		}
		recent = append(recent, w)
		if len(recent) > 8 {
			recent = recent[1:]
		}
	}
}

// internal/order gives the events of a trace in x/exp/trace's order, with
// its times and contexts, on traces of every Go version from 1.22: many
// short generations of the load program, and the gc program's (GC,
// stop-the-world, sweeps, mark assists, user tasks and regions).
func TestOrderIsXExpOrder(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		traces := map[string]string{"load": multiGenTrace(t, toolchain, 150*time.Millisecond)}
		for _, p := range []struct {
			prog string
			env  []string
			args []string
		}{
			{"gc", []string{"GOGC=20", "GODEBUG=traceadvanceperiod=20000000"}, nil},
			{"regions", []string{"GODEBUG=traceadvanceperiod=20000000"}, nil},
			{"syscalls", nil, nil},
			{"release", nil, []string{"1000"}},
			{"hog", nil, nil},
		} {
			tr := filepath.Join(t.TempDir(), p.prog+".out")
			runProg(t, buildProg(t, p.prog, toolchain), p.env, append([]string{tr}, p.args...)...)
			traces[p.prog] = tr
		}
		for name, tr := range traces {
			data, err := os.ReadFile(tr)
			if err != nil {
				t.Fatal(err)
			}
			n := checkOrder(t, name, data)
			t.Logf("%s %s: %d events in the same order", header, name, n)
		}
	})
}

// synthTrace writes a Go 1.22-format trace of one generation: a frequency
// of 1 GHz (a tick is a nanosecond) and, per thread, one batch of events,
// each given as its type then its arguments, the first the ticks since the
// thread's previous event.
func synthTrace(threads map[uint64][][]uint64, order []uint64) []byte {
	out := []byte("go 1.22 trace\x00\x00\x00")
	batch := func(m, tick uint64, data []byte) {
		out = append(out, byte(wire.EvEventBatch))
		for _, v := range []uint64{1, m, tick, uint64(len(data))} {
			out = binary.AppendUvarint(out, v)
		}
		out = append(out, data...)
	}
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

// The paths real traces here rarely take, on made traces: a goroutine
// started on one thread before the thread that unblocked it says so (its
// clock behind), so the earliest event must wait and the next thread's is
// taken first; and threads whose events share a time, where only the
// frontier's arrangement decides, as in x/exp/trace's.
func TestOrderFollowsXExpOnMadeTraces(t *testing.T) {
	const none = ^uint64(0) // no thread, as a GoStatus of a goroutine on none says it
	ev := func(typ wire.Type, args ...uint64) []uint64 { return append([]uint64{uint64(typ)}, args...) }
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
			ev(wire.EvGoStatus, 1, 2, none, goWaiting),
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
		data := synthTrace(threads, order)
		n := checkOrder(t, fmt.Sprint("threads in file order ", order), data)
		if n < 16 {
			t.Fatalf("%d events: the made trace was not read", n)
		}
	}
	// The start (written at 110 ns) waited for its unblock: it comes right
	// after it, moved to 1 ns after it.
	data := synthTrace(threads, []uint64{1, 2, 3})
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

// The format's statuses, as the made traces write them.
const (
	procRunning = 1
	goRunning   = 2
	goWaiting   = 4
)
