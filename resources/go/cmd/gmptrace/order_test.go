package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order/ordertest"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/ownread"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/timeline"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire/wiretest"
)

// internal/order gives the events of a trace in x/exp/trace's order, with
// its times and contexts, on traces of every test program (programTraces)
// and Go version from 1.22.
func TestOrderIsXExpOrder(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		traces := programTracesWithACut(t, toolchain, header)
		for name, tr := range traces {
			data, err := os.ReadFile(tr)
			if err != nil {
				t.Fatal(err)
			}
			n := ordertest.Compare(t, name, data)
			t.Logf("%s %s: %d events in the same order", header, name, n)
		}
	})
}

// programTraces makes a trace of each test program with toolchain: many
// short generations of the load program; the gc program's GC,
// stop-the-world, sweeps and mark assists; user tasks and regions; syscalls
// that lose their P; a thousand goroutines released at once; preempted CPU
// hogs; the gc program again with the AllocFree experiment's events (Go
// 1.23+); a trace that is mostly trace.Log messages. Made once per
// toolchain and test binary, and shared.
func programTraces(t *testing.T, toolchain, header string) map[string]string {
	t.Helper()
	progTracesMu.Lock()
	defer progTracesMu.Unlock()
	if m, ok := progTraces[toolchain]; ok {
		return maps.Clone(m)
	}
	dir := filepath.Join(workDir, "traces-"+toolchain)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// multiGenTrace's file goes with the test that made it: kept here.
	load, err := os.ReadFile(multiGenTrace(t, toolchain, 150*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	traces := map[string]string{"load": filepath.Join(dir, "load.out")}
	if err := os.WriteFile(traces["load"], load, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		prog string
		env  []string
		args []string
	}{
		{"gc", []string{"GOGC=20", "GODEBUG=traceadvanceperiod=20000000"}, nil},
		{"regions", []string{"GODEBUG=traceadvanceperiod=20000000"}, nil},
		{"syscalls", nil, nil},
		{"release", nil, []string{"1000"}},
		{"hog", nil, nil},
		{"gc allocfree", []string{"GOGC=20", "GODEBUG=traceallocfree=1,traceadvanceperiod=20000000"}, nil},
		{"logs", []string{"GODEBUG=traceadvanceperiod=5000000"}, []string{"150000"}},
	} {
		if p.prog == "gc allocfree" && header == "go1.22" {
			continue // the AllocFree experiment's events come with Go 1.23
		}
		tr := filepath.Join(dir, strings.ReplaceAll(p.prog, " ", "-")+".out")
		runProgForATrace(t, buildProg(t, strings.Fields(p.prog)[0], toolchain), p.env, tr, append([]string{tr}, p.args...)...)
		traces[p.prog] = tr
	}
	progTraces[toolchain] = traces
	return maps.Clone(traces)
}

// programTracesWithACut is programTraces and "load cut", the load
// program's trace cut in its third generation.
func programTracesWithACut(t *testing.T, toolchain, header string) map[string]string {
	t.Helper()
	traces := programTraces(t, toolchain, header)
	traces["load cut"] = cutInItsThirdGeneration(t, traces["load"])
	return traces
}

var (
	progTracesMu sync.Mutex
	progTraces   = map[string]map[string]string{}
)

// gmptrace's own reader (-reader own) gives the analysis and profiles
// x/exp/trace's parser gives (-j 1), byte for byte, on the traces of every
// test program and Go version from 1.22; on a cut trace, all but the
// error's wording, which is each reader's own.
func TestOwnReaderGivesIdenticalOutput(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		traces := programTracesWithACut(t, toolchain, header)
		for name, tr := range traces {
			dir := t.TempDir()
			codeX, x := analyzeArgs(t, tr, filepath.Join(dir, "x"), "-j", "1")
			codeO, own := analyzeArgs(t, tr, filepath.Join(dir, "own"), "-reader", "own")
			want := 0
			if name == "load cut" {
				want = 3
			}
			if codeX != want || codeO != want {
				t.Fatalf("%s: exit %d (x/exp/trace), %d (own reader); want %d", name, codeX, codeO, want)
			}
			for file, data := range x {
				got := own[file]
				if want == 3 && file == "analysis.json" {
					data, got = withoutError(t, data), withoutError(t, got)
				}
				if !bytes.Equal(got, data) {
					t.Errorf("%s %s: %s differs: %s", header, name, file, firstDiff(got, data))
				}
			}
			t.Logf("%s %s: analysis.json (%d bytes) and profiles identical", header, name, len(x["analysis.json"]))
		}
	})
}

// A trace that is mostly strings (trace.Log messages, a string each) is
// read by gmptrace's own reader unless -reader says otherwise, which reads
// only the strings the analysis uses; the note says so, and the analysis
// and profiles are x/exp/trace's, byte for byte.
func TestAStringHeavyTraceIsReadByTheOwnReader(t *testing.T) {
	tr := programTraces(t, "", "local")["logs"]
	_, ix := readIndexed(t, tr)
	st, err := os.Stat(tr)
	if err != nil {
		t.Fatal(err)
	}
	if strs := ix.StringBytes(); strs < st.Size()/2 || strs < 5<<20 || len(ix.Generations) < 2 {
		t.Fatalf("the logs program's trace: %d generations, %d of its %d bytes strings; want a few generations and mostly strings, over 5 MiB", len(ix.Generations), strs, st.Size())
	}
	dir := t.TempDir()
	_, x := analyzeArgs(t, tr, filepath.Join(dir, "x"), "-reader", "x/exp", "-j", "1")
	auto := filepath.Join(dir, "auto")
	code, stderr := runCLI("analyze", tr, "-o", filepath.Join(auto, "analysis.json"), "-pprof-dir", filepath.Join(auto, "pp"))
	if code != 0 || !strings.Contains(stderr, "are strings") || !strings.Contains(stderr, "own reader reads it") {
		t.Fatalf("exit %d, stderr %q; want 0 and a note that the own reader reads a trace of strings", code, stderr)
	}
	for file, data := range x {
		got, err := os.ReadFile(filepath.Join(auto, file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s differs from x/exp/trace's: %s", file, firstDiff(got, data))
		}
	}
	if code, stderr := runCLI("analyze", programTraces(t, "", "local")["regions"], "-o", filepath.Join(dir, "regions.json")); code != 0 || stderr != "" {
		t.Errorf("the regions program's trace: exit %d, stderr %q; want x/exp/trace's parser, without a note", code, stderr)
	}
}

// A window read by gmptrace's own reader is the window x/exp/trace's parser
// gives, byte for byte, on the same traces (the whole trace, a window in its
// middle, and the whole trace with lists capped short); both refuse the
// same windows with the same words.
func TestOwnReaderGivesIdenticalWindows(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		traces := programTracesWithACut(t, toolchain, header)
		busy := 0
		for name, tr := range traces {
			for _, c := range []struct {
				from, to time.Duration
				max      int
			}{{0, time.Hour, 0}, {40 * time.Millisecond, 70 * time.Millisecond, 0}, {0, time.Hour, 50}} {
				opt := timeline.Options{From: c.from, To: c.to, MaxItems: c.max, Reader: timeline.ReaderXExp}
				x, errX := timeline.Query(tr, opt)
				opt.Reader = timeline.ReaderOwn
				own, errO := timeline.Query(tr, opt)
				what := fmt.Sprintf("%s %s [%v, %v] cap %d", header, name, c.from, c.to, c.max)
				if errX != nil || errO != nil {
					if errX == nil || errO == nil || errX.Error() != errO.Error() {
						t.Errorf("%s: x/exp/trace: %v; own reader: %v", what, errX, errO)
					}
					continue
				}
				a, _ := json.Marshal(x)
				b, _ := json.Marshal(own)
				if !bytes.Equal(a, b) {
					t.Errorf("%s: the own reader's window differs: %s", what, firstDiff(b, a))
				}
				if len(own.Procs) > 0 && len(own.Goroutines) > 0 {
					busy++
				}
			}
		}
		if busy < len(traces) {
			t.Errorf("%s: only %d windows of %d traces show Ps running goroutines", header, busy, len(traces))
		}
	})
}

// cutInItsThirdGeneration writes the trace at path cut in the middle of its
// third generation (the last when it has fewer) and returns the cut file.
func cutInItsThirdGeneration(t *testing.T, path string) string {
	t.Helper()
	full, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := genindex.Scan(bytes.NewReader(full), int64(len(full)))
	if err != nil || len(ix.Generations) < 2 {
		t.Fatalf("index of %s: %v, %d generations", path, err, len(ix.Generations))
	}
	g := ix.Generations[min(2, len(ix.Generations)-1)]
	cut := filepath.Join(t.TempDir(), "cut.out")
	if err := os.WriteFile(cut, full[:(g.Offset+g.End)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	return cut
}

// withoutError is an analysis.json without meta.error, re-encoded.
func withoutError(t *testing.T, data []byte) []byte {
	t.Helper()
	var a map[string]any
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	meta := a["meta"].(map[string]any)
	if meta["error"] == nil || meta["error"] == "" {
		t.Errorf("a cut trace's analysis says no error: %v", meta)
	}
	delete(meta, "error")
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Made traces (ordertest's): madeTrace is a Go 1.22 trace of one thread,
// generation i+1 holding the events gens[i] at ticks from 1000·(i+1).
var (
	madeTrace         = ordertest.MadeTrace
	madeNumberedTrace = ordertest.MadeNumberedTrace
	made              = ordertest.Made
	runsG             = ordertest.RunsG
)

const (
	madeProcRunning = ordertest.ProcRunning
	madeGoRunning   = ordertest.GoRunning
	madeGoWaiting   = ordertest.GoWaiting
	noThread        = ^uint64(0) // a goroutine's thread when it has none
)

// goroutineFromTheGenerationBefore is a trace of three generations in which
// a thread's goroutine, running at the first's end, blocks in the second
// without a status of its own there (its thread's P says its status only),
// as Go 1.24's gc program once wrote: read from the start, the thread's
// goroutine is known; a parser that begins at the second generation knows
// none. In the third it is woken and runs again.
func goroutineFromTheGenerationBefore() []byte {
	return madeTrace(runsG(1), [][]uint64{
		made(wire.EvProcStatus, 0, 0, madeProcRunning),
		made(wire.EvGoBlock, 100, 0, 0),
	}, [][]uint64{
		made(wire.EvProcStatus, 0, 0, madeProcRunning),
		made(wire.EvGoStatus, 1, 1, noThread, madeGoWaiting),
		made(wire.EvGoUnblock, 10, 1, 1, 0),
		made(wire.EvGoStart, 10, 1, 2),
		made(wire.EvGoStop, 100, 0, 0),
	})
}

// A trace whose generation needs the one before it to be read: analysed and
// queried whole by either reader (x/exp/trace's parsers, each beginning at
// a generation, fail at the second, and so does any reader that begins
// there for a window in the third; gmptrace then reads it again with its own
// reader from the trace's start), and as x/exp/trace reads it from its start.
func TestAGenerationThatNeedsTheOneBefore(t *testing.T) {
	tr := filepath.Join(t.TempDir(), "made.out")
	if err := os.WriteFile(tr, goroutineFromTheGenerationBefore(), 0o644); err != nil {
		t.Fatal(err)
	}
	ordertest.Compare(t, "made trace", goroutineFromTheGenerationBefore())
	var outs []map[string][]byte
	for _, args := range [][]string{{"-reader", "x/exp", "-j", "1"}, {"-reader", "x/exp", "-j", "2"}, {"-reader", "own"}} {
		code, out := analyzeArgs(t, tr, filepath.Join(t.TempDir(), "a"), args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, want 0 (a whole trace)", args, code)
		}
		outs = append(outs, out)
	}
	if m := analysisMeta(t, outs[0]["analysis.json"]); m.Partial || m.Generations != 3 {
		t.Fatalf("analysis meta %+v: want 3 generations, not partial", m)
	}
	for i, out := range outs[1:] {
		for file, data := range outs[0] {
			if !bytes.Equal(out[file], data) {
				t.Errorf("reader %d: %s differs from -reader x/exp -j 1's: %s", i+1, file, firstDiff(out[file], data))
			}
		}
	}
	// From the start, in the second generation, and in the third (whose
	// reading begins at the second: first > 0).
	for _, c := range []struct {
		from time.Duration
		g    int64 // a goroutine with a transition in the window
	}{{0, 1}, {1050 * time.Nanosecond, 1}, {2005 * time.Nanosecond, 1}} {
		var wins [][]byte
		for _, r := range []timeline.Reader{timeline.ReaderXExp, timeline.ReaderOwn} {
			w, err := timeline.Query(tr, timeline.Options{From: c.from, To: time.Hour, Reader: r})
			if err != nil {
				t.Fatalf("window from %v: %v", c.from, err)
			}
			if len(w.Notes) != 1 || !strings.HasPrefix(w.Notes[0], "the trace ends") {
				t.Errorf("window from %v: notes %q, want only where the trace ends", c.from, w.Notes)
			}
			if !slices.ContainsFunc(w.Goroutines, func(g timeline.Goroutine) bool { return g.G == c.g && len(g.Transitions) > 0 }) {
				t.Errorf("window from %v: goroutine %d's transitions are not in it: %+v", c.from, c.g, w.Goroutines)
			}
			data, _ := json.Marshal(w)
			wins = append(wins, data)
		}
		if !bytes.Equal(wins[0], wins[1]) {
			t.Errorf("window from %v: the readers differ: %s", c.from, firstDiff(wins[1], wins[0]))
		}
	}
}

// A trace cut in its third generation, whose first event there is a block
// of the goroutine the second generation left running on that thread, with
// no status of its own in the third. A parser that reads on from the second
// generation knows that goroutine and reads the block; one that began at the
// cut would stop before it.
func cutWhereTheGenerationBeforeIsNeeded() []byte {
	data := madeTrace(runsG(1), runsG(1), [][]uint64{
		made(wire.EvProcStatus, 0, 0, madeProcRunning),
		made(wire.EvGoBlock, 100, 0, 0),
	})
	// A batch of the third generation that the cut leaves unfinished: its
	// header promises 64 bytes, 3 follow.
	return append(wiretest.AppendBatchHeader(data, 3, 1, 3500, 64), 1, 2, 3)
}

// Every reader gets as far into a cut generation as one parser reading the
// trace from its start: -j 1, -j 2 and the own reader give the analysis of
// analyze.Run, the block in the cut generation included (seen in CI: a Go
// 1.25 trace cut in its third generation, whose x/exp/trace parsers each
// began at a generation, read one event more than one parser).
func TestACutGenerationIsReadOnFromTheOneBefore(t *testing.T) {
	tr := filepath.Join(t.TempDir(), "cut.out")
	if err := os.WriteFile(tr, cutWhereTheGenerationBeforeIsNeeded(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-reader", "x/exp", "-j", "1"}, {"-reader", "x/exp", "-j", "2"}, {"-reader", "own"}} {
		code, out := analyzeArgs(t, tr, filepath.Join(t.TempDir(), "a"), args...)
		if code != 3 {
			t.Fatalf("%v: exit %d, want 3 (a cut trace)", args, code)
		}
		var a output.Analysis
		if err := json.Unmarshal(out["analysis.json"], &a); err != nil {
			t.Fatal(err)
		}
		got, want := out["analysis.json"], singleParser(t, tr, a.Index, a.Meta.StartedAt)
		if args[1] == "own" { // its error is worded its own way
			got, want = withoutError(t, got), withoutError(t, want)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%v: the analysis differs from one parser's: %s", args, firstDiff(got, want))
		}
	}
}

// A generation that no reader can read, wherever it begins (a goroutine
// started while it runs), still ends the analysis there (exit 3, the
// generations before it kept) and leaves a window after it unreadable
// (exit 2): reading again from the trace's start does not get past it, so
// the first answer stands.
func TestAGenerationNoReaderReads(t *testing.T) {
	corrupt := append(runsG(1), made(wire.EvGoStart, 10, 1, 2))
	tr := filepath.Join(t.TempDir(), "corrupt.out")
	if err := os.WriteFile(tr, madeTrace(runsG(1), runsG(1), corrupt, runsG(1), runsG(1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-reader", "x/exp", "-j", "1"}, {"-reader", "own"}} {
		code, out := analyzeArgs(t, tr, filepath.Join(t.TempDir(), "a"), args...)
		if m := analysisMeta(t, out["analysis.json"]); code != 3 || !m.Partial || m.Generations != 2 {
			t.Errorf("%v: exit %d, meta %+v; want exit 3, partial after 2 generations", args, code, m)
		}
	}
	for _, r := range []timeline.Reader{timeline.ReaderXExp, timeline.ReaderOwn} {
		// In the fourth generation: its reading begins at the third.
		_, err := timeline.Query(tr, timeline.Options{From: 3050 * time.Nanosecond, To: 3500 * time.Nanosecond, Reader: r})
		if !errors.Is(err, reader.ErrUnreadable) {
			t.Errorf("reader %d: window in the generation after the corrupt one: %v, want unreadable", r, err)
		}
	}
}

type meta struct {
	Partial     bool `json:"partial"`
	Generations int  `json:"generations"`
}

func analysisMeta(t *testing.T, data []byte) meta {
	t.Helper()
	var a struct {
		Meta meta `json:"meta"`
	}
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a.Meta
}

// A consumer of the own reader that panics ends the reading there with an
// error (as a panic in x/exp/trace's consumer does), and the reading
// goroutine ends with it; so does a consumer that stops.
func TestOwnReadEndsWithItsConsumer(t *testing.T) {
	data, ix := longMadeTrace(t)
	tr := filepath.Join(t.TempDir(), "long.out")
	if err := os.WriteFile(tr, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(tr)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before := runtime.NumGoroutine()
	batches := 0
	info, err := ownread.Read(f, ix, func(b *ownread.Batch) bool {
		if batches++; batches == 5 {
			panic("the consumer's own failure")
		}
		return true
	})
	if err != nil || !info.Partial || !strings.Contains(info.Err.Error(), "the consumer's own failure") || info.Generations < 1 {
		t.Errorf("a panicking consumer: info %+v, err %v; want a partial reading that names the panic", info, err)
	}
	stopped, err := ownread.Read(f, ix, func(*ownread.Batch) bool { return false })
	if err != nil || !stopped.Stopped {
		t.Errorf("a consumer that stops: %+v, %v", stopped, err)
	}
	whole, err := ownread.Read(f, ix, func(*ownread.Batch) bool { return true })
	if err != nil || whole.Partial || whole.Generations != len(ix.Generations) {
		t.Errorf("a consumer that takes every batch: %+v, %v", whole, err)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines after the readings, %d before: a reading goroutine was left behind", after, before)
	}
}

// longMadeTrace is a made trace of 12 generations, each of more events
// than a batch of ownread holds, and its index.
func longMadeTrace(t *testing.T) ([]byte, genindex.Index) {
	t.Helper()
	gens := make([][][]uint64, 12)
	for i := range gens {
		gens[i] = runsG(1)
		for seq := range uint64(ownread.BatchLen) {
			gens[i] = append(gens[i], made(wire.EvGoStop, 1, 0, 0), made(wire.EvGoStart, 1, 1, seq+2))
		}
	}
	data := madeTrace(gens...)
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(ix.Generations) != len(gens) {
		t.Fatalf("index: %v, %d generations", err, len(ix.Generations))
	}
	return data, ix
}

// panicsPast is a trace whose reading panics at its first byte past at.
type panicsPast struct {
	data []byte
	at   int64
}

func (p panicsPast) ReadAt(b []byte, off int64) (int, error) {
	if off+int64(len(b)) > p.at {
		panic("a read past the point")
	}
	return bytes.NewReader(p.data).ReadAt(b, off)
}

// A panic inside the own reader ends the reading as a parser's failure
// does, after every event read before it: the consumer gets exactly those
// internal/order gave before it panicked.
func TestOwnReadKeepsWhatItReadBeforeAPanic(t *testing.T) {
	data, ix := longMadeTrace(t)
	src := panicsPast{data, ix.Generations[6].Offset + 40}
	var want uint64
	func() {
		defer func() { _ = recover() }()
		r := order.NewReader(src, ix)
		var ev order.Event
		for r.ReadEvent(&ev) == nil {
			want++
		}
		t.Fatal("internal/order read the whole trace without the panic: the test reads nothing past its point")
	}()
	var got uint64
	info, err := ownread.Read(src, ix, func(b *ownread.Batch) bool {
		got += uint64(len(b.Events))
		return true
	})
	if err != nil || !info.Partial || !strings.Contains(info.Err.Error(), "a read past the point") {
		t.Fatalf("info %+v, err %v: want a partial reading that names the panic", info, err)
	}
	if got != want || info.Events != want || want == 0 {
		t.Errorf("the consumer got %d events, Info counts %d; internal/order gave %d before its panic", got, info.Events, want)
	}
}

// What x/exp/trace refuses, the own reader refuses: a generation without
// its frequency (at the same event: ordertest.Compare), one with two (a
// generation's number said twice), one whose string or stack table names an
// ID twice or writes ID 0, which x/exp/trace's tables hold from the start (at
// the same event; the generations before it kept), generations numbered with
// a gap (before Go 1.26: the one before the gap is not read), and a header of a version x/exp/trace
// does not read (Go 1.24 writes the 1.23 header; 1.27 is not out):
// unreadable, exit 2, with either reader.
func TestOwnReaderRefusesWhatXExpRefuses(t *testing.T) {
	withFrequency := madeTrace(runsG(1))
	// The generation's first batch is its frequency's: drop it.
	rest := withFrequency[16:]
	_, n := binary.Uvarint(rest[1:]) // gen
	_, m := binary.Uvarint(rest[1+n:])
	_, k := binary.Uvarint(rest[1+n+m:])
	size, l := binary.Uvarint(rest[1+n+m+k:])
	noFrequency := append(withFrequency[:16:16], rest[1+n+m+k+l+int(size):]...)
	ordertest.Compare(t, "a generation without its frequency", noFrequency)

	// A generation said twice: x/exp/trace reads it as one with two frequencies.
	twice := filepath.Join(t.TempDir(), "twice.out")
	if err := os.WriteFile(twice, madeNumberedTrace([]uint64{1, 1}, [][][]uint64{runsG(1), runsG(1)}), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"own", "x/exp"} {
		if code, stderr := runCLI("analyze", twice, "-o", filepath.Join(t.TempDir(), "a.json"), "-reader", r); code != 2 || !strings.Contains(stderr, "found multiple frequency events") {
			t.Errorf("a generation said twice, analyze -reader %s: exit %d (%s); want 2, as x/exp/trace refuses it", r, code, stderr)
		}
	}

	// A table that names one ID twice, in the second generation: which of
	// the two an event means cannot be known.
	str := func(id uint64, s string) []byte {
		return append(binary.AppendUvarint(binary.AppendUvarint([]byte{byte(wire.EvString)}, id), uint64(len(s))), s...)
	}
	stack := func(id uint64) []byte {
		b := []byte{byte(wire.EvStack)}
		for _, v := range []uint64{id, 1, 0x401000, 1, 2, 7} { // one frame: pc, func "f", file "f.go", line
			b = binary.AppendUvarint(b, v)
		}
		return b
	}
	strs := slices.Concat([]byte{byte(wire.EvStrings)}, str(1, "f"), str(2, "f.go"))
	for _, c := range []struct {
		name   string
		tables [][]byte // batches of the second generation after its events
	}{
		{"a string ID said twice", [][]byte{slices.Concat(strs, str(2, "g.go"))}},
		{"a stack ID said twice", [][]byte{strs, slices.Concat([]byte{byte(wire.EvStacks)}, stack(1), stack(1))}},
		{"a string with ID 0 (the empty string's)", [][]byte{slices.Concat(strs, str(0, "zero"))}},
		{"a stack with ID 0 (no stack's)", [][]byte{strs, slices.Concat([]byte{byte(wire.EvStacks)}, stack(0))}},
	} {
		whole := madeTrace(runsG(1), runsG(1), runsG(1))
		ix, err := genindex.Scan(bytes.NewReader(whole), int64(len(whole)))
		if err != nil {
			t.Fatal(err)
		}
		third := ix.Generations[2].Offset
		data := slices.Clone(whole[:third])
		for _, tb := range c.tables {
			data = wiretest.AppendBatch(data, 2, noThread, 2000, tb)
		}
		data = append(data, whole[third:]...)
		ordertest.Compare(t, c.name, data)
		tr := filepath.Join(t.TempDir(), "dup.out")
		if err := os.WriteFile(tr, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, r := range []string{"own", "x/exp"} {
			code, out := analyzeArgs(t, tr, t.TempDir(), "-reader", r)
			if m := analysisMeta(t, out["analysis.json"]); code != 3 || m.Generations != 1 {
				t.Errorf("%s, analyze -reader %s: exit %d, %+v; want 3, the first generation kept", c.name, r, code, m)
			}
		}
	}

	// Generations numbered 1, 2, 4, 5: x/exp/trace reads no more of
	// generation 2, whose batches one of generation 4 follows.
	gap := madeNumberedTrace([]uint64{1, 2, 4, 5}, [][][]uint64{runsG(1), runsG(1), runsG(1), runsG(1)})
	ordertest.Compare(t, "generations out of order", gap)
	gapPath := filepath.Join(t.TempDir(), "gap.out")
	if err := os.WriteFile(gapPath, gap, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-reader", "own"}, {"-reader", "x/exp", "-j", "1"}, {"-reader", "x/exp", "-j", "2"}} {
		code, out := analyzeArgs(t, gapPath, t.TempDir(), args...)
		var a output.Analysis
		if err := json.Unmarshal(out["analysis.json"], &a); err != nil {
			t.Fatal(err)
		}
		got, want := withoutError(t, out["analysis.json"]), withoutError(t, singleParser(t, gapPath, a.Index, a.Meta.StartedAt))
		if m := analysisMeta(t, out["analysis.json"]); code != 3 || m.Generations != 1 || !bytes.Equal(got, want) {
			t.Errorf("generations out of order, analyze %v: exit %d, %+v; want 3, the first generation kept, one parser's analysis: %s", args, code, m, firstDiff(got, want))
		}
	}

	for _, version := range []string{"go 1.24 trace", "go 1.27 trace"} {
		data := madeTrace(runsG(1), runsG(1))
		copy(data, version+"\x00\x00\x00")
		tr := filepath.Join(t.TempDir(), "trace.out")
		if err := os.WriteFile(tr, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, r := range []string{"own", "x/exp"} {
			if code, stderr := runCLI("analyze", tr, "-o", filepath.Join(t.TempDir(), "a.json"), "-reader", r); code != 2 || !strings.Contains(stderr, "unsupported trace version") {
				t.Errorf("%s, analyze -reader %s: exit %d (%s); want 2, the version refused", version, r, code, stderr)
			}
			if code, stderr := runCLI("window", tr, "-from", "0s", "-to", "1h", "-o", filepath.Join(t.TempDir(), "w.json"), "-reader", r); code != 2 || !strings.Contains(stderr, "unsupported trace version") {
				t.Errorf("%s, window -reader %s: exit %d (%s); want 2, the version refused", version, r, code, stderr)
			}
		}
	}
}
