package timeline

import "golang.org/x/exp/trace"

// Window is window.json (schema 1): what ran in [from_s, to_s] of a trace.
// Times are seconds from the trace's first event; spans are clipped to the
// window. Stacks are indexes into Stacks (0 = no stack).
type Window struct {
	Schema int     `json:"schema"`
	FromS  float64 `json:"from_s"`
	ToS    float64 `json:"to_s"`
	// Generations lists the generations parsed (numbers from the trace);
	// empty when the trace could not be indexed and was read from its start.
	Generations []uint64 `json:"generations"`

	Procs      []Proc      `json:"procs"`
	Goroutines []Goroutine `json:"goroutines"`
	Unblocks   []Unblock   `json:"unblocks"`
	RunQueue   []Depth     `json:"run_queue"`
	Ranges     []Range     `json:"ranges"`
	Sweeps     []Range     `json:"sweeps"`
	Syscalls   []Syscall   `json:"syscalls"`
	Regions    []Region    `json:"regions"`
	Tasks      []Task      `json:"tasks"`
	Stacks     [][]string  `json:"stacks"`

	// LongestWaits are the window's longest Runnable→Running waits that
	// began and ended in it (at most MaxLongestWaits, longest first; ties:
	// earlier, then lower goroutine id), and OpenWaits the waits begun in it
	// and not over at its end: both from every transition in the window,
	// whatever the cap left out of Goroutines (a busy spike's range holds
	// more transitions than the cap, and its longest waits tend to be late).
	LongestWaits []Wait `json:"longest_waits"`
	OpenWaits    int    `json:"open_waits"`

	// Truncated: entries left out per list once it reached the cap.
	Truncated map[string]uint64 `json:"truncated"`
	// KeptUntil: for each list that reached the cap and left something out,
	// its cut (seconds, as the spans): the list holds everything of the
	// window before it. Lists grow as items end, so slices, syscalls and
	// ranges under way at the cut are kept up to it (past the cap by at most
	// one per P, goroutine in a syscall or open range); regions and tasks
	// ending after it are left out. PROTOCOL.md §3.2.
	KeptUntil map[string]float64 `json:"kept_until_s"`
	Notes     []string           `json:"notes"`

	// TraceEndS is the trace's last event when the trace ends inside the
	// window (a note says so too): nothing is known past it, and every span
	// still open was closed there.
	TraceEndS *float64 `json:"trace_end_s,omitempty"`

	// Resumed says the reading resumed from a checkpoint (checkpoints.go):
	// how the window was read, not what it holds, so not in window.json.
	Resumed bool `json:"-"`
}

// Proc is one P's goroutine slices, in time order.
type Proc struct {
	P      int64   `json:"p"`
	Slices []Slice `json:"slices"`
}

// Slice is a goroutine running on a P. Stop says why it stopped: the
// reason of a Running→Runnable transition ("preempted", …), "blocked: " and
// the block reason, "syscall", "exited", "window end", or, for a slice the
// cap cut short, "cap reached: not kept past here".
type Slice struct {
	G         int64   `json:"g"`
	StartFunc string  `json:"start_func"`
	BeginS    float64 `json:"begin_s"`
	EndS      float64 `json:"end_s"`
	Stop      string  `json:"stop"`
}

// Goroutine is one goroutine with a transition in the window.
type Goroutine struct {
	G           int64        `json:"g"`
	StartFunc   string       `json:"start_func"`
	StateAtFrom string       `json:"state_at_from"`
	Transitions []Transition `json:"transitions"`
}

// Transition is a state change. Stack is the event's: the goroutine's own
// when it stops, the unblocker's when it is woken, the creator's when created.
type Transition struct {
	TS     float64 `json:"t"`
	From   string  `json:"from"`
	To     string  `json:"to"`
	Reason string  `json:"reason,omitempty"`
	Stack  int     `json:"stack"`
}

// Wait is a Runnable→Running wait of goroutine G. From, Reason and Stack
// are those of its transition to Runnable (the unblocker's stack when woken,
// the creator's when created, its own when it stopped running); OwnStopStack
// is the stack of its last stop from Running in the window before the wait
// (0: none), where a woken goroutine had blocked; By is the goroutine that
// woke or created it (-1: none), only for a wait from Waiting or NotExist.
// P is the P it got (-1: none); PsBusyS the P-time spent running goroutines
// while it waited (every slice's, whatever the cap left out); After the slice
// that ran last on P, in the window (nil: P ran nothing in the window before).
type Wait struct {
	G            int64   `json:"g"`
	StartFunc    string  `json:"start_func"`
	BeginS       float64 `json:"begin_s"`
	EndS         float64 `json:"end_s"`
	From         string  `json:"from"`
	Reason       string  `json:"reason,omitempty"`
	Stack        int     `json:"stack"`
	OwnStopStack int     `json:"own_stop_stack"`
	By           *int64  `json:"by"`
	P            int64   `json:"p"`
	PsBusyS      float64 `json:"ps_busy_s"`
	After        *Ran    `json:"after"`

	// The wait in nanoseconds while the window is built: its span, and
	// the Ps' busy time in it, which a late status can still raise.
	begin, end trace.Time
	busy       int64
}

// Ran is the slice that ran last on a P before a wait ended there:
// goroutine G, until EndS, and why it stopped (as Slice.Stop).
type Ran struct {
	G         int64   `json:"g"`
	StartFunc string  `json:"start_func"`
	EndS      float64 `json:"end_s"`
	Stop      string  `json:"stop"`
}

// Unblock is an edge: goroutine By (-1: none, e.g. the runtime on a bare M)
// made G runnable, at Stack: woke it, or created it (Created).
type Unblock struct {
	TS      float64 `json:"t"`
	G       int64   `json:"g"`
	By      int64   `json:"by"`
	Stack   int     `json:"stack"`
	Created bool    `json:"created,omitempty"`
}

// Depth is the number of runnable goroutines (the run-queue depth) from TS on.
type Depth struct {
	TS       float64 `json:"t"`
	Runnable int     `json:"runnable"`
}

// Range is a runtime range: GC phases, stop-the-world, mark assist (Ranges),
// or a P's incremental sweep (Sweeps). Scope is "global", "g N" or "p N".
type Range struct {
	Name   string  `json:"name"`
	Scope  string  `json:"scope"`
	BeginS float64 `json:"begin_s"`
	EndS   float64 `json:"end_s"`
}

// Syscall is a goroutine's time in a syscall, clipped to the window; a
// goroutine in one throughout shows nowhere else, so it is named here. P
// is the P it entered the syscall holding, and held in the window (-1:
// none, none known, or none left by the window's start); it held that P,
// which ran nothing else meanwhile, until PUntilS (BeginS when P is -1),
// when the P was taken or the syscall ended.
type Syscall struct {
	G         int64   `json:"g"`
	StartFunc string  `json:"start_func"`
	BeginS    float64 `json:"begin_s"`
	EndS      float64 `json:"end_s"`
	P         int64   `json:"p"`
	PUntilS   float64 `json:"p_until_s"`
}

// Region is a user region (runtime/trace.StartRegion) with a begin or an
// end in the window.
type Region struct {
	G      int64   `json:"g"`
	Task   uint64  `json:"task"`
	Type   string  `json:"type"`
	BeginS float64 `json:"begin_s"`
	EndS   float64 `json:"end_s"`
}

// Task is a user task (runtime/trace.NewTask) with a begin or an end in the
// window.
type Task struct {
	ID     uint64  `json:"id"`
	Parent uint64  `json:"parent"`
	Type   string  `json:"type"`
	BeginS float64 `json:"begin_s"`
	EndS   float64 `json:"end_s"`
}
