package gstates

import (
	"testing"

	"golang.org/x/exp/trace"
)

// A goroutine first seen by its status in window 2 counts from window 0; one
// created in window 1 counts from window 1.
func TestStatusBackfillsEarlierWindows(t *testing.T) {
	var tr Tracker
	tr.Advance(1)
	tr.Transition(trace.GoNotExist, trace.GoRunnable) // created in window 1
	tr.Advance(2)
	tr.Transition(trace.GoUndetermined, trace.GoRunnable) // queued since the start
	tr.Transition(trace.GoUndetermined, trace.GoWaiting)  // blocked since the start
	tr.Transition(trace.GoRunnable, trace.GoRunning)
	got := tr.Finish(3)
	want := []Sample{
		{Runnable: 1, Waiting: 1, RunnableMax: 1},
		{Runnable: 2, Waiting: 1, RunnableMax: 2},
		{Running: 1, Runnable: 1, Waiting: 1, RunnableMax: 2},
	}
	if len(got) != len(want) {
		t.Fatalf("%d samples", len(got))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("window %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
