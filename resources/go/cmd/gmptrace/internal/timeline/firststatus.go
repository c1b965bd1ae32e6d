// The first statuses of the generation a reading begins with. The runtime
// writes a goroutine's status in a generation when it first touches the
// goroutine there, and, for one it never touched, at the generation's end.
// A reading that begins at a generation learns only from that status what
// the goroutine did since the generation began: runnable in the queue, in a
// syscall, blocked. The state at a window's start needs all of them, those
// written after the window too, so a query reads its first generation to
// the end (take): the own reader only for those statuses, decoded but not
// ordered (order.Reader.SkipToFirstStatuses), x/exp/trace's parser whole.
// Or it takes them from its checkpoint file, which keeps the list of a
// reading that read that generation in order to its end (own.go).

package timeline

import "golang.org/x/exp/trace"

// firstStatuses is what a builder keeps of the first statuses.
type firstStatuses struct {
	done       bool          // past the window, nothing more to learn: the generation ended, or its list was taken
	ended      bool          // past the window, the generation's end was read
	keep       bool          // the reading keeps the list, for its checkpoint file:
	kept       []firstStatus // whole once the reading has passed the generation's end (readWhole)
	cached     []firstStatus // the list, taken from the checkpoint file…
	haveCached bool          // …if it holds one
}

// firstStatus is a goroutine's first status in a generation, met before any
// other event of it there. Its stack names no start function for the
// window: one written after the window is not what a pass over the earlier
// generations knows there (it forgets their stacks at the window's
// generation), and the runtime writes the statuses of one generation's end
// after the next one began.
type firstStatus struct {
	G     trace.GoID
	Time  trace.Time
	State trace.GoState
	P     trace.ProcID // the P it runs on, for Running
}

// isFirstStatus: ev is the status of a goroutine the reading did not know
// (from Undetermined), and not one of those a parser that began at a later
// generation gives for every goroutine (reader.Event.Resumed).
func isFirstStatus(ev *event) bool {
	return ev.goTransition && ev.from == trace.GoUndetermined && ev.to != trace.GoUndetermined && !ev.resumed
}

func firstStatusOf(ev *event) firstStatus {
	return firstStatus{G: ev.id, Time: ev.now, State: ev.to, P: ev.p}
}

// pastWindow reads ev, after the window, while the first generation read
// goes on: its sync ends the reading, a first status counts. With the list
// at hand (Options.Checkpoints), its statuses after the window count and the
// reading ends at once.
func (b *builder) pastWindow(ev *event) {
	switch {
	case b.first.done || b.gens != 1:
	case b.first.haveCached:
		for _, s := range b.first.cached {
			if s.Time > b.to {
				b.statusPastWindow(s)
			}
		}
		b.first.done = true
	case ev.kind == trace.EventSync:
		b.first.done, b.first.ended = true, true
	case isFirstStatus(ev):
		b.statusPastWindow(firstStatusOf(ev))
	}
}

// statusPastWindow takes s, a goroutine's first status written after the
// window: what it did all through the window, as a pass over the earlier
// generations knows (lateStatus).
func (b *builder) statusPastWindow(s firstStatus) {
	if b.gs[s.G] != nil {
		return
	}
	if !b.crossed {
		b.cross() // nothing happened in the window: the state at its start is the one now
	}
	g := &gInfo{out: -1, atFrom: trace.GoNotExist}
	b.gs[s.G] = g
	b.lateStatus(g, s.State, s.P)
}

// noteFirstStatus keeps the list of the first generation's first statuses,
// for the checkpoint file, when the reading keeps one (Options.Checkpoints):
// it holds every one once that generation has been read to its end.
func (b *builder) noteFirstStatus(ev *event) {
	if b.first.keep && b.gens == 1 && !b.first.done && isFirstStatus(ev) {
		b.first.kept = append(b.first.kept, firstStatusOf(ev))
	}
}

// readWhole: the generation the reading began with has been read to its end
// (every reading of the own reader ends with a sync), so the list kept is
// whole; a checkpoint resumed from carries the list up to it.
func (b *builder) readWhole() bool {
	return b.gens > 1 || b.first.ended
}
