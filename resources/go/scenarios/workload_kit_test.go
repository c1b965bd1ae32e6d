package scenarios

// Test helpers for the sync, timers, syscalls, gc and containers groups:
// an exact recording sink, runtime/metrics reads, medians, and a child-process
// runner for settings that only take effect at process start.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// recSink records every op and latency sample exactly.
type recSink struct {
	mu      sync.Mutex
	ops     int64
	samples []time.Duration
}

func (r *recSink) AddOps(n int64) { r.mu.Lock(); r.ops += n; r.mu.Unlock() }
func (r *recSink) Observe(d time.Duration) {
	r.mu.Lock()
	r.samples = append(r.samples, d)
	r.mu.Unlock()
}

func (r *recSink) quantile(q float64) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return kitQuantile(r.samples, q)
}

func (r *recSink) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.samples) }

func kitQuantile(s []time.Duration, q float64) time.Duration {
	if len(s) == 0 {
		return 0
	}
	c := append([]time.Duration(nil), s...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	i := int(q * float64(len(c)-1))
	return c[i]
}

func kitMedian(v []float64) float64 {
	c := append([]float64(nil), v...)
	sort.Float64s(c)
	if len(c) == 0 {
		return 0
	}
	return c[len(c)/2]
}

// kitCtx returns a context that ends after d.
func kitCtx(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

// kitMetricFloat reads one Float64 or Uint64 runtime metric; ok is false when
// this Go lacks it.
func kitMetricFloat(name string) (float64, bool) {
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

// kitProcThreads reads the OS thread count of this process.
func kitProcThreads() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return -1
}

func kitSkipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("expectation test: skipped with -short")
	}
}

func kitNeedCPUs(t *testing.T, n int) {
	t.Helper()
	if runtime.NumCPU() < n || runtime.GOMAXPROCS(0) < n {
		t.Skipf("needs %d CPUs and GOMAXPROCS ≥ %d (NumCPU=%d, GOMAXPROCS=%d)", n, n,
			runtime.NumCPU(), runtime.GOMAXPROCS(0))
	}
}

func kitNoRace(t *testing.T) {
	t.Helper()
	if kitRaceEnabled {
		t.Skip("scheduling expectation: the race detector randomizes scheduling (golang/go#38266)")
	}
}

// --- child processes -------------------------------------------------------

// kitChildren are entry points a child process can run. Each gets string args
// and returns numbers that the parent reads back.
var kitChildren = map[string]func(args map[string]string) (map[string]float64, error){}

const (
	kitChildEnv    = "GMPWB_KIT_CHILD"
	kitChildArgs   = "GMPWB_KIT_ARGS"
	kitChildPrefix = "GMPWB_KIT_RESULT "
)

// TestKitChild is not a test: it is the entry point of child processes started
// by kitRunChild. Without the environment variable it skips.
func TestKitChild(t *testing.T) {
	name := os.Getenv(kitChildEnv)
	if name == "" {
		t.Skip("child-process entry point; runs only when started by another test")
	}
	f, ok := kitChildren[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown child %q\n", name)
		os.Exit(3)
	}
	args := map[string]string{}
	if a := os.Getenv(kitChildArgs); a != "" {
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
	res, err := f(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child error:", err)
		os.Exit(4)
	}
	b, err := json.Marshal(res)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child result:", err)
		os.Exit(4)
	}
	fmt.Printf("%s%s\n", kitChildPrefix, b)
	os.Exit(0)
}

type kitChildOut struct {
	result map[string]float64
	stderr string
	exit   int
}

// kitChildCmd builds the command for a child; wrap, when non-empty, is a shell
// snippet run before exec'ing the child (used to enter a cgroup first).
func kitChildCmd(ctx context.Context, name string, args map[string]string, env []string, wrap string) *exec.Cmd {
	a, _ := json.Marshal(args)
	testArgs := []string{"-test.run=^TestKitChild$", "-test.count=1"}
	var cmd *exec.Cmd
	if wrap != "" {
		cmd = exec.CommandContext(ctx, "/bin/sh", append([]string{"-c", wrap + ` && exec "$0" "$@"`, os.Args[0]}, testArgs...)...)
	} else {
		cmd = exec.CommandContext(ctx, os.Args[0], testArgs...)
	}
	cmd.Env = append(kitCleanEnv(), kitChildEnv+"="+name, kitChildArgs+"="+string(a))
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// kitCleanEnv is the parent's environment without settings a child must get
// explicitly.
func kitCleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOMAXPROCS=") || strings.HasPrefix(kv, "GODEBUG=") ||
			strings.HasPrefix(kv, kitChildEnv+"=") || strings.HasPrefix(kv, kitChildArgs+"=") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// kitRunChild runs a registered child entry point and returns what it printed.
// A non-zero exit is not an error here: callers check out.exit.
func kitRunChild(t *testing.T, name string, args map[string]string, env []string, wrap string) kitChildOut {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := kitChildCmd(ctx, name, args, env, wrap)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	out := kitChildOut{stderr: stderr.String()}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			out.exit = ee.ExitCode()
		} else {
			t.Fatalf("child %s: %v", name, err)
		}
	}
	sc := bufio.NewScanner(strings.NewReader(string(stdout)))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), kitChildPrefix); ok {
			if err := json.Unmarshal([]byte(v), &out.result); err != nil {
				t.Fatalf("child %s: bad result %q: %v", name, v, err)
			}
		}
	}
	return out
}

// kitMustChild runs a child that must succeed.
func kitMustChild(t *testing.T, name string, args map[string]string, env []string, wrap string) map[string]float64 {
	t.Helper()
	out := kitRunChild(t, name, args, env, wrap)
	if out.exit != 0 || out.result == nil {
		t.Fatalf("child %s failed: exit %d\nstderr:\n%s", name, out.exit, kitTail(out.stderr, 2000))
	}
	return out.result
}

func kitTail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
