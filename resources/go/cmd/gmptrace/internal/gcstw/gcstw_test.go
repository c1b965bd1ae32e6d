package gcstw

import (
	"testing"

	"golang.org/x/exp/trace"
)

// Ranges are paired by their resource and kind: a stop-the-world pause, a
// mark phase and mark assists each counted and timed; a RangeActive (a range
// already open when the trace began) opens it once; an end without a begin
// and ranges of other names are ignored.
func TestRangesPairIntoPausesCyclesAndAssists(t *testing.T) {
	tr := New()
	proc := trace.MakeResourceID(trace.ProcID(0))
	g := trace.MakeResourceID(trace.GoID(7))
	stw := trace.Range{Name: "stop-the-world (GC sweep termination)", Scope: proc}
	mark := trace.Range{Name: "GC concurrent mark phase", Scope: trace.ResourceID{}}
	assist := trace.Range{Name: "GC mark assist", Scope: g}

	tr.Range(trace.EventRangeBegin, 100, stw)
	tr.Range(trace.EventRangeEnd, 160, stw)
	tr.Range(trace.EventRangeActive, 0, mark)
	tr.Range(trace.EventRangeActive, 10, mark) // already open: keeps the first start
	tr.Range(trace.EventRangeBegin, 200, assist)
	tr.Range(trace.EventRangeEnd, 230, assist)
	tr.Range(trace.EventRangeBegin, 300, assist)
	tr.Range(trace.EventRangeEnd, 310, assist)
	tr.Range(trace.EventRangeEnd, 500, mark)
	tr.Range(trace.EventRangeEnd, 600, stw)                                         // no begin: ignored
	tr.Range(trace.EventRangeBegin, 700, trace.Range{Name: "GC incremental sweep"}) // not tracked

	if tr.STWCount != 1 || len(tr.STW) != 1 || tr.STW[0] != (Span{100, 160, stw.Name}) {
		t.Errorf("STW: %d %v", tr.STWCount, tr.STW)
	}
	if tr.GCCycles != 1 || len(tr.GC) != 1 || tr.GC[0] != (Span{0, 500, mark.Name}) {
		t.Errorf("GC: %d %v", tr.GCCycles, tr.GC)
	}
	if tr.Assists != 2 || tr.AssistTime != 40 {
		t.Errorf("assists: %d, %d ns; want 2 and 40", tr.Assists, tr.AssistTime)
	}
	for name, want := range map[string]bool{stw.Name: true, mark.Name: true, assist.Name: true, "GC incremental sweep": false, "stop-the-world": false} {
		if Tracked(name) != want {
			t.Errorf("Tracked(%q) = %v", name, !want)
		}
	}
}
