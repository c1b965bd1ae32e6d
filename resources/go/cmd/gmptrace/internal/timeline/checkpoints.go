// Checkpoints: a window deep inside a huge generation is read from that
// generation's start, as the state at the window's start needs; in a trace
// written as one generation of a gigabyte that is most of the file. A query
// given a checkpoint file saves, while it reads up to its window, the own
// reader's state (order.Snapshot) and the builder's, every CheckpointEvery
// events (DefaultCheckpointEvery); a later query that would begin reading where one began resumes
// from the latest checkpoint before its window instead. The state saved is
// the one a query reads its way to, before any of its window, so the window
// is the one it would have built (tested).

package timeline

import (
	"cmp"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
)

// DefaultCheckpointEvery is how many events a query reads between two
// checkpoints: about 25 MB of trace, a few hundred milliseconds of reading.
const DefaultCheckpointEvery = 1 << 22

// checkpointSchema changes whenever what a checkpoint holds does: a file of
// another schema is read as none.
const checkpointSchema = 1

type checkpointFile struct {
	Schema int
	Trace  traceID
	Points []checkpoint
}

// traceID tells a checkpoint file's trace from another written in its place.
type traceID struct {
	Size                    int64
	Version                 int
	Generations             int
	FirstMinTick, LastTick  uint64
	LastEnd, LastGeneration int64
}

func idOf(size int64, ix genindex.Index) traceID {
	first, last := ix.Generations[0], ix.Generations[len(ix.Generations)-1]
	return traceID{Size: size, Version: ix.Version, Generations: len(ix.Generations),
		FirstMinTick: first.MinTick, LastTick: last.MaxTick, LastEnd: last.End, LastGeneration: int64(last.Gen)}
}

// checkpoint is the state of a query's reading at a point before its window.
type checkpoint struct {
	Reader  *order.Snapshot // its FirstGen says where the reading began
	Builder savedBuilder
}

// savedBuilder is what a builder holds before its window begins: nothing of
// the window itself (no output, no waits followed), only the state at the
// time of the last event read, which does not depend on the window.
type savedBuilder struct {
	Goroutines map[trace.GoID]savedG
	Runnable   int
	Ranges     []savedRange
	Regions    map[trace.GoID][]savedRegion
	Tasks      map[trace.TaskID]savedTask
	Gens       int
	Funcs      map[trace.GoID]string
	Last, Now  trace.Time
}

type savedG struct {
	State              trace.GoState
	P                  trace.ProcID
	RunBegin, SysBegin trace.Time
}

type savedRange struct {
	Kind  trace.ResourceKind
	ID    int64 // the goroutine, P or thread, by its kind
	Name  string
	Begin trace.Time
}

type savedRegion struct {
	Type  string
	Task  trace.TaskID
	Begin trace.Time
}

type savedTask struct {
	Parent trace.TaskID
	Type   string
	Begin  trace.Time
	Gen    int
}

// save is b's state; b has read no event of its window.
func (b *builder) save() savedBuilder {
	s := savedBuilder{Goroutines: make(map[trace.GoID]savedG, len(b.gs)), Runnable: b.runnable,
		Regions: make(map[trace.GoID][]savedRegion, len(b.regions)), Tasks: make(map[trace.TaskID]savedTask, len(b.tasks)),
		Gens: b.gens, Funcs: make(map[trace.GoID]string, len(b.funcs)), Last: b.last, Now: b.now}
	for id, g := range b.gs {
		s.Goroutines[id] = savedG{State: g.state, P: g.p, RunBegin: g.runBegin, SysBegin: g.sysBegin}
	}
	for k, begin := range b.ranges {
		s.Ranges = append(s.Ranges, savedRange{Kind: k.scope.Kind, ID: resourceNumber(k.scope), Name: k.name, Begin: begin})
	}
	// Regions open now cannot change the window (one that ends in it is clipped to its start, as one
	// never seen is); they are kept so that the restored builder is this one.
	for id, open := range b.regions {
		for _, r := range open {
			s.Regions[id] = append(s.Regions[id], savedRegion{Type: r.typ, Task: r.task, Begin: r.begin})
		}
	}
	for id, t := range b.tasks {
		s.Tasks[id] = savedTask{Parent: t.parent, Type: t.typ, Begin: t.begin, Gen: t.gen}
	}
	for id, fn := range b.funcs {
		s.Funcs[id] = fn
	}
	return s
}

// restore puts s into b, a builder that has read nothing yet.
func (b *builder) restore(s savedBuilder) {
	for id, g := range s.Goroutines {
		b.gs[id] = &gInfo{state: g.State, p: g.P, runBegin: g.RunBegin, sysBegin: g.SysBegin, out: -1, atFrom: trace.GoNotExist}
	}
	b.runnable = s.Runnable
	for _, r := range s.Ranges {
		b.ranges[rangeKey{scope: makeResource(r.Kind, r.ID), name: b.names.Intern(r.Name)}] = r.Begin
	}
	for id, open := range s.Regions {
		for _, r := range open {
			b.regions[id] = append(b.regions[id], openRegion{typ: b.names.Intern(r.Type), task: r.Task, begin: r.Begin})
		}
	}
	for id, t := range s.Tasks {
		b.tasks[id] = openTask{parent: t.Parent, typ: b.names.Intern(t.Type), begin: t.Begin, gen: t.Gen}
	}
	for id, fn := range s.Funcs {
		b.funcs[id] = b.names.Intern(fn)
	}
	b.gens, b.last, b.now = s.Gens, s.Last, s.Now
}

func resourceNumber(r trace.ResourceID) int64 {
	switch r.Kind {
	case trace.ResourceGoroutine:
		return int64(r.Goroutine())
	case trace.ResourceProc:
		return int64(r.Proc())
	case trace.ResourceThread:
		return int64(r.Thread())
	}
	return 0
}

func makeResource(kind trace.ResourceKind, id int64) trace.ResourceID {
	switch kind {
	case trace.ResourceGoroutine:
		return trace.MakeResourceID(trace.GoID(id))
	case trace.ResourceProc:
		return trace.MakeResourceID(trace.ProcID(id))
	case trace.ResourceThread:
		return trace.MakeResourceID(trace.ThreadID(id))
	}
	return trace.ResourceID{Kind: kind}
}

// loadCheckpoints reads the checkpoints path holds for the trace id names:
// none when the file is missing, unreadable, of another schema or of
// another trace (it is a cache: the query then reads as without it).
func loadCheckpoints(path string, id traceID) []checkpoint {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var cf checkpointFile
	if gob.NewDecoder(f).Decode(&cf) != nil || cf.Schema != checkpointSchema || cf.Trace != id {
		return nil
	}
	return cf.Points
}

// latestBefore is the checkpoint of a reading begun at generation firstGen
// with its last event the latest before t, if any.
func latestBefore(points []checkpoint, firstGen uint64, t trace.Time) (checkpoint, bool) {
	best := -1
	for i, p := range points {
		if p.Reader.State.FirstGen == firstGen && trace.Time(p.Reader.Last) < t && (best < 0 || p.Reader.Last > points[best].Reader.Last) {
			best = i
		}
	}
	if best < 0 {
		return checkpoint{}, false
	}
	return points[best], true
}

// savingFailed begins the note of a query whose checkpoints could not be saved.
const savingFailed = "saving the checkpoints: "

// saveCheckpoints adds added to the checkpoints path holds for the trace
// (keeping one per reading's start and time), written whole to a temporary
// file renamed over path, so a query reading it meanwhile sees the old or
// the new one.
func saveCheckpoints(path string, id traceID, added []checkpoint) error {
	points := append(loadCheckpoints(path, id), added...)
	slices.SortStableFunc(points, func(x, y checkpoint) int {
		return cmp.Or(cmp.Compare(x.Reader.State.FirstGen, y.Reader.State.FirstGen), cmp.Compare(x.Reader.Last, y.Reader.Last))
	})
	points = slices.CompactFunc(points, func(x, y checkpoint) bool {
		return x.Reader.State.FirstGen == y.Reader.State.FirstGen && x.Reader.Last == y.Reader.Last
	})
	if err := writeCheckpoints(path, checkpointFile{Schema: checkpointSchema, Trace: id, Points: points}); err != nil {
		return fmt.Errorf("%s%w", savingFailed, err)
	}
	return nil
}

// writeCheckpoints writes cf to a temporary file renamed over path.
func writeCheckpoints(path string, cf checkpointFile) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	err = errors.Join(gob.NewEncoder(tmp).Encode(cf), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// DefaultPrepareAbove: Prepare saves checkpoints in the generations of more
// bytes than this, about as many events as a checkpoint's spacing: a window
// in a smaller one is read from its start in a few hundred milliseconds.
const DefaultPrepareAbove = 32 << 20

// PrepareOptions are Prepare's; the zero value gives the defaults.
type PrepareOptions struct {
	Every int64 // events between two checkpoints (≤ 0: DefaultCheckpointEvery)
	Above int64 // the generations of more bytes get checkpoints (≤ 0: DefaultPrepareAbove)
}

// Prepared says what Prepare did.
type Prepared struct {
	Generations []uint64 // those it read, saving checkpoints: the generations above PrepareOptions.Above
	Points      int      // checkpoints the file holds
}

// Prepare fills the checkpoint file path for the trace at path, so that the
// first window deep in a huge generation is as quick as a later one: for
// each generation above opt.Above it reads the way a query of a window in
// that generation reads (from the generation the query would begin at, so
// from the one before), saving checkpoints to the generation's end. A trace
// with no such generation is left as it is; one that cannot be indexed
// (Go ≤ 1.21, not a trace, no whole generation) is an error.
func Prepare(path, file string, opt PrepareOptions) (Prepared, error) {
	var done Prepared
	if opt.Above <= 0 {
		opt.Above = DefaultPrepareAbove
	}
	f, err := os.Open(path)
	if err != nil {
		return done, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return done, err
	}
	ix, err := genindex.Scan(f, st.Size())
	if err != nil {
		return done, fmt.Errorf("%s: %w", path, err)
	}
	if len(ix.Generations) == 0 {
		// Cut inside its first generation, or junk after a header: a window reads it from the start.
		return done, fmt.Errorf("%s: no whole generation to checkpoint: %v", path, ix.Err)
	}
	g0 := ix.Generations[0]
	t0 := trace.Time(g0.Time(g0.MinTick))
	for j, g := range ix.Generations {
		if g.End-g.Offset <= opt.Above {
			continue
		}
		first, _, _ := ix.Span(g.Time(g.MinTick)+1, g.Time(g.MinTick)+1)
		// A window past everything: the reading saves checkpoints all the way.
		b := newBuilder(Options{Checkpoints: file, CheckpointEvery: opt.Every}, t0)
		b.from, b.to = math.MaxInt64, math.MaxInt64
		if _, err := b.readGenerations(f, st.Size(), ix, first, j, ReaderOwn); err != nil {
			return done, err
		}
		if i := slices.IndexFunc(b.out.Notes, func(n string) bool { return strings.HasPrefix(n, savingFailed) }); i >= 0 {
			return done, errors.New(b.out.Notes[i])
		}
		done.Generations = append(done.Generations, g.Gen)
	}
	done.Points = len(loadCheckpoints(file, idOf(st.Size(), ix)))
	return done, nil
}
