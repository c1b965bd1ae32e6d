package stress

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"time"
)

// captures is what one Run records besides the scenario's own counts: profile
// rates, the flight recorder, the execution trace, the CPU profile and the
// metrics sampler. Problems become report errors; every stop is idempotent, so
// Run can stop each capture at its place in the write order (PROTOCOL §2) and
// still release everything on any way out.
type captures struct {
	cfg     *config
	rep     *Report
	watched settings // observed with every metrics tick

	restore     []func() // profile rates to put back
	flight      flightRecorder
	traceFile   *os.File
	cpuFile     *os.File
	set         *sampleSet
	ticker      *ticker
	metricsFile *os.File
}

// startCaptures starts what covers the whole run, before the warm-up: the
// trace (which stops the world when it starts), the flight recorder, the
// block and mutex rates and the sampler. The CPU profile covers the measured
// window alone (startCPUProfile).
func startCaptures(cfg *config, rep *Report, started time.Time, watched settings) *captures {
	c := &captures{cfg: cfg, rep: rep, watched: watched, set: newSampleSet(cfg.wanted)}
	// Rates first: they only affect events from now on.
	if c.has("block") {
		runtime.SetBlockProfileRate(cfg.blockRate)
		c.restore = append(c.restore, func() { runtime.SetBlockProfileRate(0) })
	}
	if c.has("mutex") {
		prev := runtime.SetMutexProfileFraction(cfg.mutexFraction)
		c.restore = append(c.restore, func() { runtime.SetMutexProfileFraction(prev) })
	}
	// The flight recorder runs during the whole run (PROTOCOL §1
	// -flight-recorder); finish dumps it when the run did not succeed.
	if cfg.flightMinAge > 0 {
		if fr, err := startFlight(cfg.flightMinAge, cfg.flightMaxBytes); err != nil {
			c.addErr("flight recorder: %v", err)
		} else {
			c.flight = fr
		}
	}
	if cfg.tracePath != "" {
		c.traceFile = c.startFile("trace", cfg.tracePath, trace.Start)
	}
	c.startSampler(started)
	return c
}

// startFile creates path and starts a recording into it; nil when either fails.
func (c *captures) startFile(what, path string, start func(w io.Writer) error) *os.File {
	f, err := os.Create(path)
	if err != nil {
		c.addErr("%s: %v", what, err)
		return nil
	}
	if err := start(f); err != nil {
		f.Close()
		c.addErr("%s: %v", what, err)
		return nil
	}
	return f
}

func (c *captures) startSampler(started time.Time) {
	if c.cfg.metricsInterval <= 0 {
		return
	}
	if c.cfg.outDir == "" {
		// No files: the sampler still runs so its cost is the same with and
		// without -out; lines go nowhere.
		c.ticker = startTicker(c.set, discard{}, c.cfg.metricsInterval, started, c.watched.observe)
		return
	}
	f, err := os.Create(c.out("metrics.jsonl"))
	if err != nil {
		c.addErr("metrics.jsonl: %v", err)
		return
	}
	c.metricsFile = f
	c.ticker = startTicker(c.set, f, c.cfg.metricsInterval, started, c.watched.observe)
}

// startCPUProfile starts cpu.pprof as the measured window is about to begin
// (just before its start anchor, so that its setup is not in the window): it
// covers the window alone, as the ops count and the wall time do, and a flame
// graph per second or per op of the window is then what it says. A run that
// ends before its window (a failed warm-up, a stop) has none.
func (c *captures) startCPUProfile() {
	if c.has("cpu") {
		c.cpuFile = c.startFile("cpu profile", c.out("cpu.pprof"), pprof.StartCPUProfile)
	}
}

// measuring tells the sampler that the measured window has begun, after a
// warm-up or not.
func (c *captures) measuring(env *Env, warmedUp bool) {
	if c.ticker != nil {
		c.ticker.startWindow(env, warmedUp)
	}
}

// endWindow reads the window's end through readEnd, which returns its ops,
// and writes the sampler's last tick with them, no tick in between: the ticks'
// ops and cgroup counters then end where the window does, not in the
// scenario's wind-down.
func (c *captures) endWindow(readEnd func() (ops int64)) {
	if c.ticker == nil {
		readEnd()
		return
	}
	c.ticker.endWindow(readEnd)
}

// stopSampler ends metrics.jsonl: it covers warm-up and window, nothing after.
func (c *captures) stopSampler() {
	if c.ticker == nil {
		return
	}
	if err := c.ticker.close(); err != nil {
		c.addErr("metrics.jsonl: %v", err)
	}
	c.ticker = nil
	if c.metricsFile != nil {
		if err := c.metricsFile.Close(); err != nil {
			c.addErr("metrics.jsonl: %v", err)
		}
		c.artifact(Artifact{Name: "metrics.jsonl", Kind: "metrics"})
		c.metricsFile = nil
	}
}

// goroutineProfile stops the world: Run takes it after the end anchor but
// before cancelling the scenario, so it shows the scenario's goroutines. The
// leak profile is taken then too: writing it runs a GC cycle that finds the
// goroutines blocked on what no running goroutine can reach, which a
// cancelled scenario might have released.
func (c *captures) goroutineProfile() {
	if c.has("goroutine") {
		c.writeProfile("goroutine")
	}
	if c.has("goroutineleak") {
		c.writeProfile("goroutineleak") // validateCaptures refused a binary without it
	}
}

// finish stops every capture and writes the files in the protocol's order:
// sampler, flight.trace (when the run failed or was stopped, or "flight" was
// asked for), trace, CPU profile, end-of-run profiles.
func (c *captures) finish(unsuccessful bool) {
	c.stopSampler()
	if c.flight != nil && (unsuccessful || c.cfg.flightCapture) {
		if err := dumpFlight(c.flight, c.out("flight.trace")); err != nil {
			c.addErr("flight recorder: %v", err)
		} else {
			c.artifact(Artifact{Name: "flight.trace", Kind: "flight"})
		}
	}
	c.stopRecordings()
	for _, k := range []string{"heap", "allocs", "mutex", "block"} {
		if c.has(k) {
			c.writeProfile(k)
		}
	}
	c.restoreRates()
}

// close releases what is still running without writing optional files; after
// finish it does nothing.
func (c *captures) close() {
	c.stopSampler()
	c.stopRecordings()
	c.restoreRates()
}

func (c *captures) stopRecordings() {
	if c.flight != nil {
		c.flight.Stop()
		c.flight = nil
	}
	if c.traceFile != nil {
		trace.Stop()
		c.closeFile(c.traceFile, "trace", Artifact{Name: relName(c.cfg.outDir, c.cfg.tracePath), Kind: "trace"})
		c.traceFile = nil
	}
	c.stopCPUProfile()
}

// stopCPUProfile ends cpu.pprof: Run calls it as the measured window ends.
func (c *captures) stopCPUProfile() {
	if c.cpuFile != nil {
		pprof.StopCPUProfile()
		c.closeFile(c.cpuFile, "cpu profile", Artifact{Name: "cpu.pprof", Kind: "cpu", Covers: CoversWindow})
		c.cpuFile = nil
	}
}

func (c *captures) restoreRates() {
	for _, r := range c.restore {
		r()
	}
	c.restore = nil
}

func (c *captures) closeFile(f *os.File, what string, a Artifact) {
	if err := f.Close(); err != nil {
		c.addErr("%s: %v", what, err)
	}
	c.artifact(a)
}

func (c *captures) writeProfile(kind string) {
	if err := writeProfile(c.out(kind+".pprof"), kind); err != nil {
		c.addErr("%s profile: %v", kind, err)
	} else {
		c.artifact(Artifact{Name: kind + ".pprof", Kind: kind})
	}
}

func (c *captures) has(kind string) bool { return slices.Contains(c.cfg.profiles, kind) }

func (c *captures) out(name string) string { return filepath.Join(c.cfg.outDir, name) }

func (c *captures) addErr(format string, a ...any) {
	c.rep.Errors = append(c.rep.Errors, fmt.Sprintf(format, a...))
}

// artifact lists a file the run wrote in result.json.
func (c *captures) artifact(a Artifact) {
	c.rep.Artifacts = append(c.rep.Artifacts, a)
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

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
