package stress

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/protocheck"
)

// runProcs runs a scenario that changes GOMAXPROCS and returns its validated report.
func runProcs(t *testing.T, run func(ctx context.Context, env *Env) error, opts ...Option) *Report {
	t.Helper()
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	out := t.TempDir()
	r, err := NewStressRunner(append([]Option{WithOutDir(out), WithConcurrency(1)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Run(context.Background(), Scenario{ID: "procs", Run: run}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := protocheck.Result(b); err != nil {
		t.Fatal(err)
	}
	var onDisk Report
	if err := json.Unmarshal(b, &onDisk); err != nil {
		t.Fatal(err)
	}
	if len(onDisk.Errors) > 0 {
		t.Fatalf("run errors: %v", onDisk.Errors)
	}
	if onDisk.GOMAXPROCS == nil || onDisk.GOMAXPROCS.InForce == nil {
		t.Fatalf("result.json has no gomaxprocs in force: %s", b)
	}
	return &onDisk
}

// A scenario that sets GOMAXPROCS through its Env for most of the window:
// the report keeps the configured value, names the new one as in force, and
// lists both changes with the bounds of the calls that made them.
func TestGOMAXPROCSChangesThroughEnv(t *testing.T) {
	configured := runtime.GOMAXPROCS(0)
	other := configured + 1
	window := 300 * time.Millisecond
	rep := runProcs(t, func(ctx context.Context, env *Env) error {
		time.Sleep(20 * time.Millisecond)
		prev := env.SetGOMAXPROCS(other)
		<-ctx.Done()
		env.SetGOMAXPROCS(prev)
		return nil
	}, WithDuration(window), WithMetricsInterval(0))
	g := rep.GOMAXPROCS
	if g.Configured != configured || *g.InForce != other {
		t.Fatalf("configured %d, in force %d; want %d and %d (it held ~280 of 300ms)", g.Configured, *g.InForce, configured, other)
	}
	if len(g.Changes) != 2 {
		t.Fatalf("changes %+v, want two", g.Changes)
	}
	up, down := g.Changes[0], g.Changes[1]
	// The way back follows ctx.Done, which comes after the window's end is read.
	if up.From != configured || up.To != other || up.Phase != "measure" || down.To != configured || down.Phase != "end" {
		t.Fatalf("changes %+v: want %d→%d in the window, back after its end", g.Changes, configured, other)
	}
	// Made during the call: after its start, by its return (the caller may wait runnable after the
	// call's stop-the-world, so the return alone can be late).
	for _, c := range g.Changes {
		if c.After == nil || *c.After > c.T {
			t.Fatalf("change %+v: want it made in (after, t], the bounds of the call", c)
		}
	}
	// The call began after the scenario's 20 ms sleep: a change left to the next observation would
	// carry the window's start (no ticks here) as its earliest time instead.
	if *up.After < 0.019 {
		t.Fatalf("change %+v: made after %.4f s, before the scenario's 20 ms sleep ended: not the call's start", up, *up.After)
	}
	if held := down.T - up.T; held < 0.8*window.Seconds() || held > rep.WallS+0.5 {
		t.Fatalf("the change held %.3fs by its recorded times; the window was %.3fs", held, rep.WallS)
	}
}

// A change made with runtime.GOMAXPROCS directly is seen by the next metrics
// tick, with that tick's time.
func TestGOMAXPROCSChangeSeenByTicks(t *testing.T) {
	configured := runtime.GOMAXPROCS(0)
	other := configured + 1
	// The change happens between changedAt and changedBy: runtime.GOMAXPROCS stops the world, which
	// a loaded machine can take milliseconds to do, and a tick may read the old value meanwhile.
	var changedAt, changedBy time.Duration
	started := time.Now()
	rep := runProcs(t, func(ctx context.Context, env *Env) error {
		time.Sleep(50 * time.Millisecond)
		changedAt = time.Since(started)
		runtime.GOMAXPROCS(other)
		changedBy = time.Since(started)
		<-ctx.Done()
		return nil
	}, WithDuration(300*time.Millisecond), WithMetricsInterval(10*time.Millisecond))
	g := rep.GOMAXPROCS
	if len(g.Changes) < 1 || g.Changes[0].To != other || g.Changes[0].Phase != "measure" {
		t.Fatalf("changes %+v: want %d→%d seen in the window", g.Changes, configured, other)
	}
	if *g.InForce != other {
		t.Fatalf("in force %d, want %d", *g.InForce, other)
	}
	// Seen after it happened, within a few ticks (a loaded machine delays ticks).
	if lag := g.Changes[0].T - changedAt.Seconds(); lag < -0.005 || lag > 0.15 {
		t.Fatalf("change at %.3fs recorded at %.3fs", changedAt.Seconds(), g.Changes[0].T)
	}
	// And it says since when it may have been made: the observation before it, a tick or so earlier
	// (changedAt counts from before the run's own start, so it is not early).
	c := g.Changes[0]
	if c.After == nil {
		t.Fatalf("change between %.3fs and %.3fs seen at %.3fs, after no observation: want the one before it", changedAt.Seconds(), changedBy.Seconds(), c.T)
	}
	if *c.After > changedBy.Seconds()+1e-6 || c.T-*c.After > 0.15 {
		t.Fatalf("change between %.3fs and %.3fs seen at %.3fs after %.3fs: want the observation before it", changedAt.Seconds(), changedBy.Seconds(), c.T, *c.After)
	}
}

// A run that does not touch GOMAXPROCS reports the configured value as in
// force and no changes.
func TestGOMAXPROCSUnchanged(t *testing.T) {
	idle := func(ctx context.Context, env *Env) error { <-ctx.Done(); return nil }
	rep := runProcs(t, idle, WithDuration(30*time.Millisecond), WithMetricsInterval(10*time.Millisecond))
	g := rep.GOMAXPROCS
	if *g.InForce != runtime.GOMAXPROCS(0) || g.Configured != *g.InForce || len(g.Changes) != 0 {
		t.Fatalf("gomaxprocs %+v (in force %d), want %d in force and no changes", g, *g.InForce, runtime.GOMAXPROCS(0))
	}
}
