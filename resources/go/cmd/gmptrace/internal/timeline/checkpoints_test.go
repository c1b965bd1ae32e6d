package timeline

import (
	"bytes"
	"cmp"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order/ordertest"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

func windowText(t *testing.T, w *Window, err error) string {
	t.Helper()
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	b, _ := json.Marshal(w)
	return string(b)
}

// A checkpoint the trace cannot be read on from (its sums hold: written so
// by another gmptrace, or by hand) never fails a query when Resume refuses
// it (a CPU sample count below zero, a thread's place where no event
// begins, threads out of a heap's order): the window is the one read without
// a checkpoint. (A state that the trace can go on from, changed by hand, can
// give another window: no check catches it.)
func TestCheckpointsThatDoNotFitTheTrace(t *testing.T) {
	path := selfTrace(t, 50*time.Millisecond)
	ix, id := indexed(t, path)
	// The middle of the largest generation: how the runtime cut this process's trace varies.
	g0 := ix.Generations[0]
	largest := slices.MaxFunc(ix.Generations, func(x, y genindex.Generation) int { return cmp.Compare(x.End-x.Offset, y.End-y.Offset) })
	middle := time.Duration((largest.Time(largest.MinTick)+largest.Time(largest.MaxTick))/2 - g0.Time(g0.MinTick))
	opt, want := savingAlike(t, path, Options{From: middle, To: middle + time.Millisecond})
	cf, ok := openCheckpoints(opt.Checkpoints, id)
	if !ok {
		t.Fatal("no checkpoint file saved")
	}
	from := g0.Time(g0.MinTick) + int64(opt.From)
	first, _, _ := ix.Span(from, from)
	latest, ok := cf.latestBefore(ix.Generations[first].Gen, trace.Time(from))
	cf.f.Close()
	if !ok || len(latest.Reader.Threads) < 2 {
		t.Fatalf("no checkpoint of two threads or more before the window (%v)", ok)
	}
	for _, c := range []struct {
		name   string
		tamper func(cp *checkpoint)
	}{
		{"CPU samples taken below zero", func(cp *checkpoint) { cp.Reader.CPUTaken = -1 }},
		{"a thread placed where no event begins", func(cp *checkpoint) { cp.Reader.Threads[0].At++ }},
		{"threads out of a heap's order", func(cp *checkpoint) {
			slices.Reverse(cp.Reader.Threads)
			slices.Reverse(cp.Reader.Ms)
		}},
	} {
		cp := copyOf(t, latest)
		c.tamper(&cp)
		file := filepath.Join(t.TempDir(), "tampered")
		cw := newCheckpointWriter(file, id)
		cw.add(cp)
		if err := cw.finish(); err != nil {
			t.Fatal(err)
		}
		o := opt
		o.Checkpoints = file
		w, err := Query(path, o)
		if got := windowText(t, w, err); got != want {
			t.Errorf("%s: the window differs", c.name)
		}
	}
}

// copyOf is a deep copy of cp.
func copyOf(t *testing.T, cp checkpoint) checkpoint {
	t.Helper()
	var buf bytes.Buffer
	var out checkpoint
	if err := gob.NewEncoder(&buf).Encode(cp); err != nil {
		t.Fatal(err)
	}
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// A reading that fails after the checkpoint it resumed from (a goroutine
// said waiting that the trace then stops as running) reads again from the
// generation's start: the window is the one read without a checkpoint. The
// failed checkpoint leaves the file, the reading again saves a good one in
// its place, and the file's other checkpoints (here those a later window
// saved) stay. On a made trace of one thread.
func TestAReadingThatFailsFromACheckpointReadsAgain(t *testing.T) {
	events := ordertest.RunsG(1)
	for seq := range uint64(400) {
		events = append(events, ordertest.Made(wire.EvGoStop, 10, 0, 0), ordertest.Made(wire.EvGoStart, 10, 1, seq+2))
	}
	path := filepath.Join(t.TempDir(), "made.out")
	if err := os.WriteFile(path, ordertest.MadeTrace(events), 0o644); err != nil {
		t.Fatal(err)
	}
	// Events every 10 ns from 110 ns (from the first event) to 8110 ns.
	opt, want := savingAlike(t, path, Options{From: 6000 * time.Nanosecond, To: 6500 * time.Nanosecond})
	file := opt.Checkpoints
	later := opt
	later.From, later.To = 7500*time.Nanosecond, 7600*time.Nanosecond
	if _, err := Query(path, later); err != nil {
		t.Fatal(err)
	}
	ix, id := indexed(t, path)
	g0 := ix.Generations[0]
	from := trace.Time(g0.Time(g0.MinTick) + int64(opt.From))
	pointsAfter := func() (n int) {
		cf, ok := openCheckpoints(file, id)
		if !ok {
			t.Fatal("no checkpoint file")
		}
		defer cf.f.Close()
		for _, e := range cf.header.Points {
			if trace.Time(e.Last) > from {
				n++
			}
		}
		return n
	}
	after := pointsAfter()
	if after == 0 {
		t.Fatal("the later window saved no checkpoint past the first window's start")
	}
	cf, ok := openCheckpoints(file, id)
	if !ok {
		t.Fatal("no checkpoint file saved")
	}
	cp, ok := cf.latestBefore(g0.Gen, from)
	cf.f.Close()
	if !ok {
		t.Fatal("no checkpoint before the window")
	}
	g := cp.Reader.State.Goroutines[1]
	g.Status = ordertest.GoWaiting
	cp.Reader.State.Goroutines[1] = g
	cw := newCheckpointWriter(file, id) // the file's other checkpoints are copied after it
	cw.add(cp)
	if err := cw.finish(); err != nil {
		t.Fatal(err)
	}
	w, err := Query(path, opt)
	if windowText(t, w, err) != want || w.Resumed {
		t.Errorf("resumed %v (want false: read again from the start), or the window differs", w.Resumed)
	}
	if n := pointsAfter(); n != after {
		t.Errorf("%d checkpoints past the window's start after the failed reading, want the %d the later window saved", n, after)
	}
	w, err = Query(path, opt)
	if windowText(t, w, err) != want || !w.Resumed {
		t.Errorf("resumed %v (want true: from the checkpoint saved in the failed one's place), or the window differs", w.Resumed)
	}
}

// indexed is the index of the trace at path, and the identity its checkpoint files carry.
// savingAlike queries the window of opt read from its generation's start, then again saving a
// checkpoint every 50 events into a file of the test's, and checks that both give one window. It
// returns opt naming that file, and the window as windowText gives it.
func savingAlike(t *testing.T, path string, opt Options) (Options, string) {
	t.Helper()
	w, err := Query(path, opt)
	want := windowText(t, w, err)
	opt.Checkpoints, opt.CheckpointEvery = filepath.Join(t.TempDir(), "checkpoints"), 50
	if w, err = Query(path, opt); windowText(t, w, err) != want {
		t.Fatal("the saving query's window differs")
	}
	return opt, want
}

func indexed(t *testing.T, path string) (genindex.Index, traceID) {
	t.Helper()
	f, size, ix, ierr, err := openIndexed(path)
	if err != nil || ierr != nil {
		t.Fatalf("%s: %v %v", path, err, ierr)
	}
	f.Close()
	return ix, idOf(size, ix)
}
