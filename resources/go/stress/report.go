package stress

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Config is the "config" object of result.json.
type Config struct {
	Concurrency      int      `json:"concurrency"`
	DurationS        float64  `json:"duration_s"`
	WarmupS          float64  `json:"warmup_s"`
	MetricsIntervalS float64  `json:"metrics_interval_s"`
	Capture          []string `json:"capture"`
}

// Artifact names a file written next to result.json.
type Artifact struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

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
	// Child is set by the parent of a fresh-process scenario when it wrote this
	// file itself (the child crashed, timed out or was a ChildMain scenario).
	Child *ChildExit `json:"child,omitempty"`
}

// Failed reports whether the run has errors.
func (r *Report) Failed() bool { return len(r.Errors) > 0 }

func (r *StressRunner) baseReport(s Scenario, params map[string]string, started time.Time) *Report {
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
	for _, l := range r.cfg.labels {
		rep.Labels[l[0]] = l[1]
	}
	capture := append([]string{}, r.cfg.profiles...)
	if r.cfg.tracePath != "" {
		capture = append(capture, "trace")
	}
	if r.cfg.flightCapture {
		capture = append(capture, "flight")
	}
	rep.Config = Config{
		Concurrency:      r.cfg.concurrency,
		DurationS:        r.cfg.duration.Seconds(),
		WarmupS:          r.cfg.warmup.Seconds(),
		MetricsIntervalS: r.cfg.metricsInterval.Seconds(),
		Capture:          capture,
	}
	if a := r.PprofAddr(); a != "" {
		rep.PprofAddr = &a
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
		return err
	}
	return os.Rename(tmp, path)
}

// sortedKeys is a helper for stable output.
func sortedKeys(m map[string]string) []string {
	k := make([]string, 0, len(m))
	for x := range m {
		k = append(k, x)
	}
	sort.Strings(k)
	return k
}
