package scenarios

import (
	"runtime"
	"testing"
	"time"
)

// Starvation mode bounds the victim's wait: a victim that queues on the mutex
// (Lock) gets it within a few ms even though a barger re-locks continuously,
// while the same victim polling TryLock — which never queues, so never
// triggers starvation mode — waits far longer or never gets it.
func TestMutexStarvationBoundsVictimWait(t *testing.T) {
	skipShort(t)
	skipUnderRace(t)
	const reps, window = 3, 400 * time.Millisecond
	var queued, polled []float64
	var queuedAcq []float64
	for i := 0; i < reps; i++ {
		for _, poll := range []bool{false, true} {
			ctx, cancel := timeoutCtx(window)
			res := runMutexStarvation(ctx, &recSink{}, 1, 100*time.Microsecond, false, 100*time.Microsecond, poll)
			cancel()
			if poll {
				polled = append(polled, res.longest.Seconds())
			} else {
				queued = append(queued, res.longest.Seconds())
				queuedAcq = append(queuedAcq, float64(res.acquisitions))
			}
		}
	}
	mq, mp := median(queued), median(polled)
	t.Logf("victim longest wait: Lock median %.2fms %v; TryLock-poll median %.2fms %v; ratio %.1fx; Lock acquisitions %v",
		mq*1e3, queued, mp*1e3, polled, mp/mq, queuedAcq)
	if median(queuedAcq) < 10 {
		t.Errorf("victim using Lock acquired only %v times in %v (TestMutexFairness wants 10 within 10s)", queuedAcq, window)
	}
	if mq >= 0.1 {
		t.Errorf("victim using Lock waited %.1fms at worst (median); starvation mode should bound it well under 100ms", mq*1e3)
	}
	if mp < 5*mq {
		t.Errorf("TryLock-poll victim's worst wait %.2fms is not ≥5× the queued victim's %.2fms", mp*1e3, mq*1e3)
	}
}

// Parking shows up in /sync/mutex/wait/total only under contention: one
// goroutine never waits, 4×GOMAXPROCS goroutines with a real critical section do.
func TestMutexWaitGrowsWithContention(t *testing.T) {
	skipShort(t)
	const metric = "/sync/mutex/wait/total:seconds"
	needMetric(t, metric)
	const reps, window = 3, 300 * time.Millisecond
	many := 4 * runtime.GOMAXPROCS(0)
	solo, crowd := pairedRuns(reps, 1, many, func(n int) float64 {
		before, _ := metricFloat(metric)
		ctx, cancel := timeoutCtx(window)
		runMutexSpin(ctx, &recSink{}, n, 2000, 1024)
		cancel()
		after, _ := metricFloat(metric)
		return after - before
	})
	ms, mc := median(solo), median(crowd)
	t.Logf("mutex wait over %v: 1 goroutine median %.3fms %v; %d goroutines median %.3fms %v",
		window, ms*1e3, solo, many, mc*1e3, crowd)
	if mc < 10*ms+0.005 {
		t.Errorf("mutex wait with %d goroutines (%.3fms) is not ≥ 10× the solo wait (%.3fms) + 5ms", many, mc*1e3, ms*1e3)
	}
}

// Writer preference serializes readers: with one write in 10 ops (writes 10×
// longer than reads) the read throughput is well below the read-only
// throughput. Reader parallelism needs CPUs: when the machine is so busy that
// the read-only runs get less than 1.5 cores, the comparison says nothing and
// the test skips.
func TestRWMutexWritesCutReadThroughput(t *testing.T) {
	skipShort(t)
	needCPUs(t, 2)
	const reps, window = 3, 300 * time.Millisecond
	var ro, mixed, roCores []float64
	for i := 0; i < reps; i++ {
		for _, every := range []int{0, 10} {
			ctx, cancel := timeoutCtx(window)
			t0, c0 := time.Now(), processCPUTime()
			res := runRWMutex(ctx, &recSink{}, 4, every, 100, 1000)
			cancel()
			wall := time.Since(t0).Seconds()
			rate := float64(res.reads) / wall
			if every == 0 {
				ro = append(ro, rate)
				roCores = append(roCores, (processCPUTime()-c0).Seconds()/wall)
			} else {
				mixed = append(mixed, rate)
			}
		}
	}
	mr, mm := median(ro), median(mixed)
	t.Logf("reads/s: read-only median %.0f %v (cores used %v); 1/10 writes median %.0f %v; ratio %.1fx",
		mr, ro, roCores, mm, mixed, mr/mm)
	if c := median(roCores); c < 1.5 {
		t.Skipf("precondition not met: reader parallelism needs ≥ 1.5 cores, the read-only runs got %.2f (other processes held the CPUs)", c)
	}
	if mr < 2*mm {
		t.Errorf("read-only read throughput %.0f/s is not ≥ 2× the 1-in-10-writes read throughput %.0f/s", mr, mm)
	}
}
