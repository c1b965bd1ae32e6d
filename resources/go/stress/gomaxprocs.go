package stress

import (
	"runtime"
	"time"
)

// The GOMAXPROCS that ran (result.json "gomaxprocs", PROTOCOL §2.2): a
// watched setting (watch.go). Env.SetGOMAXPROCS changes it through the watch.

// GOMAXPROCSReport is result.json's "gomaxprocs".
type GOMAXPROCSReport struct {
	// Configured is GOMAXPROCS when the run started: the GOMAXPROCS
	// environment variable, or Go's default when it is unset.
	Configured int `json:"configured"`
	// InForce is the GOMAXPROCS of the measured window: when it changed inside
	// the window, the value that held longest. Nil when no window ran.
	InForce *int `json:"in_force"`
	// Changes lists every change seen, in order, at most MaxChanges;
	// Dropped counts the later ones.
	Changes []ProcsChange `json:"changes"`
	Dropped int           `json:"changes_dropped"`
}

// ProcsChange is one change of GOMAXPROCS during a run.
type ProcsChange = Change[int]

func newProcsWatch(t0 time.Time) *watch[int] {
	return newWatch(t0, func() (int, bool) { return runtime.GOMAXPROCS(0), true })
}

// setGOMAXPROCS changes GOMAXPROCS and records the change as made during the
// call: its stop-the-world comes first, and the caller may then wait runnable
// before it reads the clock again.
func setGOMAXPROCS(w *watch[int], n int) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	start := time.Now()
	prev := runtime.GOMAXPROCS(n)
	end := time.Now()
	w.seen(start, end, prev) // a change nobody recorded yet happened before this one
	if n > 0 {
		w.made(start, end, n)
	}
	return prev
}

func procsReport(w *watch[int]) *GOMAXPROCSReport {
	configured, inForce, changes, dropped := w.summary()
	return &GOMAXPROCSReport{Configured: configured, InForce: inForce, Changes: changes, Dropped: dropped}
}
