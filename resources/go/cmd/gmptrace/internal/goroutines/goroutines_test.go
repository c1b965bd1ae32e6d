package goroutines

import (
	"slices"
	"testing"

	"golang.org/x/exp/trace"
)

// The page's accounting on a hand-made history (no stacks: one group "").
func TestAccounting(t *testing.T) {
	tr := New()
	at := func(ts trace.Time) trace.Time { tr.Time(ts, false); return ts }
	tr.Time(100, true) // the generation's Sync

	// g1 existed before the trace: first seen Waiting at 150, charged from the Sync.
	tr.Transition(1, at(150), trace.GoUndetermined, trace.GoWaiting, "chan receive", "", false, trace.NoProc)
	tr.Transition(1, at(200), trace.GoWaiting, trace.GoRunnable, "", "", false, 0)
	tr.Transition(1, at(230), trace.GoRunnable, trace.GoRunning, "", "", false, 0)
	tr.Sample(1, 30, 0)
	// A syscall whose P goes idle at 300: execution before, block after.
	tr.Transition(1, at(250), trace.GoRunning, trace.GoSyscall, "", "", false, 0)
	tr.ProcIdle(0, at(300))
	tr.Transition(1, at(400), trace.GoSyscall, trace.GoRunnable, "", "", false, trace.NoProc)
	tr.Transition(1, at(410), trace.GoRunnable, trace.GoRunning, "", "", false, 1)
	tr.Sample(1, 10, 0)
	tr.Range(trace.EventRangeBegin, at(420), trace.Range{Name: MarkAssist, Scope: trace.MakeResourceID(trace.GoID(1))})
	tr.Range(trace.EventRangeEnd, at(425), trace.Range{Name: MarkAssist, Scope: trace.MakeResourceID(trace.GoID(1))})
	tr.Transition(1, at(450), trace.GoRunning, trace.GoWaiting, "forever", "", false, 1) // its end

	// g2 is created at 300 and still runnable when the trace ends at 500.
	tr.Transition(2, at(300), trace.GoNotExist, trace.GoRunnable, "", "", false, 1)

	groups := tr.Finish(500)
	if len(groups) != 1 {
		t.Fatalf("groups: %+v", groups)
	}
	g := groups[0]
	want := Times{Exec: 20 + 40, SchedWait: 30 + 10 + 200, Syscall: 50, SyscallBlock: 100, Assist: 5, Total: (450 - 100) + (500 - 300)}
	if g.Count != 2 || g.Exec != want.Exec || g.SchedWait != want.SchedWait || g.Syscall != want.Syscall ||
		g.SyscallBlock != want.SyscallBlock || g.Assist != want.Assist || g.Total != want.Total {
		t.Errorf("got count %d %+v, want 2 %+v", g.Count, g.Times, want)
	}
	if len(g.Block) != 1 || g.Block[0] != (Reason{"chan receive", 100}) {
		t.Errorf("block %+v, want chan receive 100 (50 before first sight, from the Sync)", g.Block)
	}
	if g.Latency.Count() != 2 || g.Latency.Sum() != 40 {
		t.Errorf("latency samples: %d, sum %d", g.Latency.Count(), g.Latency.Sum())
	}
}

// Each P's syscall is kept as go tool trace's goroutine summary keeps it: a
// goroutine leaving its syscall clears its P's entry even when another
// goroutine's syscall took the P since (g1's P was taken where no transition
// said so: a status resumed at a generation boundary), so g2's call, whose P
// then goes idle, counts as syscall execution throughout, as on the page.
func TestSyscallBookkeepingAsTheGoroutinePage(t *testing.T) {
	tr := New()
	at := func(ts trace.Time) trace.Time { tr.Time(ts, false); return ts }
	tr.Time(50, true)
	for _, g := range []trace.GoID{1, 2} {
		tr.Transition(g, at(60), trace.GoNotExist, trace.GoRunnable, "", "", false, 0)
		tr.Transition(g, at(70), trace.GoRunnable, trace.GoRunning, "", "", false, 0)
	}
	tr.Transition(1, at(100), trace.GoRunning, trace.GoSyscall, "", "", false, 0)
	tr.Transition(2, at(200), trace.GoRunning, trace.GoSyscall, "", "", false, 0)
	tr.Transition(1, at(300), trace.GoSyscall, trace.GoRunnable, "", "", false, trace.NoProc)
	tr.ProcIdle(0, at(400))
	tr.Transition(2, at(500), trace.GoSyscall, trace.GoRunning, "", "", false, 0)
	groups := tr.Finish(600)
	if len(groups) != 1 {
		t.Fatalf("groups: %+v", groups)
	}
	if g := groups[0]; g.Syscall != 200+300 || g.SyscallBlock != 0 {
		t.Errorf("syscall %d, syscall block %d; want 500, 0 (g2's call all execution, as go tool trace counts it)", g.Syscall, g.SyscallBlock)
	}
}

// A goroutine resumed by a later parser is known; an unknown one is not.
func TestKnown(t *testing.T) {
	tr := New()
	tr.Time(1, true)
	tr.Transition(7, 5, trace.GoNotExist, trace.GoRunnable, "", "", false, 0)
	if !tr.Known(7) || tr.Known(8) {
		t.Error("Known")
	}
	tr.Transition(7, 6, trace.GoRunnable, trace.GoRunning, "", "", false, 0)
	tr.Transition(7, 9, trace.GoRunning, trace.GoNotExist, "", "", false, 0)
	if tr.Known(7) {
		t.Error("an exited goroutine is still known")
	}
}

// A group's samples by window: a goroutine named by a later stack brings its
// earlier samples to their own windows, which stay open until then; counts,
// p99 and max per window are those of the samples; windows close (letting
// their samples go) once no sample can join them; past the budget the
// windows are let go, the group's distribution is not. The program's windows
// hold the same samples but the runtime's own goroutines'.
func TestGroupWindows(t *testing.T) {
	tr := New()
	at := func(ts trace.Time) trace.Time { tr.Time(ts, false); return ts }
	tr.Time(0, true)
	// g2 existed before the trace; its samples in windows 1 and 3 wait for its name.
	tr.Transition(2, at(10), trace.GoUndetermined, trace.GoRunnable, "", "", false, 0)
	tr.Transition(2, at(11), trace.GoRunnable, trace.GoRunning, "", "", false, 0)
	tr.Sample(2, 4, 1)
	tr.Sample(2, 100, 3)
	// g1 is named f at creation and waits in windows 3 and 5.
	tr.Transition(1, at(20), trace.GoNotExist, trace.GoRunnable, "", "f", true, 0)
	tr.Transition(1, at(21), trace.GoRunnable, trace.GoRunning, "", "", false, 0)
	tr.Sample(1, 7, 3)
	tr.Sample(1, 9, 5)
	if tr.windowsHeld != 4 {
		t.Fatalf("open samples before g2 is named: %d, want g1's 2, in its group's windows and the program's (g2's are pending)", tr.windowsHeld)
	}
	// g3, the runtime's sweeper, waits longest in window 5: its group's, not the program's.
	tr.Transition(3, at(22), trace.GoNotExist, trace.GoRunnable, "", "runtime.bgsweep", true, 0)
	tr.Transition(3, at(23), trace.GoRunnable, trace.GoRunning, "", "", false, 0)
	tr.Sample(3, 50, 5)
	// A later stack names g2 f too; the next sample, in window 7, closes every earlier window.
	tr.Transition(2, at(30), trace.GoRunning, trace.GoWaiting, "sleep", "f", true, 0)
	tr.Sample(1, 1, 7)
	if tr.windowsHeld != 2 {
		t.Fatalf("open samples after window 7 began: %d, want 2 (one, twice)", tr.windowsHeld)
	}
	groups := tr.Finish(60)
	if len(groups) != 2 || groups[0].StartFunc != "f" || groups[1].StartFunc != "runtime.bgsweep" {
		t.Fatalf("groups: %+v", groups)
	}
	want := []Window{{Index: 1, Count: 1, P99: 4, Max: 4}, {Index: 3, Count: 2, P99: 100, Max: 100}, {Index: 5, Count: 1, P99: 9, Max: 9}}
	// Window 7 is past the trace's windows.
	if got := groups[0].Windows(7); !slices.Equal(got, want) {
		t.Fatalf("windows: got %+v, want %+v", got, want)
	}
	if got := tr.ProgramWindows(7); !slices.Equal(got, want) {
		t.Fatalf("the program's windows: got %+v, want f's %+v (not the sweeper's)", got, want)
	}
	if got := groups[1].Windows(7); !slices.Equal(got, []Window{{Index: 5, Count: 1, P99: 50, Max: 50}}) {
		t.Fatalf("the sweeper's windows: %+v", got)
	}

	small := New()
	small.windowBudget = 1
	small.Time(0, true)
	small.Transition(1, 10, trace.GoNotExist, trace.GoRunnable, "", "f", true, 0)
	small.Sample(1, 5, 0)
	small.Sample(1, 6, 1)
	g := small.Finish(20)[0]
	if !small.WindowsDropped || g.Windows(2) != nil || small.ProgramWindows(2) != nil || g.Latency.Count() != 2 {
		t.Fatalf("past the budget: dropped %v, windows %+v and %+v, samples %d", small.WindowsDropped, g.Windows(2), small.ProgramWindows(2), g.Latency.Count())
	}
}

// Windows that open after others closed reuse their storage: every window
// still gets its own samples' summary, the storage of a few windows serves
// them all, and the spares stay within their limit.
func TestWindowsReuseClosedStorage(t *testing.T) {
	fill := func(limit int, each func(w int, tr *Tracker)) {
		tr := New()
		tr.spares.limit = limit
		tr.Time(0, true)
		tr.Transition(1, 10, trace.GoNotExist, trace.GoRunnable, "", "f", true, 0)
		var want []Window
		for w := range 20 {
			n := 10 + 37*(w%5) // windows of 10 to 158 samples, in a varying order of sizes
			for i := range n {
				tr.Sample(1, int64(1000*w+i), w)
			}
			rank := (99*n + 99) / 100 // ceil(0.99·n)
			want = append(want, Window{Index: w, Count: uint64(n), P99: int64(1000*w + rank - 1), Max: int64(1000*w + n - 1)})
			each(w, tr)
		}
		groups := tr.Finish(30)
		if got := groups[0].Windows(20); !slices.Equal(got, want) {
			t.Fatalf("limit %d: windows:\n got %+v\nwant %+v", limit, got, want)
		}
		if tr.spares.free != nil {
			t.Fatalf("limit %d: %d spares kept after Finish", limit, len(tr.spares.free))
		}
	}
	// Room for every window's storage: were none reused, each closed one would wait among the spares.
	fill(1<<20, func(w int, tr *Tracker) {
		if len(tr.spares.free) > 2 {
			t.Fatalf("window %d: %d spares waiting, the storage of closed windows not taken again", w, len(tr.spares.free))
		}
	})
	fill(300, func(w int, tr *Tracker) {
		if tr.spares.capacity > tr.spares.limit {
			t.Fatalf("window %d: the spares hold %d samples' storage, over their limit %d", w, tr.spares.capacity, tr.spares.limit)
		}
	})
}
