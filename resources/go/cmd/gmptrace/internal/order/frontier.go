package order

import "github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"

// The frontier is a binary min-heap of the threads' streams by the time of
// their next event. Which of two threads with equal times comes first
// depends on where each sits in the heap, so these functions move entries
// exactly as x/exp/trace's own heap does (a new entry sifts up past parents
// strictly later; a sift down takes the earliest of a node and its
// children, the node on ties, then the left child; a removal lifts the
// entry to the root, swaps it with the last and sifts down): with the same
// streams pushed in the same order, both readers make the same choices.

func heapPush(h []*wire.Stream, s *wire.Stream) []*wire.Stream {
	h = append(h, s)
	siftUp(h, len(h)-1)
	return h
}

// heapFix restores the heap after the entry at i moved to a later event.
func heapFix(h []*wire.Stream, i int) {
	if siftUp(h, i) == i {
		siftDown(h, i)
	}
}

func heapRemove(h []*wire.Stream, i int) []*wire.Stream {
	for i > 0 {
		parent := (i - 1) / 2
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
	last := len(h) - 1
	h[0], h[last] = h[last], h[0]
	h = h[:last]
	siftDown(h, 0)
	return h
}

func siftUp(h []*wire.Stream, i int) int {
	for i > 0 {
		parent := (i - 1) / 2
		if h[parent].Time <= h[i].Time {
			break
		}
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
	return i
}

func siftDown(h []*wire.Stream, i int) {
	for {
		least := i
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(h) && h[c].Time < h[least].Time {
				least = c
			}
		}
		if least == i {
			return
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
}
