package goids

import (
	"slices"
	"testing"

	"golang.org/x/exp/trace"
)

// Dense, large and negative IDs are kept apart and found again; Len counts
// each once, replaced or not.
func TestTable(t *testing.T) {
	var s Table[int]
	ids := []trace.GoID{0, 7, Dense - 1, Dense, 1 << 40, -1}
	for i, id := range ids {
		v := i
		s.Put(id, &v)
		s.Put(id, &v)
	}
	if s.Len() != len(ids) {
		t.Fatalf("Len %d, want %d", s.Len(), len(ids))
	}
	for i, id := range ids {
		if x := s.Get(id); x == nil || *x != i {
			t.Errorf("Get(%d) = %v, want %d", id, x, i)
		}
	}
	if s.Get(8) != nil || s.Get(Dense+1) != nil {
		t.Error("an ID never put has a state")
	}
	s.Delete(7)
	s.Delete(1 << 40)
	s.Delete(8) // absent: no change
	var got []trace.GoID
	for id := range s.All() {
		got = append(got, id)
	}
	slices.Sort(got)
	if want := []trace.GoID{-1, 0, Dense - 1, Dense}; !slices.Equal(got, want) || s.Len() != len(want) {
		t.Errorf("All %v (Len %d), want %v", got, s.Len(), want)
	}
}

// A Set holds dense, large and negative IDs, and forgets what is removed.
func TestSet(t *testing.T) {
	var s Set
	ids := []trace.GoID{0, 7, Dense, 1 << 40, -1}
	for _, id := range ids {
		s.Add(id)
		s.Add(id)
	}
	s.Remove(7)
	s.Remove(1 << 40)
	s.Remove(8) // never added
	for _, id := range ids {
		if want := id != 7 && id != 1<<40; s.Contains(id) != want {
			t.Errorf("Contains(%d) = %v, want %v", id, !want, want)
		}
	}
	if s.Contains(8) {
		t.Error("an ID never added is in the set")
	}
}
