package quantile

import (
	"math"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// The runtime's time-histogram layout, taken from /sched/latencies:seconds of
// this very process so that the bins overlay what runtime/metrics reports.
var (
	layoutOnce sync.Once
	layout     []float64
)

// Layout returns the bucket boundaries (seconds) of the runtime's time
// histograms: len(Layout()) == number of buckets + 1, -Inf and +Inf included.
func Layout() []float64 {
	layoutOnce.Do(func() {
		s := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
		metrics.Read(s)
		if s[0].Value.Kind() == metrics.KindFloat64Histogram {
			layout = append([]float64(nil), s[0].Value.Float64Histogram().Buckets...)
		}
		if len(layout) < 2 {
			layout = []float64{math.Inf(-1), math.Inf(1)}
		}
	})
	return layout
}

// TimeHist counts durations in the runtime's time-histogram buckets.
type TimeHist struct {
	counts []uint64
}

// Add records a duration in nanoseconds.
func (h *TimeHist) Add(ns int64) { h.AddBucket(Bucket(ns)) }

// AddBucket records a duration whose bucket (from Bucket) is known, so that
// several histograms of one sample search the layout once.
func (h *TimeHist) AddBucket(i int) {
	if h.counts == nil {
		h.counts = make([]uint64, len(Layout())-1)
	}
	h.counts[i]++
}

// Bucket returns the index of the runtime bucket that holds ns nanoseconds.
// It is called for every sample, so the answer is remembered per fine bucket
// of Dist (index) when all of that fine bucket's values share it: search is
// monotonic, so it is enough that its first and last value do.
func Bucket(ns int64) int {
	if ns < 0 {
		return search(ns)
	}
	memoOnce.Do(func() { memo = new([memoLen]atomic.Int32) })
	idx := index(uint64(ns))
	if idx >= memoLen {
		return search(ns)
	}
	m := &memo[idx]
	if v := m.Load(); v > 0 {
		return int(v - 1)
	} else if v < 0 {
		return search(ns)
	}
	lo, w := bucketBounds(idx)
	first := search(int64(lo))
	if last := search(int64(lo + w - 1)); last != first || lo+w-1 > math.MaxInt64 {
		m.Store(-1)
		return search(ns)
	}
	m.Store(int32(first + 1))
	return first
}

// memo[i] is 1 + the runtime bucket of every value in fine bucket i, -1
// when they are not all in one, 0 until known.
const memoLen = (64 - subBits + 1) << subBits

var (
	memoOnce sync.Once
	memo     *[memoLen]atomic.Int32
)

// search finds the runtime bucket of ns by binary search of the layout.
func search(ns int64) int {
	b := Layout()
	s := float64(ns) / 1e9
	// i = index of the last boundary <= s (binary search, no closure).
	lo, hi := 0, len(b)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if b[m] > s {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return min(max(lo-1, 0), len(b)-2)
}

// Bin is one non-empty bucket: [Lo, Hi) seconds and its count; nil = ±Inf.
type Bin struct {
	Lo, Hi *float64
	N      uint64
}

// Bins returns the non-empty buckets in ascending order.
func (h *TimeHist) Bins() []Bin {
	b := Layout()
	var out []Bin
	for i, n := range h.counts {
		if n == 0 {
			continue
		}
		out = append(out, Bin{Lo: finite(b[i]), Hi: finite(b[i+1]), N: n})
	}
	return out
}

func finite(f float64) *float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil
	}
	return &f
}
