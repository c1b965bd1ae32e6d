// Package procs measures P utilisation (the fraction of each window during
// which a goroutine was executing Go code on the P), GOMAXPROCS changes and
// the on-CPU run length of goroutines.
package procs

import (
	"slices"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/quantile"
)

// GState is the per-goroutine state this package owns.
type GState struct {
	start   trace.Time
	p       trace.ProcID
	running bool
	known   bool // start is a real transition, not the trace start
}

type MaxProcs struct {
	T trace.Time
	N uint64
}

type Tracker struct {
	win    func(trace.Time) int
	winLen int64
	t0     trace.Time
	// Busy time per P and window (ns): Ps below denseProcs (all real ones)
	// in a slice, since it is updated at every stop; others in a map.
	dense  []*[]int64
	sparse map[trace.ProcID]*[]int64

	RunLen     quantile.Dist
	RunLenHist quantile.TimeHist

	MaxProcs []MaxProcs
}

func New(t0 trace.Time, winLen int64, win func(trace.Time) int) *Tracker {
	t := &Tracker{win: win, winLen: winLen, t0: t0, sparse: make(map[trace.ProcID]*[]int64)}
	t.RunLen.Cap = 1 << 17
	return t
}

// Start records g starting to run on p at now; known=false when the
// goroutine was already running when the trace began.
func (t *Tracker) Start(g *GState, now trace.Time, p trace.ProcID, known bool) {
	*g = GState{start: now, p: p, running: true, known: known}
}

// Stop records g stopping at now.
func (t *Tracker) Stop(g *GState, now trace.Time) {
	if !g.running {
		return
	}
	g.running = false
	if g.known {
		d := int64(now - g.start)
		t.RunLen.Add(d)
		t.RunLenHist.Add(d)
	}
	t.addBusy(g.p, g.start, now)
}

func (t *Tracker) addBusy(p trace.ProcID, s, e trace.Time) {
	if p == trace.NoProc || e <= s {
		return
	}
	ws, we := t.win(s), t.win(e)
	bp := t.busyOf(p)
	b := *bp
	for len(b) <= we {
		b = append(b, 0)
	}
	for w := ws; w <= we; w++ {
		lo := t.t0 + trace.Time(int64(w)*t.winLen)
		hi := lo + trace.Time(t.winLen)
		a, z := max(lo, s), min(hi, e)
		if w == we && w == len(b)-1 && e > hi { // clamped last window
			z = e
		}
		if z > a {
			b[w] += int64(z - a)
		}
	}
	*bp = b
}

const denseProcs = 1 << 12

// busyOf returns P p's busy series, listing p if new.
func (t *Tracker) busyOf(p trace.ProcID) *[]int64 {
	if p >= 0 && p < denseProcs {
		if int(p) >= len(t.dense) {
			t.dense = append(t.dense, make([]*[]int64, int(p)+1-len(t.dense))...)
		}
		if t.dense[p] == nil {
			t.dense[p] = new([]int64)
		}
		return t.dense[p]
	}
	b := t.sparse[p]
	if b == nil {
		b = new([]int64)
		t.sparse[p] = b
	}
	return b
}

// See makes sure P p is listed even if it never runs a goroutine.
func (t *Tracker) See(p trace.ProcID) {
	if p < 0 {
		return
	}
	t.busyOf(p)
}

// GoMaxProcs records a /sched/gomaxprocs:threads metric event.
func (t *Tracker) GoMaxProcs(now trace.Time, n uint64) {
	if len(t.MaxProcs) > 0 && t.MaxProcs[len(t.MaxProcs)-1].N == n {
		return
	}
	t.MaxProcs = append(t.MaxProcs, MaxProcs{now, n})
}

// CloseRunning ends a still-running goroutine at the end of the trace
// (counts its P time but not a run length, since the run did not end).
func (t *Tracker) CloseRunning(g *GState, end trace.Time) {
	if g.running {
		g.running = false
		t.addBusy(g.p, g.start, end)
	}
}

type Util struct {
	P    trace.ProcID
	Util []float64
}

// Utilisation returns busy fractions per P for n windows of the trace that
// ends at end.
func (t *Tracker) Utilisation(n int, end trace.Time) []Util {
	busy := make(map[trace.ProcID][]int64, len(t.sparse))
	for p, b := range t.sparse {
		busy[p] = *b
	}
	for p, b := range t.dense {
		if b != nil {
			busy[trace.ProcID(p)] = *b
		}
	}
	var ps []trace.ProcID
	for p := range busy {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	var out []Util
	for _, p := range ps {
		b := busy[p]
		u := make([]float64, n)
		for w := 0; w < n; w++ {
			if w >= len(b) {
				break
			}
			lo := int64(w) * t.winLen
			length := t.winLen
			if rest := int64(end-t.t0) - lo; rest < length {
				length = rest
			}
			if length > 0 {
				u[w] = min(1, float64(b[w])/float64(length))
			}
		}
		out = append(out, Util{p, u})
	}
	return out
}
