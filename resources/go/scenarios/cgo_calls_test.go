//go:build cgo && gmpcgo

package scenarios

import (
	"testing"
	"time"
)

// Every C call is counted by /cgo/go-to-c-calls, and goroutines sleeping in C
// hold one thread each.
func TestCgoCallsCountedAndHoldThreads(t *testing.T) {
	skipShort(t)
	const metric = "/cgo/go-to-c-calls:calls"
	needMetric(t, metric)
	before, _ := metricFloat(metric)
	rec := &recSink{}
	ctx, cancel := timeoutCtx(200 * time.Millisecond)
	runCgoCalls(ctx, rec, 2, 0)
	cancel()
	after, _ := metricFloat(metric)
	t.Logf("empty calls: %d ops, go-to-c-calls +%v, p50 %v", rec.ops, after-before, rec.quantile(0.5))
	if rec.ops == 0 || after-before < float64(rec.ops) {
		t.Errorf("go-to-c-calls grew by %v for %d C calls", after-before, rec.ops)
	}

	const n = 16
	base := osThreads()
	tp := startThreadPeak(5 * time.Millisecond)
	ctx, cancel = timeoutCtx(300 * time.Millisecond)
	runCgoCalls(ctx, &recSink{}, n, 20000)
	cancel()
	peak := tp.stop()
	t.Logf("%d goroutines in usleep(20ms): threads %d before, peak %d", n, base, peak)
	if peak < n {
		t.Errorf("peak threads %d < %d goroutines sleeping in C", peak, n)
	}
}
