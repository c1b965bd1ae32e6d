// Package gstates counts goroutines by state over time (running, runnable,
// waiting, syscall). The runnable count is the run-queue depth (global and
// per-P queues together, plus goroutines being handed over).
package gstates

import "golang.org/x/exp/trace"

type Sample struct {
	Running, Runnable, Waiting, Syscall int64
	RunnableMax                         int64
}

type Tracker struct {
	cur     [8]int64 // indexed by trace.GoState
	rmax    int64
	curWin  int
	Samples []Sample // one per window: state at the end of the window
}

func counted(s trace.GoState) bool {
	return s == trace.GoRunning || s == trace.GoRunnable || s == trace.GoWaiting || s == trace.GoSyscall
}

// Advance closes every window before w (call before applying an event in w).
func (t *Tracker) Advance(w int) {
	for t.curWin < w {
		t.flush()
	}
}

func (t *Tracker) flush() {
	t.Samples = append(t.Samples, Sample{
		Running: t.cur[trace.GoRunning], Runnable: t.cur[trace.GoRunnable],
		Waiting: t.cur[trace.GoWaiting], Syscall: t.cur[trace.GoSyscall],
		RunnableMax: max(t.rmax, t.cur[trace.GoRunnable]),
	})
	t.rmax = t.cur[trace.GoRunnable]
	t.curWin++
}

// Transition applies one goroutine state change.
func (t *Tracker) Transition(from, to trace.GoState) {
	if counted(from) && t.cur[from] > 0 {
		t.cur[from]--
	}
	if counted(to) {
		t.cur[to]++
	}
	if r := t.cur[trace.GoRunnable]; r > t.rmax {
		t.rmax = r
	}
}

// Finish closes windows up to n (exclusive).
func (t *Tracker) Finish(n int) []Sample {
	for t.curWin < n {
		t.flush()
	}
	return t.Samples
}
