package scenarios

// Group containers: the cgroup-aware GOMAXPROCS default (Go 1.25) and CFS
// quota throttling when GOMAXPROCS exceeds the quota (docs/SCENARIOS.md I1–I2).
//
// The runtime reads the CPU limit of the cgroup the process started in and
// never notices a later migration, so these scenarios work on the process's
// own cgroup: they read it always and write it only when asked to, when it is
// writable and not the root cgroup, restoring the old limit afterwards.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

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
			Run: func(ctx context.Context, env *stress.Env) error {
				_, err := runCPUQuotaThrottle(ctx, env, env.Concurrency, env.FloatParam("quota"),
					env.DurationParam("probe"), env.BoolParam("gc"))
				return err
			},
		},
	)
}

// --- cgroup access -----------------------------------------------------------

// cgroup is the CPU controller directory of a cgroup (v1 cpu hierarchy or
// the v2 unified one), chosen the way the runtime chooses it: a v1 hierarchy
// with the cpu controller wins over v2.
type cgroup struct {
	dir  string
	v2   bool
	root bool // the hierarchy's root: no limit can be set there
}

var errNoCgroup = errors.New("no CPU cgroup found")

// selfCgroup finds this process's CPU cgroup.
func selfCgroup() (cgroup, error) {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return cgroup{}, err
	}
	var v1Path, v2Path string
	haveV1, haveV2 := false, false
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			v2Path, haveV2 = parts[2], true
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			if c == "cpu" {
				v1Path, haveV1 = parts[2], true
			}
		}
	}
	switch {
	case haveV1:
		mnt, root, err := cgroupMount(false)
		if err != nil {
			return cgroup{}, err
		}
		return cgroupAt(mnt, root, v1Path, false), nil
	case haveV2:
		mnt, root, err := cgroupMount(true)
		if err != nil {
			return cgroup{}, err
		}
		return cgroupAt(mnt, root, v2Path, true), nil
	}
	return cgroup{}, errNoCgroup
}

func cgroupAt(mnt, root, path string, v2 bool) cgroup {
	rel, err := filepath.Rel(root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = "." // the cgroup is outside this mount's view; use the mount itself
	}
	return cgroup{dir: filepath.Join(mnt, rel), v2: v2, root: rel == "." && root == "/"}
}

// cgroupMount finds the mount point (and its root within the hierarchy) of
// the cgroup2 hierarchy or of the v1 hierarchy that has the cpu controller.
func cgroupMount(v2 bool) (mnt, root string, err error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		// id parent maj:min root mountpoint options [optional...] - fstype source superoptions
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		if !ok {
			continue
		}
		pf, qf := strings.Fields(pre), strings.Fields(post)
		if len(pf) < 5 || len(qf) < 3 {
			continue
		}
		if v2 && qf[0] == "cgroup2" {
			return unescapeMount(pf[4]), unescapeMount(pf[3]), nil
		}
		if !v2 && qf[0] == "cgroup" {
			for _, o := range strings.Split(qf[2], ",") {
				if o == "cpu" {
					return unescapeMount(pf[4]), unescapeMount(pf[3]), nil
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", err
	}
	return "", "", errNoCgroup
}

// unescapeMount undoes mountinfo's octal escapes (\040 for space, …).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (c cgroup) read(name string) (string, error) {
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	return strings.TrimSpace(string(b)), err
}

// limit returns the CPU limit in cores; limited is false for "no limit".
func (c cgroup) limit() (cores float64, limited bool, err error) {
	if c.v2 {
		s, err := c.read("cpu.max")
		if err != nil {
			return 0, false, err
		}
		f := strings.Fields(s)
		if len(f) != 2 {
			return 0, false, fmt.Errorf("cpu.max %q: unexpected format", s)
		}
		if f[0] == "max" {
			return 0, false, nil
		}
		q, err1 := strconv.ParseFloat(f[0], 64)
		p, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil || p <= 0 {
			return 0, false, fmt.Errorf("cpu.max %q: unexpected format", s)
		}
		return q / p, true, nil
	}
	qs, err := c.read("cpu.cfs_quota_us")
	if err != nil {
		return 0, false, err
	}
	ps, err := c.read("cpu.cfs_period_us")
	if err != nil {
		return 0, false, err
	}
	q, err1 := strconv.ParseInt(qs, 10, 64)
	p, err2 := strconv.ParseInt(ps, 10, 64)
	if err1 != nil || err2 != nil || p <= 0 {
		return 0, false, fmt.Errorf("cfs quota %q / period %q: unexpected format", qs, ps)
	}
	if q < 0 {
		return 0, false, nil
	}
	return float64(q) / float64(p), true, nil
}

// period returns the CFS period in microseconds.
func (c cgroup) period() (int64, error) {
	if c.v2 {
		s, err := c.read("cpu.max")
		if err != nil {
			return 0, err
		}
		f := strings.Fields(s)
		if len(f) != 2 {
			return 0, fmt.Errorf("cpu.max %q: unexpected format", s)
		}
		return strconv.ParseInt(f[1], 10, 64)
	}
	s, err := c.read("cpu.cfs_period_us")
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(s, 10, 64)
}

// setLimit writes a CPU limit in cores; cores ≤ 0 or +Inf removes the limit.
func (c cgroup) setLimit(cores float64) error {
	if c.root {
		return fmt.Errorf("%s is a root cgroup: no CPU limit can be set there", c.dir)
	}
	period, err := c.period()
	if err != nil {
		return err
	}
	unlimited := cores <= 0 || math.IsInf(cores, 1)
	quota := int64(math.Round(cores * float64(period)))
	if c.v2 {
		v := "max " + strconv.FormatInt(period, 10)
		if !unlimited {
			v = strconv.FormatInt(quota, 10) + " " + strconv.FormatInt(period, 10)
		}
		return os.WriteFile(filepath.Join(c.dir, "cpu.max"), []byte(v), 0)
	}
	v := "-1"
	if !unlimited {
		v = strconv.FormatInt(quota, 10)
	}
	return os.WriteFile(filepath.Join(c.dir, "cpu.cfs_quota_us"), []byte(v), 0)
}

// writable reports whether a limit can be written here, by writing back the
// current one.
func (c cgroup) writable() bool {
	if c.root {
		return false
	}
	cores, limited, err := c.limit()
	if err != nil {
		return false
	}
	if !limited {
		cores = 0
	}
	return c.setLimit(cores) == nil
}

// throttled reads nr_throttled and the throttled time from cpu.stat.
func (c cgroup) throttled() (n int64, d time.Duration, err error) {
	s, err := c.read("cpu.stat")
	if err != nil {
		return 0, 0, err
	}
	found := false
	for _, line := range strings.Split(s, "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		v, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		switch f[0] {
		case "nr_throttled":
			n, found = v, true
		case "throttled_usec": // v2
			d = time.Duration(v) * time.Microsecond
		case "throttled_time": // v1, nanoseconds
			d = time.Duration(v)
		}
	}
	if !found {
		return 0, 0, fmt.Errorf("%s/cpu.stat has no nr_throttled (no CPU controller?)", c.dir)
	}
	return n, d, nil
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
			cg.limit()
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
	oldCores, oldLimited, err := cg.limit()
	if err != nil {
		return nil, err
	}
	defer func() {
		if !oldLimited {
			oldCores = 0
		}
		cg.setLimit(oldCores)
	}()
	ncpu := runtime.NumCPU()
	var steps []quotaStep
	for i := 0; ctx.Err() == nil; i++ {
		q := quotas[i%len(quotas)]
		if err := cg.setLimit(q); err != nil {
			return steps, fmt.Errorf("set cgroup CPU limit %v: %w", q, err)
		}
		st := quotaStep{quota: q, expected: expectedProcs(ncpu, q), readBack: math.Inf(1)}
		if c, limited, err := cg.limit(); err == nil && limited {
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
		oldCores, oldLimited, err := cg.limit()
		if err == nil {
			if err := cg.setLimit(quota); err != nil {
				return res, err
			}
			defer func() {
				if !oldLimited {
					oldCores = 0
				}
				cg.setLimit(oldCores)
			}()
		}
	}
	var n0 int64
	var d0 time.Duration
	if cgErr == nil {
		if c, limited, err := cg.limit(); err == nil && limited {
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
