package stress

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/protocheck"
)

func TestOptionValidation(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	type optionCase struct {
		opts []Option
		flag string
	}
	cases := []optionCase{
		{[]Option{WithConcurrency(0)}, "concurrency"},
		{[]Option{WithConcurrency(-3)}, "concurrency"},
		{[]Option{WithDuration(0)}, "duration"},
		{[]Option{WithDuration(9 * time.Millisecond)}, "duration"},
		{[]Option{WithDuration(25 * time.Hour)}, "duration"},
		{[]Option{WithWarmup(-time.Second)}, "warmup"},
		{[]Option{WithWarmup(2 * time.Hour)}, "warmup"},
		{[]Option{WithMetricsInterval(5 * time.Millisecond)}, "metrics-interval"},
		{[]Option{WithMetricsInterval(2 * time.Second)}, "metrics-interval"},
		{[]Option{WithGrace(0)}, "grace"},
		{[]Option{WithProfiles("cpu")}, "capture"},
		{[]Option{WithProfiles("threadcreate"), WithOutDir(t.TempDir())}, "capture"},
		{[]Option{WithProfiles("trace")}, "capture"},
		{[]Option{WithOutDir(filepath.Join(file, "sub"))}, "out"},
		{[]Option{WithPprofAddr("0.0.0.0:0")}, "pprof-addr"},
		{[]Option{WithPprofAddr(":6060")}, "pprof-addr"},
		{[]Option{WithPprofAddr("127.0.0.1")}, "pprof-addr"},
		{[]Option{WithLabel("", "x")}, "label"},
	}
	// A binary built without GOEXPERIMENT=goroutineleakprofile (as go test builds this one) has no
	// leak profile to write: refused at the start, not found missing at the end.
	if pprof.Lookup("goroutineleak") == nil {
		cases = append(cases, optionCase{[]Option{WithProfiles("goroutineleak"), WithOutDir(t.TempDir())}, "capture"})
	}
	for _, c := range cases {
		_, err := NewStressRunner(c.opts...)
		var ue *UsageError
		if !errors.As(err, &ue) || ue.Flag != c.flag {
			t.Errorf("want a -%s usage error, got %v", c.flag, err)
			continue
		}
		if !strings.Contains(err.Error(), "(accepted: ") {
			t.Errorf("message lacks the accepted range: %v", err)
		}
	}
	r, err := NewStressRunner(WithConcurrency(3), WithDuration(10*time.Millisecond), WithMetricsInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
}

func TestPprofLoopback(t *testing.T) {
	r, err := NewStressRunner(WithPprofAddr("127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	addr := r.PprofAddr()
	if !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
		t.Fatalf("addr %q", addr)
	}
	resp, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "goroutine profile") {
		t.Fatalf("status %d body %.200s", resp.StatusCode, body)
	}
	// The port is taken now: a second runner must fail in its constructor.
	_, err = NewStressRunner(WithPprofAddr(addr))
	var ue *UsageError
	if !errors.As(err, &ue) || ue.Flag != "pprof-addr" {
		t.Fatalf("busy port: %v", err)
	}
	// The default mux stays untouched.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go http.Serve(ln, nil)
	resp, err = http.Get("http://" + ln.Addr().String() + "/debug/pprof/")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Fatal("pprof handlers leaked into http.DefaultServeMux")
		}
	}
}

func TestKindBad(t *testing.T) {
	set := newSampleSet([]string{"/sched/goroutines:goroutines", "/no/such:metric"})
	if len(set.unavail) != 1 || set.unavail[0] != "/no/such:metric" {
		t.Fatalf("unavailable %v", set.unavail)
	}
	// A sample the runtime does not know reads KindBad and must be listed, not fail.
	buf := []metrics.Sample{{Name: "/sched/goroutines:goroutines"}, {Name: "/bogus:seconds"}}
	metrics.Read(buf)
	snap := toSnapshot(buf)
	if len(snap.bad) != 1 || snap.bad[0] != "/bogus:seconds" {
		t.Fatalf("bad %v", snap.bad)
	}
	set.samples = append(set.samples, metrics.Sample{Name: "/bogus:seconds"})
	start, end := set.read(), set.read()
	m, unavail := set.windowMetrics(start, end)
	if _, ok := m["/bogus:seconds"]; ok {
		t.Fatal("KindBad metric reported")
	}
	if strings.Join(unavail, ",") != "/bogus:seconds,/no/such:metric" {
		t.Fatalf("unavailable %v", unavail)
	}
	if g := m["/sched/goroutines:goroutines"]; g.Kind != "gauge" || g.Start == nil {
		t.Fatalf("gauge %+v", g)
	}
}

func TestCPUClassesSayHowManyGCCyclesEnded(t *testing.T) {
	set := newSampleSet(WantedMetrics)
	spin := func() {
		for t0 := time.Now(); time.Since(t0) < 50*time.Millisecond; {
		}
	}
	// A window of CPU without a GC cycle ending: the runtime's /cpu/classes stay as they were.
	start := set.read()
	spin()
	m, _ := set.windowMetrics(start, set.read())
	user, cycles := m["/cpu/classes/user:cpu-seconds"], m[gcCyclesMetric]
	if user.GCCyclesEnded == nil || *user.GCCyclesEnded != *cycles.Delta {
		t.Fatalf("user CPU %+v does not carry the %v GC cycles that ended", user, *cycles.Delta)
	}
	if *cycles.Delta == 0 && *user.Delta != 0 {
		t.Fatalf("no GC cycle ended, yet /cpu/classes/user moved by %v: the runtime updates it more often than this test knows", *user.Delta)
	}
	// A window in which a cycle ends: the CPU spun before it is counted.
	start = set.read()
	spin()
	runtime.GC()
	m, _ = set.windowMetrics(start, set.read())
	total := m["/cpu/classes/total:cpu-seconds"]
	if total.GCCyclesEnded == nil || *total.GCCyclesEnded < 1 || *total.Delta <= 0 {
		t.Fatalf("total CPU %+v after a GC cycle ended", total)
	}
	for name, v := range m {
		if v.GCCyclesEnded != nil && !gcSnapshotMetric(name) {
			t.Fatalf("%s carries gc_cycles_ended", name)
		}
	}
}

var testScenario = Scenario{ID: "count", Group: "lifecycle", Title: "t", Mechanism: "m", Source: "s",
	Params: []Param{{Name: "sleep", Type: Duration, Default: "1ms", Min: "0", Max: "1s"}},
	Run: func(ctx context.Context, env *Env) error {
		d := env.DurationParam("sleep")
		for ctx.Err() == nil {
			t0 := time.Now()
			time.Sleep(d)
			env.Observe(time.Since(t0))
			env.AddOps(1)
		}
		return nil
	}}

func TestRunWritesResult(t *testing.T) {
	dir := t.TempDir()
	r, err := NewStressRunner(WithConcurrency(2), WithDuration(150*time.Millisecond), WithWarmup(30*time.Millisecond),
		WithMetricsInterval(20*time.Millisecond), WithOutDir(dir), WithLabel("k", "v"),
		WithProfiles("cpu", "heap", "goroutine", "trace"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Run(context.Background(), testScenario)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() || rep.Stopped || rep.Ops == 0 || rep.OpLatency == nil || rep.WallS < 0.15 || rep.WallS > 1 {
		t.Fatalf("report %+v", rep)
	}
	checkedResult(t, dir)
	mb, _ := os.ReadFile(filepath.Join(dir, "metrics.jsonl"))
	n, cut, err := protocheck.MetricsLines(mb)
	if err != nil || cut || n < 5 {
		t.Fatalf("metrics.jsonl: %d lines, cut=%v, %v", n, cut, err)
	}
	if !strings.Contains(string(mb), `"phase":"warmup"`) || !strings.Contains(string(mb), `"phase":"measure"`) {
		t.Fatal("metrics.jsonl lacks a phase")
	}
	for _, f := range []string{"cpu.pprof", "heap.pprof", "goroutine.pprof", "trace.out"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if g, ok := rep.Metrics["/sched/goroutines:goroutines"]; !ok || g.Kind != "gauge" {
		t.Fatalf("metrics: %v", rep.Metrics)
	}
}

// A window shorter than the sampler's interval still gets a line: the closing
// tick, at the window's end, with the window's ops.
func TestRunShorterThanATick(t *testing.T) {
	dir := t.TempDir()
	r, err := NewStressRunner(WithConcurrency(1), WithDuration(30*time.Millisecond), WithWarmup(0),
		WithMetricsInterval(time.Second), WithOutDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Run(context.Background(), testScenario)
	if err != nil || rep.Failed() {
		t.Fatalf("%v %+v", err, rep)
	}
	mb, _ := os.ReadFile(filepath.Join(dir, "metrics.jsonl"))
	if n, cut, err := protocheck.MetricsLines(mb); err != nil || cut || n != 1 {
		t.Fatalf("metrics.jsonl: %d lines, cut=%v, %v\n%s", n, cut, err, mb)
	}
	tick := ticksOf(t, mb)[0]
	if tick.Phase != "measure" || tick.T < 0.03 || tick.T > 0.5 || tick.Ops == 0 || tick.Ops != rep.Ops {
		t.Fatalf("closing tick %+v, report ops %d", tick, rep.Ops)
	}
}

// testTick is what the tests read of a metrics.jsonl line.
type testTick struct {
	T     float64 `json:"t"`
	Phase string  `json:"phase"`
	Ops   int64   `json:"ops"`
}

// ticksOf reads metrics.jsonl's lines.
func ticksOf(t *testing.T, b []byte) []testTick {
	t.Helper()
	var ticks []testTick
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var k testTick
		if err := json.Unmarshal(line, &k); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		ticks = append(ticks, k)
	}
	return ticks
}

// The ticks split warm-up, window and wind-down where the window does: a tick
// closes the warm-up as the window starts, and the last one is read at the
// window's end with its ops, not after a scenario's wind-down (a closing tick
// read then took in 42 ms and a fifth more ops on a starved scheduler).
func TestTicksEndWhereTheWindowEnds(t *testing.T) {
	const warmup, window, windDown = 150 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond
	slow := Scenario{ID: "slow-stop", Group: "lifecycle", Run: func(ctx context.Context, env *Env) error {
		for ctx.Err() == nil {
			env.AddOps(1)
			time.Sleep(time.Millisecond)
		}
		// Work on past the window, as a scenario that drains its queues does.
		for end := time.Now().Add(windDown); time.Now().Before(end); {
			env.AddOps(1)
			time.Sleep(time.Millisecond)
		}
		return nil
	}}
	dir := t.TempDir()
	r, err := NewStressRunner(WithDuration(window), WithWarmup(warmup), WithMetricsInterval(time.Second), WithOutDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Run(context.Background(), slow)
	if err != nil || rep.Failed() {
		t.Fatalf("%v %+v", err, rep)
	}
	mb, _ := os.ReadFile(filepath.Join(dir, "metrics.jsonl"))
	ticks := ticksOf(t, mb)
	// No regular tick comes within the interval of a second: one closes the warm-up, one the window.
	if len(ticks) != 2 || ticks[0].Phase != "warmup" || ticks[1].Phase != "measure" {
		t.Fatalf("ticks %+v", ticks)
	}
	if ticks[0].T < warmup.Seconds() {
		t.Fatalf("the warm-up's tick at %.4f s, before the warm-up's end (%v)", ticks[0].T, warmup)
	}
	if ticks[1].Ops != rep.Ops {
		t.Fatalf("the window's last tick says %d ops, the window %d", ticks[1].Ops, rep.Ops)
	}
	if took := ticks[1].T - ticks[0].T; took < rep.WallS || took > rep.WallS+windDown.Seconds()/2 {
		t.Fatalf("the window's tick came %.4f s after the warm-up's; the window took %.4f s, the wind-down %v", took, rep.WallS, windDown)
	}
}

// Every GC pause of the window is in the ticks: from the first snapshot,
// taken before the window, to the closing tick, taken after it.
func TestTicksHoldEveryPauseOfTheWindow(t *testing.T) {
	const pauses = "/sched/pauses/total/gc:seconds"
	gcs := Scenario{ID: "gc", Group: "lifecycle", Run: func(ctx context.Context, env *Env) error {
		runtime.GC() // at once, before any regular tick
		<-ctx.Done()
		runtime.GC() // as the window ends, after the last regular tick
		return nil
	}}
	for i := 0; i < 3; i++ {
		dir := t.TempDir()
		r, err := NewStressRunner(WithDuration(50*time.Millisecond), WithWarmup(0), WithMetricsInterval(time.Second), WithOutDir(dir))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.Run(context.Background(), gcs)
		if err != nil || rep.Failed() {
			t.Fatalf("%v %+v", err, rep)
		}
		window := rep.Metrics[pauses]
		if window.HistJSON == nil || window.Count < 2 {
			t.Fatalf("window pauses %+v", window)
		}
		mb, _ := os.ReadFile(filepath.Join(dir, "metrics.jsonl"))
		var inTicks uint64
		for _, line := range strings.Split(strings.TrimSpace(string(mb)), "\n") {
			var tick struct {
				Hist map[string]struct {
					Count uint64 `json:"count"`
				} `json:"hist"`
			}
			if err := json.Unmarshal([]byte(line), &tick); err != nil {
				t.Fatal(err)
			}
			inTicks += tick.Hist[pauses].Count
		}
		// The ticks span a little more than the window (its anchors are read
		// inside the sampler's span), never less.
		if inTicks < window.Count {
			t.Fatalf("ticks hold %d pauses, the window %d\n%s", inTicks, window.Count, mb)
		}
	}
}

// The window's end is read before the scenario is told to stop: goroutines that
// leave at ctx.Done are still counted by the end gauges, and the deadline a
// scenario paces itself by is the window's end, not the backstop's.
func TestWindowEndReadBeforeTheScenarioStops(t *testing.T) {
	const parked = 2000
	var deadline, started time.Time
	s := Scenario{ID: "parked", Group: "lifecycle", Run: func(ctx context.Context, env *Env) error {
		started = time.Now()
		deadline, _ = ctx.Deadline()
		var all sync.WaitGroup
		for range parked {
			all.Add(1)
			go func() {
				defer all.Done()
				<-ctx.Done()
			}()
		}
		env.AddOps(1)
		all.Wait()
		return nil
	}}
	r, err := NewStressRunner(WithDuration(100*time.Millisecond), WithWarmup(0), WithMetricsInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Run(context.Background(), s)
	if err != nil || rep.Failed() {
		t.Fatalf("%v %+v", err, rep)
	}
	g := rep.Metrics["/sched/goroutines:goroutines"]
	if g.Start == nil || g.End == nil {
		t.Fatalf("goroutines gauge %+v", g)
	}
	if grew := *g.End - *g.Start; grew < parked {
		t.Fatalf("the end gauge counts %v more goroutines than the start, want ≥ %d: the scenario wound down before the window's end was read", grew, parked)
	}
	if ahead := deadline.Sub(started); ahead <= 0 || ahead > 100*time.Millisecond {
		t.Fatalf("the scenario's deadline is %v after it started, want the window's end (≤ 100ms)", ahead)
	}
}

func TestRunDidNotStop(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	s := Scenario{ID: "stuck", Group: "lifecycle", Run: func(ctx context.Context, env *Env) error {
		env.AddOps(1)
		<-block
		return nil
	}}
	r, _ := NewStressRunner(WithDuration(20*time.Millisecond), WithGrace(30*time.Millisecond), WithMetricsInterval(0))
	t0 := time.Now()
	rep, err := r.Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(t0); el > time.Second {
		t.Fatalf("Run took %v", el)
	}
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0], "did not stop") {
		t.Fatalf("errors %v", rep.Errors)
	}
}

func TestRunPanicAndError(t *testing.T) {
	r, _ := NewStressRunner(WithDuration(20*time.Millisecond), WithMetricsInterval(0))
	rep, _ := r.Run(context.Background(), Scenario{ID: "p", Group: "lifecycle", Run: func(ctx context.Context, env *Env) error {
		panic("boom")
	}})
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0], "panic: boom") {
		t.Fatalf("errors %v", rep.Errors)
	}
	rep, _ = r.Run(context.Background(), Scenario{ID: "e", Group: "lifecycle", Run: func(ctx context.Context, env *Env) error {
		return errors.New("bad")
	}})
	if len(rep.Errors) != 1 || rep.Errors[0] != "scenario: bad" {
		t.Fatalf("errors %v", rep.Errors)
	}
	_, err := r.Run(context.Background(), Scenario{ID: "x", Group: "lifecycle", Run: testScenario.Run,
		Params: testScenario.Params})
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := NewStressRunner(WithParam("sleep", "2s"))
	_, err = r2.Run(context.Background(), testScenario)
	var pe *ParamError
	if !errors.As(err, &pe) {
		t.Fatalf("param error: %v", err)
	}
}

func TestRunStoppedByContext(t *testing.T) {
	r, _ := NewStressRunner(WithDuration(10*time.Second), WithMetricsInterval(0))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	rep, err := r.Run(ctx, testScenario)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Stopped || rep.Failed() || time.Since(t0) > 2*time.Second || rep.Ops == 0 {
		t.Fatalf("stopped=%v errors=%v ops=%d after %v", rep.Stopped, rep.Errors, rep.Ops, time.Since(t0))
	}
}

func TestTickEncoder(t *testing.T) {
	enc := newTickEncoder(newSampleSet(append([]string{"/no/such:metric"}, WantedMetrics...)))
	runtime.GC() // a GC between ticks puts samples in the pause histograms
	first := string(enc.tick(1500*time.Microsecond, "warmup", 0))
	runtime.GC()
	line := enc.tick(3*time.Second, "measure", 42)
	all := first + string(line)
	n, cut, err := protocheck.MetricsLines([]byte(all))
	if err != nil || n != 2 || cut {
		t.Fatalf("%d lines, cut=%v: %v\n%s", n, cut, err, all)
	}
	var v struct {
		T        float64             `json:"t"`
		Phase    string              `json:"phase"`
		Ops      int64               `json:"ops"`
		Gauges   map[string]float64  `json:"gauges"`
		Counters map[string]float64  `json:"counters"`
		Hist     map[string]HistJSON `json:"hist"`
	}
	if err := json.Unmarshal(line, &v); err != nil {
		t.Fatal(err)
	}
	if v.T != 3 || v.Phase != "measure" || v.Ops != 42 || v.Gauges["/sched/goroutines:goroutines"] < 1 ||
		v.Counters["/gc/cycles/total:gc-cycles"] < 2 {
		t.Fatalf("line %s", line)
	}
	if h, ok := v.Hist["/sched/pauses/total/gc:seconds"]; !ok || h.Count == 0 || len(h.Bins) == 0 {
		t.Fatalf("no GC pause delta in %s", line)
	}
	if _, ok := v.Gauges["/gc/cycles/total:gc-cycles"]; ok {
		t.Fatal("a cumulative metric among the gauges")
	}
	if !strings.HasSuffix(string(line), "}\n") || strings.Count(string(line), "\n") != 1 {
		t.Fatalf("not one line: %q", line)
	}
}

// A scenario that times operations, none of which ends within the window, writes an op_latency of
// count 0 (no quantiles); one that times none writes null: a reader tells the two apart.
func TestOpLatencyOfAWindowInWhichNoTimedOperationEnded(t *testing.T) {
	slowRound := func(ctx context.Context, env *Env) error {
		t0 := time.Now()
		<-ctx.Done()
		env.Observe(time.Since(t0)) // after the window's readings
		return nil
	}
	for _, timesOps := range []bool{true, false} {
		dir := t.TempDir()
		r, err := NewStressRunner(WithDuration(30*time.Millisecond), WithMetricsInterval(0), WithOutDir(dir))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.Run(context.Background(), Scenario{ID: "slow-round", TimesOps: timesOps, Run: slowRound})
		if err != nil || rep.Failed() {
			t.Fatalf("run: %v %v", err, rep.Errors)
		}
		b := checkedResult(t, dir)
		var got struct {
			OpLatency json.RawMessage `json:"op_latency"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		want := `null`
		if timesOps {
			want = `{"unit":"s","count":0,"bins":[]}`
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, got.OpLatency); err != nil {
			t.Fatal(err)
		}
		if compact.String() != want {
			t.Errorf("TimesOps %v: op_latency %s, want %s", timesOps, compact.String(), want)
		}
	}
}

// checkedResult reads dir/result.json and checks it against PROTOCOL §2.2.
func checkedResult(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := protocheck.Result(b); err != nil {
		t.Fatal(err)
	}
	return b
}
