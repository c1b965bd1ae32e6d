package analyze

import (
	"cmp"
	"slices"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
)

// beforeTrace is the cause reported for starved goroutines: they became
// runnable before the trace began, so why is not in the trace.
const beforeTrace = "before_trace"

// openWaits reports the goroutines still Runnable at the end of the trace.
// Their waits are lower bounds; without them the goroutines starved longest
// would vanish from the report (they never produce a sample).
func (a *analyzer) openWaits() output.OpenWaits {
	ow := output.OpenWaits{ByCause: map[string]output.OpenWaitCause{}, Goroutines: []output.OpenWait{}}
	var all []output.OpenWait
	for id, x := range a.gs.all() {
		w, ok := x.sched.Open()
		if !ok {
			continue
		}
		since := w.Since
		cause := beforeTrace
		if w.Starved {
			since = a.t0 // runnable since before its first event, i.e. the trace start
			ow.Starved++
		} else {
			cause = w.Cause.String()
		}
		lb := float64(a.end-since) / 1e9
		all = append(all, output.OpenWait{G: int64(id), StartFunc: x.startFunc, Cause: cause,
			RunnableSinceS: a.secs(since), LowerBoundS: lb, Starved: w.Starved})
		c := ow.ByCause[cause]
		c.Count++
		c.MaxLowerBoundS = max(c.MaxLowerBoundS, lb)
		ow.ByCause[cause] = c
		ow.MaxLowerBoundS = max(ow.MaxLowerBoundS, lb)
	}
	ow.Count = uint64(len(all))
	slices.SortFunc(all, func(p, q output.OpenWait) int {
		return cmp.Or(cmp.Compare(q.LowerBoundS, p.LowerBoundS), cmp.Compare(p.G, q.G))
	})
	ow.Goroutines = append(ow.Goroutines, all[:min(len(all), output.MaxOpenWaitsListed)]...)
	ow.Listed = len(ow.Goroutines)
	return ow
}
