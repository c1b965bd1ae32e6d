package wire

import "container/heap"

// Merge reads the events of a generation's Streams in time order: each
// thread's in the order it wrote them, between threads the earliest first
// (on equal times, the thread listed first). It is the reading without the
// ordering: where threads' clocks disagree with what happened (a goroutine
// started on one thread before it was unblocked on another), internal/order
// holds an event back until what it depends on has come, and breaks ties as
// x/exp/trace does. Merge holds one batch per thread.
type Merge struct {
	h   streamHeap
	cur *Stream // the stream whose event was returned last, not yet advanced
}

// NewMerge reads the first event of every stream.
func NewMerge(streams []*Stream) (*Merge, error) {
	m := &Merge{}
	for i, s := range streams {
		ok, err := s.Next()
		if err != nil {
			return nil, err
		}
		if ok {
			m.h = append(m.h, heapItem{s, i})
		}
	}
	heap.Init(&m.h)
	return m, nil
}

// Next returns the stream whose current event comes next (its Event and
// Time), or nil when every stream has ended.
func (m *Merge) Next() (*Stream, error) {
	if m.cur != nil {
		ok, err := m.cur.Next()
		if err != nil {
			return nil, err
		}
		if ok {
			heap.Fix(&m.h, 0)
		} else {
			heap.Pop(&m.h)
		}
	}
	if len(m.h) == 0 {
		m.cur = nil
		return nil, nil
	}
	m.cur = m.h[0].s
	return m.cur, nil
}

type heapItem struct {
	s     *Stream
	order int // the stream's place in the list given, for ties
}

type streamHeap []heapItem

func (h streamHeap) Len() int { return len(h) }
func (h streamHeap) Less(i, j int) bool {
	if h[i].s.Time != h[j].s.Time {
		return h[i].s.Time < h[j].s.Time
	}
	return h[i].order < h[j].order
}
func (h streamHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *streamHeap) Push(x any)   { *h = append(*h, x.(heapItem)) }
func (h *streamHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
