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
	start  trace.Time
	lostAt trace.Time
	p      trace.ProcID
	stack  stacks.ID
	in     bool
	lost   bool
}

type Tracker struct {
	onP map[trace.ProcID]*GState

	Count     uint64
	Time      int64
	LostP     uint64
	LostPTime int64
	Prof      *pprofw.Profile
}

func New() *Tracker {
	return &Tracker{
		onP:  make(map[trace.ProcID]*GState),
		Prof: pprofw.New("", [2]string{"contentions", "count"}, [2]string{"delay", "nanoseconds"}),
	}
}

// Begin: Running→Syscall on P p.
func (t *Tracker) Begin(g *GState, now trace.Time, p trace.ProcID, stack stacks.ID) {
	*g = GState{start: now, p: p, stack: stack, in: true}
	if p != trace.NoProc {
		t.onP[p] = g
	}
}

// ProcIdle: P p went from Running to Idle (stopped or stolen) at now.
func (t *Tracker) ProcIdle(p trace.ProcID, now trace.Time) {
	if g, ok := t.onP[p]; ok {
		delete(t.onP, p)
		if g.in && !g.lost {
			g.lost = true
			g.lostAt = now
		}
	}
}

// End: Syscall→to at now.
func (t *Tracker) End(g *GState, now trace.Time, to trace.GoState) {
	if !g.in {
		return
	}
	g.in = false
	if cur, ok := t.onP[g.p]; ok && cur == g {
		delete(t.onP, g.p)
	}
	d := int64(now - g.start)
	t.Count++
	t.Time += d
	t.Prof.Add(g.stack, "", 1, d)
	if to == trace.GoRunnable && !g.lost {
		// Lost its P without a visible steal: the whole call counts.
		g.lost, g.lostAt = true, g.start
	}
	if g.lost {
		t.LostP++
		t.LostPTime += int64(now - g.lostAt)
	}
}

// Forget drops g (it died); called before the state is discarded.
func (t *Tracker) Forget(g *GState) {
	if g.in {
		if cur, ok := t.onP[g.p]; ok && cur == g {
			delete(t.onP, g.p)
		}
		g.in = false
	}
}
