// The ranges of a window: runtime ranges (GC, stop-the-world, mark assist;
// sweeps apart) per scope, and user regions and tasks.

package timeline

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/exp/trace"
)

type rangeKey struct {
	scope trace.ResourceID
	name  string
}

type openRegion struct {
	typ   string
	task  trace.TaskID
	begin trace.Time
}

type openTask struct {
	parent trace.TaskID
	typ    string
	begin  trace.Time
	gen    int // the generation it began in (counted from the first read)
}

func scopeName(r trace.ResourceID) string {
	switch r.Kind {
	case trace.ResourceGoroutine:
		return fmt.Sprintf("g %d", r.Goroutine())
	case trace.ResourceProc:
		return fmt.Sprintf("p %d", r.Proc())
	}
	return "global"
}

func (b *builder) rangeEvent(ev *event, now trace.Time) {
	r := ev.rng
	key := rangeKey{r.Scope, r.Name}
	if ev.kind != trace.EventRangeEnd {
		if _, open := b.ranges[key]; !open {
			key.name = b.names.Intern(r.Name)
			b.ranges[key] = now
		}
		return
	}
	begin, ok := b.ranges[key]
	delete(b.ranges, key)
	if !ok {
		begin = b.from // active since before anything read
	}
	if now >= b.from {
		b.addRange(r.Name, r.Scope, begin, now)
	}
}

// sweepRange names the runtime's incremental sweeps: a range each time an
// allocating P sweeps spans, often under a µs, and by the hundred thousand a
// second in a GC-heavy program (1.4 M in 2 s of one). In the list of the other
// runtime ranges they filled its cap within a few GC cycles and left the
// later GC phases and stop-the-world pauses out; they are a list of their own,
// with a cap of its own.
const sweepRange = "GC incremental sweep"

// rangeList names the list a runtime range goes to, as Truncated and
// KeptUntil name it.
func rangeList(name string) string {
	if name == sweepRange {
		return "sweeps"
	}
	return "ranges"
}

func (b *builder) rangesIn(list string) *[]Range {
	if list == "sweeps" {
		return &b.out.Sweeps
	}
	return &b.out.Ranges
}

// addRange records a range that ended at end (or is closed there); at the
// cap, as slices are, the ranges of its list under way are kept up to the
// cut, so the band lane is whole until it.
func (b *builder) addRange(name string, scope trace.ResourceID, begin, end trace.Time) {
	list := rangeList(name)
	switch n := len(*b.rangesIn(list)); {
	case n == b.max:
		b.out.KeptUntil[list] = b.secs(end)
		b.appendRange(name, scope, begin, end)
		for _, k := range b.openRanges() {
			if rangeList(k.name) == list && max(b.ranges[k], b.from) < end {
				b.appendRange(k.name, k.scope, b.ranges[k], end)
			}
		}
	case b.room(list, n):
		b.appendRange(name, scope, begin, end)
	}
}

func (b *builder) appendRange(name string, scope trace.ResourceID, begin, end trace.Time) {
	out := b.rangesIn(rangeList(name))
	*out = append(*out, Range{Name: b.names.Intern(name), Scope: scopeName(scope), BeginS: b.secs(max(begin, b.from)), EndS: b.secs(end)})
}

// openRanges lists the ranges under way, in a fixed order.
func (b *builder) openRanges() []rangeKey {
	keys := make([]rangeKey, 0, len(b.ranges))
	for k := range b.ranges {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y rangeKey) int {
		return strings.Compare(scopeName(x.scope)+x.name, scopeName(y.scope)+y.name)
	})
	return keys
}

func (b *builder) regionEvent(ev *event, now trace.Time) {
	r := ev.region
	id := ev.g
	open := b.regions[id]
	if ev.kind == trace.EventRegionBegin {
		b.regions[id] = append(open, openRegion{typ: b.names.Intern(r.Type), task: r.Task, begin: now})
		return
	}
	begin := b.from // began before anything read
	for i := len(open) - 1; i >= 0; i-- {
		if open[i].typ == r.Type {
			begin = open[i].begin
			b.regions[id] = slices.Delete(open, i, i+1)
			break
		}
	}
	if now >= b.from && b.room("regions", len(b.out.Regions)) {
		b.out.Regions = append(b.out.Regions, Region{G: int64(id), Task: uint64(r.Task), Type: b.names.Intern(r.Type), BeginS: b.secs(max(begin, b.from)), EndS: b.secs(now)})
	}
}

func (b *builder) taskEvent(ev *event, now trace.Time) {
	t := ev.task
	if ev.kind == trace.EventTaskBegin {
		b.tasks[t.ID] = openTask{parent: t.Parent, typ: b.names.Intern(t.Type), begin: now, gen: b.gens}
		return
	}
	o, ok := b.tasks[t.ID]
	delete(b.tasks, t.ID)
	if o.begin < b.from {
		// Began before the window: its parent and type are known when it
		// began in the generation it ends in, whichever generation reading
		// began at (a pass from the trace's start would know more than a
		// query that starts at the window's generation).
		if !ok || o.gen != b.gens {
			o = openTask{parent: trace.NoTask}
		}
		o.begin = b.from
	}
	if now >= b.from && b.room("tasks", len(b.out.Tasks)) {
		b.out.Tasks = append(b.out.Tasks, Task{ID: uint64(t.ID), Parent: uint64(o.parent), Type: b.names.Intern(o.typ), BeginS: b.secs(o.begin), EndS: b.secs(now)})
	}
}

// closeOpenUserSpans lists regions and tasks that began in the window and
// are still open at its end.
func (b *builder) closeOpenUserSpans(end trace.Time) {
	gids := make([]trace.GoID, 0, len(b.regions))
	for id := range b.regions {
		gids = append(gids, id)
	}
	slices.Sort(gids)
	for _, id := range gids {
		for _, r := range b.regions[id] {
			if r.begin >= b.from && b.room("regions", len(b.out.Regions)) {
				b.out.Regions = append(b.out.Regions, Region{G: int64(id), Task: uint64(r.task), Type: r.typ, BeginS: b.secs(r.begin), EndS: b.secs(end)})
			}
		}
	}
	tids := make([]trace.TaskID, 0, len(b.tasks))
	for id := range b.tasks {
		tids = append(tids, id)
	}
	slices.Sort(tids)
	for _, id := range tids {
		if t := b.tasks[id]; t.begin >= b.from && b.room("tasks", len(b.out.Tasks)) {
			b.out.Tasks = append(b.out.Tasks, Task{ID: uint64(id), Parent: uint64(t.parent), Type: t.typ, BeginS: b.secs(t.begin), EndS: b.secs(end)})
		}
	}
}
