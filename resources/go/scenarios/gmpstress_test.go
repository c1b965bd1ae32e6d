package scenarios

// The gmpstress binary, built once by TestMain, that the smoke, protocol and
// expectation tests run as a child process, and reading what it wrote.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

// gmpstressBin is the gmpstress binary built by TestMain (CGO_ENABLED=0: a cgo
// binary's extra M keeps the deadlock detector silent, see stress.CgoBuild).
var gmpstressBin string

func TestMain(m *testing.M) {
	if name := os.Getenv(childEnvVar); name != "" {
		runChildEntry(name) // a child process of some test: exits when done
	}
	if os.Getenv(stress.ChildEnv) != "" {
		os.Exit(m.Run()) // a fresh-process scenario's child: no build
	}
	dir, err := os.MkdirTemp("", "gmpstress-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	gmpstressBin = filepath.Join(dir, "gmpstress")
	if runtime.GOOS == "windows" {
		gmpstressBin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", gmpstressBin, "../cmd/gmpstress")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building gmpstress: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runGmpstress runs the gmpstress binary with a clean environment plus env and
// returns its combined output and exit code.
func runGmpstress(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, gmpstressBin, args...)
	cmd.Env = append(cleanEnv(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), exitCode(t, err, "gmpstress")
}

// binResult is the part of result.json these tests read.
type binResult struct {
	Stopped   bool              `json:"stopped"`
	Ops       int64             `json:"ops"`
	OpsPerS   float64           `json:"ops_per_s"`
	WallS     float64           `json:"wall_s"`
	Artifacts []stress.Artifact `json:"artifacts"`
	OpLatency *struct {
		Count uint64  `json:"count"`
		P99   float64 `json:"p99"`
		Max   float64 `json:"max"`
	} `json:"op_latency"`
	Metrics map[string]struct {
		Kind  string   `json:"kind"`
		Start *float64 `json:"start"`
		End   *float64 `json:"end"`
	} `json:"metrics"`
	Errors     []string                 `json:"errors"`
	Notes      []string                 `json:"notes"`
	GOMAXPROCS *stress.GOMAXPROCSReport `json:"gomaxprocs"`
	Child      *struct {
		Code       int    `json:"exit_code"`
		TimedOut   bool   `json:"timed_out"`
		StderrTail string `json:"stderr_tail"`
	} `json:"child"`
}

// gmpstressResult runs gmpstress with -out and decodes result.json.
func gmpstressResult(t *testing.T, env []string, args ...string) binResult {
	t.Helper()
	dir := t.TempDir()
	out, code := runGmpstress(t, env, append(args, "-out", dir)...)
	if code != 0 {
		t.Fatalf("gmpstress %v (env %v): exit %d\n%s", args, env, code, tail(out, 2000))
	}
	r := readResult(t, dir)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %q", r.Errors)
	}
	return r
}

// readResult decodes dir/result.json.
func readResult(t *testing.T, dir string) binResult {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r binResult
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}
