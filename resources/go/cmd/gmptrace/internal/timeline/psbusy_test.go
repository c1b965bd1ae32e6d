package timeline

import (
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
)

// transition is goroutine id's state change at now on P p, as the readers
// give it to the builder.
func transition(now trace.Time, id trace.GoID, from, to trace.GoState, p trace.ProcID) *event {
	return &event{now: now, kind: trace.EventStateTransition, goTransition: true, id: id, from: from, to: to, p: p, g: trace.NoGoroutine, stack: trace.NoStack, transStack: trace.NoStack}
}

// A goroutine whose first status, Running, comes late (as the first
// statuses of a trace's first generation do) has run since the window's
// start: the waits kept before its status, and those open then, count its P
// as busy throughout, as its slice (drawn from the window's start) says.
func TestALateRunningStatusCountsForEveryWait(t *testing.T) {
	b := newBuilder(Options{From: 0, To: time.Second, MaxItems: 1000}, 0)
	for _, ev := range []*event{
		transition(0, 1, trace.GoWaiting, trace.GoRunnable, trace.NoProc),  // g1 waits 0–30 ns…
		transition(10, 3, trace.GoWaiting, trace.GoRunnable, trace.NoProc), // g3 waits 10–80 ns
		transition(30, 1, trace.GoRunnable, trace.GoRunning, 0),            // …and runs on P0
		transition(50, 2, trace.GoUndetermined, trace.GoRunning, 1),        // g2 on P1 since the start, said late
		transition(60, 1, trace.GoRunning, trace.GoWaiting, 0),             // g1 blocks: P0 ran it 30–60
		transition(80, 3, trace.GoRunnable, trace.GoRunning, 0),            // g3 gets P0
		transition(100, 2, trace.GoRunning, trace.GoWaiting, 1),            // g2 stops: P1 ran it 0–100
		transition(120, 3, trace.GoRunning, trace.GoWaiting, 0),
	} {
		b.event(ev)
	}
	w, err := b.finish(reader.Info{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	busy := map[int64]float64{}
	for _, x := range w.LongestWaits {
		busy[x.G] = x.PsBusyS
	}
	// g3, 10–80: P1 (g2) 70 ns, P0 (g1) 30 ns. g1, 0–30: P1 (g2) 30 ns.
	if busy[3] != 100e-9 || busy[1] != 30e-9 {
		t.Errorf("Ps busy during g3's and g1's waits: %g and %g s, want 100 ns and 30 ns", busy[3], busy[1])
	}
}
