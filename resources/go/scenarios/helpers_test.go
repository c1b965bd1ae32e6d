package scenarios

// Test helpers shared by every group's tests: an exact recording sink,
// quantiles and medians, runtime/metrics reads, skip conditions and output
// trimming.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/cgroupfs"
)

// recSink records every op and latency sample exactly, and what the workload
// reported and noted.
type recSink struct {
	mu      sync.Mutex
	ops     int64
	samples []time.Duration
	values  map[string]float64
	notes   []string
}

func (r *recSink) Report(name string, v float64, unit string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.values == nil {
		r.values = map[string]float64{}
	}
	r.values[name] = v
}

func (r *recSink) Note(msg string) { r.mu.Lock(); r.notes = append(r.notes, msg); r.mu.Unlock() }

func (r *recSink) AddOps(n int64) { r.mu.Lock(); r.ops += n; r.mu.Unlock() }

// SetCPULimit writes the limit as the harness does, with no run to record it in.
func (r *recSink) SetCPULimit(cores float64) error {
	cg, err := cgroupfs.Self()
	if err != nil {
		return err
	}
	return cg.SetLimit(cores)
}
func (r *recSink) Observe(d time.Duration) {
	r.mu.Lock()
	r.samples = append(r.samples, d)
	r.mu.Unlock()
}

func (r *recSink) quantile(q float64) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return quantileOf(r.samples, q)
}

func (r *recSink) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.samples) }

func quantileOf(s []time.Duration, q float64) time.Duration {
	if len(s) == 0 {
		return 0
	}
	c := append([]time.Duration(nil), s...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	i := int(q * float64(len(c)-1))
	return c[i]
}

// median is the middle value of v (the mean of the two middle values for an
// even count); 0 for none.
func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	switch {
	case n == 0:
		return 0
	case n%2 == 1:
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// timeoutCtx returns a context that ends after d.
func timeoutCtx(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

// metricFloat reads one Float64 or Uint64 runtime metric; ok is false when
// this Go lacks it.
func metricFloat(name string) (float64, bool) {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	switch s[0].Value.Kind() {
	case metrics.KindFloat64:
		return s[0].Value.Float64(), true
	case metrics.KindUint64:
		return float64(s[0].Value.Uint64()), true
	}
	return 0, false
}

// pairedRuns measures condition a, then b, reps times (interleaved, so a
// machine whose load drifts affects both alike) and returns the values of
// each.
func pairedRuns[T any](reps int, a, b T, measure func(T) float64) (as, bs []float64) {
	for i := 0; i < reps; i++ {
		as = append(as, measure(a))
		bs = append(bs, measure(b))
	}
	return as, bs
}

// needMetric skips the test when this Go lacks the runtime metric name.
func needMetric(t *testing.T, name string) {
	t.Helper()
	if _, ok := metricFloat(name); !ok {
		t.Skipf("the runtime metric %s does not exist in %s, so there is nothing to read", name, runtime.Version())
	}
}

func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short asks for the quick tests only, and this expectation test runs a scenario for a measurable time (hundreds of ms to seconds)")
	}
}

func needCPUs(t *testing.T, n int) {
	t.Helper()
	if runtime.NumCPU() < n || runtime.GOMAXPROCS(0) < n {
		t.Skipf("needs %d CPUs and GOMAXPROCS ≥ %d (NumCPU=%d, GOMAXPROCS=%d)", n, n,
			runtime.NumCPU(), runtime.GOMAXPROCS(0))
	}
}

func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("scheduling expectation: the race detector randomizes scheduling (golang/go#38266)")
	}
}

// exitCode is the exit code in err from an exec.Cmd's Run or Output (0 for
// nil); a failure that is not an exit (the command did not start) fails the
// test. A child killed by its context exits -1.
func exitCode(t *testing.T, err error, what string) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("%s: %v", what, err)
	}
	return ee.ExitCode()
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// cleanEnv is the parent's environment without settings a child process must
// get explicitly.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOMAXPROCS=") || strings.HasPrefix(kv, "GODEBUG=") ||
			strings.HasPrefix(kv, childEnvVar+"=") || strings.HasPrefix(kv, childArgsVar+"=") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// loadAvg is the 1-minute load average, 0 when unknown.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var v float64
	fmt.Sscan(string(b), &v)
	return v
}

// setProcs sets GOMAXPROCS to n for an in-process test of a scenario whose
// runtime test runs at that value, and returns the restore func.
func setProcs(n int) func() {
	prev := runtime.GOMAXPROCS(n)
	return func() { runtime.GOMAXPROCS(prev) }
}
