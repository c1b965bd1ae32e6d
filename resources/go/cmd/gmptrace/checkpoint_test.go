package main

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/timeline"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire/wiretest"
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
		traces := programTracesWithACut(t, toolchain, header)
		for name, tr := range traces {
			data, ix := readIndexed(t, tr)
			all, endErr := readAll(order.NewReader(bytes.NewReader(data), ix))
			const points = 8
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
		traces := programTracesWithACut(t, toolchain, header)
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
		traces := programTracesWithACut(t, toolchain, header)
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
			t.Logf("%s %s: %d checkpoints for the windows of generations %v (unreadable from where their queries begin: %v)", header, name, done.Points, done.Generations, done.Unreadable)
		}
		// A window early in its generation may come before its first checkpoint.
		if resumed < queries*2/3 {
			t.Errorf("%s: %d first queries of %d resumed from a prepared checkpoint", header, resumed, queries)
		}
		t.Logf("%s: %d first queries of %d resumed from a prepared checkpoint, every window the same", header, resumed, queries)
	})
}

// A checkpoint file is a cache: one of another trace, not one at all, a
// FIFO (which would block a reader), or one whose header fails its sum, is
// passed over (the window is the same, read from its generation's start)
// and replaced by this trace's; a checkpoint that fails its sum is passed
// over for the one before it; a file that cannot be written leaves the
// window whole, with a note that says so.
func TestCheckpointFilesThatDoNotFit(t *testing.T) {
	traces := programTraces(t, "", "local")
	tr, other := traces["gc"], traces["regions"]
	length := traceLength(t, tr)
	opt := timeline.Options{From: length * 2 / 3, To: length*2/3 + length/30, CheckpointEvery: 200}
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
	for _, c := range []struct {
		name    string
		make    func(path string) error
		resumes bool // the first query
	}{
		{"garbage", func(path string) error {
			return os.WriteFile(path, bytes.Repeat([]byte("not a checkpoint "), 1000), 0o644)
		}, false},
		{"of another trace", func(path string) error {
			_, err := timeline.Query(other, timeline.Options{From: traceLength(t, other) * 2 / 3, To: time.Hour, Checkpoints: path, CheckpointEvery: 200})
			return err
		}, false},
		{"a FIFO", func(path string) error { return syscall.Mkfifo(path, 0o644) }, false},
		{"a header that fails its sum", func(path string) error { return damaged(path, query, "header") }, false},
		{"the latest checkpoint failing its sum", func(path string) error { return damaged(path, query, "latest") }, true},
	} {
		file := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
		if err := c.make(file); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if fi, err := os.Lstat(file); err != nil || fi.Size() == 0 && fi.Mode().IsRegular() {
			t.Fatalf("%s: no file made (%v)", c.name, err)
		}
		if w := query(file); w.Resumed != c.resumes || windowJSON(w, nil) != want {
			t.Errorf("%s: resumed %v (want %v), or the window differs", c.name, w.Resumed, c.resumes)
		}
		if w := query(file); !w.Resumed || windowJSON(w, nil) != want {
			t.Errorf("%s, then: resumed %v (want true), or the window differs", c.name, w.Resumed)
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

// damaged makes path this trace's checkpoint file (a query saves it) with
// one byte changed, in its header or in its latest checkpoint: the file
// ends in the header, its length (8 bytes) and its SHA-256, after the
// checkpoints in the order they were taken.
func damaged(path string, query func(string) *timeline.Window, where string) error {
	query(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	header := len(data) - 40 - int(binary.LittleEndian.Uint64(data[len(data)-40:]))
	at := header + 5
	if where == "latest" {
		at = header - 5
	}
	data[at] ^= 0x55
	return os.WriteFile(path, data, 0o644)
}

// What the builder learnt before the window in the window's generation
// comes back with a checkpoint between the two, on made traces of one
// generation: a task begun early and ended in the window keeps the parent
// its begin gave; a goroutine created early (its start function known only
// from its creation's stack) and running through the window keeps that
// start function.
func TestCheckpointsKeepWhatWasLearntBeforeTheWindow(t *testing.T) {
	const parent = 5
	task := append(runsG(1), made(wire.EvUserTaskBegin, 1, 7, parent, 0, 0))
	for seq := range uint64(200) {
		task = append(task, made(wire.EvGoStop, 10, 0, 0), made(wire.EvGoStart, 10, 1, seq+2))
	}
	task = append(task, made(wire.EvUserTaskEnd, 10, 7, 0), made(wire.EvGoStop, 10, 0, 0))

	created := [][]uint64{
		made(wire.EvProcStatus, 1, 0, madeProcRunning),
		made(wire.EvGoStatus, 1, 1, 1, madeGoRunning),
		made(wire.EvGoCreate, 10, 2, 2, 1), // goroutine 2, its start on stack 2 (main.worker), created on stack 1
	}
	for seq := range uint64(200) {
		created = append(created, made(wire.EvGoStop, 10, 0, 0), made(wire.EvGoStart, 10, 1, seq+1))
	}
	created = append(created, made(wire.EvGoStop, 10, 0, 0), made(wire.EvGoStart, 10, 2, 1))
	for range 100 {
		created = append(created, made(wire.EvHeapAlloc, 10, 1000))
	}
	tables := madeTables{strs: map[uint64]string{1: "main.main", 2: "main.go", 3: "main.worker"},
		stacks: map[uint64][][4]uint64{1: {{0x100, 1, 2, 10}}, 2: {{0x200, 3, 2, 20}}}}

	for _, c := range []struct {
		name     string
		trace    []byte
		from, to time.Duration // from the first event
		holds    string        // what the window shows of what was learnt
	}{
		// The task begins at 112 ns and ends at 4122 ns.
		{"a task's parent", madeTrace(task), 4000, 5000, fmt.Sprintf(`"tasks":[{"id":7,"parent":%d`, parent)},
		// Goroutine 2 starts at 4030 ns and runs to the trace's end.
		{"a start function", tables.trace(created), 4500, 4700, `"start_func":"main.worker"`},
	} {
		tr := filepath.Join(t.TempDir(), "made.out")
		if err := os.WriteFile(tr, c.trace, 0o644); err != nil {
			t.Fatal(err)
		}
		opt := timeline.Options{From: c.from, To: c.to}
		want := windowJSON(timeline.Query(tr, opt))
		if !strings.Contains(want, c.holds) {
			t.Fatalf("%s: the window read from the generation's start lacks %s: %s", c.name, c.holds, want)
		}
		opt.Checkpoints, opt.CheckpointEvery = filepath.Join(t.TempDir(), "checkpoints"), 50
		for _, what := range []string{"saving", "resumed"} {
			w, err := timeline.Query(tr, opt)
			if got := windowJSON(w, err); got != want {
				t.Errorf("%s, %s: the window differs: %s", c.name, what, firstDiff([]byte(got), []byte(want)))
			}
			if what == "resumed" && (err != nil || !w.Resumed) {
				t.Errorf("%s: the second query did not resume from a checkpoint (%v)", c.name, err)
			}
		}
	}
}

// madeTables are a made trace's string and stack tables (a stack's frames:
// PC, function and file string IDs, line).
type madeTables struct {
	strs   map[uint64]string
	stacks map[uint64][][4]uint64
}

// trace is a Go 1.22 trace of one generation: its frequency, the tables,
// then events on thread 1 from tick 1000, as madeTrace writes them.
func (mt madeTables) trace(events [][]uint64) []byte {
	out := wiretest.Header(22)
	batch := func(m uint64, data []byte) { out = wiretest.AppendBatch(out, 1, m, 1000, data) }
	batch(0, binary.AppendUvarint([]byte{byte(wire.EvFrequency)}, 1e9))
	strs := []byte{byte(wire.EvStrings)}
	for _, id := range slices.Sorted(maps.Keys(mt.strs)) {
		strs = binary.AppendUvarint(binary.AppendUvarint(append(strs, byte(wire.EvString)), id), uint64(len(mt.strs[id])))
		strs = append(strs, mt.strs[id]...)
	}
	batch(0, strs)
	stacks := []byte{byte(wire.EvStacks)}
	for _, id := range slices.Sorted(maps.Keys(mt.stacks)) {
		stacks = binary.AppendUvarint(binary.AppendUvarint(append(stacks, byte(wire.EvStack)), id), uint64(len(mt.stacks[id])))
		for _, f := range mt.stacks[id] {
			for _, v := range f {
				stacks = binary.AppendUvarint(stacks, v)
			}
		}
	}
	batch(0, stacks)
	var data []byte
	for _, ev := range events {
		data = append(data, byte(ev[0]))
		for _, a := range ev[1:] {
			data = binary.AppendUvarint(data, a)
		}
	}
	batch(1, data)
	return out
}

// Checkpoints prepared ahead serve the first window in a huge generation
// and in the small one after it (whose query reads from the huge one's
// start), with the windows read from the generation's start: on a made
// trace of three generations, the middle one "huge" (above 500 bytes here).
func TestPreparedCheckpointsServeTheGenerationAfterAHugeOne(t *testing.T) {
	status := [][]uint64{made(wire.EvProcStatus, 1, 0, madeProcRunning), made(wire.EvGoStatus, 1, 1, 1, madeGoRunning)}
	huge := slices.Clone(status)
	for seq := range uint64(300) {
		huge = append(huge, made(wire.EvGoStop, 1, 0, 0), made(wire.EvGoStart, 1, 1, seq+1))
	}
	small := slices.Clone(status)
	for seq := range uint64(20) {
		small = append(small, made(wire.EvGoStop, 5, 0, 0), made(wire.EvGoStart, 5, 1, seq+1))
	}
	tr := filepath.Join(t.TempDir(), "made.out")
	if err := os.WriteFile(tr, madeTrace(runsG(1), huge, small), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "checkpoints")
	done, err := timeline.Prepare(tr, file, timeline.PrepareOptions{Every: 50, Above: 500})
	if err != nil || !slices.Equal(done.Generations, []uint64{2, 3}) {
		t.Fatalf("prepared %+v, %v; want the windows of generations 2 and 3", done, err)
	}
	// From the first event: the huge generation spans 1000–1600 ns, the small one begins at 2000 ns.
	for _, from := range []time.Duration{1300, 2050} {
		opt := timeline.Options{From: from, To: from + 50}
		want := windowJSON(timeline.Query(tr, opt))
		opt.Checkpoints = file
		w, err := timeline.Query(tr, opt)
		if got := windowJSON(w, err); got != want || !w.Resumed {
			t.Errorf("window at %v: resumed %v (want true), the same %v", from, w != nil && w.Resumed, got == want)
		}
	}
}

// A generation whose windows' reading fails where it begins (it needs the
// generation before that, as Go 1.24's gc program once wrote) gets no
// checkpoints and fails nothing: Prepare says so, and a window in it is the
// one its query reads from the trace's start, with or without the file.
func TestPrepareSkipsAGenerationItsQueriesCannotReadFromWhereTheyBegin(t *testing.T) {
	tr := filepath.Join(t.TempDir(), "made.out")
	if err := os.WriteFile(tr, goroutineFromTheGenerationBefore(), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "checkpoints")
	done, err := timeline.Prepare(tr, file, timeline.PrepareOptions{Every: 1, Above: 1})
	if err != nil || !slices.Equal(done.Unreadable, []uint64{3}) || !slices.Equal(done.Generations, []uint64{1, 2}) {
		t.Fatalf("prepared %+v, %v; want generations 1 and 2, and 3 unreadable from where its queries begin", done, err)
	}
	// The third generation's events lie from 2000 ns after the first event.
	opt := timeline.Options{From: 2005, To: 2200}
	want := windowJSON(timeline.Query(tr, opt))
	if strings.HasPrefix(want, "error") {
		t.Fatalf("the window: %s", want)
	}
	opt.Checkpoints = file
	if got := windowJSON(timeline.Query(tr, opt)); got != want {
		t.Errorf("with the file: the window differs: %s", firstDiff([]byte(got), []byte(want)))
	}
}
