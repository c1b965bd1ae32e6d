package stress

import (
	"sync/atomic"
	"testing"
	"time"
)

// A watched setting changed behind the watch's back: observations see each
// change, in its phase; the value in force is the one held longest in the
// window; the configured one stays what the run started with. This is how a
// scenario's own CPU limit (cpu-quota-throttle-tail's quota) is reported.
func TestWatchSeesChangesAndTheValueHeldLongest(t *testing.T) {
	var limit atomic.Value
	limit.Store(1.5)
	w := newWatch(time.Now(), func() (float64, bool) { return limit.Load().(float64), true })
	w.observe()
	w.startWindow()
	limit.Store(0.5) // the scenario applies its quota
	w.observe()      // a metrics tick
	time.Sleep(30 * time.Millisecond)
	limit.Store(2.0)
	w.observe()
	time.Sleep(5 * time.Millisecond)
	w.endWindow()
	limit.Store(1.5) // restored after the window
	configured, inForce, changes, dropped := w.summary()
	if configured != 1.5 || inForce == nil || *inForce != 0.5 {
		t.Fatalf("configured %v, in force %v; want 1.5 and 0.5 (held ~30 of ~35 ms)", configured, inForce)
	}
	want := []struct {
		phase    string
		from, to float64
	}{{"measure", 1.5, 0.5}, {"measure", 0.5, 2}, {"end", 2, 1.5}}
	if len(changes) != len(want) || dropped != 0 {
		t.Fatalf("changes %+v (%d dropped), want %v", changes, dropped, want)
	}
	for i, c := range changes {
		if c.Phase != want[i].phase || c.From != want[i].from || c.To != want[i].to {
			t.Errorf("change %d: %+v, want %+v", i, c, want[i])
		}
	}
}

// A setting that cannot be read is not watched (no cgroup: no CPU limit in
// the report), and a read that fails later records nothing.
func TestWatchIgnoresWhatItCannotRead(t *testing.T) {
	if w := newWatch(time.Now(), func() (float64, bool) { return 0, false }); w != nil {
		t.Fatal("a setting that cannot be read is watched")
	}
	if cpuLimitReport(nil) != nil {
		t.Fatal("a report for no watch")
	}
	var ok atomic.Bool
	ok.Store(true)
	w := newWatch(time.Now(), func() (int, bool) { return 4, ok.Load() })
	w.startWindow()
	ok.Store(false)
	w.observe()
	w.endWindow()
	if _, inForce, changes, _ := w.summary(); *inForce != 4 || len(changes) != 0 {
		t.Fatalf("in force %d, changes %+v; want 4 and none", *inForce, changes)
	}
}
