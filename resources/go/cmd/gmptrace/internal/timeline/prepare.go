// Checkpoints made ahead of the first query (gmptrace checkpoints).

package timeline

import (
	"fmt"
	"math"

	"golang.org/x/exp/trace"
)

// DefaultPrepareAbove: Prepare saves checkpoints for the windows of a
// generation whose query reads more bytes than this, about 1.7 s of reading
// on the machine of bench/gmptrace (a window's goal is 3 s). A busy trace of
// ordinary generations (some 50 MB a second at most) reads less, and is left
// alone: preparing it would read it twice for little.
const DefaultPrepareAbove = 128 << 20

// PrepareOptions are Prepare's; the zero value gives the defaults.
type PrepareOptions struct {
	Every int64 // events between two checkpoints (≤ 0: DefaultCheckpointEvery)
	Above int64 // bytes a window's reading must pass to get checkpoints (≤ 0: DefaultPrepareAbove)
}

// Prepared says what Prepare did.
type Prepared struct {
	Generations []uint64 // those whose windows got checkpoints
	Unreadable  []uint64 // those whose windows' reading fails where it begins (their queries read from the trace's start)
	Points      int      // checkpoints the file holds
}

// Prepare fills the checkpoint file path for the trace at path, so that the
// first window deep in a huge generation is as quick as a later one. A query
// of a window in generation k reads from a generation before it (the one
// genindex.Index.Span begins with); where that reading passes opt.Above
// bytes to k's end (k huge, or the one after a huge one), Prepare reads the
// same way, saving checkpoints to k's end, and the first statuses of the
// generation that reading begins with. A trace that needs none is left
// as it is; one that cannot be indexed (Go ≤ 1.21, not a trace, no whole
// generation) is an error.
func Prepare(path, file string, opt PrepareOptions) (Prepared, error) {
	var done Prepared
	if opt.Above <= 0 {
		opt.Above = DefaultPrepareAbove
	}
	f, size, ix, ierr, err := openIndexed(path)
	if err != nil {
		return done, err
	}
	defer f.Close()
	if ierr != nil {
		return done, fmt.Errorf("%s: %w", path, ierr)
	}
	if len(ix.Generations) == 0 {
		// Cut inside its first generation, or junk after a header: a window reads it from the start.
		return done, fmt.Errorf("%s: no whole generation to checkpoint: %v", path, ix.Err)
	}
	g0 := ix.Generations[0]
	t0 := trace.Time(g0.Time(g0.MinTick))
	for k, g := range ix.Generations {
		inside := g.Time(g.MinTick) + 1 // a window's start inside k
		first, _, _ := ix.Span(inside, inside)
		if g.End-ix.Generations[first].Offset <= opt.Above {
			continue
		}
		// A window past everything: the reading saves checkpoints all the way to k's end.
		b := newBuilder(Options{Checkpoints: file, CheckpointEvery: opt.Every}, t0)
		b.from, b.to = math.MaxInt64, math.MaxInt64
		info, err := b.readGenerations(f, size, ix, first, k, ReaderOwn)
		if b.saveErr != nil {
			return done, b.saveErr
		}
		if err != nil || info.Partial {
			// Not readable from where its queries begin (a generation that needs the ones before it):
			// they read the trace again from its start, without checkpoints (Query).
			done.Unreadable = append(done.Unreadable, g.Gen)
			continue
		}
		done.Generations = append(done.Generations, g.Gen)
	}
	if cf, ok := openCheckpoints(file, idOf(size, ix)); ok {
		done.Points = len(cf.header.Points)
		cf.f.Close()
	}
	return done, nil
}
