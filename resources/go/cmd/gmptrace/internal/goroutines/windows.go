package goroutines

import (
	"slices"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/quantile"
)

// WindowSampleBudget bounds the latency samples kept for the groups'
// per-window series (8 bytes each): past it the series are dropped, and the
// output says so, rather than the memory growing with the trace.
const WindowSampleBudget = 1 << 22

// windowLog is one group's scheduler-latency samples by analysis window,
// windows ascending. A goroutine named late (by a later stack) brings its
// earlier samples with their windows, so an older window can still grow;
// the quantiles are taken once, at the end.
type windowLog struct {
	idx     []int32
	samples [][]int64
}

func (l *windowLog) add(w int32, d int64) {
	n := len(l.idx)
	if n > 0 && l.idx[n-1] == w {
		l.samples[n-1] = append(l.samples[n-1], d)
		return
	}
	i, found := slices.BinarySearch(l.idx, w)
	if found {
		l.samples[i] = append(l.samples[i], d)
		return
	}
	l.idx = slices.Insert(l.idx, i, w)
	l.samples = slices.Insert(l.samples, i, []int64{d})
}

// Window is one analysis window of a group's scheduler latency, with the
// statistics the program's own windows have (sched.Window), in ns.
type Window struct {
	Index    int
	Count    uint64
	P99, Max int64
}

// Windows are the group's non-empty windows below limit, ascending; nil when
// the trace's samples went past WindowSampleBudget.
func (grp *Group) Windows(limit int) []Window {
	if grp.windows == nil {
		return nil
	}
	out := make([]Window, 0, len(grp.windows.idx))
	var d quantile.Dist
	for i, w := range grp.windows.idx {
		if int(w) >= limit {
			break
		}
		d.Reset()
		for _, s := range grp.windows.samples[i] {
			d.Add(s)
		}
		out = append(out, Window{Index: int(w), Count: d.Count(), P99: d.Quantile(0.99), Max: d.Max()})
	}
	return out
}
