package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/scenarios"
)

// TestMain runs the command itself when asked to: the test binary is gmpstress then, with the same
// scenarios and go:debug settings, so the test checks the binary users run, not a copy of its parts.
func TestMain(m *testing.M) {
	if os.Getenv("GMPSTRESS_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestListsEveryBundledScenario(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-list", "-json")
	cmd.Env = append(os.Environ(), "GMPSTRESS_RUN_MAIN=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gmpstress -list -json: %v", err)
	}
	var doc struct {
		Scenarios []struct {
			ID string `json:"id"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("-list -json is not JSON: %v\n%s", err, out)
	}
	want := scenarios.All()
	if len(doc.Scenarios) != len(want) || len(want) == 0 {
		t.Fatalf("listed %d scenarios, bundled %d", len(doc.Scenarios), len(want))
	}
	for i, s := range doc.Scenarios {
		if s.ID != want[i].ID {
			t.Errorf("scenario %d: listed %q, bundled %q", i, s.ID, want[i].ID)
		}
	}
}

func TestRefusesAnUnknownScenarioAsAUsageError(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-scenario", "no-such-scenario")
	cmd.Env = append(os.Environ(), "GMPSTRESS_RUN_MAIN=1")
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 2 {
		t.Fatalf("gmpstress -scenario no-such-scenario: %v, want exit 2", err)
	}
}
