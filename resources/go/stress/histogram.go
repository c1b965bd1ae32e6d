package stress

import (
	"sync"
	"time"
)

// Histogram records durations. PLACEHOLDER: the harness issue replaces this with
// a lock-cheap histogram in the runtime's time-histogram bucket layout (PROTOCOL.md §2.1).
type Histogram struct {
	mu      sync.Mutex
	samples []time.Duration
}

func NewHistogram() *Histogram { return &Histogram{} }

func (h *Histogram) Record(d time.Duration) {
	h.mu.Lock()
	h.samples = append(h.samples, d)
	h.mu.Unlock()
}
