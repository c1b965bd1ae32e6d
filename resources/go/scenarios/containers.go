package scenarios

// Group containers: the cgroup-aware GOMAXPROCS default (Go 1.25) and CFS
// quota throttling when GOMAXPROCS exceeds the quota (docs/SCENARIOS.md I1–I2).
//
// The runtime reads the CPU limit of the cgroup the process started in and
// never notices a later migration, so these scenarios work on the process's
// own cgroup: they read it always and write it only when asked to, when it is
// writable and not the root cgroup, restoring the old limit afterwards.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/cgroupfs"
	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(
		stress.Scenario{
			ID:    "container-gomaxprocs",
			Group: "containers",
			Title: "GOMAXPROCS following the cgroup CPU limit",
			Mechanism: "Since Go 1.25 the default GOMAXPROCS is min(NumCPU, ceil(cgroup CPU limit)) with a floor of 2, " +
				"re-checked by sysmon up to once per second; an explicit GOMAXPROCS (env or runtime.GOMAXPROCS) " +
				"or GODEBUG containermaxprocs=0 / updatemaxprocs=0 turns it off, and a module whose go.mod says " +
				"go < 1.25 gets those off by default. Concurrency goroutines burn CPU so the process is not idle. " +
				"mode=observe polls GOMAXPROCS and the limit; mode=step writes each of `quotas` to the process's " +
				"own cgroup (when writable and not the root; else it observes) for `step` each and measures how " +
				"long GOMAXPROCS takes to reach the expected value. Ops are polls; op latency is that reaction time.",
			Source: "runtime testprog gomaxprocs.go (UpdateGOMAXPROCS, DontUpdateGOMAXPROCS), runtime/debug.go GOMAXPROCS doc; golang/go#73193, #33803",
			Params: []stress.Param{
				enumParam("mode", "observe", []string{"observe", "step"},
					"observe: only read; step: write `quotas` to this process's own cgroup (affects every process in it)"),
				stringParam("quotas", "3,2,2.5,max", "comma list of CPU limits to step through (cores, or max for unlimited)"),
				durParam("step", 1500*time.Millisecond, 100*time.Millisecond, time.Minute, "time spent at each quota"),
				durParam("poll", 10*time.Millisecond, time.Millisecond, time.Second, "how often GOMAXPROCS and the limit are read"),
			},
			Signals: []string{"/sched/gomaxprocs:threads", "op latency (GOMAXPROCS reaction time)",
				"/godebug/non-default-behavior/containermaxprocs:events",
				"/godebug/non-default-behavior/updatemaxprocs:events"},
			FreshProcess: true,
			TimesOps:     true,
			Run: func(ctx context.Context, env *stress.Env) error {
				quotas, err := parseQuotas(env.Param("quotas"))
				if err != nil {
					return err
				}
				_, err = runContainerGOMAXPROCS(ctx, env, env.Concurrency, env.Param("mode") == "step", quotas,
					env.DurationParam("step"), env.DurationParam("poll"))
				return err
			},
		},
		stress.Scenario{
			ID:    "cpu-quota-throttle-tail",
			Group: "containers",
			Title: "CFS throttling when GOMAXPROCS exceeds the CPU quota",
			Mechanism: "Concurrency goroutines burn CPU while a probe sleeps `probe` in a loop. With GOMAXPROCS above " +
				"the cgroup's CFS quota the process spends its quota early in each period (100ms by default) and " +
				"the kernel then stops every thread until the next period: the probe's wake-ups pay for it. " +
				"GOMAXPROCS from the environment is the knob to compare against the quota; gc=true adds " +
				"allocation, so GC workers also spend quota. quota > 0 writes that limit to the process's own " +
				"cgroup for the run (when writable and not the root) and restores it. Ops are probe wake-ups; " +
				"op latency is probe lateness. The cgroup's cpu.stat (nr_throttled, throttled time) is the " +
				"second signal.",
			Source: "golang/go#33803 (make GOMAXPROCS cfs-aware), #73193; Go blog 'Container-aware GOMAXPROCS' (2025)",
			Params: []stress.Param{
				floatParam("quota", 0, 0, 1024, "CPU limit in cores to set on this process's own cgroup; 0 leaves it"),
				durParam("probe", time.Millisecond, 100*time.Microsecond, time.Second, "probe sleep"),
				boolParam("gc", false, "burners also allocate, so GC work competes for the quota"),
			},
			Signals: []string{"op latency p99/max (probe lateness)", "cgroup cpu.stat nr_throttled / throttled time",
				"/cpu/classes/total:cpu-seconds", "/sched/latencies:seconds", "/sched/gomaxprocs:threads"},
			FreshProcess: true,
			TimesOps:     true,
			Run: func(ctx context.Context, env *stress.Env) error {
				_, err := runCPUQuotaThrottle(ctx, env, env.Concurrency, env.FloatParam("quota"),
					env.DurationParam("probe"), env.BoolParam("gc"))
				return err
			},
		},
	)
}

// --- cgroup access -----------------------------------------------------------

// cgroup is this process's CPU cgroup, with the writes the container
// scenarios make on top of what cgroupfs reads.
type cgroup struct{ cgroupfs.CPU }

// selfCgroup finds this process's CPU cgroup.
func selfCgroup() (cgroup, error) {
	c, err := cgroupfs.Self()
	return cgroup{c}, err
}

// writable reports whether a limit can be written here, by writing back the
// current one.
func (c cgroup) writable() bool {
	if c.Root {
		return false
	}
	cores, limited, err := c.Limit()
	if err != nil {
		return false
	}
	if !limited {
		cores = 0
	}
	return c.SetLimit(cores) == nil
}

// throttled reads nr_throttled and the throttled time from cpu.stat.
func (c cgroup) throttled() (n int64, d time.Duration, err error) {
	st, err := c.Stat()
	return st.Throttled, st.Time, err
}

// --- I1 ----------------------------------------------------------------------

// parseQuotas parses "3,2,2.5,max"; max is returned as +Inf.
func parseQuotas(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if f == "max" {
			out = append(out, math.Inf(1))
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v <= 0 || v > 4096 {
			return nil, fmt.Errorf("quotas: %q is not a CPU count in (0, 4096] or max", f)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, errors.New("quotas: empty list")
	}
	return out, nil
}

// expectedProcs is the Go 1.25 default GOMAXPROCS for a CPU limit.
func expectedProcs(ncpu int, cores float64) int {
	if math.IsInf(cores, 1) || cores <= 0 {
		return ncpu
	}
	return min(ncpu, max(2, int(math.Ceil(cores))))
}

// quotaStep is what happened at one step of container-gomaxprocs.
type quotaStep struct {
	quota     float64 // +Inf for max
	readBack  float64 // limit read from the cgroup after writing; +Inf when unlimited
	expected  int
	got       int // GOMAXPROCS at the end of the step
	converged bool
	after     time.Duration // time to reach expected, when converged
}

// startBurners runs n CPU burners until the returned stop is called.
func startBurners(n int, alloc bool) (stop func()) {
	var wg sync.WaitGroup
	done := make(chan struct{})
	var quit sync.Once
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var x uint64
			var keep []byte
			for {
				select {
				case <-done:
					burnSink.Add(x + uint64(len(keep)))
					return
				default:
				}
				x += burn(1 << 16)
				if alloc {
					keep = make([]byte, 1024)
				}
			}
		}()
	}
	return func() { quit.Do(func() { close(done) }); wg.Wait() }
}

func runContainerGOMAXPROCS(ctx context.Context, sink opSink, burners int, step bool, quotas []float64,
	stepDur, poll time.Duration) ([]quotaStep, error) {
	stopBurn := startBurners(burners, false)
	defer stopBurn()
	cg, cgErr := selfCgroup()
	if cgErr != nil {
		sink.Note(fmt.Sprintf("no CPU cgroup (%v): observing GOMAXPROCS only", cgErr))
	}
	if step && (cgErr != nil || !cg.writable()) {
		step = false // degrade: observe only
		if cgErr == nil {
			sink.Note("cgroup not writable, observing only (mode=step needs a writable CPU limit)")
		}
	}
	pollOnce := func() {
		runtime.GOMAXPROCS(0) // reading only: no stop-the-world
		if cgErr == nil {
			cg.Limit()
		}
		sink.AddOps(1)
	}
	if !step {
		for sleepCtx(ctx, poll) {
			pollOnce()
		}
		sink.Report("gomaxprocs", float64(runtime.GOMAXPROCS(0)), "procs")
		return nil, nil
	}
	oldCores, oldLimited, err := cg.Limit()
	if err != nil {
		return nil, err
	}
	defer func() {
		if !oldLimited {
			oldCores = 0
		}
		sink.SetCPULimit(oldCores)
	}()
	ncpu := runtime.NumCPU()
	var steps []quotaStep
	for i := 0; ctx.Err() == nil; i++ {
		q := quotas[i%len(quotas)]
		if err := sink.SetCPULimit(q); err != nil {
			return steps, fmt.Errorf("set cgroup CPU limit %v: %w", q, err)
		}
		st := quotaStep{quota: q, expected: expectedProcs(ncpu, q), readBack: math.Inf(1)}
		if c, limited, err := cg.Limit(); err == nil && limited {
			st.readBack = c
		}
		t0 := time.Now()
		for time.Since(t0) < stepDur {
			st.got = runtime.GOMAXPROCS(0)
			if !st.converged && st.got == st.expected {
				st.converged, st.after = true, time.Since(t0)
				sink.Observe(st.after)
			}
			sink.AddOps(1)
			if !sleepCtx(ctx, poll) {
				break
			}
		}
		steps = append(steps, st)
	}
	reportSteps(sink, steps)
	return steps, nil
}

// reportSteps reports how many quota steps ran and how many of them reached
// the expected GOMAXPROCS, and the slowest convergence.
func reportSteps(sink opSink, steps []quotaStep) {
	converged, slowest := 0, time.Duration(0)
	for _, st := range steps {
		if st.converged {
			converged++
			slowest = max(slowest, st.after)
		}
	}
	sink.Report("quota_steps", float64(len(steps)), "steps")
	sink.Report("quota_steps_converged", float64(converged), "steps")
	if converged > 0 {
		sink.Report("slowest_convergence", slowest.Seconds(), "s")
	}
}

// --- I2 ----------------------------------------------------------------------

type throttleResult struct {
	cgroupOK     bool
	nrThrottled  int64
	throttledFor time.Duration
	limit        float64 // cores; 0 when unlimited or unknown
}

func runCPUQuotaThrottle(ctx context.Context, sink opSink, burners int, quota float64, probe time.Duration,
	alloc bool) (throttleResult, error) {
	var res throttleResult
	cg, cgErr := selfCgroup()
	apply := quota > 0 && cgErr == nil && cg.writable()
	switch {
	case cgErr != nil:
		sink.Note(fmt.Sprintf("no CPU cgroup (%v): no throttling statistics, probe only", cgErr))
	case quota > 0 && !apply:
		sink.Note("cgroup not writable, observing only (quota not applied; the existing limit, if any, stays)")
	}
	if apply {
		oldCores, oldLimited, err := cg.Limit()
		if err == nil {
			if err := sink.SetCPULimit(quota); err != nil {
				return res, err
			}
			defer func() {
				if !oldLimited {
					oldCores = 0
				}
				sink.SetCPULimit(oldCores)
			}()
		}
	}
	var n0 int64
	var d0 time.Duration
	if cgErr == nil {
		if c, limited, err := cg.Limit(); err == nil && limited {
			res.limit = c
		}
		var err error
		n0, d0, err = cg.throttled()
		res.cgroupOK = err == nil
	}
	stopBurn := startBurners(burners, alloc)
	for ctx.Err() == nil {
		t0 := time.Now()
		if !sleepCtx(ctx, probe) {
			break
		}
		sink.Observe(time.Since(t0) - probe)
		sink.AddOps(1)
	}
	stopBurn()
	if res.cgroupOK {
		if n1, d1, err := cg.throttled(); err == nil {
			res.nrThrottled, res.throttledFor = n1-n0, d1-d0
			sink.Report("nr_throttled", float64(res.nrThrottled), "periods")
			sink.Report("throttled_time", res.throttledFor.Seconds(), "s")
		}
	} else if cgErr == nil {
		sink.Note("cgroup throttling statistics unreadable (cpu.stat)")
	}
	if res.limit > 0 {
		sink.Report("cgroup_cpu_limit", res.limit, "cores")
	}
	return res, nil
}
