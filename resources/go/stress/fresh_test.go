package stress

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/protocheck"
)

// freshScenarios are run by the test binary re-executed as a child (TestMain).
var freshScenarios = []Scenario{
	{ID: "fresh-ok", Group: "lifecycle", Title: "t", Mechanism: "m", Source: "s", FreshProcess: true,
		Run: func(ctx context.Context, env *Env) error {
			for ctx.Err() == nil {
				env.AddOps(1)
				time.Sleep(time.Millisecond)
			}
			if os.Getenv(ChildEnv) != "fresh-ok" {
				return os.ErrInvalid // must run in the child
			}
			return nil
		}},
	{ID: "fresh-crash", Group: "lifecycle", Title: "t", Mechanism: "m", Source: "s", FreshProcess: true,
		Run: func(ctx context.Context, env *Env) error {
			go func() { panic("crash in a scenario goroutine") }()
			<-ctx.Done()
			return nil
		}},
	{ID: "fresh-exit", Group: "lifecycle", Title: "t", Mechanism: "m", Source: "s", FreshProcess: true,
		ChildMain: func(env *Env) { os.Exit(7) }},
}

func TestMain(m *testing.M) {
	if os.Getenv(ChildEnv) != "" {
		os.Exit(MainArgs(os.Args[1:], os.Stdout, os.Stderr, freshScenarios...))
	}
	os.Exit(m.Run())
}

func freshRun(t *testing.T, id string, extra ...string) (int, *Report, string) {
	t.Helper()
	dir := t.TempDir()
	var o, e bytes.Buffer
	code := MainArgs(append([]string{"-scenario", id, "-duration", "100ms", "-out", dir}, extra...), &o, &e, freshScenarios...)
	b, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatalf("%s: no result.json (exit %d): %s", id, code, e.String())
	}
	if err := protocheck.Result(b); err != nil {
		t.Fatal(err)
	}
	var rep Report
	json.Unmarshal(b, &rep)
	return code, &rep, e.String()
}

func TestFreshProcess(t *testing.T) {
	code, rep, stderr := freshRun(t, "fresh-ok")
	if code != 0 || rep.Failed() || rep.Ops == 0 || rep.Child != nil || rep.Provenance.PID == os.Getpid() {
		t.Errorf("fresh-ok: exit %d, %+v, %s", code, rep, stderr)
	}
	code, rep, _ = freshRun(t, "fresh-crash")
	if code != 1 || rep.Child == nil || rep.Child.Code != 2 || len(rep.Errors) != 1 ||
		!strings.Contains(rep.Child.StderrTail, "crash in a scenario goroutine") {
		t.Errorf("fresh-crash: exit %d, child %+v, errors %q", code, rep.Child, rep.Errors)
	}
	code, rep, _ = freshRun(t, "fresh-exit")
	if code != 1 || rep.Child == nil || rep.Child.Code != 7 || len(rep.Errors) != 1 {
		t.Errorf("fresh-exit: exit %d, child %+v, errors %q", code, rep.Child, rep.Errors)
	}
	// Captures of a child that crashed: those it left are there, cut short, for the reader to judge;
	// the note names only the missing ones. A ChildMain child writes none, by design.
	_, rep, _ = freshRun(t, "fresh-crash", "-capture", "trace,heap")
	if !slices.Equal(rep.Notes, []string{"no heap: the child ended before it wrote them"}) {
		t.Errorf("fresh-crash captures: notes %q", rep.Notes)
	}
	_, rep, _ = freshRun(t, "fresh-exit", "-capture", "trace,cpu")
	if !slices.Equal(rep.Notes, []string{"no cpu, trace: the child runs without the harness (no profiler, tracer or sampler), by design"}) {
		t.Errorf("fresh-exit captures: notes %q", rep.Notes)
	}
	// A usage error found only by the child (busy pprof port) stays exit 2 with one line.
	var o, e bytes.Buffer
	r, err := NewStressRunner(WithPprofAddr("127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	code = MainArgs([]string{"-scenario", "fresh-ok", "-duration", "50ms", "-pprof-addr", r.PprofAddr()}, &o, &e, freshScenarios...)
	if code != 2 || strings.Count(e.String(), "\n") != 1 || !strings.Contains(e.String(), "-pprof-addr") {
		t.Errorf("busy port in child: exit %d, stderr %q", code, e.String())
	}
}
