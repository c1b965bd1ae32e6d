// Package output defines analysis.json (PROTOCOL.md §3.1, schema 1) and writes it.
package output

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/quantile"
)

const Schema = 1

type Analysis struct {
	Schema       int                `json:"schema"`
	Meta         Meta               `json:"meta"`
	SchedLatency SchedLatency       `json:"sched_latency"`
	Windows      []Window           `json:"windows"`
	Goroutines   []GoroutineSample  `json:"goroutines"`
	Procs        []Proc             `json:"procs"`
	RunLength    *Hist              `json:"run_length"`
	STW          []STW              `json:"stw"`
	GC           GC                 `json:"gc"`
	Syscalls     Syscalls           `json:"syscalls"`
	Blocking     map[string]float64 `json:"blocking"`
	Profiles     []ProfileRef       `json:"profiles"`
	// Additive: where each generation lies in the file (absent when the
	// trace could not be indexed: formats before Go 1.22, standard input).
	Index *Index `json:"index,omitempty"`
	// Additive (groups.go): goroutines by start function, user annotations.
	GoroutineGroups *GoroutineGroups `json:"goroutine_groups,omitempty"`
	UserAnnotations *UserAnnotations `json:"user_annotations,omitempty"`
	// Additive: the minimum mutator utilisation curve (absent when the trace
	// never says GOMAXPROCS).
	MMU *MMU `json:"mmu,omitempty"`
}

// MMU is the minimum mutator utilisation curve, one point per window size
// (internal/mmu, README "Minimum mutator utilisation").
type MMU struct {
	// Flags: what counts as GC work ("stw", "background", "assist", "sweep").
	Flags  []string   `json:"flags"`
	Points []MMUPoint `json:"points"`
}

type MMUPoint struct {
	WindowS float64 `json:"window_s"`
	MMU     float64 `json:"mmu"`
	// WorstAtS: where the worst window of this size begins, seconds from the
	// trace's first event.
	WorstAtS float64 `json:"worst_at_s"`
	// Err bounds |mmu − exact value| (0: exact).
	Err float64 `json:"err"`
}

// Index is the generation index: one entry per complete generation, in file
// order, found from batch headers alone.
type Index struct {
	HeaderBytes int          `json:"header_bytes"`
	Complete    bool         `json:"complete"` // false: a cut or corrupt tail follows the last entry
	Generations []Generation `json:"generations"`
}

type Generation struct {
	Gen     uint64 `json:"gen"`
	Offset  int64  `json:"offset"` // bytes [offset, end) of the file
	End     int64  `json:"end"`
	Batches int    `json:"batches"`
	// StartS: its earliest batch timestamp (no event of it is earlier);
	// LastBatchS: its latest batch timestamp (events of that batch follow
	// it). Seconds from the trace's first event; negative when before it.
	StartS     float64 `json:"start_s"`
	LastBatchS float64 `json:"last_batch_s"`
}

type GoMaxProcs struct {
	T float64 `json:"t"`
	N uint64  `json:"n"`
}

type Meta struct {
	GoVersion  string       `json:"go_version"`
	DurationS  float64      `json:"duration_s"`
	Events     uint64       `json:"events"`
	Partial    bool         `json:"partial"`
	GoMaxProcs []GoMaxProcs `json:"gomaxprocs"`
	WindowS    float64      `json:"window_s"`
	// Additive (PROTOCOL.md §3.1): generations fully read, and the reason a
	// partial trace stopped.
	Generations int    `json:"generations"`
	Error       string `json:"error,omitempty"`
	// StartedAt is the wall-clock time of the trace's first event (RFC 3339,
	// UTC), from its first clock snapshot: Go 1.25+ traces; absent before.
	StartedAt string `json:"started_at,omitempty"`
}

// Bin marshals as [lo, hi, n] with null for ±Inf.
type Bin struct {
	Lo, Hi *float64
	N      uint64
}

func (b Bin) MarshalJSON() ([]byte, error) { return json.Marshal([]any{b.Lo, b.Hi, b.N}) }

func (b *Bin) UnmarshalJSON(data []byte) error {
	var v []json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	if len(v) != 3 {
		return fmt.Errorf("bin: want [lo, hi, n], got %d elements", len(v))
	}
	if err := json.Unmarshal(v[0], &b.Lo); err != nil {
		return err
	}
	if err := json.Unmarshal(v[1], &b.Hi); err != nil {
		return err
	}
	return json.Unmarshal(v[2], &b.N)
}

// Hist is PROTOCOL.md §2.1 plus exact summary statistics.
type Hist struct {
	Unit  string  `json:"unit"`
	Count uint64  `json:"count"`
	Bins  []Bin   `json:"bins"`
	SumS  float64 `json:"sum_s"`
	// Quantiles are absent when Count is 0 (PROTOCOL.md §2.1).
	P50  *float64 `json:"p50,omitempty"`
	P90  *float64 `json:"p90,omitempty"`
	P99  *float64 `json:"p99,omitempty"`
	P999 *float64 `json:"p999,omitempty"`
	Max  *float64 `json:"max,omitempty"`
	// Additive: smallest sample, and the worst relative error of the
	// quantiles (0 = exact order statistics).
	Min    *float64 `json:"min,omitempty"`
	RelErr float64  `json:"rel_err"`
}

// Q returns a quantile field's value (0 when absent).
func Q(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// Seconds gives nanoseconds in the seconds every duration of analysis.json is in.
func Seconds(ns int64) float64 { return float64(ns) / 1e9 }

func psecs(ns int64) *float64 { f := Seconds(ns); return &f }

// FirstLine is an error's text cut to its first line, trimmed: meta.error of analysis.json and
// gmptrace's one-line error on stderr (PROTOCOL.md §3) hold one line.
func FirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// MakeHist builds a Hist from an exact distribution and its runtime-layout bins.
func MakeHist(d *quantile.Dist, th *quantile.TimeHist) *Hist {
	h := &Hist{Unit: "s", Count: d.Count(), Bins: []Bin{}}
	for _, b := range th.Bins() {
		h.Bins = append(h.Bins, Bin{Lo: b.Lo, Hi: b.Hi, N: b.N})
	}
	if d.Count() == 0 {
		return h
	}
	h.SumS = Seconds(d.Sum())
	h.P50 = psecs(d.Quantile(0.5))
	h.P90 = psecs(d.Quantile(0.9))
	h.P99 = psecs(d.Quantile(0.99))
	h.P999 = psecs(d.Quantile(0.999))
	h.Max = psecs(d.Max())
	h.Min = psecs(d.Min())
	if !d.Exact() {
		h.RelErr = quantile.RelErr
	}
	return h
}

type SchedLatency struct {
	All     *Hist            `json:"all"`
	ByCause map[string]*Hist `json:"by_cause"`
	// Additive: the same of the program's goroutines alone, the runtime's own
	// (GC workers, sweeper, scavenger, tracer: sched.RuntimeOwned) left out.
	Program        *Hist            `json:"program"`
	ProgramByCause map[string]*Hist `json:"program_by_cause"`
	// Additive: waits dropped because their start is unknown (the goroutine
	// was already runnable when the trace began), measured from first sight.
	UnknownStart struct {
		Count uint64  `json:"count"`
		SumS  float64 `json:"sum_s"`
	} `json:"unknown_start"`
	// Additive: definition of a spike window, and what this trace's windows
	// were judged against by it (absent when no judged window has samples).
	SpikeRule string    `json:"spike_rule"`
	SpikeBar  *SpikeBar `json:"spike_bar,omitempty"`
	// Additive: waits still open when the trace ended (lower bounds, not
	// samples of All or ByCause).
	OpenWaits OpenWaits `json:"open_waits"`
}

// SpikeBar: the median p99 of the judged windows with samples, and the p99 a
// window had to pass to spike (the larger of 3 × that median and 100 µs).
type SpikeBar struct {
	MedianP99S float64 `json:"median_p99_s"`
	ThresholdS float64 `json:"threshold_s"`
}

// OpenWaits are the goroutines still Runnable when the trace ended: their
// waits have no end, so each length is a lower bound (end of trace − start
// of the wait) and none is a sample of the closed-wait distribution.
type OpenWaits struct {
	Count uint64 `json:"count"`
	// Starved counts goroutines runnable for the whole trace: runnable when
	// it began and never run before it ended.
	Starved uint64 `json:"starved"`
	// MaxLowerBoundS is the longest open wait (0 when Count is 0).
	MaxLowerBoundS float64 `json:"max_lower_bound_s"`
	// ByCause: count and longest open wait per cause; "before_trace" holds
	// the starved goroutines (their cause predates the trace).
	ByCause map[string]OpenWaitCause `json:"by_cause"`
	// Goroutines, longest wait first (ties by id), at most MaxOpenWaitsListed;
	// Listed < Count says the list was cut.
	Goroutines []OpenWait `json:"goroutines"`
	Listed     int        `json:"listed"`
}

// MaxOpenWaitsListed caps OpenWaits.Goroutines (counts stay exact).
const MaxOpenWaitsListed = 1000

type OpenWaitCause struct {
	Count          uint64  `json:"count"`
	MaxLowerBoundS float64 `json:"max_lower_bound_s"`
}

type OpenWait struct {
	G         int64  `json:"g"`
	StartFunc string `json:"start_func"` // "" when no stack of the goroutine was seen
	Cause     string `json:"cause"`
	// RunnableSinceS: seconds from the trace's first event (0 when starved).
	RunnableSinceS float64 `json:"runnable_since_s"`
	LowerBoundS    float64 `json:"lower_bound_s"`
	Starved        bool    `json:"starved"`
}

type Window struct {
	T     float64 `json:"t"`
	Count uint64  `json:"count"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
	Spike bool    `json:"spike"`
}

type GoroutineSample struct {
	T        float64 `json:"t"`
	Running  int64   `json:"running"`
	Runnable int64   `json:"runnable"`
	Waiting  int64   `json:"waiting"`
	Syscall  int64   `json:"syscall"`
	// Additive: most goroutines runnable at once during the window.
	RunnableMax int64 `json:"runnable_max"`
}

type Proc struct {
	P    int64     `json:"p"`
	Util []float64 `json:"util"`
}

type STW struct {
	T         float64 `json:"t"`
	DurationS float64 `json:"duration_s"`
	Reason    string  `json:"reason"`
}

type Span struct {
	T         float64 `json:"t"`
	DurationS float64 `json:"duration_s"`
}

type GC struct {
	Cycles      int     `json:"cycles"`
	MarkAssistS float64 `json:"mark_assist_s"`
	Spans       []Span  `json:"spans"`
	// Additive: number of mark-assist ranges.
	MarkAssists uint64 `json:"mark_assists"`
}

type Syscalls struct {
	Count      uint64  `json:"count"`
	TimeS      float64 `json:"time_s"`
	LostP      uint64  `json:"lost_p"`
	LostPTimeS float64 `json:"lost_p_time_s"`
}

type ProfileRef struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Write encodes a as one compact JSON document.
func Write(w io.Writer, a *Analysis) error {
	enc := json.NewEncoder(w)
	return enc.Encode(a)
}
