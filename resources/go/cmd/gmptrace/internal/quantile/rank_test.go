package quantile

import (
	"math/rand"
	"slices"
	"testing"
)

// NearestRank answers what an exact Dist of the same samples answers, on
// samples of every shape quickselect finds hard: few distinct values, sorted
// and reversed runs, one value, and sizes around the sort cut-off.
func TestNearestRankIsTheExactDistsQuantile(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	shapes := map[string]func(i, n int) int64{
		"spread":   func(i, n int) int64 { return r.Int63n(1 << 30) },
		"repeats":  func(i, n int) int64 { return 256 + 64*r.Int63n(4) },
		"one":      func(i, n int) int64 { return 300 },
		"ascends":  func(i, n int) int64 { return int64(i) },
		"descends": func(i, n int) int64 { return int64(n - i) },
		"sawtooth": func(i, n int) int64 { return int64(i % 17) },
	}
	for name, value := range shapes {
		for _, n := range []int{1, 2, 31, 32, 33, 100, 1000, 65537} {
			samples := make([]int64, n)
			var d Dist
			for i := range samples {
				samples[i] = value(i, n)
				d.Add(samples[i])
			}
			for _, q := range []float64{0, 0.01, 0.5, 0.9, 0.99, 0.999, 1} {
				got := NearestRank(slices.Clone(samples), q)
				if want := d.Quantile(q); got != want {
					t.Fatalf("%s, %d samples, q %v: NearestRank %d, the exact Dist %d", name, n, q, got, want)
				}
			}
		}
	}
	if got := NearestRank(nil, 0.99); got != 0 {
		t.Fatalf("no samples: %d, want 0", got)
	}
}
