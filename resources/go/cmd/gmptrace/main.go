// Command gmptrace analyses Go execution traces for GMP Workbench.
//
//	gmptrace analyze TRACE -o analysis.json [-pprof-dir DIR] [-window 100ms] [-j N]
//
// Exit status: 0 complete, 3 partial (truncated trace: results up to the last
// complete generation), 2 unreadable input or usage error (one line on stderr).
// See README.md and resources/go/PROTOCOL.md §3.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/analyze"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
)

const (
	exitOK      = 0
	exitUsage   = 2
	exitPartial = 3
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
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
	if len(args) == 0 || args[0] != "analyze" {
		return fail(stderr, "usage: gmptrace analyze TRACE -o analysis.json [-pprof-dir DIR] [-window 100ms] [-j N]")
	}
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "", "where to write analysis.json (- for stdout)")
	pprofDir := fs.String("pprof-dir", "", "directory for sched.pprof, block.pprof, syscall.pprof")
	window := fs.Duration("window", 100*time.Millisecond, "window for per-window series")
	jobs := fs.Int("j", 0, "generations parsed at once (0: from the CPUs and a 1 GiB memory budget)")
	// Accept flags before and after the positional TRACE argument.
	var pos []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return fail(stderr, "analyze: %v", err)
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		rest = rest[1:]
	}
	if len(pos) != 1 {
		return fail(stderr, "analyze: want exactly one TRACE argument, got %d", len(pos))
	}
	if *out == "" {
		return fail(stderr, "analyze: -o analysis.json is required")
	}
	if *jobs < 0 || *jobs > 1024 {
		return fail(stderr, "analyze: -j: %d out of range (accepted: 0..1024)", *jobs)
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
		onGen = func(genBytes int64) { debug.SetMemoryLimit(memLimitFor(genBytes)) }
		onGen(0)
	}

	res, err := analyze.RunFile(pos[0], analyze.Options{Window: *window, Jobs: *jobs, OnGeneration: onGen})
	if err != nil {
		if errors.Is(err, analyze.ErrUnreadable) {
			return fail(stderr, "%s: %s", pos[0], oneLine(err.Error()))
		}
		return fail(stderr, "%s", oneLine(err.Error()))
	}
	if *pprofDir != "" {
		if err := res.WriteProfiles(*pprofDir); err != nil {
			return fail(stderr, "writing profiles: %v", oneLine(err.Error()))
		}
	}
	if err := writeAnalysis(*out, res.Analysis, stdout); err != nil {
		return fail(stderr, "writing %s: %v", *out, oneLine(err.Error()))
	}
	if res.Partial {
		fmt.Fprintf(stderr, "gmptrace: %s: partial trace: %d complete generations kept (%s)\n",
			pos[0], res.Analysis.Meta.Generations, res.Analysis.Meta.Error)
		return exitPartial
	}
	return exitOK
}

// memLimitFor gives the soft memory limit while a generation of genBytes
// trace bytes is being analysed: 200 MiB, or 3× the generation plus 32 MiB
// when that is more (the parser's live heap is about 2× the raw bytes, so the
// limit stays above it and the GC never runs back to back).
func memLimitFor(genBytes int64) int64 {
	return max(200<<20, 3*genBytes+32<<20)
}

func writeAnalysis(path string, a *output.Analysis, stdout io.Writer) error {
	if path == "-" {
		return output.Write(stdout, a)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = output.Write(bw, a)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}
