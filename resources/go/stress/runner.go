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

// NewStressRunner validates the options and, when asked, starts the pprof server.
// Configuration mistakes are *UsageError values.
func NewStressRunner(opts ...Option) (*StressRunner, error) {
	cfg := config{
		concurrency:     defaultConcurrency(),
		duration:        5 * time.Second,
		grace:           2 * time.Second,
		metricsInterval: 100 * time.Millisecond,
		blockRate:       10000,
		mutexFraction:   10,
		wanted:          WantedMetrics,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
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
	rep := r.baseReport(s, env.Params(), started)
	addErr := func(format string, a ...any) { rep.Errors = append(rep.Errors, fmt.Sprintf(format, a...)) }
	out := func(name string) string { return filepath.Join(r.cfg.outDir, name) }
	has := func(k string) bool {
		for _, p := range r.cfg.profiles {
			if p == k {
				return true
			}
		}
		return false
	}

	// Rates first: they only affect events from now on.
	if has("block") {
		runtime.SetBlockProfileRate(r.cfg.blockRate)
		defer runtime.SetBlockProfileRate(0)
	}
	if has("mutex") {
		prev := runtime.SetMutexProfileFraction(r.cfg.mutexFraction)
		defer runtime.SetMutexProfileFraction(prev)
	}

	// The flight recorder runs during the whole run (PROTOCOL §1
	// -flight-recorder); it is dumped below when the run did not succeed.
	var flight flightRecorder
	if r.cfg.flightMinAge > 0 {
		if fr, err := startFlight(r.cfg.flightMinAge, r.cfg.flightMaxBytes); err != nil {
			addErr("flight recorder: %v", err)
		} else {
			flight = fr
			defer fr.Stop()
		}
	}

	// Trace and CPU profile cover warm-up and window; starting them stops the
	// world, so they start before the start anchor.
	var traceFile *os.File
	stopTrace := func() {
		if traceFile != nil {
			trace.Stop()
			if err := traceFile.Close(); err != nil {
				addErr("trace: %v", err)
			}
			rep.Artifacts = append(rep.Artifacts, Artifact{Name: relName(r.cfg.outDir, r.cfg.tracePath), Kind: "trace"})
			traceFile = nil
		}
	}
	if r.cfg.tracePath != "" {
		f, err := os.Create(r.cfg.tracePath)
		if err != nil {
			addErr("trace: %v", err)
		} else if err := trace.Start(f); err != nil {
			f.Close()
			addErr("trace: %v", err)
		} else {
			traceFile = f
		}
	}
	defer stopTrace()
	var cpuFile *os.File
	stopCPU := func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			if err := cpuFile.Close(); err != nil {
				addErr("cpu profile: %v", err)
			}
			rep.Artifacts = append(rep.Artifacts, Artifact{Name: "cpu.pprof", Kind: "cpu"})
			cpuFile = nil
		}
	}
	if has("cpu") {
		f, err := os.Create(out("cpu.pprof"))
		if err != nil {
			addErr("cpu profile: %v", err)
		} else if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			addErr("cpu profile: %v", err)
		} else {
			cpuFile = f
		}
	}
	defer stopCPU()

	set := newSampleSet(r.cfg.wanted)
	var tk *ticker
	var metricsFile *os.File
	if r.cfg.metricsInterval > 0 {
		if r.cfg.outDir != "" {
			f, err := os.Create(out("metrics.jsonl"))
			if err != nil {
				addErr("metrics.jsonl: %v", err)
			} else {
				metricsFile = f
				tk = startTicker(set, f, r.cfg.metricsInterval, started)
			}
		} else {
			// No files: the sampler still runs so its cost is the same with and
			// without -out; lines go nowhere.
			tk = startTicker(set, discard{}, r.cfg.metricsInterval, started)
		}
	}
	stopTicker := func() {
		if tk != nil {
			if err := tk.close(); err != nil {
				addErr("metrics.jsonl: %v", err)
			}
			tk = nil
			if metricsFile != nil {
				if err := metricsFile.Close(); err != nil {
					addErr("metrics.jsonl: %v", err)
				}
				rep.Artifacts = append(rep.Artifacts, Artifact{Name: "metrics.jsonl", Kind: "metrics"})
				metricsFile = nil
			}
		}
	}
	defer stopTicker()

	tctx, task := trace.NewTask(ctx, "scenario "+s.ID)
	taskEnded := false
	endTask := func() {
		if !taskEnded {
			task.End()
			taskEnded = true
		}
	}
	defer endTask()
	labels := []string{"scenario", s.ID}
	for _, l := range r.cfg.labels {
		labels = append(labels, l[0], l[1])
	}

	// Warm-up: a separate run of the scenario, unmeasured.
	if r.cfg.warmup > 0 && ctx.Err() == nil {
		wenv, _ := NewEnv(r.cfg.concurrency, s.Params, r.cfg.params)
		region := trace.StartRegion(tctx, "warmup")
		trace.Log(tctx, "phase", "warmup")
		// The context carries the phase's deadline, so a scenario that starves
		// the runner's goroutines can still see when to stop (ctx.Deadline).
		wctx, cancel := context.WithDeadline(tctx, time.Now().Add(r.cfg.warmup))
		done := r.launch(wctx, s, wenv, append(labels, "phase", "warmup"))
		select {
		case <-time.After(r.cfg.warmup):
		case <-ctx.Done():
		case err := <-done:
			done = nil
			if err != nil {
				addErr("warmup: %v", err)
			}
		}
		cancel()
		if done != nil {
			if err, ok := r.await(done); !ok {
				addErr("scenario %s did not stop within %v after its warm-up ended", s.ID, r.cfg.grace)
			} else if err != nil {
				addErr("warmup: %v", err)
			}
		}
		region.End()
	}

	// The measured window.
	if ctx.Err() == nil && len(rep.Errors) == 0 {
		region := trace.StartRegion(tctx, "measure")
		trace.Log(tctx, "phase", "measure")
		startAnchor := set.read()
		if tk != nil {
			tk.setPhase("measure", env)
		}
		t0 := time.Now()
		mctx, cancel := context.WithDeadline(tctx, t0.Add(r.cfg.duration))
		done := r.launch(mctx, s, env, append(labels, "phase", "measure"))
		timer := time.NewTimer(r.cfg.duration)
		var runErr error
		returned := false
		select {
		case <-timer.C:
		case <-ctx.Done():
		case runErr = <-done:
			returned = true
		}
		timer.Stop()
		wall := time.Since(t0)
		ops := env.Ops()
		lat := env.Latency().Snapshot()
		endAnchor := set.read()
		stopTicker() // metrics.jsonl covers warm-up and window, nothing after
		trace.Log(tctx, "phase", "end")
		// The goroutine profile stops the world: take it after the end anchor but
		// before cancelling, so it shows the scenario's goroutines.
		if has("goroutine") {
			if err := writeProfile(out("goroutine.pprof"), "goroutine"); err != nil {
				addErr("goroutine profile: %v", err)
			} else {
				rep.Artifacts = append(rep.Artifacts, Artifact{Name: "goroutine.pprof", Kind: "goroutine"})
			}
		}
		cancel()
		if !returned {
			var ok bool
			if runErr, ok = r.await(done); !ok {
				addErr("scenario %s did not stop within %v after its context ended", s.ID, r.cfg.grace)
			}
		}
		if runErr != nil {
			addErr("scenario: %v", runErr)
		}
		rep.Values, rep.Notes = env.Values(), env.Notes()
		region.End()
		rep.WallS = round6(wall.Seconds())
		rep.Ops = ops
		if wall > 0 {
			rep.OpsPerS = round6(float64(ops) / wall.Seconds())
		}
		if lat.Total() > 0 {
			rep.OpLatency = lat.JSON(true)
		}
		rep.Metrics, rep.Unavailable = set.windowMetrics(startAnchor, endAnchor)
	} else {
		rep.Unavailable = append([]string{}, set.unavail...)
	}
	rep.Stopped = ctx.Err() != nil

	// Write order (PROTOCOL §2): sampler, flight.trace, trace, profiles,
	// result.json last.
	endTask() // inside the trace
	stopTicker()
	if flight != nil && (rep.Failed() || rep.Stopped || r.cfg.flightCapture) {
		if err := dumpFlight(flight, out("flight.trace")); err != nil {
			addErr("flight recorder: %v", err)
		} else {
			rep.Artifacts = append(rep.Artifacts, Artifact{Name: "flight.trace", Kind: "flight"})
		}
	}
	stopTrace()
	stopCPU()
	for _, k := range []string{"heap", "allocs", "mutex", "block"} {
		if has(k) {
			if err := writeProfile(out(k+".pprof"), k); err != nil {
				addErr("%s profile: %v", k, err)
			} else {
				rep.Artifacts = append(rep.Artifacts, Artifact{Name: k + ".pprof", Kind: k})
			}
		}
	}
	if r.cfg.outDir != "" {
		if err := WriteReport(out("result.json"), rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

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

func writeProfile(path, kind string) error {
	p := pprof.Lookup(kind)
	if p == nil {
		return fmt.Errorf("no %s profile", kind)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := p.WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func defaultConcurrency() int { return runtime.GOMAXPROCS(0) }

func runtimeGC() { runtime.GC() }
