package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/timeline"
)

// A window names who made each goroutine runnable, its creator as well as
// its waker: an edge per creation (Created, By the creating goroutine), and a
// longest wait that began at a creation names its creator. Checked against
// x/exp/trace's own events, on the traces of every test program.
func TestWindowsNameCreators(t *testing.T) {
	t.Parallel()
	total, waits := 0, 0
	for name, tr := range programTraces(t, "", "local") {
		creator := creatorsOf(t, tr)
		w, err := timeline.Query(tr, timeline.Options{From: 0, To: time.Hour, MaxItems: 1 << 30})
		if err != nil {
			t.Fatal(err)
		}
		edges := 0
		for _, u := range w.Unblocks {
			if !u.Created {
				continue
			}
			edges++
			if by, ok := creator[u.G]; !ok || by != u.By {
				t.Fatalf("%s: goroutine %d created by %d in the window, by %d (known %v) in the trace", name, u.G, u.By, by, ok)
			}
		}
		if edges != len(creator) {
			t.Errorf("%s: %d creation edges, the trace creates %d goroutines", name, edges, len(creator))
		}
		for _, x := range w.LongestWaits {
			if x.From != "NotExist" {
				continue
			}
			waits++
			if x.By == nil || *x.By != creator[x.G] {
				t.Errorf("%s: goroutine %d waited from its creation, by %v; its creator is %d", name, x.G, x.By, creator[x.G])
			}
		}
		total += edges
	}
	// Which waits are the longest varies from one trace to the next: a wait from a creation is
	// checked where there is one (always on the made trace of internal/timeline's tests).
	if total < 10 {
		t.Fatalf("%d creations in the programs' traces: too few to say anything", total)
	}
	t.Logf("%d creation edges; %d longest waits began at a creation", total, waits)
}

// creatorsOf is, by x/exp/trace, the goroutine that created each goroutine
// the trace at path sees created (-1: none).
func creatorsOf(t *testing.T, path string) map[int64]int64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	creator := map[int64]int64{}
	for {
		ev, err := r.ReadEvent()
		if errors.Is(err, io.EOF) {
			return creator
		}
		if err != nil {
			t.Fatal(err)
		}
		if ev.Kind() != trace.EventStateTransition {
			continue
		}
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			continue
		}
		if from, to := st.Goroutine(); from == trace.GoNotExist && to == trace.GoRunnable {
			by := int64(ev.Goroutine())
			if ev.Goroutine() == trace.NoGoroutine {
				by = -1
			}
			creator[int64(st.Resource.Goroutine())] = by
		}
	}
}
