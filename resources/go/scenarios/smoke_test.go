package scenarios

// Smoke test over the whole catalog: each scenario in-process and through the
// gmpstress binary.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/protocheck"
	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

// smokeZeroOps lists scenarios whose ops may be 0 in a short smoke run, and why.
var smokeZeroOps = map[string]string{
	"idle": "calibration: does nothing by design",
}

// smokeLeaks lists scenarios that leave goroutines behind on purpose.
var smokeLeaks = map[string]string{
	"goroutine-leak-growth": "leaking is its point",
}

// smokeDur is each scenario's window: 200ms, longer under the race detector,
// which slows everything (netpoll-bound scenarios may complete nothing in 200ms).
var smokeDur = func() time.Duration {
	if raceEnabled {
		return 600 * time.Millisecond
	}
	return 200 * time.Millisecond
}()

func TestSmokeCatalog(t *testing.T) {
	all := All()
	if err := stress.CheckCatalog(all); err != nil {
		t.Fatal(err)
	}
	if len(all) < 30 {
		t.Fatalf("catalog has only %d scenarios", len(all))
	}
	for _, s := range all {
		s := s
		t.Run(s.ID, func(t *testing.T) {
			run := smokeInProcess
			if s.FreshProcess {
				run = smokeBinary
			}
			if _, zeroOK := smokeZeroOps[s.ID]; run(t, s, smokeDur, zeroOK) == 0 && !zeroOK && !t.Failed() {
				// A 200ms window on a loaded 2-core machine can end before a
				// scenario's first op (setup, OS starvation): one retry with a
				// 1s window, which must count ops.
				t.Logf("no ops in %v; retrying with a 1s window (load average %.1f)", smokeDur, loadAvg())
				run(t, s, time.Second, false)
			}
		})
	}
}

func smokeInProcess(t *testing.T, s stress.Scenario, dur time.Duration, zeroOK bool) int64 {
	dir := t.TempDir()
	before := runtime.NumGoroutine()
	r, err := stress.NewStressRunner(stress.WithConcurrency(2), stress.WithDuration(dur),
		stress.WithMetricsInterval(50*time.Millisecond), stress.WithOutDir(dir), stress.WithGrace(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	rep, err := r.Run(context.Background(), s)
	el := time.Since(t0)
	if err != nil {
		t.Fatal(err)
	}
	if el > dur+time.Second {
		t.Errorf("Run took %v for a %v window", el, dur)
	}
	smokeCheckReport(t, s, dir, rep.Errors)
	if !zeroOK && rep.Ops <= 0 && dur > smokeDur {
		t.Errorf("ops = %d in %v, want > 0", rep.Ops, dur)
	}
	if _, ok := smokeLeaks[s.ID]; ok {
		return rep.Ops
	}
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(2 * time.Second); after > before && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		after = runtime.NumGoroutine()
	}
	if after > before {
		buf := make([]byte, 1<<16)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines before, %d after:\n%s", before, after, tail(string(buf), 3000))
	}
	return rep.Ops
}

func smokeBinary(t *testing.T, s stress.Scenario, dur time.Duration, zeroOK bool) int64 {
	dir := t.TempDir()
	t0 := time.Now()
	out, code := runGmpstress(t, nil, "-scenario", s.ID, "-concurrency", "2", "-duration", dur.String(),
		"-metrics-interval", "50ms", "-out", dir)
	el := time.Since(t0)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, tail(out, 2000))
	}
	// A fresh process pays for exec and startup; deadlock-detection's control
	// variant is not the default, so every default run ends well before this.
	if el > dur+3*time.Second {
		t.Errorf("took %v for a %v window", el, dur)
	}
	rep := readResult(t, dir)
	smokeCheckReport(t, s, dir, rep.Errors)
	if !zeroOK && rep.Ops <= 0 && dur > smokeDur {
		t.Errorf("ops = %d in %v, want > 0", rep.Ops, dur)
	}
	return rep.Ops
}

// smokeCheckReport checks what every run must satisfy; the ops check is the
// caller's (with one retry on a longer window).
func smokeCheckReport(t *testing.T, s stress.Scenario, dir string, errs []string) {
	t.Helper()
	if len(errs) > 0 {
		t.Errorf("errors: %q", errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := protocheck.Result(b); err != nil {
		t.Errorf("result.json does not match PROTOCOL §2.2: %v", err)
	}
	if !strings.Contains(string(b), `"scenario": "`+s.ID+`"`) {
		t.Errorf("result.json names another scenario")
	}
	// A scenario that times operations says so, or a window in which none of them ended would read
	// as one of a scenario that times none.
	var timed struct {
		OpLatency *struct{ Count uint64 } `json:"op_latency"`
	}
	if err := json.Unmarshal(b, &timed); err != nil {
		t.Fatal(err)
	}
	if op := timed.OpLatency; op != nil && op.Count > 0 && !s.TimesOps {
		t.Errorf("timed %d operations, and is not marked TimesOps", op.Count)
	} else if op == nil && s.TimesOps {
		t.Errorf("marked TimesOps, and result.json has no op_latency")
	}
	if mb, err := os.ReadFile(filepath.Join(dir, "metrics.jsonl")); err == nil {
		if _, _, err := protocheck.MetricsLines(mb); err != nil {
			t.Errorf("metrics.jsonl: %v", err)
		}
	}
}
