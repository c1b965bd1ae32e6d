package stress

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/cgroupfs"
)

// Scenario is one workload in a catalog. Run must return soon after ctx is done;
// it counts its work with env.AddOps and, where an op has a natural latency,
// records it with env.Observe.
type Scenario struct {
	ID        string // kebab-case, unique in a catalog
	Group     string // free text; the bundled catalog uses the nine groups of docs/SCENARIOS.md
	Title     string
	Mechanism string // what in the scheduler it stresses
	Source    string // the runtime test or issue it follows
	Params    []Param
	Signals   []string // the metrics that show its effect
	// SuggestedGOMAXPROCS, when > 0, is the GOMAXPROCS the scenario's source
	// was written for (a runtime test at GOMAXPROCS 1, say). It only suggests:
	// the scenario runs at the GOMAXPROCS its run was started with, and the
	// workbench offers this value when the user chose none.
	SuggestedGOMAXPROCS int
	// IgnoresConcurrency marks a scenario whose load does not depend on
	// Env.Concurrency (two fixed pairs, one producer): runs at different
	// concurrencies would be the same run, so the workbench runs it at one
	// and shows none, and result.json says the value was not used.
	IgnoresConcurrency bool
	// TimesOps marks a scenario that times operations with env.Observe. Its
	// result.json then has an op_latency even when none of them ended within
	// the window (count 0, PROTOCOL §2.2), so a reader can tell "timed none
	// there" (lockstep's rounds outlasting a short window) from "times none".
	TimesOps bool
	// FreshProcess marks scenarios that must run in a child process: startup-only
	// GODEBUG settings, fatal outcomes, deadlock detection.
	FreshProcess bool
	Run          func(ctx context.Context, env *Env) error

	// ChildMain, for a FreshProcess scenario, replaces the runner inside the child:
	// it owns the whole process (no sampler, signal handler, pprof server or files)
	// and usually ends it in a fatal way (a deadlock, a thread-limit crash). The
	// parent kills the child at warm-up + duration + grace if it is still running.
	ChildMain func(env *Env)
	// ChildCheck judges how a ChildMain child ended, given the parameters the
	// child ran with. It returns the ops to report (> 0 when the expected outcome
	// happened) and an error when it did not. Nil means: any exit other than 0 is
	// an error.
	ChildCheck func(env *Env, exit ChildExit) (ops int64, err error)
}

// ChildExit is how a fresh-process child ended.
type ChildExit struct {
	Code       int    `json:"exit_code"`        // -1 when killed by a signal
	Signal     string `json:"signal,omitempty"` // e.g. "killed"
	TimedOut   bool   `json:"timed_out"`        // the parent killed it at its deadline
	StderrTail string `json:"stderr_tail"`      // last 4 KiB of its stderr
}

// ParamType names how a parameter's text is parsed and bounded.
type ParamType string

const (
	Int      ParamType = "int"
	Float    ParamType = "float"
	Duration ParamType = "duration"
	Bool     ParamType = "bool"
	String   ParamType = "string"
	Enum     ParamType = "enum"
)

// Param is a typed, bounded scenario parameter. Default, Min and Max are in
// the same text form the -param flag accepts; Min and Max may be empty.
type Param struct {
	Name    string
	Type    ParamType
	Default string
	Min     string
	Max     string
	Choices []string // for Enum
	Help    string
}

// Env is what a running scenario sees.
type Env struct {
	Concurrency int
	params      map[string]string
	ops         atomic.Int64
	latency     *Histogram

	procs    *watch[int]     // set by Run: records SetGOMAXPROCS calls
	cpuLimit *watch[float64] // set by Run: records SetCPULimit calls; nil without a readable limit

	resultMu sync.Mutex
	values   map[string]Value
	notes    []string
}

// Value is one scenario-specific result (result.json "values", PROTOCOL.md
// §2.2). Value is nil when the reported number was not finite (NaN, ±Inf).
type Value struct {
	Value *float64 `json:"value"`
	Unit  string   `json:"unit"`
}

// MaxNotes bounds the notes of one run; later distinct notes are dropped.
const MaxNotes = 100

// NewEnv validates params against defs (filling defaults) and returns an Env.
func NewEnv(concurrency int, defs []Param, params map[string]string) (*Env, error) {
	if concurrency < 1 {
		return nil, fmt.Errorf("concurrency %d: must be at least 1", concurrency)
	}
	values, err := ResolveParams(defs, params)
	if err != nil {
		return nil, err
	}
	return &Env{Concurrency: concurrency, params: values, latency: NewHistogram()}, nil
}

// AddOps counts n completed operations.
func (e *Env) AddOps(n int64) { e.ops.Add(n) }

// Ops is the number of operations counted so far.
func (e *Env) Ops() int64 { return e.ops.Load() }

// Observe records the latency of one operation.
func (e *Env) Observe(d time.Duration) { e.latency.Record(d) }

// Latency is the histogram of observed op latencies.
func (e *Env) Latency() *Histogram { return e.latency }

// Report records a scenario-specific result, such as peak threads or
// throttled periods, under name; unit is free text ("threads", "periods",
// "s"). Reporting a name again replaces its value. It is safe for concurrent
// use; scenarios typically report once, when their work ends.
func (e *Env) Report(name string, value float64, unit string) {
	v := Value{Unit: unit}
	if !math.IsNaN(value) && !math.IsInf(value, 0) {
		v.Value = &value
	}
	e.resultMu.Lock()
	if e.values == nil {
		e.values = map[string]Value{}
	}
	e.values[name] = v
	e.resultMu.Unlock()
}

// Note records a message for the person reading the result, e.g. "cgroup not
// writable, observing only". A message noted again is kept once, and at most
// MaxNotes distinct notes are kept. It is safe for concurrent use.
func (e *Env) Note(msg string) {
	e.resultMu.Lock()
	defer e.resultMu.Unlock()
	if len(e.notes) >= MaxNotes {
		return
	}
	for _, n := range e.notes {
		if n == msg {
			return
		}
	}
	e.notes = append(e.notes, msg)
}

// Values returns a copy of the reported values.
func (e *Env) Values() map[string]Value {
	e.resultMu.Lock()
	defer e.resultMu.Unlock()
	out := make(map[string]Value, len(e.values))
	for k, v := range e.values {
		out[k] = v
	}
	return out
}

// Notes returns a copy of the notes, in the order they were first noted.
func (e *Env) Notes() []string {
	e.resultMu.Lock()
	defer e.resultMu.Unlock()
	return append([]string{}, e.notes...)
}

// SetGOMAXPROCS is runtime.GOMAXPROCS for a scenario that must change the P
// count during its run: inside Run the change is recorded, within the bounds of
// the call, in result.json's "gomaxprocs" changes. It returns the previous setting.
// Scenarios otherwise run at the GOMAXPROCS the run was started with.
func (e *Env) SetGOMAXPROCS(n int) int {
	if e.procs == nil {
		return runtime.GOMAXPROCS(n)
	}
	return setGOMAXPROCS(e.procs, n)
}

// SetCPULimit sets the CPU limit of the process's own cgroup, in cores (0 or
// +Inf: none), and records the change in result.json's "cpu_limit" at the
// moment it is made. A limit written any other way is seen by the next
// observation (each metrics tick), late, and not at all when it is undone
// before then. It fails in the hierarchy's root group and where the group is
// not writable.
func (e *Env) SetCPULimit(cores float64) error {
	cg, err := cgroupfs.Self()
	if err != nil {
		return err
	}
	return setCPULimit(e.cpuLimit, cg, cores)
}

// Param returns a parameter's effective text value.
func (e *Env) Param(name string) string {
	v, ok := e.params[name]
	if !ok {
		panic("stress: scenario reads undeclared param " + strconv.Quote(name))
	}
	return v
}

// Params returns a copy of all effective parameter values.
func (e *Env) Params() map[string]string {
	out := make(map[string]string, len(e.params))
	for k, v := range e.params {
		out[k] = v
	}
	return out
}

// IntParam, FloatParam, DurationParam and BoolParam read a declared parameter;
// values were validated by NewEnv, so a parse failure is a catalog bug.
func (e *Env) IntParam(name string) int {
	v, err := strconv.Atoi(e.Param(name))
	if err != nil {
		panic(err)
	}
	return v
}

func (e *Env) FloatParam(name string) float64 {
	v, err := strconv.ParseFloat(e.Param(name), 64)
	if err != nil {
		panic(err)
	}
	return v
}

func (e *Env) DurationParam(name string) time.Duration {
	v, err := time.ParseDuration(e.Param(name))
	if err != nil {
		panic(err)
	}
	return v
}

func (e *Env) BoolParam(name string) bool {
	v, err := strconv.ParseBool(e.Param(name))
	if err != nil {
		panic(err)
	}
	return v
}
