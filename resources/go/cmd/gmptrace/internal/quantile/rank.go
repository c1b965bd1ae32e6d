package quantile

import (
	"math"
	"math/bits"
	"slices"
)

// NearestRank is the nearest-rank q-quantile of samples (the ceil(q·n)-th
// smallest, at least the first), q in [0, 1]: what Dist.Quantile answers
// while it holds every sample exactly, for samples ≥ 0 (a Dist records a
// negative one as 0). It reorders samples, and costs linear time where a
// Dist costs a histogram update per sample and a sort: the per-window series
// summarise hundreds of thousands of samples a window this way. 0 for none.
func NearestRank(samples []int64, q float64) int64 {
	n := len(samples)
	if n == 0 {
		return 0
	}
	rank := min(max(int(math.Ceil(q*float64(n))), 1), n)
	return kth(samples, rank-1)
}

// kth is the k-th smallest of s (from 0), found by quickselect with a
// three-way partition, since latency samples repeat the same few hundred
// nanoseconds millions of times; a bad run of pivots ends in a sort, so the
// worst case stays n·log n.
func kth(s []int64, k int) int64 {
	pivots := 2 * bits.Len(uint(len(s)))
	for len(s) > 32 && pivots > 0 {
		pivots--
		p := median3(s[0], s[len(s)/2], s[len(s)-1])
		below, above := partition3(s, p)
		switch {
		case k < below:
			s = s[:below]
		case k >= above:
			s, k = s[above:], k-above
		default:
			return p
		}
	}
	slices.Sort(s)
	return s[k]
}

// partition3 reorders s into the values below p, then those equal to p,
// then those above, and returns where the equal ones begin and end.
func partition3(s []int64, p int64) (below, above int) {
	i, above := 0, len(s)
	for i < above {
		switch v := s[i]; {
		case v < p:
			s[below], s[i] = v, s[below]
			below++
			i++
		case v > p:
			above--
			s[i], s[above] = s[above], v
		default:
			i++
		}
	}
	return below, above
}

func median3(a, b, c int64) int64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}
