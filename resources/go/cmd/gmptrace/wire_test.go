package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// wireDump writes every event of the trace in file order as `go tool trace
// -d=wire` does, reading it as internal/wire does: the batches the index
// lists, each decoded on its own.
func wireDump(t *testing.T, data []byte) string {
	t.Helper()
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil || !ix.Complete {
		t.Fatalf("index: %v (complete %v: %v)", err, ix.Complete, ix.Err)
	}
	specs := wire.Specs(ix.Version)
	dec := wire.NewDecoder(specs)
	var out strings.Builder
	line := func(typ wire.Type, args []uint64, data []byte) {
		spec := specs[typ]
		out.WriteString(spec.Name)
		for i, name := range spec.Args {
			out.WriteString(" " + name + "=" + strconv.FormatUint(args[i], 10))
		}
		for i, v := range args[len(spec.Args):] {
			sep := " "
			if i%4 == 0 {
				sep = "\n\t"
			}
			out.WriteString(sep + wire.FrameFields[i%4] + "=" + strconv.FormatUint(v, 10))
		}
		if data != nil {
			out.WriteString("\n\tdata=" + strconv.Quote(string(data)))
		}
		out.WriteString("\n")
	}
	for _, g := range ix.Generations {
		for _, b := range g.Batches {
			if b.Kind == genindex.KindExperimental {
				t.Fatalf("an experimental batch: these traces are made without experiments")
			}
			line(wire.EvEventBatch, []uint64{g.Gen, b.M, b.Tick, uint64(b.Size)}, nil)
			dec.Reset(data[b.Data : b.Data+int64(b.Size)])
			var ev wire.Event
			for {
				ok, err := dec.Next(&ev)
				if err != nil {
					t.Fatalf("generation %d, batch at %d: %v", g.Gen, b.Data, err)
				}
				if !ok {
					break
				}
				line(ev.Type, ev.Args, ev.Data)
			}
		}
		if ix.Version >= 26 {
			line(wire.EvEndOfGeneration, nil, nil)
		}
	}
	return out.String()
}

// internal/wire on a trace of each Go version from 1.22: its decoding, batch
// by batch from the index, reads every byte as the Go toolchain's own raw
// reader does (the dumps are equal, line for line), and its Streams give
// every event the time x/exp/trace gives it.
func TestWire(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		tr := multiGenTrace(t, toolchain, 150*time.Millisecond)
		data, err := os.ReadFile(tr)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		want, err := exec.CommandContext(ctx, "go", "tool", "trace", "-d=wire", tr).Output()
		if err != nil {
			t.Fatalf("go tool trace -d=wire: %v", err)
		}
		got := wireDump(t, data)
		if got != string(want) {
			t.Fatalf("dumps differ at %s", firstDiff([]byte(got), want))
		}
		t.Logf("%s: %d lines equal to go tool trace -d=wire", header, strings.Count(got, "\n"))
		checkStreamTimes(t, header, data)
		checkMerge(t, data)
	})
}

// checkMerge: a generation's Merge gives every event of its Streams once,
// in time order, each thread's in the order the thread wrote them.
func checkMerge(t *testing.T, data []byte) {
	t.Helper()
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range ix.Generations {
		// Each thread's events, read alone: their times in order.
		alone := map[uint64][]int64{}
		eachStreamEvent(t, data, ix.Version, g, func(s *wire.Stream) { alone[s.M] = append(alone[s.M], s.Time) })
		m, err := wire.NewMerge(wire.Streams(bytes.NewReader(data), ix.Version, g))
		if err != nil {
			t.Fatal(err)
		}
		next := map[uint64]int{}
		var last int64
		for {
			s, err := m.Next()
			if err != nil {
				t.Fatal(err)
			}
			if s == nil {
				break
			}
			if s.Time < last {
				t.Fatalf("generation %d: thread %d's event at %d ns after one at %d ns", g.Gen, s.M, s.Time, last)
			}
			last = s.Time
			i := next[s.M]
			if i >= len(alone[s.M]) || alone[s.M][i] != s.Time {
				t.Fatalf("generation %d: thread %d's event %d is not the one it wrote %d-th", g.Gen, s.M, i, i)
			}
			next[s.M]++
		}
		for m, times := range alone {
			if next[m] != len(times) {
				t.Fatalf("generation %d: thread %d: %d of its %d events merged", g.Gen, m, next[m], len(times))
			}
		}
	}
}

// checkStreamTimes: x/exp/trace's reader moves an event that is not after
// the one it returned before to 1 ns after it; every other event keeps its
// own time, which must be the Stream's. Compared on goroutine starts (the
// most frequent event), matched by goroutine, generation and sequence
// number.
func checkStreamTimes(t *testing.T, header string, data []byte) {
	t.Helper()
	// Ours, per goroutine, in (generation, sequence) order: the order of
	// its starts, whatever the threads' clocks say.
	type start struct{ gen, seq uint64 }
	type timed struct {
		start
		t int64
	}
	ours := map[uint64][]timed{}
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range ix.Generations {
		eachStreamEvent(t, data, ix.Version, g, func(s *wire.Stream) {
			if s.Type == wire.EvGoStart {
				ours[s.Args[1]] = append(ours[s.Args[1]], timed{start{g.Gen, s.Args[2]}, s.Time})
			}
		})
	}
	for _, l := range ours {
		slices.SortFunc(l, func(a, b timed) int {
			if a.gen != b.gen {
				return int(a.gen) - int(b.gen)
			}
			return int(a.seq) - int(b.seq)
		})
	}
	r, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[uint64]int{}
	var prev trace.Time
	compared, moved := 0, 0
	for {
		ev, err := r.ReadEvent()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		now := ev.Time()
		wasMoved := now == prev+1
		prev = now
		if ev.Kind() != trace.EventStateTransition {
			continue
		}
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			continue
		}
		if from, to := st.Goroutine(); from != trace.GoRunnable || to != trace.GoRunning {
			continue
		}
		g := uint64(st.Resource.Goroutine())
		i := seen[g]
		seen[g]++
		if i >= len(ours[g]) {
			t.Fatalf("goroutine %d: start %d at %d ns in x/exp/trace, %d in the streams", g, i+1, now, len(ours[g]))
		}
		if wasMoved {
			moved++
			continue
		}
		compared++
		if got := ours[g][i].t; got != int64(now) {
			t.Fatalf("goroutine %d, start %d (generation %d, seq %d): stream time %d ns, x/exp/trace %d ns", g, i+1, ours[g][i].gen, ours[g][i].seq, got, now)
		}
	}
	for g, l := range ours {
		if seen[g] != len(l) {
			t.Errorf("goroutine %d: %d starts in the streams, %d in x/exp/trace", g, len(l), seen[g])
		}
	}
	if compared < 1000 {
		t.Errorf("%d starts compared (%d moved by x/exp/trace): too few to tell", compared, moved)
	}
	t.Logf("%s: %d start times equal (%d moved by x/exp/trace, not compared)", header, compared, moved)
}

// eachStreamEvent calls fn at every event of every thread's Stream of
// generation g, thread after thread.
func eachStreamEvent(t *testing.T, data []byte, minor int, g genindex.Generation, fn func(s *wire.Stream)) {
	t.Helper()
	for _, s := range wire.Streams(bytes.NewReader(data), minor, g) {
		for {
			ok, err := s.Next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			fn(s)
		}
	}
}
