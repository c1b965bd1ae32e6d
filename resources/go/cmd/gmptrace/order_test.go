package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order/ordertest"
)

// internal/order gives the events of a trace in x/exp/trace's order, with
// its times and contexts, on traces of every test program (programTraces)
// and Go version from 1.22.
func TestOrderIsXExpOrder(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		traces := programTraces(t, toolchain, header)
		traces["load cut"] = cutInItsThirdGeneration(t, traces["load"])
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
// 1.23+). Made once per toolchain and test binary, and shared.
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
	} {
		if p.prog == "gc allocfree" && header == "go1.22" {
			continue // the AllocFree experiment's events come with Go 1.23
		}
		tr := filepath.Join(dir, strings.ReplaceAll(p.prog, " ", "-")+".out")
		runProg(t, buildProg(t, strings.Fields(p.prog)[0], toolchain), p.env, append([]string{tr}, p.args...)...)
		traces[p.prog] = tr
	}
	progTraces[toolchain] = traces
	return maps.Clone(traces)
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
		traces := programTraces(t, toolchain, header)
		traces["load cut"] = cutInItsThirdGeneration(t, traces["load"])
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
