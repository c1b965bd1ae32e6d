package stress

import (
	"cmp"
	"sync"
	"time"
)

// A run's settings beyond its own control: GOMAXPROCS and the CPU limit of
// its cgroup are configured when the process starts, but a scenario, the
// runtime (container-aware GOMAXPROCS since Go 1.25) or the system may change
// them. Run watches each: a change made through the watch is recorded within
// the call that made it, every other one at the next observation — each
// metrics tick and each phase boundary — and the value in force is the one
// held longest in the measured window.

// Change is one change of a watched setting during a run.
type Change[T any] struct {
	// T is when the change was recorded, in seconds since the run started
	// (the clock of metrics.jsonl): the return of the call that made it, for a
	// change made through the watch, else the observation that first saw it.
	T     float64 `json:"t"`
	Phase string  `json:"phase"` // warmup, measure or end (after the window)
	From  T       `json:"from"`
	To    T       `json:"to"`
	// After is when the call that made it began, or, for a change seen by an
	// observation, when the one before it was made (same clock): the change
	// happened between After and T. Files of an older harness may lack it.
	After *float64 `json:"after,omitempty"`
}

// MaxChanges bounds the change list of one watched setting in a report.
const MaxChanges = 1000

// watch follows one setting through one Run.
type watch[T cmp.Ordered] struct {
	mu         sync.Mutex
	read       func() (T, bool) // the value now; false when it cannot be read
	t0         time.Time
	configured T
	phase      string
	last       T
	changes    []Change[T]
	dropped    int
	measuring  bool
	measured   bool
	lastAt     time.Time           // when last became the value in force (or the window began)
	seenAt     time.Time           // when the latest observation began: a change it missed happened after this
	held       map[T]time.Duration // how long each value was in force inside the window
}

// newWatch starts watching the setting read gives; nil when it cannot be read.
func newWatch[T cmp.Ordered](t0 time.Time, read func() (T, bool)) *watch[T] {
	v, ok := read()
	if !ok {
		return nil
	}
	return &watch[T]{read: read, t0: t0, configured: v, last: v, phase: "warmup", held: map[T]time.Duration{}, seenAt: time.Now()}
}

// observe records a change made behind the watch's back. It reads under the
// lock a change through the watch holds, so an observation is never older
// than a change recorded before it.
func (w *watch[T]) observe() {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	before := time.Now()
	if v, ok := w.read(); ok {
		w.seen(before, time.Now(), v)
	}
}

// seen records v as read between before and now: a change since the last
// observation happened after that one began, and by now; w.mu is held.
func (w *watch[T]) seen(before, now time.Time, v T) {
	w.record(now, v, round6(w.seenAt.Sub(w.t0).Seconds()))
	w.seenAt = before
}

// made records v, set by a call that began at start and returned at end: the
// change happened inside the call, so it is recorded as made in (start, end].
// end alone was called "exact", and a caller held runnable after a GOMAXPROCS
// call's stop-the-world was 95 ms late; w.mu is held.
func (w *watch[T]) made(start, end time.Time, v T) {
	w.record(end, v, round6(start.Sub(w.t0).Seconds()))
}

// record notes v as the value in force at now, a change made after `after`
// (seconds on the run's clock); w.mu is held.
func (w *watch[T]) record(now time.Time, v T, after float64) {
	if v == w.last {
		return
	}
	w.account(now)
	if len(w.changes) < MaxChanges {
		w.changes = append(w.changes, Change[T]{T: round6(now.Sub(w.t0).Seconds()), Phase: w.phase, From: w.last, To: v, After: &after})
	} else {
		w.dropped++
	}
	w.last = v
}

// account adds the time since lastAt to the value in force, inside the window.
func (w *watch[T]) account(now time.Time) {
	if w.measuring {
		w.held[w.last] += now.Sub(w.lastAt)
	}
	w.lastAt = now
}

// startWindow and endWindow bracket the measured window.
func (w *watch[T]) startWindow() {
	if w == nil {
		return
	}
	w.observe()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.phase, w.measuring, w.measured, w.lastAt = "measure", true, true, time.Now()
}

func (w *watch[T]) endWindow() {
	if w == nil {
		return
	}
	w.observe()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.account(time.Now())
	w.phase, w.measuring = "end", false
}

// summary is what a report states: the value configured, the one in force in
// the window (nil when no window ran; the smaller of two held as long), and
// the changes seen, observing once more first.
func (w *watch[T]) summary() (configured T, inForce *T, changes []Change[T], dropped int) {
	w.observe()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.measured {
		var best T
		first := true
		for v, d := range w.held {
			if first || d > w.held[best] || (d == w.held[best] && v < best) {
				best, first = v, false
			}
		}
		inForce = &best
	}
	return w.configured, inForce, append([]Change[T]{}, w.changes...), w.dropped
}

// settings are the watched settings of one Run.
type settings struct {
	procs    *watch[int]
	cpuLimit *watch[float64] // nil without a readable cgroup CPU limit
}

func (s settings) observe() {
	s.procs.observe()
	s.cpuLimit.observe()
}

func (s settings) startWindow() {
	s.procs.startWindow()
	s.cpuLimit.startWindow()
}
