package stress

import (
	"runtime"
	"sync"
	"time"
)

// The GOMAXPROCS that ran (result.json "gomaxprocs", PROTOCOL §2.2). The
// configured value is only what the process started with: a scenario, or the
// runtime itself (container-aware updates since Go 1.25), may change it. Run
// therefore watches it: Env.SetGOMAXPROCS records a change exactly, and every
// other change is seen at the next observation — each metrics tick and each
// phase boundary.

// GOMAXPROCSReport is result.json's "gomaxprocs".
type GOMAXPROCSReport struct {
	// Configured is GOMAXPROCS when the run started: the GOMAXPROCS
	// environment variable, or Go's default when it is unset.
	Configured int `json:"configured"`
	// InForce is the GOMAXPROCS of the measured window: when it changed inside
	// the window, the value that held longest. Nil when no window ran.
	InForce *int `json:"in_force"`
	// Changes lists every change seen, in order, at most MaxGOMAXPROCSChanges;
	// Dropped counts the later ones.
	Changes []ProcsChange `json:"changes"`
	Dropped int           `json:"changes_dropped"`
}

// ProcsChange is one change of GOMAXPROCS during a run.
type ProcsChange struct {
	// T is when the change was recorded, in seconds since the run started
	// (the clock of metrics.jsonl): exact for Env.SetGOMAXPROCS, else the
	// observation that first saw the new value.
	T     float64 `json:"t"`
	Phase string  `json:"phase"` // warmup, measure or end (after the window)
	From  int     `json:"from"`
	To    int     `json:"to"`
}

// MaxGOMAXPROCSChanges bounds the change list of one report.
const MaxGOMAXPROCSChanges = 1000

// procsWatch follows GOMAXPROCS through one Run.
type procsWatch struct {
	mu         sync.Mutex
	t0         time.Time
	configured int
	phase      string
	last       int
	changes    []ProcsChange
	dropped    int
	measuring  bool
	measured   bool
	lastAt     time.Time             // when last became the value in force (or the window began)
	held       map[int]time.Duration // how long each value was in force inside the window
}

func newProcsWatch(t0 time.Time) *procsWatch {
	n := runtime.GOMAXPROCS(0)
	return &procsWatch{t0: t0, configured: n, last: n, phase: "warmup", held: map[int]time.Duration{}}
}

// observe records a change made behind the watch's back. It reads GOMAXPROCS
// under the lock that set holds, so an observation is never older than a
// change recorded before it.
func (w *procsWatch) observe() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.record(time.Now(), runtime.GOMAXPROCS(0))
}

// set changes GOMAXPROCS and records the change with its exact time.
func (w *procsWatch) set(n int) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	prev := runtime.GOMAXPROCS(n)
	now := time.Now()
	w.record(now, prev) // a change nobody recorded yet happened before this one
	if n > 0 {
		w.record(now, n)
	}
	return prev
}

// record notes n as the value in force at now; w.mu is held.
func (w *procsWatch) record(now time.Time, n int) {
	if n == w.last {
		return
	}
	w.account(now)
	if len(w.changes) < MaxGOMAXPROCSChanges {
		w.changes = append(w.changes, ProcsChange{T: round6(now.Sub(w.t0).Seconds()), Phase: w.phase, From: w.last, To: n})
	} else {
		w.dropped++
	}
	w.last = n
}

// account adds the time since lastAt to the value in force, inside the window.
func (w *procsWatch) account(now time.Time) {
	if w.measuring {
		w.held[w.last] += now.Sub(w.lastAt)
	}
	w.lastAt = now
}

// startWindow and endWindow bracket the measured window.
func (w *procsWatch) startWindow() {
	w.observe()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.phase, w.measuring, w.measured, w.lastAt = "measure", true, true, time.Now()
}

func (w *procsWatch) endWindow() {
	w.observe()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.account(time.Now())
	w.phase, w.measuring = "end", false
}

func (w *procsWatch) report() *GOMAXPROCSReport {
	w.observe()
	w.mu.Lock()
	defer w.mu.Unlock()
	rep := &GOMAXPROCSReport{Configured: w.configured, Changes: append([]ProcsChange{}, w.changes...), Dropped: w.dropped}
	if w.measured {
		best := 0
		for n, d := range w.held {
			if best == 0 || d > w.held[best] || (d == w.held[best] && n < best) {
				best = n
			}
		}
		rep.InForce = &best
	}
	return rep
}
