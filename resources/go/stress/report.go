package stress

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config is the "config" object of result.json.
type Config struct {
	Concurrency int `json:"concurrency"`
	// ConcurrencyUsed is false for a scenario that ignores Concurrency.
	ConcurrencyUsed  bool     `json:"concurrency_used"`
	DurationS        float64  `json:"duration_s"`
	WarmupS          float64  `json:"warmup_s"`
	MetricsIntervalS float64  `json:"metrics_interval_s"`
	Capture          []string `json:"capture"`
}

// Artifact names a file written next to result.json.
type Artifact struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Covers is CoversWindow for a file of the measured window alone (the CPU
	// profile); empty for one of the whole run.
	Covers string `json:"covers,omitempty"`
}

// CoversWindow marks an artifact that covers the measured window alone.
const CoversWindow = "window"

// Report is result.json (PROTOCOL §2.2).
type Report struct {
	Schema      int                    `json:"schema"`
	Scenario    string                 `json:"scenario"`
	Params      map[string]string      `json:"params"`
	Labels      map[string]string      `json:"labels"`
	Config      Config                 `json:"config"`
	Provenance  Provenance             `json:"provenance"`
	Stopped     bool                   `json:"stopped"`
	WallS       float64                `json:"wall_s"`
	Ops         int64                  `json:"ops"`
	OpsPerS     float64                `json:"ops_per_s"`
	OpLatency   *HistJSON              `json:"op_latency"`
	Metrics     map[string]MetricValue `json:"metrics"`
	Unavailable []string               `json:"unavailable"`
	Artifacts   []Artifact             `json:"artifacts"`
	PprofAddr   *string                `json:"pprof_addr"`
	Errors      []string               `json:"errors"`
	// Values and Notes are what the scenario gave env.Report and env.Note in
	// the measured run (PROTOCOL.md §2.2).
	Values map[string]Value `json:"values"`
	Notes  []string         `json:"notes"`
	// GOMAXPROCS is the GOMAXPROCS that ran: configured, in force during the
	// window, and every change with its time. Absent in a report the parent
	// of a fresh-process child wrote.
	GOMAXPROCS *GOMAXPROCSReport `json:"gomaxprocs,omitempty"`
	// CPULimit is the CPU limit of the run's cgroup, watched as GOMAXPROCS is
	// (a scenario may set it). Absent without a readable cgroup, and in a
	// report the parent of a fresh-process child wrote.
	CPULimit *CPULimitReport `json:"cpu_limit,omitempty"`
	// Child is set by the parent of a fresh-process scenario when it wrote this
	// file itself (the child crashed, timed out or was a ChildMain scenario).
	Child *ChildExit `json:"child,omitempty"`
}

// Failed reports whether the run has errors.
func (r *Report) Failed() bool { return len(r.Errors) > 0 }

// newReport is the report of a run before anything ran: what was asked for and
// where. Run and the parent of a fresh-process child fill in the rest.
func newReport(cfg *config, s Scenario, params map[string]string, started time.Time) *Report {
	rep := &Report{
		Schema:      1,
		Scenario:    s.ID,
		Params:      params,
		Labels:      map[string]string{},
		Provenance:  CollectProvenance(started),
		Metrics:     map[string]MetricValue{},
		Unavailable: []string{},
		Artifacts:   []Artifact{},
		Errors:      []string{},
		Values:      map[string]Value{},
		Notes:       []string{},
	}
	if rep.Params == nil {
		rep.Params = map[string]string{}
	}
	for _, l := range cfg.labels {
		rep.Labels[l[0]] = l[1]
	}
	capture := cfg.captures()
	rep.Config = Config{
		Concurrency:      cfg.concurrency,
		ConcurrencyUsed:  !s.IgnoresConcurrency,
		DurationS:        cfg.duration.Seconds(),
		WarmupS:          cfg.warmup.Seconds(),
		MetricsIntervalS: cfg.metricsInterval.Seconds(),
		Capture:          capture,
	}
	return rep
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

func relName(dir, path string) string {
	if dir != "" {
		if rel, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return path
}

// WriteReport writes rep as indented JSON, atomically (temp file + rename).
func WriteReport(path string, rep *Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		// A write cut short (a full disk) leaves no half file beside the run's outputs.
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
