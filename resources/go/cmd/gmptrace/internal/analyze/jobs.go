package analyze

import (
	"runtime"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
)

// MemBudget is the memory DefaultJobs plans for (bytes) unless told less.
const MemBudget = 1 << 30

// processBase is what the process needs whatever the trace (runtime, output
// aggregates), measured beside the per-byte costs below.
const processBase = 25 << 20

// Cost per trace byte: the parser of a generation holds about parsingCost ×
// its bytes while it parses; a generation parsed ahead also keeps its
// decoded records (48 bytes each, about one per 5.5 trace bytes) until its
// turn. Measured on a 100 MB trace of 16 generations (~6 MB each, the first
// 10 MB): peak RSS about 50, 120–130 and 230–255 MiB at -j 1, 2 and 4, which
// this estimate (plus the ~25 MiB the process needs anyway) follows. Since
// the parser holds batches at their own size (reader.batchEndReader), on a
// 150 MB trace whose largest generation is 73 MB: 131–139 MB at -j 1
// (estimate 171 MB), 363–394 MB at -j 2 (estimate 419 MB;
// bench/gmptrace/RESULTS.md has the sitting's rounds).
const (
	parsingCost = 2
	aheadCost   = 13
)

// DefaultJobs is the number of generations parsed at once: one per CPU.
// Parsing and decoding, done by each generation's own parser, are most of
// the work; the analysis that consumes the records in order needs about a
// third of a parser's time, so it fits beside them. Fewer when the worst
// run of generations parsed together would exceed budget; at least one,
// and never more than there are generations.
func DefaultJobs(ix genindex.Index, budget int64) int {
	j := min(max(1, runtime.NumCPU()), max(1, len(ix.Generations)))
	for ; j > 1; j-- {
		if PeakEstimate(ix, j) <= budget {
			break
		}
	}
	return j
}

// PeakEstimate is the memory estimate of parsing j generations at once: the
// worst window of j consecutive generations, plus what the process needs
// anyway: above the peaks measured (see the costs), as a warning should be.
func PeakEstimate(ix genindex.Index, j int) int64 {
	var worst int64
	gens := ix.HeldGenerations() // a cut generation's parser holds what is before the cut
	for i := range gens {
		worst = max(worst, windowEstimate(gens, i, j))
	}
	return worst + processBase
}

// windowEstimate is the memory estimate while generation i is consumed and
// the j−1 after it are parsed ahead.
func windowEstimate(gens []genindex.Generation, i, j int) int64 {
	if i < 0 || i >= len(gens) {
		return 0
	}
	est := parsingCost * (gens[i].End - gens[i].Offset)
	for k := i + 1; k < len(gens) && k < i+j; k++ {
		est += aheadCost * (gens[k].End - gens[k].Offset)
	}
	return est
}

// startedAt is the wall-clock time of the trace's first event, placed by the
// first clock snapshot (Go 1.25+), in UTC to the nanosecond; "" without one.
func (a *analyzer) startedAt() string {
	if a.index == nil || !a.started {
		return ""
	}
	for _, g := range a.index.Generations {
		if g.Clock != nil && g.NsPerTick != 0 {
			sinceStart := time.Duration(g.Time(g.Clock.Tick) - int64(a.t0))
			at := g.Clock.Wall.Add(-sinceStart).UTC()
			if at.Year() < 1970 || at.Year() > 9999 { // a forged snapshot: RFC 3339 has 4-digit years
				return ""
			}
			return at.Format(time.RFC3339Nano)
		}
	}
	return ""
}

// indexOut is the generation index for analysis.json, times in seconds from
// the trace's first event.
func (a *analyzer) indexOut() *output.Index {
	if a.index == nil {
		return nil
	}
	out := &output.Index{HeaderBytes: genindex.HeaderLen, Complete: a.index.Complete, Generations: []output.Generation{}}
	for _, g := range a.index.Generations {
		out.Generations = append(out.Generations, output.Generation{
			Gen: g.Gen, Offset: g.Offset, End: g.End, Batches: len(g.Batches),
			StartS:     a.secs(trace.Time(g.Time(g.MinTick))),
			LastBatchS: a.secs(trace.Time(g.Time(g.MaxTick))),
		})
	}
	return out
}
