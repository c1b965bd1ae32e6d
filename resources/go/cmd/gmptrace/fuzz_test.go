package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/analyze"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// checkAnalysis fails when a result that was accepted cannot be written.
func checkAnalysis(t *testing.T, res *analyze.Result) {
	if err := output.Write(io.Discard, res.Analysis); err != nil {
		t.Fatalf("writing analysis: %v", err)
	}
	for name, p := range res.Profiles {
		if err := p.Write(io.Discard, res.Stacks); err != nil {
			t.Fatalf("writing %s: %v", name, err)
		}
	}
}

// FuzzAnalyze: no input may panic the analyser; whatever it accepts must
// produce a writable analysis and writable profiles. Seeds are in
// testdata/fuzz/FuzzAnalyze (small real traces of Go 1.21–1.26, cut ones,
// junk). Run: go test -run '^$' -fuzz '^FuzzAnalyze$' -fuzztime 10s .
func FuzzAnalyze(f *testing.F) {
	f.Add([]byte("go 1.26 trace\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := analyze.Run(bytes.NewReader(data), analyze.Options{})
		if err != nil {
			return
		}
		checkAnalysis(t, res)
	})
}

// FuzzIndex: the generation index of any input tiles the bytes after the
// header with generations in order (the whole file when it says complete),
// each batch's data within its generation; reading every thread's events
// from it (internal/wire), reading them in order (internal/order) and analysing the file generation by generation,
// two at once, never panic, and the analysis writes what it accepts. Seeds:
// the FuzzAnalyze corpus.
// Run: go test -run '^$' -fuzz '^FuzzIndex$' -fuzztime 10s .
func FuzzIndex(f *testing.F) {
	for _, seed := range corpus(f, "FuzzAnalyze") {
		f.Add(seed)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		off := int64(genindex.HeaderLen)
		for i, g := range ix.Generations {
			if g.Offset != off || g.End <= g.Offset || g.End > int64(len(data)) || len(g.Batches) == 0 || g.MinTick > g.MaxTick {
				t.Fatalf("generation %d: %+v (previous ended at %d, %d bytes)", i, g, off, len(data))
			}
			for _, b := range g.Batches {
				if b.Data <= g.Offset || b.Data+int64(b.Size) > g.End {
					t.Fatalf("generation %d [%d, %d): batch data at [%d, %d)", i, g.Offset, g.End, b.Data, b.Data+int64(b.Size))
				}
			}
			readStreams(t, bytes.NewReader(data), ix.Version, g)
			off = g.End
		}
		readOrdered(bytes.NewReader(data), ix)
		if ix.Complete != (ix.Err == nil) || (ix.Complete && off != int64(len(data))) {
			t.Fatalf("complete=%v err=%v, generations end at %d of %d", ix.Complete, ix.Err, off, len(data))
		}
		path := filepath.Join(dir, "trace.out")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := analyze.RunFile(path, analyze.Options{Jobs: 2})
		if err != nil {
			return
		}
		checkAnalysis(t, res)
	})
}

// readStreams reads every thread's events of generation g to their end or
// to the first error, once event by event and once only those of a few
// types (wire.Stream.NextOf, which decodes the others as far as their
// times): both give those events, at the same times, and stop at the same
// error.
func readStreams(t *testing.T, r io.ReaderAt, minor int, g genindex.Generation) {
	want := [256]bool{wire.EvGoStatus: true, wire.EvGoStatusStack: true, wire.EvGoStart: true}
	some := wire.Streams(r, minor, g)
	for i, every := range wire.Streams(r, minor, g) {
		for {
			ok, err := every.Next()
			if ok && !want[every.Type] {
				continue
			}
			s := some[i]
			sok, serr := s.NextOf(&want)
			if ok != sok || fmt.Sprint(err) != fmt.Sprint(serr) || (ok && (s.Type != every.Type || s.Time != every.Time || !slices.Equal(s.Args, every.Args))) {
				t.Fatalf("thread %d: NextOf gives %v %v %v at %d %v, Next %v %v %v at %d %v", every.M, sok, serr, s.Type, s.Time, s.Args, ok, err, every.Type, every.Time, every.Args)
			}
			if !ok {
				break
			}
		}
	}
}

// readOrdered reads every event in order (internal/order) to the end or
// to the first error.
func readOrdered(r io.ReaderAt, ix genindex.Index) {
	or := order.NewReader(r, ix)
	for {
		if _, err := or.Next(); err != nil {
			return
		}
	}
}

// corpus reads the seed inputs of testdata/fuzz/NAME (Go fuzz corpus files
// holding one []byte each).
func corpus(tb testing.TB, name string) [][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "fuzz", name, "*"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no seeds in testdata/fuzz/%s: %v", name, err)
	}
	var out [][]byte
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		_, lit, ok := strings.Cut(string(raw), "\n[]byte(")
		data, err := strconv.Unquote(strings.TrimSuffix(strings.TrimSpace(lit), ")"))
		if !ok || err != nil {
			tb.Fatalf("%s: not a corpus file of one []byte: %v", p, err)
		}
		out = append(out, []byte(data))
	}
	return out
}

// The index finds exactly the generations the parser reads, tiles the file
// with them, and converts their first timestamp as the parser does, on the
// Go 1.22+ seed traces and a trace of many generations.
func TestIndexMatchesParser(t *testing.T) {
	traces := corpus(t, "FuzzAnalyze")
	multi, err := os.ReadFile(multiGenTrace(t, "", 600*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	traces = append(traces, multi)
	indexed := 0
	for i, data := range traces {
		ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			continue // Go 1.21 or junk: nothing to index
		}
		indexed++
		res, err := analyze.Run(bytes.NewReader(data), analyze.Options{})
		if err != nil {
			// Unreadable: cut inside its first generation.
			if len(ix.Generations) != 0 || ix.Complete {
				t.Errorf("trace %d: unreadable (%v) but indexed as %+v", i, err, ix)
			}
			continue
		}
		m := res.Analysis.Meta
		if len(ix.Generations) != m.Generations || ix.Complete == m.Partial {
			t.Errorf("trace %d: index has %d generations (complete %v), parser read %d (partial %v)",
				i, len(ix.Generations), ix.Complete, m.Generations, m.Partial)
		}
		if i == len(traces)-1 && len(ix.Generations) < 4 {
			t.Errorf("multi-generation trace indexed as %d generations", len(ix.Generations))
		}
	}
	if indexed < 5 {
		t.Errorf("only %d traces indexed", indexed)
	}
}
