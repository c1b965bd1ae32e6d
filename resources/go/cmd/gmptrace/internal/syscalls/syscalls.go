// Package syscalls measures system calls: how many, how long, and how many
// lost their P (the P was taken by sysmon/handoff while the goroutine was in
// the syscall, seen as ProcSteal/ProcStop of its P or GoSyscallEndBlocked).
package syscalls

import (
	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/pprofw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
)

// GState is the per-goroutine state this package owns.
type GState struct {
	hold  Hold
	stack stacks.ID
	in    bool // a call the tracker saw begin is under way
}

type Tracker struct {
	holds Holds

	Count     uint64
	Time      int64
	LostP     uint64
	LostPTime int64
	Prof      *pprofw.Profile
}

func New() *Tracker {
	return &Tracker{
		holds: NewHolds(),
		Prof:  pprofw.New("", [2]string{"contentions", "count"}, [2]string{"delay", "nanoseconds"}),
	}
}

// Begin: Running→Syscall on P p.
func (t *Tracker) Begin(g *GState, now trace.Time, p trace.ProcID, stack stacks.ID) {
	g.stack, g.in = stack, true
	t.holds.Begin(&g.hold, now, p)
}

// ProcIdle: P p went from Running to Idle (stopped or stolen) at now.
func (t *Tracker) ProcIdle(p trace.ProcID, now trace.Time) {
	t.holds.Taken(p, now)
}

// End: Syscall→to at now.
func (t *Tracker) End(g *GState, now trace.Time, to trace.GoState) {
	if !g.in {
		return
	}
	g.in = false
	t.holds.End(&g.hold, to)
	d := int64(now - g.hold.Begin)
	t.Count++
	t.Time += d
	t.Prof.Add(g.stack, "", 1, d)
	if g.hold.LostAt != 0 {
		t.LostP++
		t.LostPTime += int64(now - g.hold.LostAt)
	}
}

// Forget drops g (it died); called before the state is discarded.
func (t *Tracker) Forget(g *GState) {
	if g.in {
		t.holds.Drop(&g.hold)
		g.in = false
	}
}
