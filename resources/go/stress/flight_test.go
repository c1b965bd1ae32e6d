package stress

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/protocheck"
)

// Flight recorder flags: bounds, and the Go 1.25+ requirement on older Go.
func TestFlightRecorderUsage(t *testing.T) {
	out := t.TempDir()
	if !FlightRecorderSupported {
		for _, args := range [][]string{{"-flight-recorder", "10s"}, {"-capture", "flight"}} {
			code, _, stderr := mainArgs(append([]string{"-scenario", "count", "-out", out}, args...)...)
			if code != 2 || !usageLine.MatchString(stderr) || !strings.Contains(stderr, ": "+args[0]+": ") ||
				!strings.Contains(stderr, "needs Go 1.25+") {
				t.Errorf("%v: exit %d, stderr %q: want exit 2 and one line naming %s and Go 1.25+", args, code, stderr, args[0])
			}
		}
		return
	}
	cases := []struct {
		args []string
		flag string
	}{
		{[]string{"-flight-recorder", "50ms", "-out", out}, "-flight-recorder"},
		{[]string{"-flight-recorder", "2h", "-out", out}, "-flight-recorder"},
		{[]string{"-flight-recorder", "-1s", "-out", out}, "-flight-recorder"},
		{[]string{"-flight-recorder", "soon", "-out", out}, "-flight-recorder"},
		{[]string{"-flight-recorder", "10s"}, "-flight-recorder"}, // no -out
		{[]string{"-flight-recorder", "10s", "-flight-recorder-bytes", "1000", "-out", out}, "-flight-recorder-bytes"},
		{[]string{"-flight-recorder", "10s", "-flight-recorder-bytes", "17179869185", "-out", out}, "-flight-recorder-bytes"},
		{[]string{"-flight-recorder", "10s", "-flight-recorder-bytes", "10MiB", "-out", out}, "-flight-recorder-bytes"},
		{[]string{"-flight-recorder-bytes", "1048576", "-out", out}, "-flight-recorder-bytes"}, // recorder off
		{[]string{"-capture", "flight", "-out", out}, "-capture"},                              // recorder off
	}
	for _, c := range cases {
		code, _, stderr := mainArgs(append([]string{"-scenario", "count", "-duration", "20ms"}, c.args...)...)
		if code != 2 || !usageLine.MatchString(stderr) || !strings.Contains(stderr, ": "+c.flag+": ") {
			t.Errorf("%v: exit %d, stderr %q: want exit 2 and one usage line naming %s", c.args, code, stderr, c.flag)
		}
	}
	for _, ok := range [][]string{
		{"-flight-recorder", "100ms"}, {"-flight-recorder", "1h", "-flight-recorder-bytes", "1048576"},
		{"-flight-recorder", "0"}, {"-flight-recorder", "1s", "-flight-recorder-bytes", "17179869184"},
	} {
		if _, err := newConfig(mustOptions(t, ok)); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
}

func mustOptions(t *testing.T, args []string) []Option {
	t.Helper()
	m := &mainRun{prog: "t", args: append([]string{"-out", t.TempDir()}, args...)}
	p, err := m.parse()
	if err != nil {
		t.Fatal(err)
	}
	opts, err := m.options(p)
	if err != nil {
		t.Fatal(err)
	}
	return opts
}

// flight.trace is written when the run fails or is stopped, and on success only
// with -capture flight; the artifact has kind "flight".
func TestFlightRecorderDumps(t *testing.T) {
	if !FlightRecorderSupported {
		t.Skip("runtime/trace.FlightRecorder needs Go 1.25+")
	}
	hasFlight := func(t *testing.T, dir string, rep *Report, want bool) {
		t.Helper()
		st, err := os.Stat(filepath.Join(dir, "flight.trace"))
		if exists := err == nil; exists != want {
			t.Fatalf("flight.trace exists=%v, want %v", exists, want)
		}
		listed := false
		for _, a := range rep.Artifacts {
			listed = listed || a == Artifact{Name: "flight.trace", Kind: "flight"}
		}
		if listed != want {
			t.Fatalf("artifacts %v: flight listed=%v, want %v", rep.Artifacts, listed, want)
		}
		if want {
			b, _ := os.ReadFile(filepath.Join(dir, "flight.trace"))
			if st.Size() < 100 || !strings.HasPrefix(string(b), "go 1.") {
				t.Fatalf("flight.trace: %d bytes, header %q", st.Size(), b[:min(len(b), 16)])
			}
		}
		rb, err := os.ReadFile(filepath.Join(dir, "result.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := protocheck.Result(rb); err != nil {
			t.Fatal(err)
		}
	}
	run := func(t *testing.T, s Scenario, ctx context.Context, extra ...Option) (string, *Report) {
		t.Helper()
		dir := t.TempDir()
		opts := append([]Option{WithConcurrency(1), WithDuration(100 * time.Millisecond), WithMetricsInterval(0),
			WithOutDir(dir), WithFlightRecorder(10*time.Second, 0)}, extra...)
		r, err := NewStressRunner(opts...)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.Run(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		return dir, rep
	}
	t.Run("success", func(t *testing.T) {
		dir, rep := run(t, testScenario, context.Background())
		if rep.Failed() || rep.Stopped {
			t.Fatalf("report %+v", rep)
		}
		hasFlight(t, dir, rep, false)
	})
	t.Run("success with capture", func(t *testing.T) {
		dir, rep := run(t, testScenario, context.Background(), WithProfiles("flight", "trace"))
		if rep.Failed() || strings.Join(rep.Config.Capture, ",") != "trace,flight" {
			t.Fatalf("errors %v, capture %v", rep.Errors, rep.Config.Capture)
		}
		hasFlight(t, dir, rep, true)
	})
	t.Run("scenario error", func(t *testing.T) {
		s := testScenario
		s.Run = func(ctx context.Context, env *Env) error {
			time.Sleep(20 * time.Millisecond)
			return errors.New("boom")
		}
		dir, rep := run(t, s, context.Background())
		if !rep.Failed() {
			t.Fatal("no error")
		}
		hasFlight(t, dir, rep, true)
	})
	t.Run("did not stop", func(t *testing.T) {
		s := testScenario
		s.Run = func(ctx context.Context, env *Env) error {
			<-ctx.Done()
			time.Sleep(200 * time.Millisecond) // past the grace period
			return nil
		}
		dir, rep := run(t, s, context.Background(), WithDuration(20*time.Millisecond), WithGrace(20*time.Millisecond))
		if !rep.Failed() || !strings.Contains(rep.Errors[0], "did not stop") {
			t.Fatalf("errors %v", rep.Errors)
		}
		hasFlight(t, dir, rep, true)
	})
	t.Run("stopped", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		s := testScenario
		dir, rep := run(t, s, ctx, WithDuration(5*time.Second))
		if !rep.Stopped || rep.Failed() {
			t.Fatalf("stopped=%v errors=%v", rep.Stopped, rep.Errors)
		}
		hasFlight(t, dir, rep, true)
	})
}
