package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order/ordertest"
)

// internal/order gives the events of a trace in x/exp/trace's order, with
// its times and contexts, on traces of every Go version from 1.22 of every
// test program: many short generations of the load program; the gc
// program's GC, stop-the-world, sweeps and mark assists; user tasks and
// regions; syscalls that lose their P; a thousand goroutines released at
// once; preempted CPU hogs.
func TestOrderIsXExpOrder(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		traces := map[string]string{"load": multiGenTrace(t, toolchain, 150*time.Millisecond)}
		for _, p := range []struct {
			prog string
			env  []string
			args []string
		}{
			{"gc", []string{"GOGC=20", "GODEBUG=traceadvanceperiod=20000000"}, nil},
			{"regions", []string{"GODEBUG=traceadvanceperiod=20000000"}, nil},
			{"syscalls", nil, nil},
			{"release", nil, []string{"1000"}},
			{"hog", nil, nil},
		} {
			tr := filepath.Join(t.TempDir(), p.prog+".out")
			runProg(t, buildProg(t, p.prog, toolchain), p.env, append([]string{tr}, p.args...)...)
			traces[p.prog] = tr
		}
		for name, tr := range traces {
			data, err := os.ReadFile(tr)
			if err != nil {
				t.Fatal(err)
			}
			n := ordertest.Compare(t, name, data)
			t.Logf("%s %s: %d events in the same order", header, name, n)
		}
	})
}
