package stress

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/internal/protocheck"
)

func mainArgs(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = MainArgs(args, &o, &e, testScenario, Scenario{ID: "other", Group: "lifecycle", Title: "o", Mechanism: "m",
		Source: "s", Run: testScenario.Run,
		Params: []Param{{Name: "mode", Type: Enum, Default: "a", Choices: []string{"a", "b"}, Help: "h"}}})
	return code, o.String(), e.String()
}

var usageLine = regexp.MustCompile(`^[^:\s]+: -[a-z-]+( [A-Za-z0-9_-]+)?: .+ \(accepted: .+\)\n$`)

func TestMainUsageErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cases := []struct {
		args []string
		flag string
	}{
		{[]string{"-scenario", "nope"}, "-scenario"},
		{[]string{"-duration", "1s"}, "-scenario"}, // two scenarios: -scenario is required
		{[]string{"-scenario", "count", "-param", "sleep=5s"}, "-param sleep"},
		{[]string{"-scenario", "count", "-param", "bogus=1"}, "-param bogus"},
		{[]string{"-scenario", "count", "-param", "novalue"}, "-param"},
		{[]string{"-scenario", "other", "-param", "mode=c"}, "-param mode"},
		{[]string{"-scenario", "count", "-concurrency", "0"}, "-concurrency"},
		{[]string{"-scenario", "count", "-concurrency", "x"}, "-concurrency"},
		{[]string{"-scenario", "count", "-duration", "0"}, "-duration"},
		{[]string{"-scenario", "count", "-duration", "forever"}, "-duration"},
		{[]string{"-scenario", "count", "-warmup", "2h"}, "-warmup"},
		{[]string{"-scenario", "count", "-metrics-interval", "1ms"}, "-metrics-interval"},
		{[]string{"-scenario", "count", "-capture", "cpu,bogus", "-out", t.TempDir()}, "-capture"},
		{[]string{"-scenario", "count", "-out", filepath.Join(file, "x")}, "-out"},
		{[]string{"-scenario", "count", "-pprof-addr", "0.0.0.0:0"}, "-pprof-addr"},
		{[]string{"-scenario", "count", "-pprof-addr", ln.Addr().String()}, "-pprof-addr"},
		{[]string{"-bogus"}, "-bogus"},
		{[]string{"-scenario", "count", "extra"}, "-scenario"},
	}
	for _, c := range cases {
		code, _, stderr := mainArgs(c.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", c.args, code, stderr)
			continue
		}
		if !usageLine.MatchString(stderr) || !strings.Contains(stderr, ": "+c.flag) {
			t.Errorf("%v: stderr %q: want one line naming %s with the accepted range", c.args, stderr, c.flag)
		}
	}
}

func TestMainRunAndList(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := mainArgs("-scenario", "count", "-duration", "50ms", "-out", dir, "-label", "a=b",
		"-pprof-addr", "127.0.0.1:0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`(?m)^pprof: http://127\.0\.0\.1:\d+/debug/pprof/$`).MatchString(stdout) {
		t.Fatalf("no pprof line in %q", stdout)
	}
	b := checkedResult(t, dir)
	if !strings.Contains(string(b), `"a": "b"`) || !strings.Contains(string(b), `"pprof_addr": "127.0.0.1:`) {
		t.Fatalf("labels or pprof_addr missing: %s", b)
	}
	// No -out: the report goes to stdout.
	code, stdout, _ = mainArgs("-scenario", "count", "-duration", "20ms")
	if code != 0 || protocheck.Result([]byte(stdout)) != nil {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	code, stdout, _ = mainArgs("-list", "-json")
	if code != 0 {
		t.Fatal(code)
	}
	if err := protocheck.List([]byte(stdout)); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = mainArgs("-list")
	if code != 0 || !strings.Contains(stdout, "count") {
		t.Fatalf("list: %d %q", code, stdout)
	}
}
