package analyze

import (
	"iter"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/goids"
)

// liveGoroutines holds the per-goroutine state of the goroutines alive.
type liveGoroutines struct{ t goids.Table[g] }

// get returns id's state, created empty when new.
func (s *liveGoroutines) get(id trace.GoID) *g {
	x := s.t.Get(id)
	if x == nil {
		x = new(g)
		s.t.Put(id, x)
	}
	return x
}

// drop forgets id (it exited).
func (s *liveGoroutines) drop(id trace.GoID) { s.t.Delete(id) }

// all yields every goroutine alive, in no particular order.
func (s *liveGoroutines) all() iter.Seq2[trace.GoID, *g] { return s.t.All() }
