package scenarios

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/cgroupfs"
)

var testCgroupSeq atomic.Int64

// testCgroup creates a fresh child cgroup with the CPU controller, removed
// when the test ends, or skips when this machine does not allow that.
func testCgroup(t *testing.T) cgroup {
	t.Helper()
	self, err := selfCgroup()
	if err != nil {
		t.Skipf("no CPU cgroup: %v", err)
	}
	dir := filepath.Join(self.Dir, fmt.Sprintf("gmpwb-test-%d-%d", os.Getpid(), testCgroupSeq.Add(1)))
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Skipf("cgroup not writable (cannot create %s): %v", dir, err)
	}
	t.Cleanup(func() {
		// The child has exited by now; an empty cgroup can be removed.
		for i := 0; i < 50; i++ {
			if err := os.Remove(dir); err == nil || os.IsNotExist(err) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Logf("could not remove %s", dir)
	})
	cg := cgroup{cgroupfs.CPU{Dir: dir, V2: self.V2}}
	limitFile := "cpu.cfs_quota_us"
	if cg.V2 {
		limitFile = "cpu.max"
		if _, err := os.Stat(filepath.Join(dir, limitFile)); err != nil {
			os.WriteFile(filepath.Join(self.Dir, "cgroup.subtree_control"), []byte("+cpu"), 0)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, limitFile)); err != nil {
		t.Skipf("cgroup %s has no CPU controller (%s): %v", dir, limitFile, err)
	}
	return cg
}

// enterCgroup is the shell prefix that moves the child into cg before it
// execs, so the Go runtime starts inside it.
func enterCgroup(cg cgroup) string {
	return fmt.Sprintf("echo $$ > '%s'", filepath.Join(cg.Dir, "cgroup.procs"))
}

func init() {
	// throttle: burn CPU in this process's cgroup for a window; report the
	// cgroup's throttling and the CPU this process used.
	childEntries["throttle"] = func(a map[string]string) (map[string]float64, error) {
		burners, _ := strconv.Atoi(a["burners"])
		ms, _ := strconv.Atoi(a["ms"])
		window := time.Duration(ms) * time.Millisecond
		ctx, cancel := timeoutCtx(window)
		defer cancel()
		rec := &recSink{}
		c0, t0 := processCPUTime(), time.Now()
		res, err := runCPUQuotaThrottle(ctx, rec, burners, 0, time.Millisecond, false)
		cores := (processCPUTime() - c0).Seconds() / time.Since(t0).Seconds()
		if err == nil && !res.cgroupOK {
			err = fmt.Errorf("cannot read the cgroup's cpu.stat")
		}
		return map[string]float64{"nr": float64(res.nrThrottled), "throttled_ms": res.throttledFor.Seconds() * 1e3,
			"cores": cores, "limit": res.limit, "gomaxprocs": float64(runtime.GOMAXPROCS(0)),
			"probe_p99_ms": rec.quantile(0.99).Seconds() * 1e3}, err
	}
	// procs: step the own cgroup through quotas and report each step.
	childEntries["procs"] = func(a map[string]string) (map[string]float64, error) {
		quotas, err := parseQuotas(a["quotas"])
		if err != nil {
			return nil, err
		}
		ms, _ := strconv.Atoi(a["step_ms"])
		step := time.Duration(ms) * time.Millisecond
		ctx, cancel := timeoutCtx(time.Duration(len(quotas))*step + step/2)
		defer cancel()
		steps, err := runContainerGOMAXPROCS(ctx, &recSink{}, 1, true, quotas, step, 10*time.Millisecond)
		out := map[string]float64{"steps": float64(len(steps)), "start_procs": -1}
		for i, s := range steps {
			rb := s.readBack
			if math.IsInf(rb, 1) {
				rb = -1 // JSON has no infinity
			}
			out[fmt.Sprintf("readback_%d", i)] = rb
			out[fmt.Sprintf("expected_%d", i)] = float64(s.expected)
			out[fmt.Sprintf("got_%d", i)] = float64(s.got)
			out[fmt.Sprintf("after_ms_%d", i)] = s.after.Seconds() * 1e3
		}
		return out, err
	}
}

// GOMAXPROCS above the CFS quota gets the whole process throttled: with a
// 1.2-CPU quota, GOMAXPROCS=2 and 4 burners spend the quota before each 100ms
// period ends (nr_throttled rises nearly every period), while GOMAXPROCS=1
// can never use more than ~1 CPU and stays under it. The test cgroup gets a
// large CPU weight so that a busy machine still gives the child more than the
// quota.
func TestQuotaThrottlesWhenGOMAXPROCSExceedsIt(t *testing.T) {
	skipShort(t)
	needCPUs(t, 2)
	const quota = 1.2
	cg := testCgroup(t)
	if err := cg.SetLimit(quota); err != nil {
		t.Skipf("cannot set a CPU limit on %s: %v", cg.Dir, err)
	}
	if cg.V2 {
		os.WriteFile(filepath.Join(cg.Dir, "cpu.weight"), []byte("1000"), 0)
	} else {
		os.WriteFile(filepath.Join(cg.Dir, "cpu.shares"), []byte("16384"), 0)
	}
	const reps = 2
	var over, under, overCores []float64
	for i := 0; i < reps; i++ {
		for _, procs := range []int{2, 1} {
			r := mustChild(t, "throttle", map[string]string{"burners": "4", "ms": "1000"},
				[]string{"GOMAXPROCS=" + strconv.Itoa(procs)}, enterCgroup(cg))
			if math.Abs(r["limit"]-quota) > 0.01 || int(r["gomaxprocs"]) != procs {
				t.Fatalf("child saw limit %v and GOMAXPROCS %v; want %v and %d", r["limit"], r["gomaxprocs"], quota, procs)
			}
			t.Logf("GOMAXPROCS=%d: nr_throttled +%v, throttled %.0fms, %.2f cores used, probe p99 %.2fms",
				procs, r["nr"], r["throttled_ms"], r["cores"], r["probe_p99_ms"])
			if procs == 2 {
				over, overCores = append(over, r["nr"]), append(overCores, r["cores"])
			} else {
				under = append(under, r["nr"])
			}
		}
	}
	mo, mu := median(over), median(under)
	if mo < 4 && median(overCores) < quota {
		t.Skipf("precondition not met: exceeding a %[2]v-CPU quota needs more than %[2]v cores, the GOMAXPROCS=2 child got %.2[1]f (other processes held the CPUs)",
			median(overCores), quota)
	}
	if mo < 4 || mo < 3*mu+2 {
		t.Errorf("nr_throttled over ~10 periods: GOMAXPROCS=2 median %v %v; want ≥ 4 and ≥ 3× GOMAXPROCS=1's %v %v + 2",
			mo, over, mu, under)
	}
}

// The container-aware default follows the cgroup limit the process started
// in. The child is started inside a fresh cgroup with the Go 1.25 behaviour
// switched on (this module's go.mod predates it, so it is off by default) and
// steps the limit through 3, 2, 2.5 and unlimited. The read-back of every
// write is checked on any machine; GOMAXPROCS convergence needs ≥ 3 CPUs,
// because with 2 every limit maps to 2.
func TestContainerGOMAXPROCSFollowsLimit(t *testing.T) {
	skipShort(t)
	cg := testCgroup(t)
	if cg.SetLimit(0) != nil {
		t.Skipf("cannot write a CPU limit in %s", cg.Dir)
	}
	stepMs := "1500"
	if runtime.NumCPU() < 3 {
		stepMs = "150"
	}
	r := mustChild(t, "procs", map[string]string{"quotas": "3,2,2.5,max", "step_ms": stepMs},
		[]string{"GODEBUG=containermaxprocs=1,updatemaxprocs=1"}, enterCgroup(cg))
	want := []float64{3, 2, 2.5, math.Inf(1)}
	if int(r["steps"]) < len(want) {
		t.Fatalf("child completed %v of %d steps: %v", r["steps"], len(want), r)
	}
	for i, q := range want {
		rb := r[fmt.Sprintf("readback_%d", i)]
		if math.IsInf(q, 1) != (rb == -1) || (!math.IsInf(q, 1) && math.Abs(rb-q) > 0.01) {
			t.Errorf("step %d: wrote %v CPUs, read back %v", i, q, rb)
		}
	}
	if runtime.NumCPU() < 3 {
		t.Skipf("NumCPU=%d: every limit maps to GOMAXPROCS 2 (floor of 2), nothing to follow; limit writes verified", runtime.NumCPU())
	}
	for i := range want {
		exp, got := r[fmt.Sprintf("expected_%d", i)], r[fmt.Sprintf("got_%d", i)]
		t.Logf("step %d: limit %v → GOMAXPROCS %v (expected %v) after %.0fms", i, want[i], got, exp, r[fmt.Sprintf("after_ms_%d", i)])
		if got != exp {
			t.Errorf("step %d: limit %v: GOMAXPROCS %v at the end of the step, want %v", i, want[i], got, exp)
		}
	}
}
