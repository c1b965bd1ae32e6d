package timeline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	rtrace "runtime/trace"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order/ordertest"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// sleepers is how many goroutines sleep in syscalls in selfTrace.
const sleepers = 4

// sink keeps selfTrace's allocations from being optimised away.
var sink []byte

// selfTrace writes an execution trace of this test process while it runs a
// load, each part for d/2: pairs of goroutines passing a token (slices,
// transitions, unblocks and run-queue steps by the thousand), then garbage
// collections under allocation (GC ranges), then goroutines sleeping in
// nanosleep(2) (syscalls, nearly always one under way in each). One after
// the other: the pairs, handing their P to each other, would starve the
// others.
func selfTrace(t *testing.T, d time.Duration) string {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var buf bytes.Buffer
	if err := rtrace.Start(&buf); err != nil {
		t.Skipf("cannot trace this process: %v", err) // another tracer is on (go test -trace)
	}
	var wg sync.WaitGroup
	deadline := time.Now().Add(d / 2)
	for range 4 {
		ping, pong := make(chan int), make(chan int)
		wg.Go(func() {
			for n := 0; time.Now().Before(deadline); n++ {
				ping <- n
				<-pong
			}
			close(ping)
		})
		wg.Go(func() {
			for n := range ping {
				pong <- n
			}
		})
	}
	wg.Wait()
	// Garbage collections with allocators assisting them: GC ranges, with
	// mark assists ending inside each mark phase.
	deadline = time.Now().Add(d / 2)
	for range 2 {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				sink = make([]byte, 64<<10)
			}
		})
	}
	wg.Go(func() {
		for time.Now().Before(deadline) {
			runtime.GC()
		}
	})
	wg.Wait()
	deadline = time.Now().Add(d / 2)
	for range sleepers {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				syscall.Nanosleep(&syscall.Timespec{Nsec: 100_000}, nil)
			}
		})
	}
	wg.Wait()
	rtrace.Stop()
	path := filepath.Join(t.TempDir(), "trace.out")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func query(t *testing.T, path string, maxItems int) *Window {
	t.Helper()
	w, err := Query(path, Options{From: 0, To: time.Hour, MaxItems: maxItems})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

type span struct {
	g          int64
	begin, end float64
	stop       string
}

func procSpans(w *Window) map[int64][]span {
	out := map[int64][]span{}
	for _, p := range w.Procs {
		for _, s := range p.Slices {
			out[p.P] = append(out[p.P], span{s.G, s.BeginS, s.EndS, s.Stop})
		}
	}
	return out
}

func syscallSpans(w *Window) []span {
	var out []span
	for _, s := range w.Syscalls {
		out = append(out, span{s.G, s.BeginS, s.EndS, ""})
	}
	return out
}

// rangeSpans are a window's ranges as spans, their name for the goroutine.
func rangeSpans(w *Window) []span {
	var out []span
	for _, r := range w.Ranges {
		out = append(out, span{0, r.BeginS, r.EndS, r.Name + " " + r.Scope})
	}
	return out
}

// keptUntilCut queries the window of path with lists capped at limit and
// checks that list (its spans as spansOf gives them) was cut, and is whole's
// until its cut, the spans under way kept up to it; it returns the cut and
// the spans kept.
func keptUntilCut(t *testing.T, path string, whole *Window, list string, spansOf func(*Window) []span, limit int) (float64, []span) {
	t.Helper()
	capped := query(t, path, limit)
	cut, ok := capped.KeptUntil[list]
	if !ok || capped.Truncated[list] == 0 {
		t.Fatalf("%s not cut with a cap of %d of %d", list, limit, len(spansOf(whole)))
	}
	want := clippedAt(spansOf(whole), cut, "")
	got := spansOf(capped)
	if !slices.Equal(sortSpans(got), sortSpans(want)) {
		t.Errorf("%d %s kept, want %d (the uncapped ones until %.6f s)", len(got), list, len(want), cut)
	}
	return cut, got
}

func countEndingAt(spans []span, t float64) int {
	n := 0
	for _, s := range spans {
		if s.end == t {
			n++
		}
	}
	return n
}

// clippedAt is what a list whole until cut holds of spans: those that ended
// before it, and those under way at it up to it, with stop for their stop
// ("" keeps theirs).
func clippedAt(all []span, cut float64, stop string) []span {
	var out []span
	for _, s := range all {
		switch {
		case s.end <= cut:
			out = append(out, s)
		case s.begin < cut:
			out = append(out, span{s.g, s.begin, cut, cmp.Or(stop, s.stop)})
		}
	}
	return out
}

func sortSpans(s []span) []span {
	slices.SortFunc(s, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.begin, b.begin), cmp.Compare(a.g, b.g), cmp.Compare(a.end, b.end), strings.Compare(a.stop, b.stop))
	})
	return s
}

// A list that reached the cap is whole until its cut (kept_until_s): every
// item of the uncapped window before it is there, and nothing after it; a
// slice or a syscall under way at the cut is kept up to it, so a P lane is
// not drawn idle where its goroutine ran on.
func TestCappedListsAreWholeUntilTheCut(t *testing.T) {
	path := selfTrace(t, 50*time.Millisecond)
	whole := query(t, path, 1<<30)
	if len(whole.Truncated) != 0 || len(whole.KeptUntil) != 0 {
		t.Fatalf("the uncapped window left out %v (kept until %v)", whole.Truncated, whole.KeptUntil)
	}
	wholeSlices, transitions, last := 0, 0, 0.0
	for _, p := range whole.Procs {
		wholeSlices += len(p.Slices)
		last = max(last, p.Slices[len(p.Slices)-1].EndS)
	}
	for _, g := range whole.Goroutines {
		transitions += len(g.Transitions)
	}
	if wholeSlices < 300 || len(whole.Syscalls) < 30 {
		t.Fatalf("%d slices and %d syscalls: too few to cap", wholeSlices, len(whole.Syscalls))
	}

	// A third of the shortest of the four lists: each of them goes past it (unblocks can number a
	// third of the slices or fewer, as a CI run's trace had them).
	limit := min(wholeSlices, transitions, len(whole.RunQueue), len(whole.Unblocks)) / 3
	capped := query(t, path, limit)
	for _, list := range []string{"slices", "transitions", "run_queue", "unblocks"} {
		if capped.Truncated[list] == 0 {
			t.Fatalf("%s: nothing left out with a cap of %d (%d slices, %d transitions, %d unblocks)", list, limit, wholeSlices, transitions, len(whole.Unblocks))
		}
		if cut := capped.KeptUntil[list]; !(cut > whole.FromS && cut < last) {
			t.Fatalf("%s cut at %v: want inside the trace (until %v)", list, cut, last)
		}
	}
	for list := range capped.KeptUntil {
		if capped.Truncated[list] == 0 {
			t.Errorf("%s has a cut but nothing left out", list)
		}
	}

	cut := capped.KeptUntil["slices"]
	wholeProcs, cappedProcs := procSpans(whole), procSpans(capped)
	underWay := 0
	for p, all := range wholeProcs {
		want := clippedAt(all, cut, cutStop)
		got := cappedProcs[p]
		if !slices.Equal(sortSpans(got), sortSpans(want)) {
			t.Errorf("P%d: %d slices kept, want %d (the uncapped ones until %.6f s)", p, len(got), len(want), cut)
		}
		for _, s := range got {
			if s.stop == cutStop {
				underWay++
			}
		}
	}
	if n := len(whole.Procs); underWay > n {
		t.Errorf("%d slices cut short at the cap, more than the %d Ps", underWay, n)
	}
	t.Logf("slices cut at %.6f s of %.6f s: %d under way kept up to it, %d left out", cut, last, underWay, capped.Truncated["slices"])

	cut = capped.KeptUntil["transitions"]
	for i, g := range whole.Goroutines {
		var want []Transition
		for _, x := range g.Transitions {
			if x.TS < cut {
				want = append(want, x)
			}
		}
		var got []Transition
		for _, x := range capped.Goroutines[i].Transitions {
			if x.TS < cut {
				got = append(got, x)
			} else if x.TS > cut {
				t.Fatalf("g%d: a transition at %.6f s, after the cut at %.6f s", g.G, x.TS, cut)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("g%d: %d transitions before the cut, want %d", g.G, len(got), len(want))
		}
	}

	cut = capped.KeptUntil["unblocks"]
	var wantUnblocks []Unblock
	for _, u := range whole.Unblocks {
		if u.TS < cut {
			wantUnblocks = append(wantUnblocks, u)
		}
	}
	if got := capped.Unblocks[:min(len(wantUnblocks), len(capped.Unblocks))]; !slices.Equal(got, wantUnblocks) || capped.Unblocks[len(capped.Unblocks)-1].TS > cut {
		t.Errorf("unblocks: %d kept before the cut, want %d, and none after it", len(got), len(wantUnblocks))
	}

	cut = capped.KeptUntil["run_queue"]
	var wantQueue []Depth
	for _, d := range whole.RunQueue {
		if d.TS < cut {
			wantQueue = append(wantQueue, d)
		}
	}
	if got := capped.RunQueue[:len(wantQueue)]; !slices.Equal(got, wantQueue) || capped.RunQueue[len(capped.RunQueue)-1].TS > cut {
		t.Errorf("run queue: %d steps kept before the cut, want %d, and none after it", len(got), len(wantQueue))
	}

	// Ranges too, in a query of their own, with the cap set so that the cut
	// falls at the end of a range inside another (a stop-the-world or an
	// assist inside a mark phase): the outer one is kept up to the cut. The
	// range at index cap is the one whose end the cut is. The search starts
	// halfway and wraps round: on a loaded machine the assists that end
	// inside a mark phase can all fall in one half (a CI run had none in the
	// second).
	rangeCap := -1
	for i := range len(whole.Ranges) - 1 {
		k := 1 + (len(whole.Ranges)/2+i)%(len(whole.Ranges)-1)
		end := whole.Ranges[k].EndS
		if slices.ContainsFunc(whole.Ranges, func(o Range) bool { return o.BeginS < end && end < o.EndS }) {
			rangeCap = k
			break
		}
	}
	if rangeCap < 0 {
		t.Fatalf("no range ends inside another (%d ranges)", len(whole.Ranges))
	}
	cut, gotRanges := keptUntilCut(t, path, whole, "ranges", rangeSpans, rangeCap)
	if n := countEndingAt(gotRanges, cut) - 1; n < 1 {
		t.Errorf("no range under way kept up to the cut at %.6f s", cut)
	}

	// Syscalls have a cap of their own, in queries cut at three places.
	mostUnderWay := 0
	for _, limit := range []int{len(whole.Syscalls) / 3, len(whole.Syscalls) / 2, 2 * len(whole.Syscalls) / 3} {
		cut, got := keptUntilCut(t, path, whole, "syscalls", syscallSpans, limit)
		underWay = countEndingAt(got, cut)
		if underWay > sleepers {
			t.Errorf("%d syscalls end at the cut at %.6f s: more than the one that ended there and the %d others", underWay, cut, sleepers-1)
		}
		mostUnderWay = max(mostUnderWay, underWay)
	}
	// The sleepers are in nanosleep nearly all the time: at a cut some of the
	// others' are under way (that none is at any of three cuts is rare even
	// on a loaded machine, where a sleeper woken waits to run).
	if mostUnderWay < 2 {
		t.Errorf("at each of three cuts only the syscall that ended there: want some of the %d others under way, kept up to it", sleepers-1)
	}
}

// sweepSpans are a window's sweeps as spans, their scope (a P) for the goroutine.
func sweepSpans(w *Window) []span {
	var out []span
	for _, r := range w.Sweeps {
		out = append(out, span{0, r.BeginS, r.EndS, r.Name + " " + r.Scope})
	}
	return out
}

// A P's incremental sweeps outnumber the other runtime ranges several times
// over (in selfTrace's GC part about 3×; 5,000× in a GC-heavy scenario's):
// they have a list and a cap of their own, so with the cap at the other
// ranges' number the sweeps are cut, whole until their cut, and every GC
// phase, pause and assist is there, none left out.
func TestSweepsHaveACapOfTheirOwn(t *testing.T) {
	path := selfTrace(t, 50*time.Millisecond)
	whole := query(t, path, 1<<30)
	for _, r := range whole.Ranges {
		if r.Name == sweepRange {
			t.Fatalf("a sweep among the ranges: %+v", r)
		}
	}
	for _, r := range whole.Sweeps {
		if r.Name != sweepRange || !strings.HasPrefix(r.Scope, "p ") {
			t.Fatalf("not a P's sweep among the sweeps: %+v", r)
		}
	}
	if len(whole.Sweeps) <= len(whole.Ranges) {
		t.Fatalf("%d sweeps and %d other ranges: the GC part swept too little to cap the sweeps alone", len(whole.Sweeps), len(whole.Ranges))
	}
	keptUntilCut(t, path, whole, "sweeps", sweepSpans, len(whole.Ranges))
	capped := query(t, path, len(whole.Ranges))
	if _, cut := capped.KeptUntil["ranges"]; cut || capped.Truncated["ranges"] != 0 || !slices.Equal(capped.Ranges, whole.Ranges) {
		t.Errorf("the other ranges: %d kept, %d left out (cut at %v), want all %d", len(capped.Ranges), capped.Truncated["ranges"], capped.KeptUntil["ranges"], len(whole.Ranges))
	}
	t.Logf("%d sweeps cut at %.6f s with a cap of %d, the %d other ranges whole", len(whole.Sweeps), capped.KeptUntil["sweeps"], len(whole.Ranges), len(capped.Ranges))
}

// Spans still open at the window's end are closed there, where no cut can
// fall: with the cap at the slices that ended inside the window, the ones
// running at its end are kept whole and nothing is said left out; one less,
// and the cut falls at the last slice's end, the running ones are kept up
// to it and each is counted once, none twice.
func TestCapReachedAtTheWindowEnd(t *testing.T) {
	path := selfTrace(t, 50*time.Millisecond)
	// Inside the ping-pong, from 5 ms, ending inside the first slice of 1 µs
	// or more that begins once 10 slices have ended: found in the trace, not
	// at a fixed time (on a loaded machine the test process may not run for
	// milliseconds: in one CI run only one slice ended between 5 and 10 ms).
	from, to := 5*time.Millisecond, time.Duration(0)
	var all []Slice
	for _, p := range query(t, path, 1<<30).Procs {
		all = append(all, p.Slices...)
	}
	var ends []float64
	for _, s := range all {
		if s.BeginS >= from.Seconds() {
			ends = append(ends, s.EndS)
		}
	}
	slices.Sort(ends)
	if len(ends) < 11 {
		t.Fatalf("%d slices after %v: too few", len(ends), from)
	}
	tenth, first := ends[9], -1.0
	for _, s := range all {
		if s.BeginS > tenth && s.EndS-s.BeginS >= 1e-6 && (first < 0 || s.BeginS < first) {
			first, to = s.BeginS, time.Duration((s.BeginS+s.EndS)/2*1e9)
		}
	}
	if to == 0 {
		t.Fatalf("no slice of 1 µs or more after %.6f s", tenth)
	}
	window := func(maxItems int) *Window {
		w, err := Query(path, Options{From: from, To: to, MaxItems: maxItems})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	// No slice may end exactly at the window's end: the cap reached there
	// would leave nothing out, and no cut would be made. A few ns on, still
	// inside the slice of 1 µs, until none does.
	whole := window(1 << 30)
	for nudge := 0; endsAt(whole, to); nudge++ {
		if nudge == 8 {
			t.Fatalf("a slice ends at %v whichever of 8 ns is tried", to)
		}
		to += 7
		whole = window(1 << 30)
	}
	ended, open := 0, 0
	for _, p := range whole.Procs {
		for _, s := range p.Slices {
			if s.Stop == "window end" {
				open++
			} else {
				ended++
			}
		}
	}
	if open == 0 || ended < 10 {
		t.Fatalf("%d slices ended in the window and %d ran to its end: want some of each", ended, open)
	}

	atEnd := window(ended)
	a, _ := json.Marshal(procSpans(atEnd))
	b, _ := json.Marshal(procSpans(whole))
	_, cutAtEnd := atEnd.KeptUntil["slices"]
	if !bytes.Equal(a, b) || atEnd.Truncated["slices"] != 0 || cutAtEnd {
		t.Errorf("cap %d (the slices that ended): %d left out, cut %v, slices equal: %v; want the uncapped slices",
			ended, atEnd.Truncated["slices"], atEnd.KeptUntil["slices"], bytes.Equal(a, b))
	}

	before := window(ended - 1)
	cut, ok := before.KeptUntil["slices"]
	if !ok {
		t.Fatalf("cap %d: no cut", ended-1)
	}
	seen := map[span]bool{}
	for p, got := range procSpans(before) {
		for _, s := range got {
			if seen[s] {
				t.Errorf("P%d: slice %+v twice", p, s)
			}
			seen[s] = true
		}
		if want := clippedAt(procSpans(whole)[p], cut, cutStop); !slices.Equal(sortSpans(got), sortSpans(want)) {
			t.Errorf("P%d: %d slices kept, want %d (until %.6f s)", p, len(got), len(want), cut)
		}
	}
	// Each slice running at the cut lost its part after it: one count each,
	// besides those that began after the cut.
	if n := before.Truncated["slices"]; n < 1 || n > uint64(open+ended) {
		t.Errorf("cap %d: %d slices said left out", ended-1, n)
	}
}

// A window that starts after the trace's last event is an error naming where
// the trace ends, not the state at the end drawn as if it went on; one the
// trace ends inside says so, and nothing in it runs past that end.
func TestWindowPastTheTraceEnd(t *testing.T) {
	path := selfTrace(t, 50*time.Millisecond)
	whole := query(t, path, 0)
	var end float64
	for _, n := range whole.Notes {
		if _, err := fmt.Sscanf(n, "the trace ends at %f s, inside the window: nothing past it", &end); err == nil {
			break
		}
	}
	if end <= 0 {
		t.Fatalf("a window to 1h has no note of where the trace ends: %q", whole.Notes)
	}
	// And a field, to the nanosecond, which a window the trace outlasts has not.
	if whole.TraceEndS == nil || math.Abs(*whole.TraceEndS-end) > 0.5e-6 {
		t.Errorf("trace_end_s %v, the note's %v", whole.TraceEndS, end)
	}
	if inside, err := Query(path, Options{From: 0, To: time.Duration(end * 0.5e9)}); err != nil {
		t.Error(err)
	} else if inside.TraceEndS != nil {
		t.Errorf("a window inside the trace: trace_end_s %v", *inside.TraceEndS)
	}
	// The note says it to the microsecond.
	for _, p := range whole.Procs {
		for _, s := range p.Slices {
			if s.EndS > end+0.5e-6 {
				t.Errorf("P %d: a slice of g %d ends at %v s, past the trace's end at %v s", p.P, s.G, s.EndS, end)
			}
		}
	}
	for _, from := range []time.Duration{time.Duration(end*1e9) + time.Millisecond, time.Hour} {
		_, err := Query(path, Options{From: from, To: from + 100*time.Millisecond})
		want := fmt.Sprintf("the window starts at %v, after the trace's last event (at %.6f s)", from, end)
		if err == nil || err.Error() != want {
			t.Errorf("window from %v: got error %v, want %q", from, err, want)
		}
	}
	// Inside the trace: no such note.
	inside, err := Query(path, Options{From: 0, To: time.Duration(end * 1e9 / 2)})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range inside.Notes {
		if strings.HasPrefix(n, "the trace ends") {
			t.Errorf("a window inside the trace says %q", n)
		}
	}
}

// endsAt reports whether a slice of w stopped in it exactly at to (one running
// on past the window says "window end").
func endsAt(w *Window, to time.Duration) bool {
	for _, p := range w.Procs {
		for _, s := range p.Slices {
			if s.Stop != "window end" && s.EndS >= to.Seconds()-1e-12 {
				return true
			}
		}
	}
	return false
}

// A goroutine created and left waiting: its creation is an edge (Created, by
// its creator) and its wait, the longest, names its creator. On a made trace
// of one thread: goroutine 1 creates goroutine 2, stops 10 ns later, and
// goroutine 2 starts 1 µs after that.
func TestAWaitFromACreationNamesItsCreator(t *testing.T) {
	events := append(ordertest.RunsG(1),
		ordertest.Made(wire.EvGoCreate, 10, 2, 0, 0),
		ordertest.Made(wire.EvGoStop, 10, 0, 0),
		ordertest.Made(wire.EvGoStart, 1000, 2, 1),
		ordertest.Made(wire.EvGoStop, 10, 0, 0),
	)
	path := filepath.Join(t.TempDir(), "made.out")
	if err := os.WriteFile(path, ordertest.MadeTrace(events), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Query(path, Options{From: 0, To: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(w.Unblocks, func(u Unblock) bool { return u.G == 2 && u.By == 1 && u.Created }) {
		t.Errorf("no creation edge of goroutine 2 by goroutine 1: %+v", w.Unblocks)
	}
	i := slices.IndexFunc(w.LongestWaits, func(x Wait) bool { return x.G == 2 })
	if i < 0 || w.LongestWaits[i].From != "NotExist" || w.LongestWaits[i].By == nil || *w.LongestWaits[i].By != 1 {
		t.Fatalf("goroutine 2's wait from its creation does not name goroutine 1: %+v", w.LongestWaits)
	}
}

// A frame without a PC names nothing: left out of a window's stacks, where it read " :0".
func TestFrameLine(t *testing.T) {
	if line, ok := frameLine(trace.StackFrame{PC: 0x4a1b2c, Func: "main.worker", File: "/src/main.go", Line: 12}); !ok || line != "main.worker /src/main.go:12" {
		t.Errorf("a frame: %q %v", line, ok)
	}
	if line, ok := frameLine(trace.StackFrame{}); ok {
		t.Errorf("a frame without a PC: %q, want none", line)
	}
}

// A syscall names its goroutine's start function, the one its P slices have:
// a goroutine in a syscall throughout a window shows on no P there.
func TestSyscallsNameTheirGoroutine(t *testing.T) {
	w := query(t, selfTrace(t, 50*time.Millisecond), 1<<30)
	ran := map[int64]string{}
	for _, p := range w.Procs {
		for _, s := range p.Slices {
			ran[s.G] = s.StartFunc
		}
	}
	named := 0
	for _, s := range w.Syscalls {
		if f, ok := ran[s.G]; ok && f != s.StartFunc {
			t.Errorf("syscall of goroutine %d names %q, its slices %q", s.G, s.StartFunc, f)
		}
		if s.StartFunc != "" {
			named++
		}
	}
	if named == 0 {
		t.Fatalf("none of %d syscalls is named", len(w.Syscalls))
	}
}

// A syscall that began on a P holds it until the P is stolen or handed off,
// or the syscall ends: over that span the P runs nothing else. In
// selfTrace's sleepers, four goroutines on two Ps, some syscalls keep their
// P to the end (the goroutine runs on there at once) and some lose it to a
// sleeper that woke meanwhile.
func TestSyscallsHoldTheirPUntilItIsTaken(t *testing.T) {
	w := query(t, selfTrace(t, 100*time.Millisecond), 1<<30)
	ran := procSpans(w)
	heldToEnd, lost := 0, 0
	for _, s := range w.Syscalls {
		if s.P < 0 {
			if s.PUntilS != s.BeginS {
				t.Errorf("syscall of g%d holds no P but p_until_s %.9f is not its begin %.9f", s.G, s.PUntilS, s.BeginS)
			}
			continue
		}
		// A P held for no time is stated as none (P -1): a P stated is held for a while, perhaps all of it.
		if s.PUntilS <= s.BeginS || s.PUntilS > s.EndS {
			t.Errorf("syscall of g%d on P%d [%.9f, %.9f]: p_until_s %.9f not after its begin and within it", s.G, s.P, s.BeginS, s.EndS, s.PUntilS)
		}
		for _, sl := range ran[s.P] {
			if sl.begin < s.PUntilS && sl.end > s.BeginS {
				t.Errorf("P%d ran g%d over [%.9f, %.9f] while g%d's syscall held it over [%.9f, %.9f]", s.P, sl.g, sl.begin, sl.end, s.G, s.BeginS, s.PUntilS)
			}
		}
		if s.PUntilS == s.EndS {
			heldToEnd++
		} else {
			lost++
		}
	}
	t.Logf("%d syscalls: %d held their P to the end, %d lost it midway", len(w.Syscalls), heldToEnd, lost)
	if heldToEnd == 0 || lost == 0 {
		t.Errorf("of %d syscalls, %d held their P to the end and %d lost it midway: want some of each", len(w.Syscalls), heldToEnd, lost)
	}
}
