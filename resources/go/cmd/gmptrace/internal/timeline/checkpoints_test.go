package timeline

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
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
// by another gmptrace, or by hand) never fails a query: it is refused before
// the reading (a CPU sample count below zero, a thread's place where no
// event begins, threads out of a heap's order), or
// the reading from it fails (goroutines it does not know) and the query
// reads again from the generation's start, dropping the file. The window is
// the one read without a checkpoint each time.
func TestCheckpointsThatDoNotFitTheTrace(t *testing.T) {
	path := selfTrace(t, 50*time.Millisecond)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	ix, err := genindex.Scan(f, st.Size())
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	id := idOf(st.Size(), ix)
	opt := Options{From: 40 * time.Millisecond, To: 45 * time.Millisecond}
	w, err := Query(path, opt)
	want := windowText(t, w, err)
	saved := filepath.Join(t.TempDir(), "saved")
	opt.Checkpoints, opt.CheckpointEvery = saved, 300
	if w, err = Query(path, opt); windowText(t, w, err) != want {
		t.Fatal("the saving query's window differs")
	}
	cf, ok := openCheckpoints(saved, id)
	if !ok {
		t.Fatal("no checkpoint file saved")
	}
	g0 := ix.Generations[0]
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
		{"goroutines it does not know", func(cp *checkpoint) { clear(cp.Reader.State.Goroutines) }},
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
