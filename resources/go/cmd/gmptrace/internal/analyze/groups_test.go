package analyze

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goroutines"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
)

// Past output.MaxGroups the groups are summed in omitted, not listed.
func TestGroupsOutCaps(t *testing.T) {
	var in []*goroutines.Group
	for i := 0; i < output.MaxGroups+3; i++ {
		g := &goroutines.Group{StartFunc: fmt.Sprintf("main.f%d", i), Count: 2}
		g.Exec, g.SchedWait = int64(1e9), int64(5e8)
		g.Block = goroutines.Reasons{{Reason: "sync", NS: 2e9}}
		in = append(in, g)
	}
	out := groupsOut(in, nil, false, 10, 0.1)
	if len(out.Groups) != output.MaxGroups || out.Total != output.MaxGroups+3 {
		t.Fatalf("listed %d of %d", len(out.Groups), out.Total)
	}
	if o := out.Omitted; o.Groups != 3 || o.Goroutines != 6 || o.ExecS != 3 || o.SchedWaitS != 1.5 {
		t.Errorf("omitted %+v", o)
	}
	if g := out.Groups[0]; g.StartFunc != "main.f0" || g.ExecS != 1 || g.BlockS["sync"] != 2 || g.SchedLatency == nil || g.SchedLatency.Count != 0 {
		t.Errorf("first group %+v", g)
	}
	if out.WindowsNote != "" || out.Groups[0].Windows == nil || out.ProgramWindows == nil {
		t.Errorf("windows kept: note %q, windows %v", out.WindowsNote, out.Groups[0].Windows)
	}
	// Past the sample budget: no group has windows, and the note says why.
	dropped := groupsOut(in, nil, true, 10, 0.1)
	if dropped.WindowsNote == "" || dropped.Groups[0].Windows != nil || dropped.ProgramWindows != nil {
		t.Errorf("windows dropped: note %q, windows %v", dropped.WindowsNote, dropped.Groups[0].Windows)
	}
}

// The program's windows are judged by the trace windows' spike rule: above 3 × the lower median p99
// of the judged windows, the last window judged only when the trace's end left half of it or more.
func TestProgramWindowsSpike(t *testing.T) {
	ms := int64(1e6)
	var windows []goroutines.Window
	for i, p99 := range []int64{1 * ms, 2 * ms, 2 * ms, 7 * ms, 9 * ms} {
		windows = append(windows, goroutines.Window{Index: i * 2, Count: 3, P99: p99, Max: p99})
	}
	spiked := func(judgeLast bool) []int {
		var out []int
		for _, w := range programWindows(windows, 9, judgeLast) {
			if w.spike {
				out = append(out, w.Index)
			}
		}
		return out
	}
	if got := spiked(true); !slices.Equal(got, []int{6, 8}) {
		t.Errorf("judged whole: spikes at windows %v, want 6 and 8 (above 3 × 2 ms)", got)
	}
	// Window 8 is the last of 9, cut by the trace's end: not judged, and not in the median.
	if got := spiked(false); !slices.Equal(got, []int{6}) {
		t.Errorf("the last window cut: spikes at windows %v, want 6", got)
	}
	if out := groupsOut(nil, programWindows(windows, 9, true), false, 9, 0.1); !out.ProgramWindows[3].Spike || out.ProgramWindows[2].Spike {
		t.Errorf("program_windows: %+v", out.ProgramWindows)
	}
}
