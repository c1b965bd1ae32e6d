package stress

import (
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/cgroupfs"
)

// The CPU limit of the run's cgroup (result.json "cpu_limit", PROTOCOL §2.2):
// a watched setting (watch.go). The workbench sets it before the process
// starts; a scenario may change it during the run (cpu-quota-throttle-tail
// applies its quota, container-gomaxprocs steps through several), and the
// limit the measured window ran under is the one to state.

// CPULimitReport is result.json's "cpu_limit", in cores; 0 means no limit.
type CPULimitReport struct {
	Configured float64           `json:"configured"`
	InForce    *float64          `json:"in_force"`
	Changes    []Change[float64] `json:"changes"`
	Dropped    int               `json:"changes_dropped"`
}

// newCPULimitWatch watches the CPU limit of the process's own cgroup; nil
// when there is none to read (no cgroup, no CPU controller).
func newCPULimitWatch(t0 time.Time) *watch[float64] {
	cg, err := cgroupfs.Self()
	if err != nil {
		return nil
	}
	return newWatch(t0, func() (float64, bool) {
		cores, limited, err := cg.Limit()
		if err != nil {
			return 0, false
		}
		if !limited {
			return 0, true
		}
		return cores, true
	})
}

// setCPULimit writes cores (0: none) as the limit of cg, the process's own
// group, and records the change as made during the write, as setGOMAXPROCS
// does: left to the watch, it would be seen at the next observation, and a
// step shorter than a metrics tick not at all. w is nil for a run without a
// readable limit: then there is nothing to record.
func setCPULimit(w *watch[float64], cg cgroupfs.CPU, cores float64) error {
	if w == nil {
		return cg.SetLimit(cores)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	before := time.Now()
	if prev, ok := w.read(); ok {
		w.seen(before, time.Now(), prev) // a change nobody recorded yet happened before this one
	}
	start := time.Now()
	if err := cg.SetLimit(cores); err != nil {
		return err
	}
	// What the group holds now, as every observation reads it (the quota is whole microseconds).
	if v, ok := w.read(); ok {
		w.made(start, time.Now(), v)
	}
	return nil
}

// cpuLimitReport is nil for a run without a readable limit.
func cpuLimitReport(w *watch[float64]) *CPULimitReport {
	if w == nil {
		return nil
	}
	configured, inForce, changes, dropped := w.summary()
	return &CPULimitReport{Configured: configured, InForce: inForce, Changes: changes, Dropped: dropped}
}
