package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/timeline"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/tracecut"
)

// cutCLI runs `gmptrace cut` and returns its exit code, its stdout decoded
// (on success) and its stderr.
func cutCLI(t *testing.T, args ...string) (int, tracecut.Cut, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"cut"}, args...), &stdout, &stderr)
	var cut tracecut.Cut
	if code == exitOK {
		if err := json.Unmarshal(stdout.Bytes(), &cut); err != nil {
			t.Fatalf("cut's output %q: %v", stdout.String(), err)
		}
	}
	return code, cut, stderr.String()
}

// A cut of a range deep in a trace of many generations is the generations
// around it, smaller than the trace: go tool trace reads it whole, and the
// window query of the range in the cut (its times counted from the cut's
// first event, FromS later) holds what the same query of the whole trace
// holds, slice for slice and transition for transition.
func TestCutHoldsTheRange(t *testing.T) {
	t.Parallel()
	tr := multiGenTrace(t, "", 600*time.Millisecond)
	_, ix := readIndexed(t, tr)
	out := filepath.Join(t.TempDir(), "cut.trace")
	from, to := 300*time.Millisecond, 340*time.Millisecond
	code, cut, stderr := cutCLI(t, tr, "-from", from.String(), "-to", to.String(), "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	var all []uint64
	for _, g := range ix.Generations {
		all = append(all, g.Gen)
	}
	switch {
	case cut.Bytes != st.Size() || cut.TraceBytes <= cut.Bytes:
		t.Errorf("cut of %d bytes (file: %d) from %d: want the file's size, under the trace's", cut.Bytes, st.Size(), cut.TraceBytes)
	case cut.Of != len(ix.Generations) || cut.Whole || len(cut.Generations) == 0 || len(cut.Generations) >= len(all):
		t.Errorf("generations %v of %d (whole: %v): want some of the trace's %d", cut.Generations, cut.Of, cut.Whole, len(all))
	case !isRun(all, cut.Generations):
		t.Errorf("generations %v: not consecutive generations of %v", cut.Generations, all)
	case !(cut.FromS <= from.Seconds() && cut.ToS >= to.Seconds()):
		t.Errorf("the cut spans %.6f–%.6f s: want the range %v–%v inside it", cut.FromS, cut.ToS, from, to)
	}
	t.Logf("cut %v–%v: generations %v of %d, %d of %d bytes, %.6f–%.6f s", from, to, cut.Generations, cut.Of, cut.Bytes, cut.TraceBytes, cut.FromS, cut.ToS)
	// No more than the range needs: its first and last generations hold events of the range (the
	// index alone would keep a generation whose events all came before it).
	origin := generationSpans(t, tr)[0][0]
	gens := generationSpans(t, out)
	inRange := func(g [2]int64) bool { return g[0] <= origin+int64(to) && g[1] >= origin+int64(from) }
	if !inRange(gens[0]) || !inRange(gens[len(gens)-1]) {
		t.Errorf("the cut's generations span %v (ns): its first and last should each hold an event of %v–%v (from %d)", gens, from, to, origin)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if msg, err := exec.CommandContext(ctx, "go", "tool", "trace", "-d=parsed", out).CombinedOutput(); err != nil {
		t.Fatalf("go tool trace -d=parsed refuses the cut: %v\n%.500s", err, msg)
	}

	whole, err := timeline.Query(tr, timeline.Options{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	shift := time.Duration(math.Round(cut.FromS * 1e9))
	inCut, err := timeline.Query(out, timeline.Options{From: from - shift, To: to - shift})
	if err != nil {
		t.Fatal(err)
	}
	type slice struct {
		p, g       int64
		begin, end int64
		stop       string
	}
	slicesOf := func(w *timeline.Window, by float64) []slice {
		var out []slice
		for _, p := range w.Procs {
			for _, s := range p.Slices {
				out = append(out, slice{p.P, s.G, int64(ns(s.BeginS + by)), int64(ns(s.EndS + by)), s.Stop})
			}
		}
		return out
	}
	type transition struct {
		g, t     int64
		from, to string
	}
	transitionsOf := func(w *timeline.Window, by float64) []transition {
		var out []transition
		for _, g := range w.Goroutines {
			for _, x := range g.Transitions {
				out = append(out, transition{g.G, int64(ns(x.TS + by)), x.From, x.To})
			}
		}
		return out
	}
	wantSlices, gotSlices := slicesOf(whole, 0), slicesOf(inCut, cut.FromS)
	if len(wantSlices) < 100 || !slices.Equal(gotSlices, wantSlices) {
		t.Errorf("the cut's window has %d slices, the trace's %d (want the same, at least 100)", len(gotSlices), len(wantSlices))
	}
	if want, got := transitionsOf(whole, 0), transitionsOf(inCut, cut.FromS); !slices.Equal(got, want) {
		t.Errorf("the cut's window has %d transitions, the trace's %d: want the same", len(got), len(want))
	}
}

// isRun reports whether part is a run of consecutive elements of all.
func isRun(all, part []uint64) bool {
	i := slices.Index(all, part[0])
	return i >= 0 && i+len(part) <= len(all) && slices.Equal(all[i:i+len(part)], part)
}

// A range that takes every generation is the trace itself, and says so;
// what cannot be cut is refused with the reason, exit 2, and no file.
func TestCutWholeAndRefused(t *testing.T) {
	t.Parallel()
	tr := multiGenTrace(t, "", 200*time.Millisecond)
	dir := t.TempDir()
	out := filepath.Join(dir, "cut.trace")
	code, cut, stderr := cutCLI(t, tr, "-from", "0s", "-to", "1h", "-o", out)
	data, _ := os.ReadFile(tr)
	got, _ := os.ReadFile(out)
	if code != exitOK || !cut.Whole || cut.FromStart || !bytes.Equal(got, data) {
		t.Errorf("exit %d (%s), whole %v, %d bytes of %d: want the trace itself, said whole", code, stderr, cut.Whole, len(got), len(data))
	}

	// A trace cut short inside its last generation: every whole generation is not the file.
	short := filepath.Join(dir, "short.trace")
	if err := os.WriteFile(short, data[:len(data)-100], 0o644); err != nil {
		t.Fatal(err)
	}
	code, cut, stderr = cutCLI(t, short, "-from", "0s", "-to", "1h", "-o", filepath.Join(dir, "short-cut.trace"))
	if code != exitOK || cut.Whole || cut.Bytes >= int64(len(data)-100) {
		t.Errorf("a trace cut short: exit %d (%s), whole %v, %d of its %d bytes: want its whole generations, not said to be the trace", code, stderr, cut.Whole, cut.Bytes, len(data)-100)
	}

	garbage := filepath.Join(dir, "garbage.trace")
	if err := os.WriteFile(garbage, []byte("not a trace at all, not even close to one"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{garbage, "-from", "0s", "-to", "1s", "-o", filepath.Join(dir, "a")}, "cannot be cut"},
		{[]string{tr, "-from", "0s", "-to", "1s"}, "-o CUT is required"},
		{[]string{tr, "-from", "0s", "-to", "1s", "-o", "-"}, "-o CUT is required"},
		{[]string{tr, "-from", "1s", "-to", "1s", "-o", filepath.Join(dir, "b")}, "is not after"},
		{[]string{tr, "-to", "1s", "-o", filepath.Join(dir, "c")}, "-from and -to are required"},
		{[]string{tr, "-from", "1h", "-to", "2h", "-o", filepath.Join(dir, "d")}, "before the range starts at 1h0m0s"},
		{[]string{tr, "-from", "0s", "-to", "1s", "-o", tr}, "is the trace it cuts"},
	} {
		code, _, stderr := cutCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q: want exit 2 saying %q", c.args, code, stderr, c.want)
		}
	}
	if now, _ := os.ReadFile(tr); !bytes.Equal(now, data) {
		t.Error("a cut refused for -o naming its trace changed the trace")
	}
	for _, name := range []string{"a", "b", "c", "d"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("a refused cut left %s", name)
		}
	}
}

// generationSpans reads the trace at path with x/exp/trace and returns each
// generation's first and last event times (the Sync that opens it first).
func generationSpans(t *testing.T, path string) [][2]int64 {
	t.Helper()
	var gens [][2]int64
	if err := readEvents(path, func(ev *trace.Event) {
		now := int64(ev.Time())
		if ev.Kind() == trace.EventSync {
			gens = append(gens, [2]int64{now, now})
			return
		}
		gens[len(gens)-1][1] = now
	}); err != nil {
		t.Fatal(err)
	}
	return gens[:len(gens)-1] // the last Sync ends the trace
}
