package stress

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// oldestGo is the toolchain matching go.mod's `go 1.22`: the harness, the
// catalog and gmpstress must keep building with it (newer APIs go behind
// go1.NN build tags, e.g. flight_go125.go).
const oldestGo = "go1.22.12"

func TestBuildsWithOldestGo(t *testing.T) {
	gotool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gotool); err != nil {
		gotool = "go"
	}
	env := append(os.Environ(), "GOTOOLCHAIN="+oldestGo)
	// Obtain the toolchain first (module cache or the Go module proxy).
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ver := exec.CommandContext(ctx, gotool, "version")
	ver.Env = env
	vout, err := ver.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Skipf("GOTOOLCHAIN=%s: not obtained within 60s", oldestGo)
	}
	if err != nil || !strings.Contains(string(vout), oldestGo+" ") {
		t.Skipf("GOTOOLCHAIN=%s cannot be obtained here: %v: %s", oldestGo, err, strings.TrimSpace(string(vout)))
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel2()
	vet := exec.CommandContext(ctx2, gotool, "vet", "./stress", "./scenarios", "./cmd/gmpstress")
	vet.Dir = ".." // the module root
	vet.Env = env
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("GOTOOLCHAIN=%s go vet ./stress ./scenarios ./cmd/gmpstress: %v\n%s", oldestGo, err, out)
	}
}
