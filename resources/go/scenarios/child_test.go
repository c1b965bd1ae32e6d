package scenarios

// Child processes of the test binary, for settings that only take effect at
// process start (GOMAXPROCS, GODEBUG, a cgroup entered before exec).

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// childEntries are entry points a child process can run. Each gets string args
// and returns numbers that the parent reads back.
var childEntries = map[string]func(args map[string]string) (map[string]float64, error){}

const (
	childEnvVar       = "GMPWB_TEST_CHILD"
	childArgsVar      = "GMPWB_TEST_CHILD_ARGS"
	childResultPrefix = "GMPWB_TEST_CHILD_RESULT "
)

// runChildEntry is the whole life of a child process started by runChild:
// TestMain calls it before any test runs when childEnvVar names an entry, so a
// child runs no test and the parent's test list has no stand-in test.
func runChildEntry(name string) {
	f, ok := childEntries[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown child %q\n", name)
		os.Exit(3)
	}
	args := map[string]string{}
	if a := os.Getenv(childArgsVar); a != "" {
		if err := json.Unmarshal([]byte(a), &args); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
	res, err := f(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child error:", err)
		os.Exit(4)
	}
	b, err := json.Marshal(res)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child result:", err)
		os.Exit(4)
	}
	fmt.Printf("%s%s\n", childResultPrefix, b)
	os.Exit(0)
}

type childOut struct {
	result map[string]float64
	stderr string
	exit   int
}

// childCmd builds the command for a child; wrap, when non-empty, is a shell
// snippet run before exec'ing the child (used to enter a cgroup first).
func childCmd(ctx context.Context, name string, args map[string]string, env []string, wrap string) *exec.Cmd {
	a, _ := json.Marshal(args)
	testArgs := []string{"-test.run=^$", "-test.count=1"} // TestMain runs the entry; no test
	var cmd *exec.Cmd
	if wrap != "" {
		cmd = exec.CommandContext(ctx, "/bin/sh", append([]string{"-c", wrap + ` && exec "$0" "$@"`, os.Args[0]}, testArgs...)...)
	} else {
		cmd = exec.CommandContext(ctx, os.Args[0], testArgs...)
	}
	cmd.Env = append(cleanEnv(), childEnvVar+"="+name, childArgsVar+"="+string(a))
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// runChild runs a registered child entry point and returns what it printed.
// A non-zero exit is not an error here: callers check out.exit.
func runChild(t *testing.T, name string, args map[string]string, env []string, wrap string) childOut {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := childCmd(ctx, name, args, env, wrap)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	out := childOut{stderr: stderr.String(), exit: exitCode(t, err, "child "+name)}
	sc := bufio.NewScanner(strings.NewReader(string(stdout)))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), childResultPrefix); ok {
			if err := json.Unmarshal([]byte(v), &out.result); err != nil {
				t.Fatalf("child %s: bad result %q: %v", name, v, err)
			}
		}
	}
	return out
}

// mustChild runs a child that must succeed.
func mustChild(t *testing.T, name string, args map[string]string, env []string, wrap string) map[string]float64 {
	t.Helper()
	out := runChild(t, name, args, env, wrap)
	if out.exit != 0 || out.result == nil {
		t.Fatalf("child %s failed: exit %d\nstderr:\n%s", name, out.exit, tail(out.stderr, 2000))
	}
	return out.result
}
