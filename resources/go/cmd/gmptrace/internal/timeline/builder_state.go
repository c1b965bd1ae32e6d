// The window builder's state before its window, as a checkpoint holds it
// (checkpoints.go).

package timeline

import (
	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/syscalls"
)

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
	Firsts     []firstStatus // the first generation's first statuses so far
}

type savedG struct {
	State              trace.GoState
	P                  trace.ProcID
	RunBegin, SysBegin trace.Time
	SysP               trace.ProcID
	SysPLeft           trace.Time
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
		s.Goroutines[id] = savedG{State: g.state, P: g.p, RunBegin: g.runBegin, SysBegin: g.sys.Begin, SysP: g.sys.P, SysPLeft: g.sys.LostAt}
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
	if b.first.keep {
		s.Firsts = b.first.kept
	}
	return s
}

// restore puts s into b, a builder that has read nothing yet.
func (b *builder) restore(s savedBuilder) {
	for id, g := range s.Goroutines {
		gi := &gInfo{state: g.State, p: g.P, runBegin: g.RunBegin, sys: syscalls.Hold{Begin: g.SysBegin, P: g.SysP, LostAt: g.SysPLeft}, out: -1, atFrom: trace.GoNotExist}
		b.gs[id] = gi
		if g.State == trace.GoSyscall {
			b.holds.Resume(&gi.sys)
		}
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
	if b.first.keep {
		b.first.kept = s.Firsts
	}
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
