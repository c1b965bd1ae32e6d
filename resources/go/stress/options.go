package stress

import (
	"path/filepath"
	"runtime"
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
var CaptureKinds = []string{"cpu", "heap", "allocs", "mutex", "block", "goroutine", "goroutineleak", "trace", "flight"}

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
	flightCapture   bool // "flight" in -capture: write flight.trace also on success
}

// captureFile is where the capture of that kind (one of captures()) is written.
func (c *config) captureFile(kind string) string {
	switch kind {
	case "trace":
		return c.tracePath
	case "flight":
		return filepath.Join(c.outDir, "flight.trace")
	}
	return filepath.Join(c.outDir, kind+".pprof")
}

// captures are the captures the configuration asks for, in -capture's words.
func (c *config) captures() []string {
	asked := append([]string{}, c.profiles...)
	if c.tracePath != "" {
		asked = append(asked, "trace")
	}
	if c.flightCapture {
		asked = append(asked, "flight")
	}
	return asked
}

// defaultConfig is the one table of defaults: NewStressRunner, Main's flags
// and the documentation of every With option agree with it.
func defaultConfig() config {
	return config{
		concurrency:     runtime.GOMAXPROCS(0),
		duration:        5 * time.Second,
		grace:           2 * time.Second,
		metricsInterval: 100 * time.Millisecond,
		blockRate:       10000,
		mutexFraction:   10,
		wanted:          WantedMetrics,
	}
}

// newConfig applies opts over the defaults and validates the result. It is the
// one place a configuration is checked, and it touches nothing outside the
// config (the output directory is created when a runner starts).
func newConfig(opts []Option) (config, error) {
	c := defaultConfig()
	for _, o := range opts {
		o(&c)
	}
	if err := c.validate(); err != nil {
		return config{}, err
	}
	c.resolveCaptures()
	return c, nil
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
