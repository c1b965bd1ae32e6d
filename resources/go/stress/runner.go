package stress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"time"
)

// StressRunner runs scenarios with the configured window, sampling and captures.
type StressRunner struct {
	cfg config
	ln  net.Listener
	srv *http.Server
}

// NewStressRunner validates the options, creates the output directory and,
// when asked, starts the pprof server. Configuration mistakes are *UsageError
// values.
func NewStressRunner(opts ...Option) (*StressRunner, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return startRunner(cfg)
}

// startRunner prepares what a validated configuration needs outside the
// process: the output directory and the pprof listener.
func startRunner(cfg config) (*StressRunner, error) {
	if err := prepareOutDir(cfg.outDir); err != nil {
		return nil, err
	}
	r := &StressRunner{cfg: cfg}
	if cfg.pprofAddr != "" {
		ln, err := net.Listen("tcp", cfg.pprofAddr)
		if err != nil {
			return nil, &UsageError{"pprof-addr", fmt.Sprintf("cannot listen on %s: %v", cfg.pprofAddr, errors.Unwrap(err)),
				"a free loopback port, e.g. 127.0.0.1:0"}
		}
		r.ln = ln
		r.srv = &http.Server{Handler: pprofMux(), ReadHeaderTimeout: 5 * time.Second}
		go r.srv.Serve(ln)
		if cfg.printPprof != nil {
			cfg.printPprof(ln.Addr().String())
		}
	}
	return r, nil
}

// prepareOutDir creates dir when missing and proves it writable, so that a bad
// -out fails before the run instead of after it ("" = no files).
func prepareOutDir(dir string) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &UsageError{"out", fmt.Sprintf("cannot create %s: %v", dir, errors.Unwrap(err)), "a writable directory"}
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return &UsageError{"out", fmt.Sprintf("%s is not writable", dir), "a writable directory"}
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// PprofAddr is the address the pprof server listens on, "" when off.
func (r *StressRunner) PprofAddr() string {
	if r.ln == nil {
		return ""
	}
	return r.ln.Addr().String()
}

// Close stops the pprof server.
func (r *StressRunner) Close() error {
	if r.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := r.srv.Shutdown(ctx)
	r.srv, r.ln = nil, nil
	return err
}

// Run runs s: an optional warm-up run, then the measured window. It returns when
// the window ends (or ctx ends: the report is then marked stopped) and the
// scenario has returned, or a grace period after that. Errors of the scenario are
// in Report.Errors; the returned error is non-nil only when no report could be made
// (a *ParamError or *UsageError for bad parameters).
func (r *StressRunner) Run(ctx context.Context, s Scenario) (*Report, error) {
	started := time.Now()
	if s.Run == nil {
		return nil, fmt.Errorf("scenario %s has no in-process Run (it is a child-only scenario)", s.ID)
	}
	env, err := NewEnv(r.cfg.concurrency, s.Params, r.cfg.params)
	if err != nil {
		return nil, err
	}
	rep := newReport(&r.cfg, s, env.Params(), started)
	if a := r.PprofAddr(); a != "" {
		rep.PprofAddr = &a
	}
	watched := settings{procs: newProcsWatch(started), cpuLimit: newCPULimitWatch(started)}
	env.procs, env.cpuLimit = watched.procs, watched.cpuLimit
	caps := startCaptures(&r.cfg, rep, started, watched)
	defer caps.close()

	tctx, task := trace.NewTask(ctx, "scenario "+s.ID)
	ph := &phase{r: r, s: s, rep: rep, tctx: tctx, labels: r.pprofLabels(s), watched: watched}
	ph.warmup(ctx)
	if ctx.Err() == nil && !rep.Failed() {
		ph.measure(ctx, env, caps)
	} else {
		rep.Unavailable = append([]string{}, caps.set.unavail...)
	}
	rep.Stopped = ctx.Err() != nil
	// After the scenario ended (or its grace): its restores count too.
	rep.GOMAXPROCS, rep.CPULimit = procsReport(watched.procs), cpuLimitReport(watched.cpuLimit)
	task.End() // inside the trace, which finish stops

	caps.finish(rep.Failed() || rep.Stopped)
	if r.cfg.outDir != "" {
		if err := WriteReport(filepath.Join(r.cfg.outDir, "result.json"), rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func (r *StressRunner) pprofLabels(s Scenario) []string {
	labels := []string{"scenario", s.ID}
	for _, l := range r.cfg.labels {
		labels = append(labels, l[0], l[1])
	}
	return labels
}

// phase runs the scenario's warm-up and measured window inside Run's trace task.
type phase struct {
	r       *StressRunner
	s       Scenario
	rep     *Report
	tctx    context.Context // carries the trace task
	labels  []string
	watched settings
}

func (ph *phase) addErr(format string, a ...any) {
	ph.rep.Errors = append(ph.rep.Errors, fmt.Sprintf(format, a...))
}

// warmup is a separate, unmeasured run of the scenario with a fresh Env.
func (ph *phase) warmup(ctx context.Context) {
	cfg := &ph.r.cfg
	if cfg.warmup <= 0 || ctx.Err() != nil {
		return
	}
	wenv, _ := NewEnv(cfg.concurrency, ph.s.Params, cfg.params) // the same params passed NewEnv in Run
	wenv.procs, wenv.cpuLimit = ph.watched.procs, ph.watched.cpuLimit
	region := trace.StartRegion(ph.tctx, "warmup")
	defer region.End()
	trace.Log(ph.tctx, "phase", "warmup")
	// The context carries the phase's deadline, so a scenario that starves
	// the runner's goroutines can still see when to stop (ctx.Deadline).
	wctx, cancel := context.WithDeadline(ph.tctx, time.Now().Add(cfg.warmup))
	done := ph.r.launch(wctx, ph.s, wenv, append(ph.labels, "phase", "warmup"))
	select {
	case <-time.After(cfg.warmup):
	case <-ctx.Done():
	case err := <-done:
		done = nil
		if err != nil {
			ph.addErr("warmup: %v", err)
		}
	}
	cancel()
	if done != nil {
		if err, ok := ph.r.await(done); !ok {
			ph.addErr("scenario %s did not stop within %v after its warm-up ended", ph.s.ID, cfg.grace)
		} else if err != nil {
			ph.addErr("warmup: %v", err)
		}
	}
}

// measure runs the measured window between two metrics anchors and fills the
// report's counts, latency, metrics, values and notes.
func (ph *phase) measure(ctx context.Context, env *Env, caps *captures) {
	cfg := &ph.r.cfg
	region := trace.StartRegion(ph.tctx, "measure")
	trace.Log(ph.tctx, "phase", "measure")
	caps.startCPUProfile()
	startAnchor := caps.set.read()
	caps.measuring(env, cfg.warmup > 0)
	ph.watched.startWindow()
	t0 := time.Now()
	mctx, cancel := windowContext(ph.tctx, t0.Add(cfg.duration))
	defer cancel()
	done := ph.r.launch(mctx, ph.s, env, append(ph.labels, "phase", "measure"))
	timer := time.NewTimer(cfg.duration)
	var runErr error
	returned := false
	select {
	case <-timer.C:
	case <-ctx.Done():
	case runErr = <-done:
		returned = true
	}
	timer.Stop()
	var wall time.Duration
	var ops int64
	var lat HistData
	var endAnchor snapshot
	caps.endWindow(func() int64 {
		// Read with the ops, once the sampler's lock is held: a tick being written when the timer
		// fired delays both alike, and the scenario runs on meanwhile.
		wall = time.Since(t0)
		// With the ops count: a scenario's GOMAXPROCS changes are counted by both alike.
		ph.watched.procs.endWindow()
		ops = env.Ops()
		lat = env.Latency().Snapshot()
		endAnchor = caps.set.read()
		// The CPU limit's watch reads cgroup files: after the anchor, which is the reading nearest
		// the window's end.
		ph.watched.cpuLimit.endWindow()
		return ops
	})
	// The region is the measured window, as long as wall_s: the wind-down after it (the
	// scenario's stop, the profiles' flush) is not measured.
	region.End()
	trace.Log(ph.tctx, "phase", "end")
	caps.goroutineProfile()
	// The scenario stops now, as little after the window's end as the readings above take; the
	// CPU profile then takes in its wind-down, as it always did.
	cancel()
	caps.stopSampler()
	caps.stopCPUProfile()
	if !returned {
		var ok bool
		if runErr, ok = ph.r.await(done); !ok {
			ph.addErr("scenario %s did not stop within %v after its context ended", ph.s.ID, cfg.grace)
		}
	}
	if runErr != nil {
		ph.addErr("scenario: %v", runErr)
	}
	rep := ph.rep
	rep.Values, rep.Notes = env.Values(), env.Notes()
	rep.WallS = round6(wall.Seconds())
	rep.Ops = ops
	if wall > 0 {
		rep.OpsPerS = round6(float64(ops) / wall.Seconds())
	}
	if lat.Total() > 0 || ph.s.TimesOps {
		rep.OpLatency = lat.JSON(true)
	}
	rep.Metrics, rep.Unavailable = caps.set.windowMetrics(startAnchor, endAnchor)
}

// windDownBackstop is how long past the window's end a scenario's context lasts
// when the runner has not cancelled it: only a runner that the scenario starves
// (golang/go#52934) comes that late, and then the scenario must stop by itself.
const windDownBackstop = time.Second

// windowContext is the measured window's context. Its Deadline is the window's
// end, for scenarios that pace themselves by it; it is done when the runner
// cancels it, after reading the window's end, or windDownBackstop later. Were it
// done at the window's end, the scenario would wind down while the runner reads
// the end anchor, and the gauges (goroutines waiting, runnable) would count fewer
// goroutines than the window held: on a loaded machine, none at all.
func windowContext(parent context.Context, end time.Time) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithDeadline(parent, end.Add(windDownBackstop))
	if d, ok := parent.Deadline(); ok && d.Before(end) {
		end = d
	}
	return pacedContext{ctx, end}, cancel
}

// pacedContext reports a deadline earlier than the one that ends it.
type pacedContext struct {
	context.Context
	end time.Time
}

func (c pacedContext) Deadline() (time.Time, bool) { return c.end, true }

// launch runs s in a new goroutine with pprof labels; panics become errors.
func (r *StressRunner) launch(ctx context.Context, s Scenario, env *Env, labels []string) chan error {
	done := make(chan error, 1)
	go func() {
		var err error
		defer func() {
			if p := recover(); p != nil {
				buf := make([]byte, 4096)
				buf = buf[:runtime.Stack(buf, false)]
				err = fmt.Errorf("panic: %v\n%s", p, buf)
			}
			done <- err
		}()
		pprof.Do(ctx, pprof.Labels(labels...), func(ctx context.Context) {
			err = s.Run(ctx, env)
		})
	}()
	return done
}

// await waits up to the grace period for a cancelled scenario to return.
func (r *StressRunner) await(done chan error) (error, bool) {
	t := time.NewTimer(r.cfg.grace)
	defer t.Stop()
	select {
	case err := <-done:
		return err, true
	case <-t.C:
		return nil, false
	}
}

func runtimeGC() { runtime.GC() }
