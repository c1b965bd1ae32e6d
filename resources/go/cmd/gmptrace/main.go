// Command gmptrace analyses Go execution traces for GMP Workbench.
//
//	gmptrace analyze TRACE -o analysis.json [-pprof-dir DIR] [-window 100ms] [-j N]
//	gmptrace window TRACE -from T0 -to T1 -o window.json [-max N] [-checkpoints FILE]
//	gmptrace checkpoints TRACE -o FILE [-above MiB]
//
// Exit status: 0 complete, 3 partial (truncated trace: results up to the last
// complete generation), 2 unreadable input or usage error (one line on stderr).
// See README.md and resources/go/PROTOCOL.md §3.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/analyze"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/memavail"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/timeline"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/tracecut"
)

// memoryRoot is where the memory left is read (a test gives a machine with little left).
var memoryRoot = memavail.System

const (
	exitOK      = 0
	exitUsage   = 2
	exitPartial = 3
)

func main() {
	exitWithParent(os.Stderr)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const (
	analyzeUsage     = "gmptrace analyze TRACE -o analysis.json [-pprof-dir DIR] [-goroutine-funcs FILE] [-window 100ms] [-j N]"
	windowUsage      = "gmptrace window TRACE -from T0 -to T1 -o window.json [-max N] [-reader own|x/exp] [-checkpoints FILE]"
	checkpointsUsage = "gmptrace checkpoints TRACE -o FILE [-above MiB]"
	cutUsage         = "gmptrace cut TRACE -from T0 -to T1 -o CUT"
)

// help answers -h: the usage line and the flags, on stdout, exit 0.
func help(stdout io.Writer, fs *flag.FlagSet, usage string) int {
	fmt.Fprintf(stdout, "usage: %s\n\nDurations are Go durations (1.2s, 850ms); times count from the trace's first event.\n\n", usage)
	fs.SetOutput(stdout)
	fs.PrintDefaults()
	return exitOK
}

func fail(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "gmptrace: "+format+"\n", args...)
	return exitUsage
}

func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			code = fail(stderr, "internal error: %v", p)
		}
	}()
	if len(args) > 0 && args[0] == "window" {
		return runWindow(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "checkpoints" {
		return runCheckpoints(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "cut" {
		return runCut(args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "analyze" {
		return fail(stderr, "usage: %s | %s | %s | %s", analyzeUsage, windowUsage, checkpointsUsage, cutUsage)
	}
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	out := fs.String("o", "", "where to write analysis.json (- for stdout)")
	pprofDir := fs.String("pprof-dir", "", "directory for sched.pprof, block.pprof, syscall.pprof")
	goroutineFuncs := fs.String("goroutine-funcs", "", "where to write each goroutine's start function, for window queries of ranges where a goroutine shows no stack of its own (JSON; PROTOCOL.md §3.1)")
	window := fs.Duration("window", 100*time.Millisecond, "window for per-window series")
	jobs := fs.Int("j", 0, "generations parsed and decoded at once (0: one per CPU, within a 1 GiB memory budget)")
	readerName := fs.String("reader", "auto", "what reads the trace: x/exp (x/exp/trace: each parser holds a whole generation, -j at once), own (gmptrace's reader: a batch per thread in memory, one at a time), or auto (x/exp unless one parser would not fit in the memory budget); the analysis is the same")
	tracePath, err := parseArgs(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return help(stdout, fs, analyzeUsage)
	}
	if err != nil {
		return fail(stderr, "analyze: %v", err)
	}
	if *out == "" {
		return fail(stderr, "analyze: -o analysis.json is required")
	}
	if *jobs < 0 || *jobs > 1024 {
		return fail(stderr, "analyze: -j: %d out of range (accepted: 0..1024)", *jobs)
	}
	readers := map[string]analyze.Reader{"auto": analyze.ReaderAuto, "x/exp": analyze.ReaderXExp, "own": analyze.ReaderOwn}
	reader, ok := readers[*readerName]
	if !ok {
		return fail(stderr, "analyze: -reader: %q is not a reader (accepted: auto, x/exp, own)", *readerName)
	}
	if *window < time.Millisecond || *window > time.Hour {
		return fail(stderr, "analyze: -window: %v out of range (accepted: 1ms..1h)", *window)
	}
	// The live heap is about one generation of the trace (the parser holds a
	// whole generation) plus small aggregates. A soft memory limit makes the
	// runtime collect and return memory to the OS before the heap doubles;
	// it is raised for a large generation so that the GC never has to run
	// continuously. GOGC/GOMEMLIMIT in the environment override this.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	var onGen func(int64)
	if os.Getenv("GOMEMLIMIT") == "" {
		onGen = func(live int64) { debug.SetMemoryLimit(memLimitFor(live)) }
		onGen(0)
	}

	opt := analyze.Options{Window: *window, Jobs: *jobs, OnGeneration: onGen, Reader: reader}
	opt.OnReread = func(gen uint64, err error) {
		fmt.Fprintf(stderr, "gmptrace: note: %s: generation %d could not be read by a parser that began at it (%s): one x/exp/trace parser reads the trace again from its start, where the state that generation may need is known\n",
			tracePath, gen, output.FirstLine(err.Error()))
	}
	avail, known := memoryRoot.Available()
	if known {
		// The default -j plans within what the machine has left, and a trace that needs more
		// says so before the kernel ends the process without a word.
		opt.Budget = max(1, min(avail, analyze.MemBudget)) // none left: one parser, not the default budget
	}
	opt.OnPlan = func(plan analyze.Plan) {
		switch {
		case plan.OwnReader && reader == analyze.ReaderAuto && plan.StringHeavy():
			fmt.Fprintf(stderr, "gmptrace: note: %s: %s of its %s are strings (trace.Log messages, a string each); x/exp/trace's parser would build every one, so gmptrace's own reader reads it, building only those the analysis uses (the same analysis)\n",
				tracePath, gigabytes(plan.StringBytes), gigabytes(plan.TraceBytes))
		case !known:
			// The memory left is not known: nothing to say of the parser's need beside it.
		case plan.OwnReader && reader == analyze.ReaderAuto:
			fmt.Fprintf(stderr, "gmptrace: note: %s: its largest generation is %s and x/exp/trace's parser, which holds a whole generation, would need about %s; %s is available, so gmptrace's own reader reads it (a batch per thread in memory; the same analysis)\n",
				tracePath, gigabytes(plan.LargestGeneration), gigabytes(plan.PeakBytes), gigabytes(avail))
		case !plan.OwnReader && plan.PeakBytes > avail:
			fmt.Fprintf(stderr, "gmptrace: warning: %s: reading it needs about %s (its largest generation is %s, and the parser holds a whole generation); %s is available, so the analysis may be killed for lack of memory\n",
				tracePath, gigabytes(plan.PeakBytes), gigabytes(plan.LargestGeneration), gigabytes(avail))
		}
	}
	res, err := analyze.RunFile(tracePath, opt)
	if err != nil {
		if errors.Is(err, analyze.ErrUnreadable) {
			return fail(stderr, "%s: %s", tracePath, output.FirstLine(err.Error()))
		}
		return fail(stderr, "%s", output.FirstLine(err.Error()))
	}
	if *pprofDir != "" {
		if err := res.WriteProfiles(*pprofDir); err != nil {
			return fail(stderr, "writing profiles: %v", output.FirstLine(err.Error()))
		}
	}
	if *goroutineFuncs != "" {
		if err := writeOutput(*goroutineFuncs, stdout, func(w io.Writer) error { return json.NewEncoder(w).Encode(res.GoroutineFuncs) }); err != nil {
			return fail(stderr, "writing %s: %v", *goroutineFuncs, output.FirstLine(err.Error()))
		}
	}
	if err := writeOutput(*out, stdout, func(w io.Writer) error { return output.Write(w, res.Analysis) }); err != nil {
		return fail(stderr, "writing %s: %v", *out, output.FirstLine(err.Error()))
	}
	if res.Partial {
		fmt.Fprintf(stderr, "gmptrace: %s: partial trace: %s kept (%s)\n",
			tracePath, plural(res.Analysis.Meta.Generations, "complete generation"), res.Analysis.Meta.Error)
		return exitPartial
	}
	return exitOK
}

// gigabytes writes a byte count as "2.47 GB" (or "310 MB" below a gigabyte).
func gigabytes(n int64) string {
	if n < 1e9 {
		return fmt.Sprintf("%.0f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.2f GB", float64(n)/1e9)
}

// memLimitFor gives the soft memory limit while the parsers hold about live
// bytes (2× a generation's bytes for the one being analysed, more for those
// parsed ahead; the estimate is above the measured live heap): 200 MiB, or
// the estimate plus 32 MiB when that is more, so the GC never runs back to back.
func memLimitFor(live int64) int64 {
	return max(200<<20, live+32<<20)
}

// given reports whether the command line set the flag.
func given(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// durationFlagOf names the duration flag a parse error is about ("" for
// another error): flag's own message says only "parse error".
func durationFlagOf(fs *flag.FlagSet, err error) string {
	name := ""
	fs.VisitAll(func(f *flag.Flag) {
		if _, isDuration := f.Value.(flag.Getter).Get().(time.Duration); isDuration && strings.Contains(err.Error(), "flag -"+f.Name+":") {
			name = f.Name
		}
	})
	return name
}

// parseArgs parses flags placed before or after the one positional TRACE
// argument and returns it.
func parseArgs(fs *flag.FlagSet, args []string) (string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if f := durationFlagOf(fs, err); f != "" {
				return "", fmt.Errorf("%w (-%s takes a Go duration, e.g. 1.2s or 850ms)", err, f)
			}
			return "", err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != 1 {
		return "", fmt.Errorf("want exactly one TRACE argument, got %d", len(pos))
	}
	return pos[0], nil
}

// runWindow is `gmptrace window TRACE -from T0 -to T1 -o window.json`.
func runWindow(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("window", flag.ContinueOnError)
	out := fs.String("o", "", "where to write window.json (- for stdout)")
	from := fs.Duration("from", 0, "window start, from the trace's first event (required)")
	to := fs.Duration("to", 0, "window end, from the trace's first event (required)")
	maxItems := fs.Int("max", timeline.DefaultMaxItems, "cap on every list of the output (spans under way at a list's cut are kept up to it: PROTOCOL.md §3.2)")
	readerName := fs.String("reader", "own", "what reads the trace: own (gmptrace's reader: a batch per thread in memory) or x/exp (x/exp/trace: holds a whole generation); the window is the same")
	checkpoints := fs.String("checkpoints", "", "a file where the own reader saves its state on its way to the window and resumes from it for a later window (a cache: made when missing, passed over when it is of another trace)")
	tracePath, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return help(stdout, fs, windowUsage)
	}
	if err != nil {
		return fail(stderr, "window: %v", err)
	}
	switch {
	case *out == "":
		return fail(stderr, "window: -o window.json is required")
	case rangeProblem(fs, *from, *to) != "":
		return fail(stderr, "window: %s", rangeProblem(fs, *from, *to))
	case *maxItems < 1:
		return fail(stderr, "window: -max: %d out of range (accepted: ≥ 1)", *maxItems)
	}
	readers := map[string]timeline.Reader{"own": timeline.ReaderOwn, "x/exp": timeline.ReaderXExp}
	reader, ok := readers[*readerName]
	if !ok {
		return fail(stderr, "window: -reader: %q is not a reader (accepted: own, x/exp)", *readerName)
	}
	w, err := timeline.Query(tracePath, timeline.Options{From: *from, To: *to, MaxItems: *maxItems, Reader: reader, Checkpoints: *checkpoints})
	if err != nil {
		if errors.Is(err, analyze.ErrUnreadable) {
			return fail(stderr, "%s: %s", tracePath, output.FirstLine(err.Error()))
		}
		return fail(stderr, "%s", output.FirstLine(err.Error()))
	}
	if err := writeOutput(*out, stdout, func(wr io.Writer) error { return json.NewEncoder(wr).Encode(w) }); err != nil {
		return fail(stderr, "writing %s: %v", *out, output.FirstLine(err.Error()))
	}
	return exitOK
}

// rangeProblem says what is wrong with the -from and -to of window and cut,
// "" when nothing is.
func rangeProblem(fs *flag.FlagSet, from, to time.Duration) string {
	switch {
	case !given(fs, "from") || !given(fs, "to"):
		return "-from and -to are required (Go durations, e.g. -from 1.2s -to 1.3s)"
	case from < 0:
		return fmt.Sprintf("-from %v is before the trace's first event", from)
	case to <= from:
		return fmt.Sprintf("-to %v is not after -from %v", to, from)
	}
	return ""
}

// runCheckpoints is `gmptrace checkpoints TRACE -o FILE`: the checkpoint
// file a window query's -checkpoints takes, filled ahead of the first query
// (timeline.Prepare); one line on stdout says what it holds.
func runCheckpoints(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("checkpoints", flag.ContinueOnError)
	out := fs.String("o", "", "the checkpoint file to fill (made when missing; kept when it is this trace's)")
	aboveDefault, envErr := checkpointAboveMiB()
	above := fs.Int("above", aboveDefault, "MiB a window's query must read for its generation to get checkpoints (default from $"+aboveEnv+", else 128)")
	tracePath, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return help(stdout, fs, checkpointsUsage)
	}
	switch {
	case err != nil:
		return fail(stderr, "checkpoints: %v", err)
	case envErr != nil && !given(fs, "above"):
		return fail(stderr, "checkpoints: %v", envErr)
	case *out == "":
		return fail(stderr, "checkpoints: -o FILE is required")
	case *above < 1:
		return fail(stderr, "checkpoints: -above: %d out of range (accepted: ≥ 1)", *above)
	}
	done, err := timeline.Prepare(tracePath, *out, timeline.PrepareOptions{Above: int64(*above) << 20})
	if err != nil {
		return fail(stderr, "%s", output.FirstLine(err.Error()))
	}
	if len(done.Unreadable) > 0 {
		fmt.Fprintf(stdout, "generations %v cannot be read from where their windows' queries begin: those read the trace from its start\n", done.Unreadable)
	}
	if len(done.Generations) == 0 {
		fmt.Fprintf(stdout, "no checkpoint needed: no window's query reads more than %d MiB\n", *above)
		return exitOK
	}
	fmt.Fprintf(stdout, "%d checkpoints for the windows of generations %v\n", done.Points, done.Generations)
	return exitOK
}

// runCut is `gmptrace cut TRACE -from T0 -to T1 -o CUT`: the generations
// that hold the range, as a trace of their own (tracecut); a JSON line on
// stdout says which, and when they begin and end.
func runCut(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cut", flag.ContinueOnError)
	out := fs.String("o", "", "where to write the cut (a trace)")
	from := fs.Duration("from", 0, "range start, from the trace's first event (required)")
	to := fs.Duration("to", 0, "range end, from the trace's first event (required)")
	tracePath, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return help(stdout, fs, cutUsage)
	}
	switch {
	case err != nil:
		return fail(stderr, "cut: %v", err)
	case *out == "" || *out == "-":
		return fail(stderr, "cut: -o CUT is required (a file: the cut is a binary trace)")
	case rangeProblem(fs, *from, *to) != "":
		return fail(stderr, "cut: %s", rangeProblem(fs, *from, *to))
	}
	f, err := os.Open(tracePath)
	if err != nil {
		return fail(stderr, "%s", output.FirstLine(err.Error()))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fail(stderr, "%s", output.FirstLine(err.Error()))
	}
	// The cut is renamed into place: written over the trace it is cut from, the trace is lost.
	if o, err := os.Stat(*out); err == nil && os.SameFile(o, st) {
		return fail(stderr, "cut: -o %s is the trace it cuts: give another file", *out)
	}
	cut, write, err := tracecut.Plan(f, st.Size(), *from, *to)
	if err != nil {
		return fail(stderr, "%s: %s", tracePath, output.FirstLine(err.Error()))
	}
	if err := writeOutput(*out, stdout, write); err != nil {
		return fail(stderr, "writing %s: %v", *out, output.FirstLine(err.Error()))
	}
	if err := json.NewEncoder(stdout).Encode(cut); err != nil {
		return fail(stderr, "%v", err)
	}
	return exitOK
}

// aboveEnv sets checkpoints' -above where its caller cannot pass flags (the
// workbench runs it after every analysis).
const aboveEnv = "GMPTRACE_CHECKPOINT_ABOVE_MIB"

// checkpointAboveMiB is -above's default: $GMPTRACE_CHECKPOINT_ABOVE_MIB,
// else timeline.DefaultPrepareAbove.
func checkpointAboveMiB() (int, error) {
	v := os.Getenv(aboveEnv)
	if v == "" {
		return timeline.DefaultPrepareAbove >> 20, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("$%s=%q is not a number of MiB ≥ 1", aboveEnv, v)
	}
	return n, nil
}

// writeOutput writes a document to path (- = stdout) through FILE.tmp, so a
// present file is complete. A path that is there but is no regular file nor
// a link (/dev/null, a FIFO) is written in place: renaming over it would
// replace the device itself, and as root -o /dev/null turned /dev/null into a
// plain file. A link is replaced, as before, not written through.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() && fi.Mode()&os.ModeSymlink == 0 {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		return writeClose(f, write)
	}
	// A name of its own: two gmptrace processes writing one path (two reports asking for one
	// window at once) would otherwise truncate and rename each other's file; each rename is whole.
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer removeOnSignal(tmp)()
	if err := f.Chmod(0o644); err != nil { // CreateTemp makes 0600; the document is no secret
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := writeClose(f, write); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// removeOnSignal removes tmp and exits (status 2, as for any output not
// written) if gmptrace is told to stop (SIGTERM: a query past its time,
// SIGINT) before the returned func is called: unique names are never
// overwritten by the next write, so one left behind would stay.
func removeOnSignal(tmp string) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			os.Remove(tmp)
			os.Exit(2)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// writeClose writes the document to f through a buffer and closes it.
func writeClose(f *os.File, write func(io.Writer) error) error {
	bw := bufio.NewWriter(f)
	err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// plural gives "1 complete generation", "3 complete generations".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
