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
	reason  string
	stack   stacks.ID
	blocked bool
}

type Tracker struct {
	reasons  map[string]string // interned reason strings
	ByReason map[string]int64
	Prof     *pprofw.Profile
}

func New() *Tracker {
	return &Tracker{
		reasons:  make(map[string]string),
		ByReason: make(map[string]int64),
		Prof:     pprofw.New("reason", [2]string{"contentions", "count"}, [2]string{"delay", "nanoseconds"}),
	}
}

// Block: Running→Waiting at now.
func (t *Tracker) Block(g *GState, now trace.Time, reason string, stack stacks.ID) {
	r, ok := t.reasons[reason]
	if !ok {
		r = strings.Clone(reason)
		t.reasons[r] = r
	}
	*g = GState{start: now, reason: r, stack: stack, blocked: true}
}

// Unblock: Waiting→anything at now.
func (t *Tracker) Unblock(g *GState, now trace.Time) {
	if !g.blocked {
		return
	}
	g.blocked = false
	d := int64(now - g.start)
	t.ByReason[g.reason] += d
	t.Prof.Add(g.stack, g.reason, 1, d)
}
