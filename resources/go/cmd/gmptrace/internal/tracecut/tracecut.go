// Package tracecut cuts the part of an execution trace that holds a time
// range out as a trace of its own, for the tools that read whole traces (go
// tool trace, gotraceui, Perfetto's Go importer): the trace's 16-byte header,
// then the whole generations that hold events of the range, byte for byte as
// the runtime wrote them.
//
// A generation stands alone: it carries its own string, stack and frequency
// tables and each goroutine's and P's status where it first appears, which
// is what the flight recorder's snapshots are made of. It cannot be cut finer
// without rewriting its batches, so a cut is never smaller than the
// generations around the range (a trace the runtime wrote as one generation
// cuts to itself), and the cut says which it holds and when they begin and
// end.
package tracecut

import (
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
)

// Cut says what a cut holds (gmptrace cut's output, PROTOCOL.md §3.4).
type Cut struct {
	// Generations are the generations it holds, in order, of Of whole ones
	// in the trace.
	Generations []uint64 `json:"generations"`
	Of          int      `json:"of"`
	// FromS and ToS are its first and last events, in seconds from the
	// trace's first event (the origin of the analysis and of window
	// queries): a tool that counts from the cut's own first event shows a
	// time FromS earlier than the workbench does.
	FromS float64 `json:"from_s"`
	ToS   float64 `json:"to_s"`
	// Bytes is its size, TraceBytes the trace's.
	Bytes      int64 `json:"bytes"`
	TraceBytes int64 `json:"trace_bytes"`
	// FromStart: the range's generations could not be read alone (a
	// generation that needs what one before it said), so the cut begins
	// with the trace's first generation.
	FromStart bool `json:"from_start"`
	// Whole: the cut is the trace itself, byte for byte (every generation of a
	// trace that was not cut short).
	Whole bool `json:"whole"`
}

// Plan finds the cut of the trace in f (size bytes) that holds [from, to]
// (durations from the trace's first event), and checks that x/exp/trace
// reads it to its end; write then writes it.
func Plan(f io.ReaderAt, size int64, from, to time.Duration) (Cut, func(io.Writer) error, error) {
	ix, err := genindex.Scan(f, size)
	if err != nil {
		return Cut{}, nil, fmt.Errorf("the trace cannot be cut (only a Go 1.22+ trace has generations): %w", err)
	}
	if len(ix.Generations) == 0 {
		return Cut{}, nil, fmt.Errorf("the trace cannot be cut: it ends inside its first generation (%v)", ix.Err)
	}
	g0 := ix.Generations[0]
	t0 := g0.Time(g0.MinTick) // the first event: the Sync at the first generation's earliest batch
	first, last, ok := ix.Span(t0+int64(from), t0+int64(to))
	if !ok {
		return Cut{}, nil, fmt.Errorf("no generation of the trace holds the range [%v, %v]", from, to)
	}
	cut := Cut{Of: len(ix.Generations), TraceBytes: size}
	read, err := readsWhole(f, ix, first, last)
	if err != nil && first > 0 {
		// As a window query does: what the range's generations need may
		// lie in the ones before them, all the way back to the first.
		cut.FromStart = true
		first = 0
		read, err = readsWhole(f, ix, first, last)
	}
	if err != nil {
		return Cut{}, nil, fmt.Errorf("the generations that hold the range cannot be read whole: %w", err)
	}
	if read.last < t0+int64(from) {
		// Past the last event the index still offers the last generations (a window
		// query reads them for the state at its start); a cut of them would hold none of the range.
		return Cut{}, nil, fmt.Errorf("the trace's last whole generation ends at %.6f s, before the range starts at %v", float64(read.last-t0)/1e9, from)
	}
	if !cut.FromStart {
		// The index can only say which generations may hold the range (a
		// generation's events can outlast the next one's start); their
		// events say which do. Cut to those, if they read alone too.
		if a, b := holding(read.gens, t0+int64(from), t0+int64(to)); a > 0 || b < len(read.gens)-1 {
			if tight, err := readsWhole(f, ix, first+a, first+b); err == nil {
				first, last, read = first+a, first+b, tight
			}
		}
	}
	firstEv, lastEv := read.first, read.last
	for _, g := range ix.Generations[first : last+1] {
		cut.Generations = append(cut.Generations, g.Gen)
	}
	begin, end := ix.Generations[first].Offset, ix.Generations[last].End
	cut.Bytes = genindex.HeaderLen + end - begin
	cut.FromS, cut.ToS = float64(firstEv-t0)/1e9, float64(lastEv-t0)/1e9
	// Every generation of a trace that is whole: the file itself (a trace cut short
	// ends in a generation the cut leaves out).
	cut.Whole = first == 0 && last == len(ix.Generations)-1 && ix.Complete && cut.Bytes == size
	write := func(w io.Writer) error {
		if _, err := io.Copy(w, io.NewSectionReader(f, 0, genindex.HeaderLen)); err != nil {
			return err
		}
		_, err := io.Copy(w, io.NewSectionReader(f, begin, end-begin))
		return err
	}
	return cut, write, nil
}

// read is what reading a cut found: the times of its first and last events
// (its first is the Sync that opens it), and of each generation's own first
// and last (Syncs aside; first < 0 when it has none).
type read struct {
	first, last int64
	gens        []span
}

type span struct{ first, last int64 }

// readsWhole reads generations first to last of ix with one x/exp/trace
// parser, as a tool reading the cut would.
func readsWhole(f io.ReaderAt, ix genindex.Index, first, last int) (read, error) {
	s := reader.Span{Off: ix.Generations[first].Offset, End: ix.Generations[last].End}
	r := read{first: -1}
	info, err := reader.ReadSpans(f, []reader.Span{s}, 1, func(ev *reader.Event) bool {
		t := int64(ev.Now)
		if r.first < 0 {
			r.first = t
		}
		if ev.Kind() == trace.EventSync {
			// A Sync opens each generation, and one more ends the last.
			r.gens = append(r.gens, span{-1, -1})
			return true
		}
		if g := &r.gens[len(r.gens)-1]; g.first < 0 {
			g.first, g.last = t, t
		} else {
			g.last = t
		}
		return true
	})
	switch {
	case err != nil:
		return read{}, err
	case info.Partial:
		return read{}, info.Err
	case r.first < 0:
		return read{}, errors.New("no event")
	}
	r.last = int64(info.Last)
	r.gens = r.gens[:min(len(r.gens), last-first+1)]
	return r, nil
}

// holding returns the first and last of gens (indexes) whose events fall in
// [from, to]; all of them when none does.
func holding(gens []span, from, to int64) (a, b int) {
	a, b = -1, -1
	for i, g := range gens {
		if g.first >= 0 && g.first <= to && g.last >= from {
			if a < 0 {
				a = i
			}
			b = i
		}
	}
	if a < 0 {
		return 0, len(gens) - 1
	}
	return a, b
}
