package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/analyze"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
)

var workDir string

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main() // the test binary as gmptrace itself (parent_test.go)
	}
	if path := os.Getenv(slowWriteEnv); path != "" {
		// A document whose writing takes a minute: the test stops it on the way.
		writeOutput(path, io.Discard, func(io.Writer) error { time.Sleep(time.Minute); return nil })
		os.Exit(0)
	}
	d, err := os.MkdirTemp("", "gmptrace-test-")
	if err != nil {
		panic(err)
	}
	workDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

type buildKey struct{ prog, toolchain string }

var (
	buildMu    sync.Mutex
	buildOnce  = map[buildKey]*sync.Once{}
	buildOut   = map[buildKey]string{}
	buildError = map[buildKey]error{}
)

// goEnv is the environment for child go commands and programs; toolchain ""
// means the local go.
func goEnv(toolchain string) []string {
	env := os.Environ()
	if toolchain != "" {
		env = append(env, "GOTOOLCHAIN="+toolchain)
	}
	return env
}

// buildProg builds testdata/progs/NAME (with testdata/progs/common.go) with the given toolchain (""=local)
// in its own throw-away module (go 1.21, so that every toolchain accepts it).
func buildProg(t *testing.T, name, toolchain string) string {
	t.Helper()
	k := buildKey{name, toolchain}
	buildMu.Lock()
	once := buildOnce[k]
	if once == nil {
		once = new(sync.Once)
		buildOnce[k] = once
	}
	buildMu.Unlock()
	once.Do(func() {
		dir := filepath.Join(workDir, "src-"+name+"-"+toolchain)
		err := func() error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			// main.go, plus the helpers the programs share (common.go).
			for _, f := range []string{filepath.Join(name, "main.go"), "common.go"} {
				src, err := os.ReadFile(filepath.Join("testdata", "progs", f))
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), src, 0o644); err != nil {
					return err
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module prog\n\ngo 1.21\n"), 0o644); err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "go", "build", "-o", "prog", ".")
			cmd.Dir = dir
			cmd.Env = goEnv(toolchain)
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("go build %s (%s): %v\n%s", name, toolchain, err, out)
			}
			return nil
		}()
		buildMu.Lock()
		buildOut[k] = filepath.Join(dir, "prog")
		buildError[k] = err
		buildMu.Unlock()
	})
	buildMu.Lock()
	defer buildMu.Unlock()
	if err := buildError[k]; err != nil {
		t.Fatal(err)
	}
	return buildOut[k]
}

// runProg runs a built program with args and extra env.
func runProg(t *testing.T, bin string, env []string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, out)
	}
}

// runProgForATrace runs a built program (with args) that writes the trace at path, and
// runs it again (up to 3 times; each attempt is logged) while x/exp/trace
// cannot read that trace to its end. The runtime itself sometimes writes a
// broken trace: Go 1.26.8 with GODEBUG=traceallocfree=1 and 20 ms
// generations, on a loaded machine, wrote one in 80 whose goroutine is
// unblocked in a generation that gives no status for it, which go tool trace
// refuses as well. Tests that compare readers need traces the reference
// reader reads whole; a cut trace is made on purpose, from a whole one.
func runProgForATrace(t *testing.T, bin string, env []string, path string, args ...string) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		runProg(t, bin, env, args...)
		err := readToTheEnd(path)
		if err == nil {
			return
		}
		if attempt == 3 {
			t.Fatalf("%s %v: x/exp/trace cannot read its trace, %d times in a row: %v", bin, args, attempt, err)
		}
		t.Logf("%s %v, attempt %d: the runtime wrote a trace x/exp/trace cannot read (%.200s); made again", bin, args, attempt, err)
	}
}

// readToTheEnd reads the trace at path with x/exp/trace to its end.
func readToTheEnd(path string) error {
	return readEvents(path, func(*trace.Event) {})
}

// readEvents reads the trace at path with x/exp/trace to its end, handing
// each event to fn.
func readEvents(path string, fn func(ev *trace.Event)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := trace.NewReader(bufio.NewReader(f))
	if err != nil {
		return err
	}
	for {
		ev, err := r.ReadEvent()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		fn(&ev)
	}
}

func analyzeFile(t *testing.T, path string) *analyze.Result {
	t.Helper()
	res, err := analyze.RunFile(path, analyze.Options{})
	if err != nil {
		t.Fatalf("analyze %s: %v", path, err)
	}
	return res
}

// pprofSample is one decoded sample: values and the function names of its
// stack, leaf first.
type pprofSample struct {
	Values []int64
	Funcs  []string
	Labels map[string]string
}

// decodePprof is a small profile.proto reader for the tests (handles gzip).
func decodePprof(t *testing.T, data []byte) (types []string, samples []pprofSample) {
	t.Helper()
	if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	type rawSample struct {
		locs, vals []uint64
		labels     [][2]uint64
	}
	var (
		strs     []string
		rawTypes []uint64
		raws     []rawSample
		locFn    = map[uint64][]uint64{} // location -> function ids
		fnName   = map[uint64]uint64{}
	)
	for _, f := range pbFields(t, data) {
		switch f.num {
		case 1:
			for _, g := range pbFields(t, f.bytes) {
				if g.num == 1 {
					rawTypes = append(rawTypes, g.v)
				}
			}
		case 2:
			var s rawSample
			for _, g := range pbFields(t, f.bytes) {
				switch g.num {
				case 1:
					s.locs = append(s.locs, pbPacked(t, g)...)
				case 2:
					s.vals = append(s.vals, pbPacked(t, g)...)
				case 3:
					k, v := pbFields12(t, g.bytes)
					s.labels = append(s.labels, [2]uint64{k, v})
				}
			}
			raws = append(raws, s)
		case 4:
			var id uint64
			var fns []uint64
			for _, g := range pbFields(t, f.bytes) {
				if g.num == 1 {
					id = g.v
				} else if g.num == 4 {
					for _, h := range pbFields(t, g.bytes) {
						if h.num == 1 {
							fns = append(fns, h.v)
						}
					}
				}
			}
			locFn[id] = fns
		case 5:
			id, name := pbFields12(t, f.bytes)
			fnName[id] = name
		case 6:
			strs = append(strs, string(f.bytes))
		}
	}
	str := func(i uint64) string {
		if int(i) < len(strs) {
			return strs[i]
		}
		return "?"
	}
	for _, rt := range rawTypes {
		types = append(types, str(rt))
	}
	for _, r := range raws {
		s := pprofSample{Labels: map[string]string{}}
		for _, v := range r.vals {
			s.Values = append(s.Values, int64(v))
		}
		for _, l := range r.locs {
			for _, fn := range locFn[l] {
				s.Funcs = append(s.Funcs, str(fnName[fn]))
			}
		}
		for _, kv := range r.labels {
			s.Labels[str(kv[0])] = str(kv[1])
		}
		samples = append(samples, s)
	}
	return types, samples
}

type pbField struct {
	num   int
	wire  int
	v     uint64
	bytes []byte
}

func pbVarint(t *testing.T, b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	t.Fatal("bad varint")
	return 0, 0
}

func pbFields(t *testing.T, b []byte) []pbField {
	var out []pbField
	for len(b) > 0 {
		k, n := pbVarint(t, b)
		b = b[n:]
		f := pbField{num: int(k >> 3), wire: int(k & 7)}
		switch f.wire {
		case 0:
			f.v, n = pbVarint(t, b)
			b = b[n:]
		case 2:
			l, n := pbVarint(t, b)
			b = b[n:]
			f.bytes = b[:l]
			b = b[l:]
		case 1:
			b = b[8:]
		case 5:
			b = b[4:]
		default:
			t.Fatalf("wire type %d", f.wire)
		}
		out = append(out, f)
	}
	return out
}

// pbFields12 returns the varint values of fields 1 and 2 of message b (the
// last of each; 0 when absent): a label's key and value, a function's id and name.
func pbFields12(t *testing.T, b []byte) (f1, f2 uint64) {
	for _, g := range pbFields(t, b) {
		switch g.num {
		case 1:
			f1 = g.v
		case 2:
			f2 = g.v
		}
	}
	return f1, f2
}

func pbPacked(t *testing.T, f pbField) []uint64 {
	if f.wire == 0 {
		return []uint64{f.v}
	}
	var out []uint64
	b := f.bytes
	for len(b) > 0 {
		v, n := pbVarint(t, b)
		out = append(out, v)
		b = b[n:]
	}
	return out
}

func sumValues(samples []pprofSample) []int64 {
	var tot []int64
	for _, s := range samples {
		for len(tot) < len(s.Values) {
			tot = append(tot, 0)
		}
		for i, v := range s.Values {
			tot[i] += v
		}
	}
	return tot
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func hasFunc(s pprofSample, name string) bool {
	for _, f := range s.Funcs {
		if f == name || strings.HasSuffix(f, "."+name) {
			return true
		}
	}
	return false
}

var _ = runtime.GOOS

// readIndexed is the trace file at path and its index.
func readIndexed(t *testing.T, path string) ([]byte, genindex.Index) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data, ix
}
