package stress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/protocheck"
)

func TestCheckCatalog(t *testing.T) {
	ok := Scenario{ID: "a", Group: "lifecycle", Run: nil, ChildMain: func(*Env) {}}
	if err := CheckCatalog([]Scenario{ok}); err != nil {
		t.Fatal(err)
	}
	if CheckCatalog([]Scenario{ok, ok}) == nil {
		t.Fatal("duplicate id accepted")
	}
	noRun := Scenario{ID: "b", Group: "lifecycle"}
	if CheckCatalog([]Scenario{noRun}) == nil {
		t.Fatal("a scenario with neither Run nor ChildMain accepted")
	}
	badDefault := ok
	badDefault.Params = []Param{{Name: "n", Type: Int, Default: "100", Min: "1", Max: "10"}}
	if CheckCatalog([]Scenario{badDefault}) == nil {
		t.Fatal("out-of-range default accepted")
	}
}

// A user's program names its own groups: "api" is not one of the bundled
// catalog's, and the program must still list and run.
func TestUserGroupRuns(t *testing.T) {
	own := testScenario
	own.ID, own.Group = "my-handler", "api"
	if err := CheckCatalog([]Scenario{own}); err != nil {
		t.Fatalf("CheckCatalog refused group %q: %v", own.Group, err)
	}
	out := t.TempDir()
	var o, e strings.Builder
	code := MainArgs([]string{"-duration", "20ms", "-metrics-interval", "0", "-out", out}, &o, &e, own)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, e.String())
	}
	b, err := os.ReadFile(filepath.Join(out, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := protocheck.Result(b); err != nil {
		t.Fatal(err)
	}
	o.Reset()
	if code := MainArgs([]string{"-list", "-json"}, &o, &e, own); code != 0 {
		t.Fatalf("-list -json: exit %d, stderr %q", code, e.String())
	}
	if err := protocheck.List([]byte(o.String())); err != nil {
		t.Fatal(err)
	}
}
