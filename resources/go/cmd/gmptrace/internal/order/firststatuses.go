package order

import (
	"cmp"
	"slices"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// SkipToFirstStatuses reads the rest of the generation being read for its
// first statuses only: the GoStatus and GoStatusStack events (New) of the
// goroutines the reader does not know yet, which are all a reading that
// stops here can still learn of the time before it (a goroutine the
// runtime did not touch since the generation began has its status written
// when it first does, or at the generation's end). The events Next returns
// after this are those statuses, in time order, their context their
// thread's (no P or goroutine), then a last sync, then the end: the state
// of the goroutines and Ps the skipped events would have changed is not
// known, so the reading cannot go on.
//
// The other events are decoded as far as their times, none is ordered:
// many times cheaper than reading them, which a window query in a
// generation of hundreds of megabytes needs, and none is checked: an event
// there that the ordering would refuse goes unseen (x/exp/trace, which
// reads a whole generation before its first event, refuses it). The events
// the ordering took with the last one returned and has not returned yet
// are implied by it, never a status (a status taken is returned at once),
// and go with the rest.
//
// False, with nothing changed, in a generation after the reader's first
// (where a goroutine not known is an error); when one of the statuses is a
// running goroutine's, whose P is the one its thread holds at that point,
// which only the ordering knows; and when one is not a status at all (the
// ordering then says why, reading on).
func (r *Reader) SkipToFirstStatuses() (bool, error) {
	if r.done || r.ending || r.skipped || r.step.gen != r.step.st.firstGen {
		return false, nil
	}
	var firsts []Event
	for _, s := range r.front {
		rest, err := s.Rest()
		if err != nil {
			return false, err
		}
		for more := true; more; more, err = rest.NextOf(&goStatusTypes) {
			if !isGoStatus(rest.Type) {
				continue
			}
			gid, mid, status := int64(rest.Args[1]), int64(rest.Args[2]), rest.Args[3]
			if _, known := r.step.st.gs[gid]; known {
				continue
			}
			if status == goRunning || status == 0 || status > goWaiting || (status == goSyscall && mid == NoThread) {
				return false, nil
			}
			e := Event{Type: rest.Type, Time: rest.Time, Ctx: Ctx{M: int64(s.M), P: NoProc, G: NoGoroutine}, Gen: r.gen.Gen, New: true}
			copy(e.Args[:], rest.Args[1:])
			firsts = append(firsts, e)
		}
		if err != nil {
			return false, err
		}
	}
	// A goroutine's status is written once a generation: should one come
	// twice, the earliest counts, as in the ordering.
	slices.SortStableFunc(firsts, func(a, b Event) int { return cmp.Compare(a.Time, b.Time) })
	seen := map[uint64]bool{}
	firsts = slices.DeleteFunc(firsts, func(e Event) bool {
		dup := seen[e.Args[0]]
		seen[e.Args[0]] = true
		return dup
	})
	r.step.queue, r.step.head = firsts, 0
	r.front, r.cpu, r.skipped = nil, nil, true
	return true, nil
}

var goStatusTypes = [256]bool{wire.EvGoStatus: true, wire.EvGoStatusStack: true}

func isGoStatus(t wire.Type) bool { return goStatusTypes[t] }

// SkippedToFirstStatuses: the reading skipped to the first statuses
// (SkipToFirstStatuses), so their times are not those the ordering gives
// (none is before the last event read before them).
func (r *Reader) SkippedToFirstStatuses() bool { return r.skipped }
