package analyze

import (
	"iter"

	"golang.org/x/exp/trace"
)

// denseGoIDs: goroutine IDs below it are looked up in a slice (the runtime
// hands out small, dense IDs, and this lookup happens for every transition);
// others, and negative ones, in a map.
const denseGoIDs = 1 << 20

// liveGoroutines holds the per-goroutine state of the goroutines alive.
type liveGoroutines struct {
	dense  []*g
	sparse map[trace.GoID]*g
}

// get returns id's state, created empty when new.
func (s *liveGoroutines) get(id trace.GoID) *g {
	if id >= 0 && id < denseGoIDs {
		if int(id) >= len(s.dense) {
			s.dense = append(s.dense, make([]*g, int(id)+1-len(s.dense))...)
		}
		x := s.dense[id]
		if x == nil {
			x = new(g)
			s.dense[id] = x
		}
		return x
	}
	if s.sparse == nil {
		s.sparse = make(map[trace.GoID]*g)
	}
	x := s.sparse[id]
	if x == nil {
		x = new(g)
		s.sparse[id] = x
	}
	return x
}

// drop forgets id (it exited).
func (s *liveGoroutines) drop(id trace.GoID) {
	if id >= 0 && id < denseGoIDs {
		if int(id) < len(s.dense) {
			s.dense[id] = nil
		}
		return
	}
	delete(s.sparse, id)
}

// all yields every goroutine alive, in no particular order.
func (s *liveGoroutines) all() iter.Seq2[trace.GoID, *g] {
	return func(yield func(trace.GoID, *g) bool) {
		for id, x := range s.dense {
			if x != nil && !yield(trace.GoID(id), x) {
				return
			}
		}
		for id, x := range s.sparse {
			if !yield(id, x) {
				return
			}
		}
	}
}
