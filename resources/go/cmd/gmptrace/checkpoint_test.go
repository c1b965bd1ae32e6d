package main

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/timeline"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// readAll reads r's events to the end, and the error that ended them.
func readAll(r *order.Reader) ([]order.Event, error) {
	var out []order.Event
	for {
		var ev order.Event
		if err := r.ReadEvent(&ev); err != nil {
			return out, err
		}
		out = append(out, ev)
	}
}

// throughGob is snap written and read back as a checkpoint file holds it.
func throughGob(t *testing.T, snap *order.Snapshot) *order.Snapshot {
	t.Helper()
	var buf bytes.Buffer
	var back order.Snapshot
	if err := gob.NewEncoder(&buf).Encode(snap); err != nil {
		t.Fatal(err)
	}
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	return &back
}

// A reader resumed from a snapshot (through gob, as a checkpoint file holds
// it) returns the events a reader that never stopped returns after it, each
// the same, to the same end or error: from points spread over the traces of
// every test program and Go version from 1.22, cut ones included, in every
// generation that has events enough.
func TestAResumedReaderReadsOnAsOne(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		traces := programTraces(t, toolchain, header)
		traces["load cut"] = cutInItsThirdGeneration(t, traces["load"])
		for name, tr := range traces {
			data, err := os.ReadFile(tr)
			if err != nil {
				t.Fatal(err)
			}
			ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			all, endErr := readAll(order.NewReader(bytes.NewReader(data), ix))
			const points = 16
			every := max(1, len(all)/points)
			r := order.NewReader(bytes.NewReader(data), ix)
			resumed, gens := 0, map[uint64]bool{}
			for i, next := 0, every; i < len(all); i++ {
				var ev order.Event
				if err := r.ReadEvent(&ev); err != nil {
					t.Fatalf("%s: event %d: %v", name, i, err)
				}
				if i+1 < next {
					continue
				}
				snap, ok := r.Snapshot()
				if !ok {
					continue // events an event implied are queued: the next one
				}
				next += every
				rr, err := order.Resume(bytes.NewReader(data), ix, throughGob(t, snap))
				if err != nil {
					t.Fatalf("%s: resuming after event %d: %v", name, i, err)
				}
				rest, restErr := readAll(rr)
				if fmt.Sprint(restErr) != fmt.Sprint(endErr) {
					t.Fatalf("%s: resumed after event %d, the reading ends in %v; one reader's ends in %v", name, i, restErr, endErr)
				}
				if j := firstOther(rest, all[i+1:]); j >= 0 {
					t.Fatalf("%s: resumed after event %d of %d: event %d differs or is missing (%d events, want %d)", name, i, len(all), i+1+j, len(rest), len(all)-i-1)
				}
				resumed++
				gens[snap.Gen] = true
			}
			if resumed < points/2 {
				t.Errorf("%s: resumed at %d points of %d", name, resumed, points)
			}
			if name == "load" && len(gens) < 3 {
				t.Errorf("%s: snapshots in %d generations; the load program's trace has many", name, len(gens))
			}
			t.Logf("%s %s: %d events, resumed at %d points in %d generations, the same events after each", header, name, len(all), resumed, len(gens))
		}
	})
}

// firstOther is the first index where got and want differ, -1 when equal.
func firstOther(got, want []order.Event) int {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return i
		}
	}
	if len(got) != len(want) {
		return min(len(got), len(want))
	}
	return -1
}

// traceLength is the time from a trace's first batch to its last, as its
// index says.
func traceLength(t *testing.T, path string) time.Duration {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	ix, err := genindex.Scan(f, st.Size())
	if err != nil || len(ix.Generations) == 0 {
		t.Fatalf("%s: index: %v", path, err)
	}
	first, last := ix.Generations[0], ix.Generations[len(ix.Generations)-1]
	return time.Duration(last.Time(last.MaxTick) - first.Time(first.MinTick))
}

// windowJSON is a window as window.json holds it, or its query's error.
func windowJSON(w *timeline.Window, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	b, _ := json.Marshal(w)
	return string(b)
}

// A window read from a checkpoint is the window read from its generation's
// start, byte for byte. Windows spread over each trace (every other one
// capped short) are queried without a checkpoint file, then with one twice:
// the first query saves checkpoints on its way (resuming from those the
// query before saved), the second resumes from the latest before its
// window; then all again, latest first, from the file they filled. On the
// traces of every test program and Go version, cut ones included, with
// some 400 checkpoints in each.
func TestCheckpointsLeaveWindowsAsTheyAre(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		traces := programTraces(t, toolchain, header)
		traces["load cut"] = cutInItsThirdGeneration(t, traces["load"])
		resumedIn := 0
		for name, tr := range traces {
			length := traceLength(t, tr)
			file := filepath.Join(t.TempDir(), "checkpoints")
			st, err := os.Stat(tr)
			if err != nil {
				t.Fatal(err)
			}
			every := max(10, st.Size()/4000) // some 400 checkpoints a trace (an event takes some 10 bytes)
			type query struct {
				opt  timeline.Options
				want string
			}
			var queries []query
			for k := 1; k <= 8; k++ {
				from := length * time.Duration(k) / 9
				opt := timeline.Options{From: from, To: from + length/30}
				if k%2 == 0 {
					opt.MaxItems = 50
				}
				queries = append(queries, query{opt, windowJSON(timeline.Query(tr, opt))})
			}
			resumed := 0
			check := func(q query, what string) {
				opt := q.opt
				opt.Checkpoints, opt.CheckpointEvery = file, every
				w, err := timeline.Query(tr, opt)
				if got := windowJSON(w, err); got != q.want {
					t.Errorf("%s %s [%v, %v] %s: the window differs: %s", header, name, opt.From, opt.To, what, firstDiff([]byte(got), []byte(q.want)))
				}
				if err == nil && w.Resumed {
					resumed++
				}
			}
			for _, q := range queries {
				check(q, "saving")
				check(q, "resuming")
			}
			slices.Reverse(queries)
			for _, q := range queries {
				check(q, "again, latest first")
			}
			if resumed > 0 {
				resumedIn++
			}
			t.Logf("%s %s: %d of %d queries resumed from a checkpoint, every window the same", header, name, resumed, 3*len(queries))
		}
		if resumedIn < len(traces)-1 {
			t.Errorf("%s: queries resumed from a checkpoint in %d traces of %d", header, resumedIn, len(traces))
		}
	})
}

// Checkpoints prepared ahead (gmptrace checkpoints) make the first query of
// a window resume, with the window it would have read from its
// generation's start: windows spread over the traces of every test program
// and Go version, every generation prepared. A trace with no generation
// above the size asked for gets no file.
func TestPreparedCheckpointsServeTheFirstQuery(t *testing.T) {
	forEachGenerationsToolchain(t, func(t *testing.T, toolchain, header string) {
		traces := programTraces(t, toolchain, header)
		traces["load cut"] = cutInItsThirdGeneration(t, traces["load"])
		queries, resumed := 0, 0
		for name, tr := range traces {
			st, err := os.Stat(tr)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "checkpoints")
			none, err := timeline.Prepare(tr, file, timeline.PrepareOptions{Above: st.Size()})
			if _, statErr := os.Stat(file); err != nil || len(none.Generations) != 0 || statErr == nil {
				t.Fatalf("%s: no generation above the trace's size: prepared %+v, %v; the file: %v", name, none, err, statErr)
			}
			done, err := timeline.Prepare(tr, file, timeline.PrepareOptions{Every: max(10, st.Size()/4000), Above: 1})
			if err != nil || done.Points == 0 {
				t.Fatalf("%s: prepared %+v, %v", name, done, err)
			}
			length := traceLength(t, tr)
			for k := 1; k <= 8; k++ {
				opt := timeline.Options{From: length * time.Duration(k) / 9}
				opt.To = opt.From + length/30
				want := windowJSON(timeline.Query(tr, opt))
				opt.Checkpoints = file
				w, err := timeline.Query(tr, opt)
				if got := windowJSON(w, err); got != want {
					t.Errorf("%s %s [%v, %v]: the window differs: %s", header, name, opt.From, opt.To, firstDiff([]byte(got), []byte(want)))
				}
				queries++
				if err == nil && w.Resumed {
					resumed++
				}
			}
			t.Logf("%s %s: %d checkpoints in generations %v", header, name, done.Points, done.Generations)
		}
		// A window early in its generation may come before its first checkpoint.
		if resumed < queries*2/3 {
			t.Errorf("%s: %d first queries of %d resumed from a prepared checkpoint", header, resumed, queries)
		}
		t.Logf("%s: %d first queries of %d resumed from a prepared checkpoint, every window the same", header, resumed, queries)
	})
}

// A checkpoint file is a cache: one of another trace, or not one at all, is
// passed over (the window is the same, read from its generation's start)
// and replaced by this trace's; one that cannot be written leaves the
// window whole, with a note that says so.
func TestCheckpointFilesThatDoNotFit(t *testing.T) {
	traces := programTraces(t, "", "local")
	tr, other := traces["gc"], traces["regions"]
	length := traceLength(t, tr)
	opt := timeline.Options{From: length * 2 / 3, To: length*2/3 + length/30, CheckpointEvery: 2000}
	want := windowJSON(timeline.Query(tr, opt))
	query := func(file string) *timeline.Window {
		t.Helper()
		o := opt
		o.Checkpoints = file
		w, err := timeline.Query(tr, o)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not a checkpoint "), 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	ofOther := filepath.Join(dir, "of-other")
	o := timeline.Options{From: traceLength(t, other) * 2 / 3, To: time.Hour, Checkpoints: ofOther, CheckpointEvery: 2000}
	if _, err := timeline.Query(other, o); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ofOther); err != nil {
		t.Fatalf("the query of the other trace saved no checkpoint: %v", err)
	}
	for _, file := range []string{garbage, ofOther} {
		if w := query(file); w.Resumed || windowJSON(w, nil) != want {
			t.Errorf("%s: resumed %v, or the window differs", filepath.Base(file), w.Resumed)
		}
		if w := query(file); !w.Resumed || windowJSON(w, nil) != want {
			t.Errorf("%s replaced: resumed %v (want true), or the window differs", filepath.Base(file), w.Resumed)
		}
	}
	w := query(filepath.Join(dir, "no such folder", "checkpoints"))
	notes := w.Notes
	w.Notes = slices.DeleteFunc(slices.Clone(notes), func(n string) bool { return strings.HasPrefix(n, "saving the checkpoints: ") })
	var base timeline.Window
	if err := json.Unmarshal([]byte(want), &base); err != nil {
		t.Fatal(err)
	}
	if len(w.Notes) != len(notes)-1 || windowJSON(w, nil) != windowJSON(&base, nil) {
		t.Errorf("an unwritable checkpoint file: notes %q; want the window with one note more that says the checkpoints were not saved", notes)
	}
}

// A task begun before the window in the window's generation keeps, when it
// ends in the window, the parent its begin gave, resumed or not: on a made
// trace of one generation whose task begins early and ends late, queried
// from a checkpoint between the two.
func TestCheckpointsKeepATaskBegunBeforeTheWindow(t *testing.T) {
	const parent = 5
	events := append(runsG(1), made(wire.EvUserTaskBegin, 1, 7, parent, 0, 0))
	for seq := range uint64(200) {
		events = append(events, made(wire.EvGoStop, 10, 0, 0), made(wire.EvGoStart, 10, 1, seq+2))
	}
	events = append(events, made(wire.EvUserTaskEnd, 10, 7, 0), made(wire.EvGoStop, 10, 0, 0))
	tr := filepath.Join(t.TempDir(), "task.out")
	if err := os.WriteFile(tr, madeTrace(events), 0o644); err != nil {
		t.Fatal(err)
	}
	// From the trace's first event: the task begins at 112 ns, ends at 4122 ns; the last event is at 4132 ns.
	opt := timeline.Options{From: 4000 * time.Nanosecond, To: 5000 * time.Nanosecond}
	want := windowJSON(timeline.Query(tr, opt))
	if !strings.Contains(want, fmt.Sprintf(`"tasks":[{"id":7,"parent":%d`, parent)) {
		t.Fatalf("the window read from the generation's start lacks task 7 with its parent: %s", want)
	}
	opt.Checkpoints, opt.CheckpointEvery = filepath.Join(t.TempDir(), "checkpoints"), 50
	for _, what := range []string{"saving", "resumed"} {
		w, err := timeline.Query(tr, opt)
		if got := windowJSON(w, err); got != want {
			t.Errorf("%s: the window differs: %s", what, firstDiff([]byte(got), []byte(want)))
		}
		if what == "resumed" && (err != nil || !w.Resumed) {
			t.Errorf("the second query did not resume from a checkpoint (%v)", err)
		}
	}
}
