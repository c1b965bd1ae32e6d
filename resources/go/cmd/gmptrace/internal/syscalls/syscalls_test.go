package syscalls

import (
	"testing"

	"golang.org/x/exp/trace"
)

// A syscall that keeps its P counts its time only; one whose P went idle
// under it (sysmon's retake) lost the P from then on; one that returns
// Runnable (no P to go back to) lost it from its start; a forgotten one
// counts nothing.
func TestSyscallTimeAndTheTimeItsPWasLost(t *testing.T) {
	tr := New()
	var kept, retaken, runnable, forgotten GState
	tr.Begin(&kept, 0, 0, 0)
	tr.End(&kept, 100, trace.GoRunning)
	tr.Begin(&retaken, 200, 1, 0)
	tr.ProcIdle(1, 260)
	tr.ProcIdle(1, 270) // the P is no longer its: nothing moves
	tr.End(&retaken, 500, trace.GoRunning)
	tr.Begin(&runnable, 1000, trace.NoProc, 0)
	tr.End(&runnable, 1040, trace.GoRunnable)
	tr.Begin(&forgotten, 2000, 2, 0)
	tr.Forget(&forgotten)
	tr.End(&forgotten, 9000, trace.GoRunning)

	if tr.Count != 3 || tr.Time != 100+300+40 {
		t.Errorf("%d syscalls, %d ns; want 3, 440", tr.Count, tr.Time)
	}
	if tr.LostP != 2 || tr.LostPTime != 240+40 {
		t.Errorf("lost P %d times, %d ns; want 2, 280", tr.LostP, tr.LostPTime)
	}
	if tr.Prof.Total(0) != 3 || tr.Prof.Total(1) != 440 {
		t.Errorf("profile totals %d, %d; want 3, 440", tr.Prof.Total(0), tr.Prof.Total(1))
	}
}
