package quantile

import (
	"math"
	"math/rand"
	"slices"
	"testing"
)

func TestIndexContinuous(t *testing.T) {
	prev := -1
	for v := uint64(0); v < 1<<20; v++ {
		i := index(v)
		if i != prev && i != prev+1 {
			t.Fatalf("index(%d)=%d after %d", v, i, prev)
		}
		lo, w := bucketBounds(i)
		if v < lo || v >= lo+w {
			t.Fatalf("v=%d not in bucket %d [%d,+%d)", v, i, lo, w)
		}
		prev = i
	}
	for _, v := range []uint64{1 << 40, 1<<62 + 12345, 1<<63 - 1} {
		lo, w := bucketBounds(index(v))
		if v < lo || v-lo >= w {
			t.Fatalf("v=%d not in [%d,+%d)", v, lo, w)
		}
	}
}

func TestExactAndSketch(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var vals []int64
	exact := &Dist{}
	sketch := &Dist{Cap: 100}
	for i := 0; i < 200000; i++ {
		v := int64(r.ExpFloat64() * 50000)
		vals = append(vals, v)
		exact.Add(v)
		sketch.Add(v)
	}
	slices.Sort(vals)
	if !exact.Exact() || sketch.Exact() {
		t.Fatal("exactness flags wrong")
	}
	for _, q := range []float64{0.5, 0.9, 0.99, 0.999} {
		k := int(float64(len(vals))*q+0.999999999) - 1
		want := vals[k]
		if got := exact.Quantile(q); got != want {
			t.Errorf("exact q%v=%d want %d", q, got, want)
		}
		got := sketch.Quantile(q)
		if d := float64(got-want) / float64(want); d > RelErr || d < -RelErr {
			t.Errorf("sketch q%v=%d want %d (rel %g)", q, got, want, d)
		}
	}
	if exact.Quantile(1) != vals[len(vals)-1] || sketch.Max() != vals[len(vals)-1] {
		t.Error("max")
	}
}

func TestTimeHistLayout(t *testing.T) {
	var h TimeHist
	h.Add(100)     // 100ns -> [64ns,128ns)
	h.Add(1000000) // 1ms
	bins := h.Bins()
	if len(bins) != 2 || *bins[0].Lo > 100e-9 || *bins[0].Hi <= 100e-9 {
		t.Fatalf("bins %+v", bins)
	}
}

// Bucket's memo gives what the search of the layout gives, at every layout
// boundary (±1 ns), across fine buckets and at random durations.
func TestBucketMemoMatchesSearch(t *testing.T) {
	var ns []int64
	for _, b := range Layout() {
		if math.IsInf(b, 0) || b < 0 || b > 1e9 {
			continue
		}
		c := int64(b * 1e9)
		ns = append(ns, c-1, c, c+1)
	}
	r := rand.New(rand.NewSource(1))
	for range 200000 {
		ns = append(ns, r.Int63n(1<<uint(1+r.Intn(40))))
	}
	for _, v := range ns {
		for range 2 { // the second time from the memo
			if got, want := Bucket(v), search(v); got != want {
				t.Fatalf("Bucket(%d) = %d, search gives %d", v, got, want)
			}
		}
	}
}
