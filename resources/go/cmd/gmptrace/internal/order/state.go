package order

import (
	"fmt"
	"slices"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// No resource: the context of an event that has no thread, P or goroutine.
const (
	NoThread    int64 = -1
	NoProc      int64 = -1
	NoGoroutine int64 = -1
)

// Statuses as the format writes them (GoStatus and ProcStatus arguments).
const (
	goRunnable = 1
	goRunning  = 2
	goSyscall  = 3
	goWaiting  = 4

	procRunning          = 1
	procIdle             = 2
	procSyscall          = 3
	procSyscallAbandoned = 4 // a P in a syscall whose thread the trace lost track of
)

// Ctx is what an event happened in: its thread, the P that thread held
// and the goroutine it ran, before the event.
type Ctx struct{ M, P, G int64 }

// seq is a goroutine's or P's sequence number: the runtime numbers the
// events of a resource that other threads can see within each generation,
// so an event may come only after the one numbered before it.
type seq struct{ gen, n uint64 }

func (a seq) follows(b seq) bool { return a.gen == b.gen && a.n == b.n+1 }

// span is a range (GC sweep, mark assist, stop-the-world) open on a
// goroutine or P: the type of its begin event, and for stop-the-world its
// kind (a string ID).
type span struct {
	begin wire.Type
	kind  uint64
}

// spans are a resource's open ranges.
type spans []span

func (s *spans) begin(r span) error {
	if slices.Contains(*s, r) {
		return fmt.Errorf("%s begins while one is under way", r.begin.String())
	}
	*s = append(*s, r)
	return nil
}

// active records a range the generation says is under way: in the first
// generation it opens it, later it must be open already.
func (s *spans) active(r span, firstGen bool) error {
	switch has := slices.Contains(*s, r); {
	case firstGen && has:
		return fmt.Errorf("%s said active twice in the first generation", r.begin.String())
	case firstGen:
		*s = append(*s, r)
	case !has:
		return fmt.Errorf("%s said active but never begun", r.begin.String())
	}
	return nil
}

// end closes the range begun by begin, returning its kind. The last one
// moves into its place, as the order of open ranges does not matter.
func (s *spans) end(begin wire.Type) (uint64, error) {
	i := slices.IndexFunc(*s, func(r span) bool { return r.begin == begin })
	if i < 0 {
		return 0, fmt.Errorf("%s ends but was not under way", begin.String())
	}
	kind := (*s)[i].kind
	last := len(*s) - 1
	(*s)[i] = (*s)[last]
	*s = (*s)[:last]
	return kind, nil
}

type region struct {
	task uint64
	name string
}

type goroutine struct {
	status  uint64
	seq     seq
	regions []region
	spans
}

type proc struct {
	status uint64
	seq    seq
	spans
}

type thread struct{ g, p int64 }

type task struct {
	parent uint64
	name   string
}

type gcPhase uint8

const (
	gcUnknown gcPhase = iota
	gcIdle
	gcRunning
)

// state is what the events so far say of every goroutine, P, thread, task
// and of the GC.
type state struct {
	gs       map[int64]*goroutine
	ps       map[int64]*proc
	ms       map[int64]*thread
	tasks    map[uint64]task
	gcSeq    uint64
	gc       gcPhase
	firstGen uint64
}

func newState() *state {
	return &state{gs: map[int64]*goroutine{}, ps: map[int64]*proc{}, ms: map[int64]*thread{}, tasks: map[uint64]task{}}
}

// need says whether a context must have, may have, or must not have a resource.
type need uint8

const (
	may need = iota
	must
	mustNot
)

type needs struct{ m, p, g need }

// goNeeds: a running goroutine on a thread with a P.
var goNeeds = needs{must, must, must}

func (n needs) check(c Ctx) error {
	for _, r := range []struct {
		name string
		need need
		none bool
	}{{"thread", n.m, c.M == NoThread}, {"P", n.p, c.P == NoProc}, {"goroutine", n.g, c.G == NoGoroutine}} {
		switch {
		case r.need == must && r.none:
			return fmt.Errorf("no %s where one is needed", r.name)
		case r.need == mustNot && !r.none:
			return fmt.Errorf("a %s where none may be", r.name)
		}
	}
	return nil
}
