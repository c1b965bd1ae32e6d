package output

// GoroutineGroups is analysis.json's "goroutine_groups" (PROTOCOL.md §3.1):
// goroutines grouped by start function with the figures of `go tool trace`'s
// goroutine pages, plus each group's scheduler-latency distribution.
type GoroutineGroups struct {
	// Groups: the largest MaxGroups by exec_s + sched_wait_s, largest first.
	Groups []GoroutineGroup `json:"groups"`
	// Total is the number of groups in the trace; Omitted sums the rest.
	Total   int           `json:"total"`
	Omitted OmittedGroups `json:"omitted"`
	// WindowsNote says why the groups have no per-window latency (null
	// "windows", "program_windows"); empty when they have it.
	WindowsNote string `json:"windows_note"`
	// ProgramWindows: the samples of every group but the runtime's own
	// (sched_latency.program's population) by analysis window, as a group's
	// windows.
	ProgramWindows []GroupWindow `json:"program_windows"`
}

// MaxGroups caps GoroutineGroups.Groups.
const MaxGroups = 100

type OmittedGroups struct {
	Groups     int     `json:"groups"`
	Goroutines int     `json:"goroutines"`
	ExecS      float64 `json:"exec_s"`
	SchedWaitS float64 `json:"sched_wait_s"`
}

type GoroutineGroup struct {
	// StartFunc: outermost frame of the first stack seen for its goroutines
	// ("" when none was seen, as on the page).
	StartFunc  string  `json:"start_func"`
	Count      int     `json:"count"`
	ExecS      float64 `json:"exec_s"`
	SchedWaitS float64 `json:"sched_wait_s"`
	// BlockS: time blocked, by the runtime's reason string (verbatim).
	BlockS        map[string]float64 `json:"block_s"`
	SyscallS      float64            `json:"syscall_s"`
	SyscallBlockS float64            `json:"syscall_block_s"`
	GCAssistS     float64            `json:"gc_assist_s"`
	// TotalS: the goroutines' summed presence in the trace.
	TotalS float64 `json:"total_s"`
	// SchedLatency: the group's scheduler-latency samples, as sched_latency.all.
	SchedLatency *Hist `json:"sched_latency"`
	// Windows: the same samples by analysis window, as "windows" counts them
	// (only windows with samples; the groups' counts add up to each window's).
	Windows []GroupWindow `json:"windows"`
}

// GroupWindow is one analysis window [t, t + window_s) of a group, or of the
// program's goroutines: its samples' count, exact p99 (nearest rank, as a
// trace window's) and max; a program window also says whether it spikes, by
// the rule the trace's windows are judged by (absent: it does not).
type GroupWindow struct {
	T     float64 `json:"t"`
	Count uint64  `json:"count"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
	Spike bool    `json:"spike,omitempty"`
}

// UserAnnotations is analysis.json's "user_annotations": runtime/trace
// regions, tasks and logs.
type UserAnnotations struct {
	Regions []RegionType `json:"regions"`
	Tasks   []TaskType   `json:"tasks"`
	Logs    []LogCount   `json:"logs"`
	// Dropped: regions and tasks of types past the cap on distinct types.
	Dropped uint64 `json:"dropped"`
}

type RegionType struct {
	Type       string `json:"type"`
	Count      uint64 `json:"count"`
	Incomplete uint64 `json:"incomplete"`
	Duration   *Hist  `json:"duration"`
	// SchedLatency: latency samples of goroutines inside a region of this type.
	SchedLatency *Hist `json:"sched_latency"`
}

type TaskType struct {
	Type       string `json:"type"`
	Count      uint64 `json:"count"`
	Incomplete uint64 `json:"incomplete"`
	Duration   *Hist  `json:"duration"`
}

type LogCount struct {
	Category string `json:"category"`
	Count    uint64 `json:"count"`
}
