// Package quantile keeps latency distributions in bounded memory.
//
// A Dist records non-negative durations in nanoseconds and answers quantile
// queries. It stores:
//
//   - count, sum, min and max, always exact;
//   - every sample, exactly, until Cap samples have been seen; quantiles are
//     then exact order statistics (nearest rank);
//   - once more than Cap samples have been seen, a fine log-linear
//     histogram instead: values below 2048 ns fall in 1 ns buckets, larger
//     values in 1024 sub-buckets per power of two. Quantiles then come from
//     this histogram: the bucket's midpoint, clamped to [min, max], which is within
//     2^-11 (0.049%) of the true order statistic. At 1 ms that is ±0.49 µs,
//     an order of magnitude below the 25% width of the runtime's own buckets.
//
// Memory: at most Cap×8 bytes of samples plus 8 KiB per power of two that
// received a sample (≤ 54 of them for int64 nanoseconds).
package quantile

import (
	"math"
	"math/bits"
	"slices"
)

const (
	subBits = 10
	subN    = 1 << subBits // sub-buckets per power of two
	// RelErr is the worst relative error of a quantile once the exact buffer
	// has overflowed.
	RelErr = 1.0 / (1 << (subBits + 1))
)

// Dist is a bounded-memory distribution of nanosecond durations.
type Dist struct {
	Cap      int // max exact samples kept; 0 means DefaultCap
	n        uint64
	sum      int64
	min, max int64
	samples  []int64
	overflow bool
	chunks   [64]*[subN]uint64
	used     uint64 // bit c set: chunks[c] has counts since the last Reset
	sorted   bool
}

// DefaultCap is the exact-sample capacity used when Cap is 0.
const DefaultCap = 1 << 20

func index(v uint64) int {
	if v < 2*subN {
		return int(v)
	}
	e := bits.Len64(v) - 1
	shift := e - subBits
	return (shift+1)<<subBits + int(v>>uint(shift)-subN)
}

// bucketBounds gives the [lo, lo+width) of a fine bucket.
func bucketBounds(idx int) (lo, width uint64) {
	c := idx >> subBits
	if c < 2 {
		return uint64(idx), 1
	}
	shift := uint(c - 1)
	return (uint64(idx&(subN-1)) + subN) << shift, 1 << shift
}

// Add records one sample (negative values are recorded as 0).
func (d *Dist) Add(v int64) {
	if v < 0 {
		v = 0
	}
	if d.n == 0 || v < d.min {
		d.min = v
	}
	if d.n == 0 || v > d.max {
		d.max = v
	}
	d.n++
	d.sum += v
	if !d.overflow {
		if len(d.samples) < d.capacity() {
			d.samples = append(d.samples, v)
			d.sorted = false
			return
		}
		d.overflowSamples()
	}
	d.count(v)
}

func (d *Dist) capacity() int {
	if d.Cap == 0 {
		return DefaultCap
	}
	return d.Cap
}

// overflowSamples moves the exact samples into the histogram. The histogram
// is only filled here, not at every Add: while the samples are exact it is
// never read, and most distributions never overflow.
func (d *Dist) overflowSamples() {
	for _, s := range d.samples {
		d.count(s)
	}
	d.overflow = true
	d.samples = nil
}

// count adds v to its fine bucket.
func (d *Dist) count(v int64) {
	idx := index(uint64(v))
	c := d.chunks[idx>>subBits]
	if c == nil {
		c = new([subN]uint64)
		d.chunks[idx>>subBits] = c
	}
	c[idx&(subN-1)]++
	d.used |= 1 << uint(idx>>subBits)
}

// Reset empties the distribution, keeping allocated memory.
func (d *Dist) Reset() {
	d.n, d.sum, d.min, d.max = 0, 0, 0, 0
	d.samples = d.samples[:0]
	d.overflow = false
	for i, c := range d.chunks {
		if c != nil && d.used&(1<<uint(i)) != 0 {
			clear(c[:])
		}
	}
	d.used = 0
}

func (d *Dist) Count() uint64 { return d.n }
func (d *Dist) Sum() int64    { return d.sum }
func (d *Dist) Max() int64    { return d.max }
func (d *Dist) Min() int64    { return d.min }

// Exact reports whether quantiles are exact order statistics.
func (d *Dist) Exact() bool { return !d.overflow }

// Quantile returns the nearest-rank q-quantile (the ceil(q·n)-th smallest
// sample), exact while Exact() is true and within RelErr otherwise.
func (d *Dist) Quantile(q float64) int64 {
	if d.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(d.n)))
	if rank < 1 {
		rank = 1
	}
	if rank > d.n {
		rank = d.n
	}
	if rank == d.n {
		return d.max
	}
	if !d.overflow {
		if !d.sorted {
			slices.Sort(d.samples)
			d.sorted = true
		}
		return d.samples[rank-1]
	}
	var seen uint64
	for ci, c := range d.chunks {
		if c == nil {
			continue
		}
		for i, n := range c {
			if n == 0 {
				continue
			}
			seen += n
			if seen >= rank {
				lo, w := bucketBounds(ci<<subBits | i)
				v := int64(lo + w/2)
				if w == 1 {
					v = int64(lo)
				}
				return min(max(v, d.min), d.max)
			}
		}
	}
	return d.max
}
