// Package blocking measures the time goroutines spend Waiting, by block
// reason (chan receive, select, sync, sleep, network, ...) and by the stack
// at which they blocked.
package blocking

import (
	"strings"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/pprofw"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/stacks"
)

// GState is the per-goroutine state this package owns.
type GState struct {
	start   trace.Time
	reason  uint32 // index into Tracker.names
	stack   stacks.ID
	blocked bool
}

type Tracker struct {
	reasons map[string]uint32 // reason -> index
	names   []string
	time    []int64  // per reason index
	count   []uint64 // per reason index: waits ended
	label   []uint32 // per reason index: profile label
	Prof    *pprofw.Profile
}

func New() *Tracker {
	return &Tracker{
		reasons: make(map[string]uint32),
		Prof:    pprofw.New("reason", [2]string{"contentions", "count"}, [2]string{"delay", "nanoseconds"}),
	}
}

// Reason returns the index of a block reason, for Block.
func (t *Tracker) Reason(reason string) uint32 {
	r, ok := t.reasons[reason]
	if !ok {
		name := strings.Clone(reason)
		r = uint32(len(t.names))
		t.names = append(t.names, name)
		t.time = append(t.time, 0)
		t.count = append(t.count, 0)
		t.label = append(t.label, t.Prof.Label(name))
		t.reasons[name] = r
	}
	return r
}

// Block: Running→Waiting at now, for the reason with index reason (from
// Reason: the string is looked up once, not at every block).
func (t *Tracker) Block(g *GState, now trace.Time, reason uint32, stack stacks.ID) {
	*g = GState{start: now, reason: reason, stack: stack, blocked: true}
}

// Unblock: Waiting→anything at now.
func (t *Tracker) Unblock(g *GState, now trace.Time) {
	if !g.blocked {
		return
	}
	g.blocked = false
	d := int64(now - g.start)
	t.time[g.reason] += d
	t.count[g.reason]++
	t.Prof.AddIdx(g.stack, t.label[g.reason], 1, d)
}

// ByReason returns the blocked time (ns) per reason that ended at least one wait.
func (t *Tracker) ByReason() map[string]int64 {
	out := make(map[string]int64, len(t.names))
	for i, n := range t.names {
		if t.count[i] > 0 {
			out[n] = t.time[i]
		}
	}
	return out
}
