package analyze

import (
	"fmt"
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
