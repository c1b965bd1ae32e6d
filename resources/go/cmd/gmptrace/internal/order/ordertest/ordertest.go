// Package ordertest compares internal/order's reading of a trace with
// x/exp/trace's, event for event: the test of the order package on made
// traces and of gmptrace on real ones.
package ordertest

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// kindOf is what x/exp/trace calls an event of each type.
var kindOf = map[wire.Type]trace.EventKind{
	wire.EvSync: trace.EventSync, wire.EvCPUSample: trace.EventStackSample,
	wire.EvProcsChange: trace.EventMetric, wire.EvHeapAlloc: trace.EventMetric, wire.EvHeapGoal: trace.EventMetric,
	wire.EvSTWBegin: trace.EventRangeBegin, wire.EvGCBegin: trace.EventRangeBegin, wire.EvGCSweepBegin: trace.EventRangeBegin, wire.EvGCMarkAssistBegin: trace.EventRangeBegin,
	wire.EvGCActive: trace.EventRangeActive, wire.EvGCSweepActive: trace.EventRangeActive, wire.EvGCMarkAssistActive: trace.EventRangeActive,
	wire.EvSTWEnd: trace.EventRangeEnd, wire.EvGCEnd: trace.EventRangeEnd, wire.EvGCSweepEnd: trace.EventRangeEnd, wire.EvGCMarkAssistEnd: trace.EventRangeEnd,
	wire.EvGoLabel: trace.EventLabel, wire.EvUserLog: trace.EventLog,
	wire.EvUserTaskBegin: trace.EventTaskBegin, wire.EvUserTaskEnd: trace.EventTaskEnd,
	wire.EvUserRegionBegin: trace.EventRegionBegin, wire.EvUserRegionEnd: trace.EventRegionEnd,
}

func kindOfType(t wire.Type) trace.EventKind {
	if k, ok := kindOf[t]; ok {
		return k
	}
	if t.Experimental() {
		return trace.EventExperimental
	}
	return trace.EventStateTransition
}

// orderedLine is what both readers must agree on for every event.
func orderedLine(kind trace.EventKind, t int64, m, p, g int64) string {
	return fmt.Sprintf("%v t=%d m=%d p=%d g=%d", kind, t, m, p, g)
}

// Compare reads data with internal/order and with x/exp/trace and fails
// at the first event where they differ in kind, time or context, or where
// one stops with an error and the other does not; it returns how many
// events both read.
func Compare(t testing.TB, name string, data []byte) int {
	t.Helper()
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	ours := order.NewReader(bytes.NewReader(data), ix)
	theirs, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var recent []string // the last few events, for the failure message
	for n := 0; ; n++ {
		want, werr := theirs.ReadEvent()
		got, gerr := ours.Next()
		if werr == io.EOF || gerr == io.EOF {
			if werr != io.EOF || gerr != io.EOF {
				t.Fatalf("%s: event %d: x/exp/trace %v, order %v", name, n, werr, gerr)
			}
			return n
		}
		if werr != nil && gerr != nil {
			return n // a cut or broken trace: both stop at the same event
		}
		if werr != nil || gerr != nil {
			t.Fatalf("%s: event %d: x/exp/trace error %v, order error %v", name, n, werr, gerr)
		}
		w := orderedLine(want.Kind(), int64(want.Time()), int64(want.Thread()), int64(want.Proc()), int64(want.Goroutine()))
		g := orderedLine(kindOfType(got.Type), got.Time, got.Ctx.M, got.Ctx.P, got.Ctx.G)
		if w != g {
			t.Fatalf("%s: event %d (generation %d, %s): order gives %s, x/exp/trace %s; before it:\n%s", name, n, got.Gen, got.Type.String(), g, w, recent)
		}
		recent = append(recent, w)
		if len(recent) > 8 {
			recent = recent[1:]
		}
	}
}
