// Package gstates counts goroutines by state over time (running, runnable,
// waiting, syscall). The runnable count is the run-queue depth (global and
// per-P queues together, plus goroutines being handed over).
//
// A goroutine that the trace first mentions by its status (a transition from
// GoUndetermined, only in the first generation) had no event before it, so it
// was in that state since the trace began: it is counted from window 0, not
// from the window of its first event (otherwise goroutines that sit in a run
// queue or blocked until the end of the first generation would appear all at
// once in its last window).
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
	// back[k] counts goroutines first seen (by status) when k windows were
	// closed: they add to every window before k (applied by Finish).
	back []Sample
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
	if from == trace.GoUndetermined && counted(to) {
		t.backfill(to)
	}
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

// backfill counts a goroutine in state s since the trace began: in the
// closed windows (through back) and during the current one (runnable_max).
func (t *Tracker) backfill(s trace.GoState) {
	if s == trace.GoRunnable {
		t.rmax++ // runnable during the whole current window as well
	}
	if t.curWin == 0 {
		return
	}
	for len(t.back) <= t.curWin {
		t.back = append(t.back, Sample{})
	}
	b := &t.back[t.curWin]
	switch s {
	case trace.GoRunning:
		b.Running++
	case trace.GoRunnable:
		b.Runnable++
		b.RunnableMax++
	case trace.GoWaiting:
		b.Waiting++
	case trace.GoSyscall:
		b.Syscall++
	}
}

// Finish closes windows up to n (exclusive).
func (t *Tracker) Finish(n int) []Sample {
	for t.curWin < n {
		t.flush()
	}
	var acc Sample
	for i := len(t.Samples) - 1; i >= 0; i-- {
		if i+1 < len(t.back) {
			b := t.back[i+1]
			acc.Running += b.Running
			acc.Runnable += b.Runnable
			acc.Waiting += b.Waiting
			acc.Syscall += b.Syscall
			acc.RunnableMax += b.RunnableMax
		}
		s := &t.Samples[i]
		s.Running += acc.Running
		s.Runnable += acc.Runnable
		s.Waiting += acc.Waiting
		s.Syscall += acc.Syscall
		s.RunnableMax += acc.RunnableMax
	}
	t.back = nil
	return t.Samples
}
