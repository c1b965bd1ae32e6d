// Package goids maps goroutine IDs to per-goroutine state. The runtime hands
// out small, dense IDs and the lookup happens at every transition, so IDs
// below Dense are looked up in a slice; others, and negative ones, in a map.
package goids

import (
	"iter"

	"golang.org/x/exp/trace"
)

// Dense bounds the IDs kept in the slice (8 bytes each up to the largest seen).
const Dense = 1 << 20

// Table holds a *T per goroutine ID (nil: none).
type Table[T any] struct {
	dense  []*T
	sparse map[trace.GoID]*T
	n      int
}

// Get returns id's state, nil when there is none.
func (s *Table[T]) Get(id trace.GoID) *T {
	if id >= 0 && id < Dense {
		if int(id) < len(s.dense) {
			return s.dense[id]
		}
		return nil
	}
	return s.sparse[id]
}

// Put sets id's state (x not nil).
func (s *Table[T]) Put(id trace.GoID, x *T) {
	if id >= 0 && id < Dense {
		if int(id) >= len(s.dense) {
			s.dense = append(s.dense, make([]*T, int(id)+1-len(s.dense))...)
		}
		if s.dense[id] == nil {
			s.n++
		}
		s.dense[id] = x
		return
	}
	if s.sparse == nil {
		s.sparse = make(map[trace.GoID]*T)
	}
	if _, ok := s.sparse[id]; !ok {
		s.n++
	}
	s.sparse[id] = x
}

// Delete forgets id.
func (s *Table[T]) Delete(id trace.GoID) {
	if id >= 0 && id < Dense {
		if int(id) < len(s.dense) && s.dense[id] != nil {
			s.dense[id] = nil
			s.n--
		}
		return
	}
	if _, ok := s.sparse[id]; ok {
		delete(s.sparse, id)
		s.n--
	}
}

// Len is the number of IDs with a state.
func (s *Table[T]) Len() int { return s.n }

// All yields every ID with its state, in no particular order.
func (s *Table[T]) All() iter.Seq2[trace.GoID, *T] {
	return func(yield func(trace.GoID, *T) bool) {
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

// Set is a set of goroutine IDs with a Table's cost: a slice index where a
// map would hash, for sets changed at every transition.
type Set struct{ t Table[struct{}] }

var member = new(struct{})

func (s *Set) Add(id trace.GoID)           { s.t.Put(id, member) }
func (s *Set) Remove(id trace.GoID)        { s.t.Delete(id) }
func (s *Set) Contains(id trace.GoID) bool { return s.t.Get(id) != nil }
