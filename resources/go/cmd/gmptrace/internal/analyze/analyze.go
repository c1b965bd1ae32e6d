// Package analyze wires the streaming reader to the per-topic trackers and
// builds analysis.json and the trace-derived profiles.
//
// Each part has its file:
//   - analyze.go: the entry points (Run, RunFile), their options and the
//     Result: a trace read by one parser, or a file's generations parsed
//     several at a time;
//   - decode.go: what the parsers' goroutines do, decoding the events the
//     analysis uses into small records;
//   - analyzer.go: the analysis's state (the trackers, each goroutine's g)
//     and the time windows;
//   - events.go: the records consumed in trace order, each dispatched to the
//     trackers it concerns;
//   - goroutines.go: the state of the goroutines alive;
//   - build.go: analysis.json assembled from the trackers at the trace's
//     end, and the profiles written;
//   - groups.go, openwaits.go: its goroutine groups and user annotations,
//     and the waits still open at the end;
//   - jobs.go: how many generations to parse at once within a memory
//     budget, and the index of generations in the output.
package analyze

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/mmu"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/pprofw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
)

type Options struct {
	Window time.Duration // default 100ms
	// Jobs is how many generations RunFile parses at once (≤ 0: DefaultJobs).
	// The result does not depend on it.
	Jobs int
	// MMUFlags says what counts as GC work in the MMU curve (0: mmu.Default,
	// what go tool trace's MMU page shows).
	MMUFlags mmu.Flags
	// OnGeneration, when set, is called at every generation boundary with an
	// estimate of the memory the parsers now hold (used to size the GC limit).
	OnGeneration func(liveBytes int64)
	// Budget is the memory DefaultJobs plans within (≤ 0: MemBudget).
	Budget int64
	// OnPlan, when set, is called by RunFile once it knows the trace's
	// generations, with what it chose.
	OnPlan func(Plan)
	// Reader chooses what reads the trace (RunFile); the result is the same.
	Reader Reader
	// OnReread, when set, is called when x/exp/trace's parser of a
	// generation the index says is whole (gen) could not read it (err) and
	// one parser reads the trace again from its start.
	OnReread func(gen uint64, err error)
}

// Reader is what reads a trace for the analysis.
type Reader uint8

const (
	// ReaderAuto: x/exp/trace, unless one parser would need more memory
	// than the budget (the largest generation is too large) or the trace is
	// mostly strings (StringHeavy), then gmptrace's own.
	ReaderAuto Reader = iota
	// ReaderXExp: x/exp/trace's parsers, Jobs generations at once, each
	// holding its whole generation.
	ReaderXExp
	// ReaderOwn: gmptrace's own reader (internal/order), a batch per thread
	// in memory, whatever the generation's size; one at a time.
	ReaderOwn
)

// Plan is how RunFile reads a trace.
type Plan struct {
	PeakBytes         int64 // what x/exp/trace's parsers are expected to need at their peak
	LargestGeneration int64 // its bytes: a parser holds a whole generation
	StringBytes       int64 // the size of the generations' string tables
	TraceBytes        int64 // the size of the file
	OwnReader         bool  // gmptrace's own reader reads it
}

// StringHeavy reports whether the trace is mostly strings: a quarter of its
// bytes or more are its string tables, and they are large (a small program's
// trace can be a quarter function names, and either reader reads it in a
// moment). Such a trace is
// trace.Log messages, a string each (the runtime dedupes all others).
// x/exp/trace's parser makes every string of a generation; the own reader
// holds only those the analysis asks for. On a 196 MB trace of 3 million
// messages, strings 85% of it, the own reader's analysis took 1.5 s of CPU
// and 15 MB against x/exp/trace's 8–9.5 s and 390 MB (bench/gmptrace/
// RESULTS.md); the traces of the benchmark's load program have strings
// under 0.01%, and a quarter leaves room on both sides.
func (p Plan) StringHeavy() bool {
	return p.StringBytes >= stringHeavyFloor && p.StringBytes >= p.TraceBytes/4
}

// stringHeavyFloor is the size of string tables below which a trace is not
// called string-heavy, whatever their share.
const stringHeavyFloor = 4 << 20

// Result is the analysis plus the in-memory profiles.
type Result struct {
	Analysis *output.Analysis
	Stacks   *stacks.Table
	Profiles map[string]*pprofw.Profile // "sched", "block", "syscall"
	Partial  bool
	// OwnReader: gmptrace's own reader read the trace (Options.Reader).
	OwnReader bool
	// GoroutineFuncs: each goroutine's start function, for window queries.
	GoroutineFuncs *GoroutineFuncs
}

// ErrUnreadable is returned when the input is not a usable trace.
var ErrUnreadable = reader.ErrUnreadable

// Run analyses the trace read from r with one parser.
func Run(r io.Reader, opt Options) (*Result, error) {
	a := newAnalyzer(opt)
	a.cr = &countingReader{r: r}
	return a.finish(reader.ReadDecoded(a.cr, newDecoder, a.batch))
}

// RunFile analyses a trace file. A Go 1.22+ trace is indexed first and its
// generations are parsed opt.Jobs at a time; the result is the same for any
// number of jobs. Other inputs are read with one parser.
func RunFile(path string, opt Options) (res *Result, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	ix, err := genindex.Scan(f, st.Size())
	if err != nil {
		return Run(f, opt)
	}
	defer func() {
		// The parser's words for it ("failed to read full batch") do not say that the file was cut.
		if errors.Is(err, ErrUnreadable) && !ix.Complete && len(ix.Generations) == 0 && ix.Err != nil {
			err = fmt.Errorf("%w: the file ends inside the trace's first generation, so no generation of it is whole (a trace cut short, or one still being written): %v", ErrUnreadable, ix.Err)
		}
	}()
	a := newAnalyzer(opt)
	a.index = &ix
	budget := cmp.Or(max(opt.Budget, 0), MemBudget)
	plan := Plan{PeakBytes: PeakEstimate(ix, 1), LargestGeneration: ix.LargestGeneration(), StringBytes: ix.StringBytes(), TraceBytes: st.Size()}
	if opt.Reader == ReaderOwn || (opt.Reader == ReaderAuto && (plan.PeakBytes > budget || plan.StringHeavy())) {
		a.own, plan.OwnReader = true, true
		if opt.OnPlan != nil {
			opt.OnPlan(plan)
		}
		return a.finish(a.readOrdered(f, ix))
	}
	a.jobs = opt.Jobs
	if a.jobs <= 0 {
		a.jobs = DefaultJobs(ix, budget)
	}
	if opt.OnPlan != nil {
		plan.PeakBytes = PeakEstimate(ix, a.jobs)
		opt.OnPlan(plan)
	}
	info, err := reader.ReadSpansDecoded(f, reader.Spans(ix, st.Size()), a.jobs, newDecoder, a.batch)
	if err == nil && info.Partial && info.Generations < len(ix.Generations) {
		// A generation the index says is whole failed where its parser began:
		// one parser reads again from the trace's start (reader.FromStart).
		if opt.OnReread != nil {
			opt.OnReread(ix.Generations[info.Generations].Gen, info.Err)
		}
		again := newAnalyzer(opt)
		again.index, again.jobs = &ix, 1
		againInfo, againErr := reader.ReadSpansDecoded(f, reader.FromStart(ix, st.Size()), 1, newDecoder, again.batch)
		if reader.GotFurther(againInfo, againErr, info.Generations) {
			return again.finish(againInfo, againErr)
		}
	}
	return a.finish(info, err)
}

func (a *analyzer) finish(info reader.Info, readErr error) (res *Result, err error) {
	if readErr != nil {
		return nil, readErr
	}
	a.end = info.Last
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("%w: internal error: %v", ErrUnreadable, p)
		}
	}()
	return a.build(info), nil
}

// countingReader counts bytes read (read by the parser goroutine, looked at
// by the analysis goroutine).
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// liveEstimate is about the memory the parsers hold when a generation
// begins: the generation read since the previous Sync (Run), or the
// generations being parsed at once (RunFile).
func (a *analyzer) liveEstimate() int64 {
	if a.own {
		return 0 // a batch per thread: nothing that follows the generation
	}
	if a.index == nil {
		n := a.cr.n.Load()
		d := n - a.lastSync
		a.lastSync = n
		return parsingCost * d
	}
	return windowEstimate(a.index.Generations, a.syncs-1, a.jobs)
}
