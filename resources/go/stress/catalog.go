package stress

import (
	"encoding/json"
	"fmt"
)

// ListJSON is the -list -json document (PROTOCOL §4).
type ListJSON struct {
	Schema    int            `json:"schema"`
	Scenarios []ScenarioJSON `json:"scenarios"`
}

// ScenarioJSON is one scenario of the -list -json document.
type ScenarioJSON struct {
	ID           string      `json:"id"`
	Group        string      `json:"group"`
	Title        string      `json:"title"`
	Mechanism    string      `json:"mechanism"`
	Source       string      `json:"source"`
	FreshProcess bool        `json:"fresh_process"`
	Params       []ParamJSON `json:"params"`
	Signals      []string    `json:"signals"`
	// SuggestedGOMAXPROCS is Scenario.SuggestedGOMAXPROCS; absent when none.
	SuggestedGOMAXPROCS int `json:"suggested_gomaxprocs,omitempty"`
	// IgnoresConcurrency is Scenario.IgnoresConcurrency; absent when false.
	IgnoresConcurrency bool `json:"ignores_concurrency,omitempty"`
	// BareChild: the scenario's child runs without the harness (a ChildMain),
	// so a run of it has no captures, metrics or sampler; absent when false.
	BareChild bool `json:"bare_child,omitempty"`
}

// ParamJSON is one parameter of a ScenarioJSON.
type ParamJSON struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Default string   `json:"default"`
	Min     string   `json:"min,omitempty"`
	Max     string   `json:"max,omitempty"`
	Choices []string `json:"choices,omitempty"`
	Help    string   `json:"help"`
}

// Catalog returns the -list -json document for scenarios.
func Catalog(scenarios []Scenario) ListJSON {
	out := ListJSON{Schema: 1, Scenarios: []ScenarioJSON{}}
	for _, s := range scenarios {
		sj := ScenarioJSON{ID: s.ID, Group: s.Group, Title: s.Title, Mechanism: s.Mechanism, Source: s.Source,
			FreshProcess: s.FreshProcess, Params: []ParamJSON{}, Signals: append([]string{}, s.Signals...),
			SuggestedGOMAXPROCS: s.SuggestedGOMAXPROCS, IgnoresConcurrency: s.IgnoresConcurrency, BareChild: s.ChildMain != nil}
		for _, p := range s.Params {
			sj.Params = append(sj.Params, ParamJSON{Name: p.Name, Type: string(p.Type), Default: p.Default,
				Min: p.Min, Max: p.Max, Choices: p.Choices, Help: p.Help})
		}
		out.Scenarios = append(out.Scenarios, sj)
	}
	return out
}

// list prints the catalog: one line per scenario, or the -list -json document.
func (m *mainRun) list(asJSON bool) int {
	if !asJSON {
		for _, s := range m.scenarios {
			fmt.Fprintf(m.stdout, "%-12s %-28s %s\n", s.Group, s.ID, s.Title)
		}
		return 0
	}
	b, err := json.MarshalIndent(Catalog(m.scenarios), "", "  ")
	if err != nil {
		fmt.Fprintf(m.stderr, "%s: %v\n", m.prog, err)
		return 1
	}
	fmt.Fprintf(m.stdout, "%s\n", b)
	return 0
}

// CheckCatalog reports catalog bugs: empty or duplicate ids, scenarios with
// nothing to run, duplicate params, params whose default does not pass their
// own check. A group is free text: a program names its own ("api", "queue").
func CheckCatalog(scenarios []Scenario) error {
	seen := map[string]bool{}
	for _, s := range scenarios {
		if s.ID == "" || seen[s.ID] {
			return fmt.Errorf("scenario id %q empty or duplicate", s.ID)
		}
		seen[s.ID] = true
		if s.Run == nil && s.ChildMain == nil {
			return fmt.Errorf("scenario %s: no Run", s.ID)
		}
		pn := map[string]bool{}
		for _, p := range s.Params {
			if pn[p.Name] {
				return fmt.Errorf("scenario %s: duplicate param %s", s.ID, p.Name)
			}
			pn[p.Name] = true
			if err := p.Check(p.Default); err != nil {
				return fmt.Errorf("scenario %s: default of %v", s.ID, err)
			}
		}
		if s.SuggestedGOMAXPROCS < 0 {
			return fmt.Errorf("scenario %s: suggested GOMAXPROCS %d is negative", s.ID, s.SuggestedGOMAXPROCS)
		}
	}
	return nil
}
