package analyze

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goroutines"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/output"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/regions"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/sched"
)

// judgedWindow is a window with whether it spikes.
type judgedWindow struct {
	goroutines.Window
	spike bool
}

// programWindows judges the program's windows (those with samples, of nwin)
// by the rule every goroutine's are judged by, the last one only when the
// trace's end left it half a window or more (judgeLast).
func programWindows(windows []goroutines.Window, nwin int, judgeLast bool) []judgedWindow {
	counts, p99s := make([]uint64, len(windows)), make([]int64, len(windows))
	judged := 0
	for i, w := range windows {
		counts[i], p99s[i] = w.Count, w.P99
		if w.Index < nwin-1 || judgeLast {
			judged++
		}
	}
	spikes, _ := sched.Spikes(counts, p99s, judged)
	out := make([]judgedWindow, len(windows))
	for i, w := range windows {
		out[i] = judgedWindow{w, spikes[i]}
	}
	return out
}

// groupsOut lists the largest output.MaxGroups groups (they come sorted)
// and sums the rest. Each group's latency windows, and the program's
// (program, judged), are the trace's nwin windows of windowS seconds, as
// "windows".
func groupsOut(groups []*goroutines.Group, program []judgedWindow, windowsDropped bool, nwin int, windowS float64) *output.GoroutineGroups {
	out := &output.GoroutineGroups{Groups: []output.GoroutineGroup{}, Total: len(groups), ProgramWindows: windowsOut(program, windowsDropped, windowS)}
	if windowsDropped {
		out.WindowsNote = fmt.Sprintf("per-window latency of the groups and of the program's goroutines left out: more than %d samples were held in windows still open (a goroutine that ran stayed without a stack for long)", goroutines.WindowSampleBudget)
	}
	for i, g := range groups {
		if i >= output.MaxGroups {
			out.Omitted.Groups++
			out.Omitted.Goroutines += g.Count
			out.Omitted.ExecS += output.Seconds(g.Exec)
			out.Omitted.SchedWaitS += output.Seconds(g.SchedWait)
			continue
		}
		block := map[string]float64{}
		for _, r := range g.Block {
			block[r.Reason] = output.Seconds(r.NS)
		}
		out.Groups = append(out.Groups, output.GoroutineGroup{
			StartFunc:     g.StartFunc,
			Count:         g.Count,
			ExecS:         output.Seconds(g.Exec),
			SchedWaitS:    output.Seconds(g.SchedWait),
			BlockS:        block,
			SyscallS:      output.Seconds(g.Syscall),
			SyscallBlockS: output.Seconds(g.SyscallBlock),
			GCAssistS:     output.Seconds(g.Assist),
			TotalS:        output.Seconds(g.Total),
			SchedLatency:  output.MakeHist(&g.Latency, &g.LatencyHist),
			Windows:       windowsOut(unjudged(g.Windows(nwin)), windowsDropped, windowS),
		})
	}
	return out
}

// unjudged are a group's windows, which no spike rule judges.
func unjudged(windows []goroutines.Window) []judgedWindow {
	out := make([]judgedWindow, len(windows))
	for i, w := range windows {
		out[i] = judgedWindow{Window: w}
	}
	return out
}

func windowsOut(windows []judgedWindow, dropped bool, windowS float64) []output.GroupWindow {
	if dropped {
		return nil
	}
	out := []output.GroupWindow{}
	for _, w := range windows {
		out = append(out, output.GroupWindow{T: float64(w.Index) * windowS, Count: w.Count, P99: output.Seconds(w.P99), Max: output.Seconds(w.Max), Spike: w.spike})
	}
	return out
}

func annotationsOut(r regions.Result) *output.UserAnnotations {
	out := &output.UserAnnotations{Regions: []output.RegionType{}, Tasks: []output.TaskType{}, Logs: []output.LogCount{}, Dropped: r.Dropped}
	for _, s := range r.Regions {
		out.Regions = append(out.Regions, output.RegionType{
			Type: s.Type, Count: s.Count, Incomplete: s.Incomplete,
			Duration:     output.MakeHist(&s.Duration, &s.DurHist),
			SchedLatency: output.MakeHist(&s.Latency, &s.LatencyHist),
		})
	}
	for _, s := range r.Tasks {
		out.Tasks = append(out.Tasks, output.TaskType{
			Type: s.Type, Count: s.Count, Incomplete: s.Incomplete,
			Duration: output.MakeHist(&s.Duration, &s.DurHist),
		})
	}
	for c, n := range r.Logs {
		out.Logs = append(out.Logs, output.LogCount{Category: c, Count: n})
	}
	slices.SortFunc(out.Logs, func(a, b output.LogCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Category, b.Category)
	})
	return out
}
