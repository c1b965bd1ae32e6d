package protocheck

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

// A real report, then its "gomaxprocs" replaced: the checker accepts a
// consistent change list and names each way one can be wrong.
func TestResultGOMAXPROCS(t *testing.T) {
	r, err := stress.NewStressRunner(stress.WithDuration(20*time.Millisecond), stress.WithMetricsInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Run(context.Background(), stress.Scenario{ID: "idle", Run: func(ctx context.Context, _ *stress.Env) error {
		<-ctx.Done()
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	with := func(g string) []byte {
		var doc map[string]any
		b, _ := json.Marshal(rep)
		json.Unmarshal(b, &doc)
		var v any
		if err := json.Unmarshal([]byte(g), &v); err != nil {
			t.Fatal(err)
		}
		doc["gomaxprocs"] = v
		out, _ := json.Marshal(doc)
		return out
	}
	good := `{"configured": 2, "in_force": 4, "changes_dropped": 0, "changes": [
		{"t": 0.01, "phase": "warmup", "from": 2, "to": 4}, {"t": 0.5, "phase": "end", "from": 4, "to": 2}]}`
	if err := Result(with(good)); err != nil {
		t.Fatalf("a consistent list: %v", err)
	}
	if err := Result(with(`{"configured": 2, "in_force": null, "changes": [], "changes_dropped": 0}`)); err != nil {
		t.Fatalf("no window: %v", err)
	}
	for bad, want := range map[string]string{
		`{"configured": 2, "in_force": 2, "changes_dropped": 0, "changes": [{"t": 0.1, "phase": "measure", "from": 3, "to": 4}]}`:               "does not follow",
		`{"configured": 2, "in_force": 4, "changes_dropped": 0, "changes": [{"t": 0.1, "phase": "measure", "from": 2, "to": 4, "after": 0.2}]}`: "is not in [0, t=0.1]",
		`{"configured": 2, "in_force": 2, "changes_dropped": 0, "changes": [{"t": 0.1, "phase": "measure", "from": 2, "to": 4},
			{"t": 0.05, "phase": "measure", "from": 4, "to": 2}]}`: "goes backwards",
		`{"configured": 2, "in_force": 2, "changes_dropped": 0, "changes": [{"t": 0.1, "phase": "later", "from": 2, "to": 4}]}`: "want warmup, measure or end",
		`{"configured": 0, "in_force": 2, "changes_dropped": 0, "changes": []}`:                                                 "configured: < 1",
		`{"configured": 2, "in_force": 2, "changes": []}`:                                                                       `missing "changes_dropped"`,
	} {
		err := Result(with(bad))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error containing %q", bad, err, want)
		}
	}
}

// suggested_gomaxprocs is optional; when present it is an integer ≥ 1, and a
// group is free text (a program names its own).
func TestListSuggestedGOMAXPROCS(t *testing.T) {
	sc := stress.Scenario{ID: "mine", Group: "api", Title: "t", Mechanism: "m", Source: "s", SuggestedGOMAXPROCS: 1,
		Run: func(context.Context, *stress.Env) error { return nil }}
	doc := stress.Catalog([]stress.Scenario{sc})
	b, _ := json.Marshal(doc)
	if err := List(b); err != nil {
		t.Fatalf("a suggestion of 1 in group api: %v", err)
	}
	for _, bad := range []string{`0`, `1.5`, `-2`} {
		withBad := strings.Replace(string(b), `"suggested_gomaxprocs":1`, `"suggested_gomaxprocs":`+bad, 1)
		if err := List([]byte(withBad)); err == nil || !strings.Contains(err.Error(), "suggested_gomaxprocs") {
			t.Errorf("suggested_gomaxprocs %s: got %v, want an error naming it", bad, err)
		}
	}
}
