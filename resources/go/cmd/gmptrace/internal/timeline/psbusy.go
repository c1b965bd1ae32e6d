// What held the Ps while a goroutine waited: the P-time spent running
// goroutines between a wait's begin and its end, and the slice that ran last
// on the P it got. Both come from every transition of the window, whatever
// the cap left out of the slices: a long wait in a busy range ends past the
// slices' cut, and these say what the timeline cannot show there.

package timeline

import "golang.org/x/exp/trace"

// psBusy is the P-time spent running goroutines in the window up to a
// moment, kept in O(1) per transition (a busy range begins millions of
// waits, each taking a reading): the slices ended so far, plus, for the
// goroutines running now, the time since their begins. Times are
// nanoseconds from the window's start, where slices are clipped.
type psBusy struct {
	ended   int64 // the time of the slices ended in the window
	running int64 // goroutines running on a P now
	begins  int64 // the sum of their slices' begins
}

func (p *psBusy) start(begin int64) {
	p.running++
	p.begins += begin
}

func (p *psBusy) stop(begin, end int64) {
	p.ended += end - begin
	p.running--
	p.begins -= begin
}

// at is the P-time spent running goroutines from the window's start to now.
func (p *psBusy) at(now int64) int64 { return p.ended + p.running*now - p.begins }

// ranLast is the slice that ended last on a P in the window.
type ranLast struct {
	g      trace.GoID
	end    trace.Time
	to     trace.GoState // the state its goroutine left Running for
	reason string
}

// sinceFrom is t in nanoseconds from the window's start, where slices are
// clipped: a slice under way at the start counts from it.
func (b *builder) sinceFrom(t trace.Time) int64 { return int64(max(t, b.from) - b.from) }

// runsOn counts g's slice on its P from begin on.
func (b *builder) runsOn(g *gInfo, begin trace.Time) {
	if g.p != trace.NoProc {
		b.busy.start(b.sinceFrom(begin))
	}
}

// stopsOn ends g's slice on its P at now, where it left Running for state to.
func (b *builder) stopsOn(id trace.GoID, g *gInfo, now trace.Time, to trace.GoState, reason string) {
	if g.p == trace.NoProc {
		return
	}
	b.busy.stop(b.sinceFrom(g.runBegin), b.sinceFrom(now))
	b.lastOnP[g.p] = ranLast{g: id, end: now, to: to, reason: reason}
}

// lateRunning counts a goroutine whose first status, Running, came after the
// window began (the first statuses of a trace's first generation come as the
// runtime first touches each goroutine): it has run since the window's
// start, so the readings taken by the waits open now missed it until their
// begins, and the waits kept already, all inside [from, now], missed it
// throughout.
func (b *builder) lateRunning(g *gInfo) {
	if g.p == trace.NoProc {
		return
	}
	b.busy.start(0)
	for _, other := range b.gs {
		if other.wait.open {
			other.wait.busyAt += b.sinceFrom(other.wait.begin)
		}
	}
	for i := range b.out.LongestWaits {
		w := &b.out.LongestWaits[i]
		w.busy += int64(w.end - w.begin)
	}
}

// heldMeanwhile fills in what held the Ps during w, which ends now on g's P.
func (b *builder) heldMeanwhile(out *Wait, g *gInfo, now trace.Time) {
	out.P = int64(g.p)
	out.begin, out.end = g.wait.begin, now
	out.busy = b.busy.at(b.sinceFrom(now)) - g.wait.busyAt
	if last, ok := b.lastOnP[g.p]; ok {
		out.After = &Ran{G: int64(last.g), EndS: b.secs(last.end), Stop: stopReason(last.to, last.reason)}
	}
}
