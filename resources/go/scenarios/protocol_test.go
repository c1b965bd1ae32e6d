package scenarios

// The gmpstress binary against PROTOCOL.md: -list -json (§4), usage errors
// (§1), a run stopped by SIGTERM half-way (§2 write order) whose trace and
// profiles the Go toolchain can read, and the GOMAXPROCS a run reports
// (§2.2 "gomaxprocs") against its metrics and its trace.

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/protocheck"
	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func TestListJSON(t *testing.T) {
	cmd := exec.Command(gmpstressBin, "-list", "-json")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if err := protocheck.List(out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scenarios []struct {
			ID           string `json:"id"`
			Group        string `json:"group"`
			FreshProcess bool   `json:"fresh_process"`
			Suggested    int    `json:"suggested_gomaxprocs"`
			Params       []struct {
				Name string `json:"name"`
			} `json:"params"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	all := All()
	if len(doc.Scenarios) != len(all) {
		t.Fatalf("listed %d scenarios, catalog has %d", len(doc.Scenarios), len(all))
	}
	groups := map[string]int{}
	suggested := map[string]int{}
	for i, s := range doc.Scenarios {
		if s.ID != all[i].ID || s.Group != all[i].Group || s.FreshProcess != all[i].FreshProcess || len(s.Params) != len(all[i].Params) {
			t.Errorf("entry %d: %+v does not match the catalog's %s", i, s, all[i].ID)
		}
		groups[s.Group]++
		if s.Suggested != all[i].SuggestedGOMAXPROCS {
			t.Errorf("%s: suggested_gomaxprocs %d, catalog %d", s.ID, s.Suggested, all[i].SuggestedGOMAXPROCS)
		}
		suggested[s.ID] = s.Suggested
	}
	// Scenarios whose source runs at a given GOMAXPROCS suggest it (and none
	// sets it itself any more: TestGOMAXPROCSThatRan).
	for id, n := range map[string]int{"pingpong-hog": 1, "tight-loop-preempt": 1, "spawn-chain-starvation": 1,
		"gc-alloc-fairness": 1, "pingpong-pairs-starvation": 2, "gomaxprocs-oversubscribe": min(4*runtime.NumCPU(), 1024)} {
		if suggested[id] != n {
			t.Errorf("%s suggests GOMAXPROCS %d, want %d", id, suggested[id], n)
		}
	}
	for g, n := range map[string]int{"preemption": 8, "parallelism": 8, "channels": 4, "lifecycle": 3} {
		if groups[g] != n {
			t.Errorf("group %s has %d scenarios, want %d", g, groups[g], n)
		}
	}
	// The bundled catalog keeps to the nine groups of docs/SCENARIOS.md (a
	// user's program may name any group; stress.CheckCatalog allows it).
	nine := ",preemption,parallelism,channels,sync,timers,syscalls,gc,lifecycle,containers,"
	for g := range groups {
		if !strings.Contains(nine, ","+g+",") {
			t.Errorf("group %q is not one of the catalog's nine", g)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	line := regexp.MustCompile(`^gmpstress: -[a-z-]+( [A-Za-z0-9_-]+)?: .+ \(accepted: .+\)\n$`)
	for _, args := range [][]string{
		{"-scenario", "no-such-scenario"},
		{"-scenario", "pingpong-hog", "-param", "hog-work=0"},
		{"-scenario", "pingpong-hog", "-concurrency", "0"},
		{"-scenario", "pingpong-hog", "-duration", "0"},
		{"-scenario", "pingpong-hog", "-out", "/proc/self/gmpstress-cannot-write-here"},
		{"-scenario", "pingpong-hog", "-pprof-addr", "192.0.2.1:0"},
		{"-scenario", "deadlock-detection", "-param", "variant=nope"},                 // fresh-process: checked by the parent
		{"-scenario", "pingpong-hog", "-flight-recorder", "1ms", "-out", t.TempDir()}, // before Go 1.25: needs Go 1.25+
	} {
		cmd := exec.Command(gmpstressBin, args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 2 {
			t.Errorf("%v: %v, want exit 2", args, err)
			continue
		}
		if !line.MatchString(stderr.String()) {
			t.Errorf("%v: stderr %q is not one usage line", args, stderr.String())
		}
	}
}

// A run stopped by SIGTERM half-way: exit 0, result.json marked stopped and
// written last, a trace `go tool trace` parses and profiles `go tool pprof` reads.
// With Go 1.25+ the flight recorder runs alongside -capture trace and, the run
// being stopped, leaves a flight.trace that `go tool trace` reads too.
func TestSIGTERMLeavesReadableArtifacts(t *testing.T) {
	skipShort(t)
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no SIGTERM to deliver to a child process")
	}
	dir := t.TempDir()
	args := []string{"-scenario", "gc-stw-stopping", "-concurrency", "2", "-duration", "30s",
		"-metrics-interval", "50ms", "-capture", "cpu,heap,allocs,mutex,block,goroutine,trace", "-out", dir}
	wantArtifacts := 8 // 6 profiles, trace, metrics.jsonl
	if stress.FlightRecorderSupported {
		args = append(args, "-flight-recorder", "10s", "-flight-recorder-bytes", "1048576")
		wantArtifacts++ // flight.trace
	}
	cmd := exec.Command(gmpstressBin, args...)
	cmd.Env = cleanEnv()
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Half-way into something: wait until the sampler has written a few lines.
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(dir, "metrics.jsonl"))
		if strings.Count(string(b), "\n") >= 5 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no metrics after 10s:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := os.Stat(filepath.Join(dir, "result.json")); err == nil {
		t.Fatal("result.json exists before the run ended")
	}
	t0 := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, out.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("did not exit within 10s of SIGTERM")
	}
	t.Logf("exited %v after SIGTERM", time.Since(t0))
	b, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := protocheck.Result(b); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Stopped   bool `json:"stopped"`
		Ops       int64
		Artifacts []struct{ Name, Kind string }
	}
	json.Unmarshal(b, &rep)
	if !rep.Stopped || rep.Ops == 0 || len(rep.Artifacts) != wantArtifacts {
		t.Fatalf("stopped=%v ops=%d artifacts=%v", rep.Stopped, rep.Ops, rep.Artifacts)
	}
	gotool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gotool); err != nil {
		gotool = "go"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tr := exec.CommandContext(ctx, gotool, "tool", "trace", "-pprof=sched", filepath.Join(dir, "trace.out"))
	tout, err := tr.Output()
	if err != nil {
		t.Fatalf("go tool trace -pprof=sched: %v", err)
	}
	if len(tout) == 0 {
		t.Fatal("go tool trace -pprof=sched wrote nothing")
	}
	// The trace marks the scenario as a task with a measure region and phase logs.
	dump, err := exec.CommandContext(ctx, gotool, "tool", "trace", "-d=parsed", filepath.Join(dir, "trace.out")).Output()
	if err != nil {
		t.Fatalf("go tool trace -d=parsed: %v", err)
	}
	for _, want := range []string{`TaskBegin`, `Type="scenario gc-stw-stopping"`, `RegionBegin`, `Type="measure"`,
		`Category="phase" Message="measure"`} {
		if !strings.Contains(string(dump), want) {
			t.Errorf("trace lacks %s", want)
		}
	}
	if stress.FlightRecorderSupported {
		// The flight recorder's window ends after the run: it holds the phase "end" log.
		fdump, err := exec.CommandContext(ctx, gotool, "tool", "trace", "-d=parsed", filepath.Join(dir, "flight.trace")).Output()
		if err != nil {
			t.Fatalf("go tool trace -d=parsed flight.trace: %v", err)
		}
		if !strings.Contains(string(fdump), `Category="phase" Message="end"`) {
			t.Errorf("flight.trace lacks the phase end log (%d bytes of dump)", len(fdump))
		}
		fsched, err := exec.CommandContext(ctx, gotool, "tool", "trace", "-pprof=sched", filepath.Join(dir, "flight.trace")).Output()
		if err != nil || len(fsched) == 0 {
			t.Errorf("go tool trace -pprof=sched flight.trace: %v, %d bytes", err, len(fsched))
		}
	}
	// CPU samples carry the pprof labels.
	tags, err := exec.CommandContext(ctx, gotool, "tool", "pprof", "-tags", filepath.Join(dir, "cpu.pprof")).CombinedOutput()
	if err != nil || !strings.Contains(string(tags), "gc-stw-stopping") || !strings.Contains(string(tags), "measure") {
		t.Errorf("go tool pprof -tags cpu.pprof: %v\n%s", err, tail(string(tags), 500))
	}
	for _, k := range []string{"cpu", "heap", "allocs", "mutex", "block", "goroutine"} {
		pp := exec.CommandContext(ctx, gotool, "tool", "pprof", "-top", filepath.Join(dir, k+".pprof"))
		pout, err := pp.CombinedOutput()
		if err != nil {
			t.Errorf("go tool pprof -top %s.pprof: %v\n%s", k, err, tail(string(pout), 500))
		}
	}
}

// cpu.pprof covers the measured window alone, as ops and wall_s do, and its
// artifact says so: after a warm-up over twice as long as the window, no
// sample carries the warm-up's phase label and the profile lasts well under
// warm-up and window together (it covered both, so that a flame graph per
// second or per op of the window counted the warm-up's CPU too).
func TestCPUProfileCoversTheMeasuredWindow(t *testing.T) {
	skipShort(t)
	dir := t.TempDir()
	out, code := runGmpstress(t, []string{"GOMAXPROCS=2"}, "-scenario", "pingpong-hog", "-warmup", "1s", "-duration", "400ms",
		"-capture", "cpu", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, tail(out, 2000))
	}
	r := readResult(t, dir)
	if !slices.Contains(r.Artifacts, stress.Artifact{Name: "cpu.pprof", Kind: "cpu", Covers: stress.CoversWindow}) {
		t.Fatalf("artifacts %+v: want cpu.pprof covering the window", r.Artifacts)
	}
	cpu := filepath.Join(dir, "cpu.pprof")
	tags, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "tool", "pprof", "-tags", cpu).CombinedOutput()
	if err != nil || !strings.Contains(string(tags), "measure") || strings.Contains(string(tags), "warmup") {
		t.Fatalf("go tool pprof -tags: %v; want samples of the measure phase only\n%s", err, tail(string(tags), 800))
	}
	top, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "tool", "pprof", "-top", cpu).CombinedOutput()
	m := regexp.MustCompile(`Duration: ([0-9.]+m?s)`).FindStringSubmatch(string(top))
	if err != nil || m == nil {
		t.Fatalf("go tool pprof -top: %v\n%s", err, tail(string(top), 800))
	}
	d, err := time.ParseDuration(m[1])
	if err != nil {
		t.Fatal(err)
	}
	// The runtime dates it from when its writer goroutine first ran to when it last drained, both
	// late on a busy scheduler (448 ms for a 300 ms window seen in CI): far from the 1.4 s of warm-up
	// and window together all the same.
	if wall := time.Duration(r.WallS * float64(time.Second)); d > wall+500*time.Millisecond {
		t.Fatalf("cpu.pprof lasts %v, the measured window %v (after a 1s warm-up)", d, wall)
	}
}

// The GOMAXPROCS the workbench sets is the one that runs: pingpong-hog (whose
// runtime test is written for GOMAXPROCS 1) at GOMAXPROCS=2 reports 2 in force
// with no change, its sampled /sched/gomaxprocs:threads agrees, and its
// execution trace shows two Ps, both busy. (It used to switch itself to 1
// through a "procs" parameter: one P busy, the other ~0.1%.)
func TestGOMAXPROCSThatRan(t *testing.T) {
	skipShort(t)
	skipUnderRace(t)
	dir := t.TempDir()
	out, code := runGmpstress(t, []string{"GOMAXPROCS=2"}, "-scenario", "pingpong-hog", "-duration", "400ms",
		"-capture", "trace", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, tail(out, 2000))
	}
	r := readResult(t, dir)
	g := r.GOMAXPROCS
	if g == nil || g.InForce == nil || *g.InForce != 2 || g.Configured != 2 || len(g.Changes) != 0 {
		t.Fatalf("gomaxprocs %+v: want 2 configured, 2 in force, no changes", g)
	}
	if m := r.Metrics["/sched/gomaxprocs:threads"]; m.Start == nil || *m.Start != 2 || *m.End != 2 {
		t.Fatalf("/sched/gomaxprocs:threads %+v, want 2 at both anchors", m)
	}
	procs, busy := traceProcs(t, filepath.Join(dir, "trace.out"))
	t.Logf("trace: GOMAXPROCS values %v, P busy fractions %v", procs, busy)
	for _, n := range procs {
		if n != 2 {
			t.Fatalf("the trace records GOMAXPROCS %v, want only 2", procs)
		}
	}
	if len(busy) != 2 || busy[0] < 0.5 || busy[1] < 0.5 {
		t.Fatalf("P busy fractions %v: want two Ps, each busy at least half the trace", busy)
	}
}

// traceProcs reads a trace with `go tool trace -d=parsed`: the GOMAXPROCS
// values it records and, per P, the fraction of the trace the P was running.
func traceProcs(t *testing.T, path string) (gomaxprocs []int, busy map[int]float64) {
	t.Helper()
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "tool", "trace", "-d=parsed", path)
	b, err := cmd.Output()
	if err != nil {
		t.Skipf("go tool trace -d=parsed cannot read the trace with %s: %v", runtime.Version(), err)
	}
	timeRE := regexp.MustCompile(`Time=(\d+)`)
	procRE := regexp.MustCompile(`StateTransition Time=(\d+) ProcID=(\d+) (\w+)->(\w+)`)
	maxRE := regexp.MustCompile(`Name="/sched/gomaxprocs:threads" Value=Value\{Uint64\((\d+)\)\}`)
	atoi := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
	var first, last int64 = -1, 0
	since := map[int]int64{}
	ran := map[int]int64{}
	for _, l := range strings.Split(string(b), "\n") {
		if m := timeRE.FindStringSubmatch(l); m != nil {
			ts := atoi(m[1])
			if first < 0 || ts < first {
				first = ts
			}
			last = max(last, ts)
		}
		if m := maxRE.FindStringSubmatch(l); m != nil {
			gomaxprocs = append(gomaxprocs, int(atoi(m[1])))
		}
		m := procRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		ts, p := atoi(m[1]), int(atoi(m[2]))
		if m[4] == "Running" {
			since[p] = ts
		} else if from, ok := since[p]; ok && m[3] == "Running" {
			ran[p] += ts - from
			delete(since, p)
		}
	}
	for p, from := range since {
		ran[p] += last - from
	}
	if first < 0 || last <= first || len(gomaxprocs) == 0 {
		t.Fatalf("the trace has no events or no GOMAXPROCS record")
	}
	busy = map[int]float64{}
	for p, d := range ran {
		busy[p] = float64(d) / float64(last-first)
	}
	return gomaxprocs, busy
}
