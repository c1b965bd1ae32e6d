package scenarios

import (
	"testing"
	"time"
)

// The numbers the sync, timers, syscalls and containers workloads compute reach the
// result as values, and their degraded modes say so in a note.
func TestWorkloadsReportWhatTheyCompute(t *testing.T) {
	run := func(f func(rec *recSink)) *recSink {
		rec := &recSink{}
		f(rec)
		return rec
	}
	const d = 60 * time.Millisecond

	rec := run(func(rec *recSink) {
		ctx, cancel := timeoutCtx(d)
		defer cancel()
		res := runRWMutex(ctx, rec, 2, 10, 10, 10)
		if rec.values["reads"] != float64(res.reads) || rec.values["writes"] != float64(res.writes) {
			t.Errorf("rwmutex: values %v, result %+v", rec.values, res)
		}
	})
	if _, ok := rec.values["writes"]; !ok {
		t.Errorf("rwmutex reported no writes: %v", rec.values)
	}

	run(func(rec *recSink) {
		ctx, cancel := timeoutCtx(d)
		defer cancel()
		res := runMutexStarvation(ctx, rec, 1, 100*time.Microsecond, false, 0, false)
		if rec.values["victim_longest_wait"] != res.longest.Seconds() {
			t.Errorf("mutex starvation: values %v, longest %v", rec.values, res.longest)
		}
	})

	run(func(rec *recSink) {
		ctx, cancel := timeoutCtx(d)
		defer cancel()
		runTimerStorm(ctx, rec, 2, 200, time.Millisecond, true)
		negative := 0
		for _, x := range rec.samples {
			if x < 0 {
				negative++
			}
		}
		if v, ok := rec.values["early_fires"]; !ok || v != float64(negative) {
			t.Errorf("timer storm: early_fires %v (reported %v), %d negative samples", v, ok, negative)
		}
	})

	run(func(rec *recSink) {
		ctx, cancel := timeoutCtx(d)
		defer cancel()
		runStaggeredTickers(ctx, rec, 2, 5*time.Millisecond, 0)
		if _, ok := rec.values["skipped_ticks"]; !ok {
			t.Errorf("staggered tickers reported no skipped_ticks: %v", rec.values)
		}
	})

	run(func(rec *recSink) {
		ctx, cancel := timeoutCtx(d)
		defer cancel()
		// quota 0: this process's own cgroup limit is never changed here.
		res, err := runCPUQuotaThrottle(ctx, rec, 1, 0, time.Millisecond, false)
		if err != nil {
			t.Fatal(err)
		}
		_, reported := rec.values["nr_throttled"]
		if !reported && len(rec.notes) == 0 {
			t.Errorf("throttle: neither throttling values nor a note saying why (%+v)", res)
		}
		if reported && rec.values["nr_throttled"] != float64(res.nrThrottled) {
			t.Errorf("throttle: values %v, result %+v", rec.values, res)
		}
	})

	run(func(rec *recSink) {
		ctx, cancel := timeoutCtx(d)
		defer cancel()
		if _, err := runContainerGOMAXPROCS(ctx, rec, 1, false, nil, 0, 5*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if _, err := selfCgroup(); err != nil && len(rec.notes) == 0 {
			t.Errorf("container-gomaxprocs without a cgroup gave no note")
		}
		if rec.values["gomaxprocs"] < 1 {
			t.Errorf("container-gomaxprocs: values %v", rec.values)
		}
	})
}
