package main

import (
	"io"
	"os"
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
)

// streamEvent is what the analysis takes from an event: its time and kind,
// and for a goroutine transition the goroutine and its states. A status at
// a generation boundary (X→X from one parser, Undetermined→X from a parser
// that begins there) is marked as such and carries no states.
type streamEvent struct {
	now      trace.Time
	kind     trace.EventKind
	g        trace.GoID
	from, to trace.GoState
	status   bool
}

func toStreamEvent(ev *reader.Event) streamEvent {
	e := streamEvent{now: ev.Now, kind: ev.Kind()}
	if e.kind != trace.EventStateTransition {
		return e
	}
	st := ev.StateTransition()
	if st.Resource.Kind != trace.ResourceGoroutine {
		return e
	}
	from, to := st.Goroutine()
	if from == to || (ev.Resumed && from == trace.GoUndetermined) {
		e.status = true
		return e
	}
	e.g, e.from, e.to = st.Resource.Goroutine(), from, to
	return e
}

// Parsers that each begin at a generation, merged in order, hand the
// analysis exactly the stream of one parser reading the whole trace: the
// same events with the same times (the parser's +1 ns moves chained across
// the boundaries) and the same goroutine transitions, statuses aside. The
// trace has waits that begin in one generation and end in a later one, so
// the stitching is exercised (and their latencies equal the single
// parser's, being differences of equal times).
func TestSpansGiveOneParsersStream(t *testing.T) {
	t.Parallel()
	tr := multiGenTrace(t, "", 300*time.Millisecond)
	f, err := os.Open(tr)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := genindex.Scan(f, st.Size())
	if err != nil || len(ix.Generations) < 3 {
		t.Fatalf("want a trace of ≥ 3 generations: %v %+v", err, ix)
	}

	var one []streamEvent
	gen, crossing := 0, 0
	runnableIn := map[trace.GoID]int{}
	info, err := reader.Read(io.NewSectionReader(f, 0, st.Size()), func(ev *reader.Event) bool {
		e := toStreamEvent(ev)
		one = append(one, e)
		switch {
		case e.kind == trace.EventSync:
			gen++
		case e.to == trace.GoRunnable && !e.status:
			runnableIn[e.g] = gen
		case e.from == trace.GoRunnable && !e.status:
			if g0, ok := runnableIn[e.g]; ok && g0 < gen {
				crossing++
			}
			delete(runnableIn, e.g)
		}
		return true
	})
	if err != nil || info.Partial {
		t.Fatalf("one parser: %+v %v", info, err)
	}
	if crossing == 0 {
		t.Fatalf("no wait crosses a generation boundary in %d generations: the test would not test stitching", len(ix.Generations))
	}
	t.Logf("%d events, %d generations, %d waits cross a boundary", len(one), info.Generations, crossing)

	for _, j := range []int{1, 3} {
		var got []streamEvent
		ginfo, err := reader.ReadSpans(f, reader.Spans(ix, st.Size()), j, func(ev *reader.Event) bool {
			got = append(got, toStreamEvent(ev))
			return true
		})
		if err != nil || ginfo.Events != info.Events || ginfo.Generations != info.Generations || ginfo.Last != info.Last {
			t.Fatalf("-j %d: %+v %v, one parser %+v", j, ginfo, err, info)
		}
		if len(got) != len(one) {
			t.Fatalf("-j %d: %d events, one parser %d", j, len(got), len(one))
		}
		for i := range one {
			if got[i] != one[i] {
				t.Fatalf("-j %d: event %d is %+v, one parser's %+v", j, i, got[i], one[i])
			}
		}
	}
}
