package stress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sort"
	"strings"
	"time"
)

// UsageError is a configuration mistake: which flag (or option), what is wrong,
// and what is accepted. Main prints it as one line and exits 2.
type UsageError struct {
	Flag     string // without the dash, e.g. "concurrency"
	Problem  string
	Accepted string
}

func (e *UsageError) Error() string {
	s := "-" + e.Flag + ": " + e.Problem
	if e.Accepted != "" {
		s += " (accepted: " + e.Accepted + ")"
	}
	return s
}

// Capture kinds (PROTOCOL §1 -capture).
// "flight" writes flight.trace also on success (needs WithFlightRecorder).
var CaptureKinds = []string{"cpu", "heap", "allocs", "mutex", "block", "goroutine", "trace", "flight"}

type config struct {
	concurrency     int
	duration        time.Duration
	warmup          time.Duration
	grace           time.Duration
	metricsInterval time.Duration
	labels          [][2]string
	params          map[string]string
	pprofAddr       string
	tracePath       string
	profiles        []string
	outDir          string
	blockRate       int
	mutexFraction   int
	wanted          []string
	printPprof      func(addr string)
	flightMinAge    time.Duration
	flightMaxBytes  uint64
	flightCapture   bool
}

// Option configures a StressRunner. Options are validated by NewStressRunner.
type Option func(*config)

// WithConcurrency sets the worker count (≥ 1). Default GOMAXPROCS.
func WithConcurrency(n int) Option { return func(c *config) { c.concurrency = n } }

// WithDuration sets the measured window, 10ms..24h. Default 5s.
func WithDuration(d time.Duration) Option { return func(c *config) { c.duration = d } }

// WithWarmup sets an unmeasured warm-up run before the window, 0..1h.
func WithWarmup(d time.Duration) Option { return func(c *config) { c.warmup = d } }

// WithGrace sets how long a scenario may take to return after its context ends
// before Run reports that it did not stop (default 2s, 10ms..1m).
func WithGrace(d time.Duration) Option { return func(c *config) { c.grace = d } }

// WithLabel adds a pprof label and report label.
func WithLabel(k, v string) Option {
	return func(c *config) { c.labels = append(c.labels, [2]string{k, v}) }
}

// WithParam sets a scenario parameter (checked against the scenario in Run).
func WithParam(k, v string) Option {
	return func(c *config) {
		if c.params == nil {
			c.params = map[string]string{}
		}
		c.params[k] = v
	}
}

// WithPprofAddr serves net/http/pprof on a private mux at addr, which must be on
// a loopback host ("127.0.0.1:0" picks a free port). The listener is opened by
// NewStressRunner, so a busy port fails there.
func WithPprofAddr(addr string) Option { return func(c *config) { c.pprofAddr = addr } }

// WithTrace writes a runtime execution trace of warm-up and window to path.
func WithTrace(path string) Option { return func(c *config) { c.tracePath = path } }

// WithProfiles captures pprof profiles: cpu, heap, allocs, mutex, block, goroutine
// (and "trace", which is the same as WithTrace(OUT/trace.out), and "flight",
// which writes the flight recorder's flight.trace also when the run succeeds,
// see WithFlightRecorder). Needs WithOutDir.
func WithProfiles(kinds ...string) Option {
	return func(c *config) { c.profiles = append(c.profiles, kinds...) }
}

// WithBlockProfileRate and WithMutexProfileFraction override the rates set when
// block / mutex profiles are captured (defaults 10000ns and 10).
func WithBlockProfileRate(ns int) Option    { return func(c *config) { c.blockRate = ns } }
func WithMutexProfileFraction(n int) Option { return func(c *config) { c.mutexFraction = n } }

// WithMetricsInterval sets the sampler tick, 10ms..1s; 0 turns the sampler off. Default 100ms.
func WithMetricsInterval(d time.Duration) Option { return func(c *config) { c.metricsInterval = d } }

// WithOutDir writes result.json, metrics.jsonl, profiles and trace to dir (created if missing).
func WithOutDir(dir string) Option { return func(c *config) { c.outDir = dir } }

// WithMetrics replaces the sampled runtime/metrics names (default WantedMetrics).
func WithMetrics(names ...string) Option {
	return func(c *config) { c.wanted = append([]string(nil), names...) }
}

// withPprofNotice is used by Main to print the pprof line as soon as it listens.
func withPprofNotice(f func(string)) Option { return func(c *config) { c.printPprof = f } }

func (c *config) validate() error {
	if c.concurrency < 1 || c.concurrency > 1_000_000 {
		return &UsageError{"concurrency", fmt.Sprintf("%d is out of range", c.concurrency), "1..1000000"}
	}
	if c.duration < 10*time.Millisecond || c.duration > 24*time.Hour {
		return &UsageError{"duration", fmt.Sprintf("%v is out of range", c.duration), "10ms..24h"}
	}
	if c.warmup < 0 || c.warmup > time.Hour {
		return &UsageError{"warmup", fmt.Sprintf("%v is out of range", c.warmup), "0..1h"}
	}
	if c.grace < 10*time.Millisecond || c.grace > time.Minute {
		return &UsageError{"grace", fmt.Sprintf("%v is out of range", c.grace), "10ms..1m"}
	}
	if c.metricsInterval != 0 && (c.metricsInterval < 10*time.Millisecond || c.metricsInterval > time.Second) {
		return &UsageError{"metrics-interval", fmt.Sprintf("%v is out of range", c.metricsInterval), "0 (off) or 10ms..1s"}
	}
	for _, l := range c.labels {
		if l[0] == "" {
			return &UsageError{"label", "empty key", "k=v with a non-empty k"}
		}
	}
	seen := map[string]bool{}
	var profs []string
	for _, k := range c.profiles {
		ok := false
		for _, a := range CaptureKinds {
			ok = ok || a == k
		}
		if !ok {
			return &UsageError{"capture", fmt.Sprintf("unknown kind %q", k), strings.Join(CaptureKinds, ",")}
		}
		if k == "trace" {
			if c.tracePath == "" && c.outDir != "" {
				c.tracePath = filepath.Join(c.outDir, "trace.out")
			}
			if c.outDir == "" && c.tracePath == "" {
				return &UsageError{"capture", "trace needs an output directory", "-out DIR"}
			}
			continue
		}
		if k == "flight" {
			c.flightCapture = true
			continue
		}
		if !seen[k] {
			seen[k] = true
			profs = append(profs, k)
		}
	}
	c.profiles = profs
	if len(profs) > 0 && c.outDir == "" {
		return &UsageError{"capture", "profiles need an output directory", "-out DIR"}
	}
	if c.outDir != "" {
		if err := os.MkdirAll(c.outDir, 0o755); err != nil {
			return &UsageError{"out", fmt.Sprintf("cannot create %s: %v", c.outDir, errors.Unwrap(err)), "a writable directory"}
		}
		f, err := os.CreateTemp(c.outDir, ".probe-*")
		if err != nil {
			return &UsageError{"out", fmt.Sprintf("%s is not writable", c.outDir), "a writable directory"}
		}
		f.Close()
		os.Remove(f.Name())
	}
	if err := c.validateFlight(); err != nil {
		return err
	}
	if c.pprofAddr != "" {
		host, _, err := net.SplitHostPort(c.pprofAddr)
		if err != nil {
			return &UsageError{"pprof-addr", fmt.Sprintf("%q is not host:port", c.pprofAddr), "a loopback host:port, e.g. 127.0.0.1:0"}
		}
		if !isLoopback(host) {
			return &UsageError{"pprof-addr", fmt.Sprintf("host %q is not loopback", host), "127.0.0.1, ::1 or localhost with a port, e.g. 127.0.0.1:0"}
		}
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

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

// Config is the "config" object of result.json.
type Config struct {
	Concurrency      int      `json:"concurrency"`
	DurationS        float64  `json:"duration_s"`
	WarmupS          float64  `json:"warmup_s"`
	MetricsIntervalS float64  `json:"metrics_interval_s"`
	Capture          []string `json:"capture"`
}

// Artifact names a file written next to result.json.
type Artifact struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Report is result.json (PROTOCOL §2.2).
type Report struct {
	Schema      int                    `json:"schema"`
	Scenario    string                 `json:"scenario"`
	Params      map[string]string      `json:"params"`
	Labels      map[string]string      `json:"labels"`
	Config      Config                 `json:"config"`
	Provenance  Provenance             `json:"provenance"`
	Stopped     bool                   `json:"stopped"`
	WallS       float64                `json:"wall_s"`
	Ops         int64                  `json:"ops"`
	OpsPerS     float64                `json:"ops_per_s"`
	OpLatency   *HistJSON              `json:"op_latency"`
	Metrics     map[string]MetricValue `json:"metrics"`
	Unavailable []string               `json:"unavailable"`
	Artifacts   []Artifact             `json:"artifacts"`
	PprofAddr   *string                `json:"pprof_addr"`
	Errors      []string               `json:"errors"`
	// Values and Notes are what the scenario gave env.Report and env.Note in
	// the measured run (PROTOCOL.md §2.2).
	Values map[string]Value `json:"values"`
	Notes  []string         `json:"notes"`
	// Child is set by the parent of a fresh-process scenario when it wrote this
	// file itself (the child crashed, timed out or was a ChildMain scenario).
	Child *ChildExit `json:"child,omitempty"`
}

// Failed reports whether the run has errors.
func (r *Report) Failed() bool { return len(r.Errors) > 0 }

func (r *StressRunner) baseReport(s Scenario, params map[string]string, started time.Time) *Report {
	rep := &Report{
		Schema:      1,
		Scenario:    s.ID,
		Params:      params,
		Labels:      map[string]string{},
		Provenance:  CollectProvenance(started),
		Metrics:     map[string]MetricValue{},
		Unavailable: []string{},
		Artifacts:   []Artifact{},
		Errors:      []string{},
		Values:      map[string]Value{},
		Notes:       []string{},
	}
	if rep.Params == nil {
		rep.Params = map[string]string{}
	}
	for _, l := range r.cfg.labels {
		rep.Labels[l[0]] = l[1]
	}
	capture := append([]string{}, r.cfg.profiles...)
	if r.cfg.tracePath != "" {
		capture = append(capture, "trace")
	}
	if r.cfg.flightCapture {
		capture = append(capture, "flight")
	}
	rep.Config = Config{
		Concurrency:      r.cfg.concurrency,
		DurationS:        r.cfg.duration.Seconds(),
		WarmupS:          r.cfg.warmup.Seconds(),
		MetricsIntervalS: r.cfg.metricsInterval.Seconds(),
		Capture:          capture,
	}
	if a := r.PprofAddr(); a != "" {
		rep.PprofAddr = &a
	}
	return rep
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

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

func relName(dir, path string) string {
	if dir != "" {
		if rel, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return path
}

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

// WriteReport writes rep as indented JSON, atomically (temp file + rename).
func WriteReport(path string, rep *Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// sortedKeys is a helper for stable output.
func sortedKeys(m map[string]string) []string {
	k := make([]string, 0, len(m))
	for x := range m {
		k = append(k, x)
	}
	sort.Strings(k)
	return k
}

func defaultConcurrency() int { return runtime.GOMAXPROCS(0) }

func runtimeGC() { runtime.GC() }
