package stress

import (
	"encoding/json"
	"math"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

func TestTimeBucketsMatchRuntime(t *testing.T) {
	s := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64Histogram {
		t.Skipf("%s has no /sched/latencies:seconds histogram to compare the buckets with", runtime.Version())
	}
	rb := s[0].Value.Float64Histogram().Buckets
	if len(rb) != len(TimeBuckets) {
		t.Fatalf("runtime has %d bounds, we have %d", len(rb), len(TimeBuckets))
	}
	for i := range rb {
		if rb[i] != TimeBuckets[i] {
			t.Fatalf("bound %d: runtime %v, ours %v", i, rb[i], TimeBuckets[i])
		}
	}
}

func TestBinIndexInsideBounds(t *testing.T) {
	check := func(d time.Duration) {
		i := binIndex(d)
		lo, hi := TimeBuckets[i], TimeBuckets[i+1]
		s := float64(d) / 1e9
		if !(lo <= s && s < hi) {
			t.Fatalf("%v (%d ns) → bin %d [%v, %v)", d, int64(d), i, lo, hi)
		}
	}
	for _, d := range []time.Duration{-1, -time.Hour, 0, 1, 63, 64, 255, 256, 257, 319, 320, 511, 512,
		time.Microsecond, time.Millisecond, 10 * time.Millisecond, time.Second, time.Hour, 1 << 46, 1<<47 - 1, 1 << 47, 1 << 62} {
		check(d)
	}
	for d := time.Duration(1); d < 1<<50; d = d*3/2 + 1 {
		check(d)
		check(d - 1)
	}
}

func hd(buckets []float64, counts ...uint64) HistData {
	return HistData{Buckets: buckets, Counts: counts}
}

func TestQuantileEdges(t *testing.T) {
	inf := math.Inf(1)
	b := []float64{math.Inf(-1), 0, 1, 2, inf}
	cases := []struct {
		name   string
		counts []uint64
		q      float64
		want   float64
		ge, ok bool
	}{
		{"empty", []uint64{0, 0, 0, 0}, 0.5, 0, false, false},
		{"underflow only", []uint64{5, 0, 0, 0}, 0.99, 0, false, true},
		{"overflow only", []uint64{0, 0, 0, 3}, 0.5, 2, true, true},
		{"p50 in first finite", []uint64{0, 6, 4, 0}, 0.5, 1, false, true},
		{"p50 exactly at boundary", []uint64{0, 5, 5, 0}, 0.5, 1, false, true},
		{"p51 moves up", []uint64{0, 5, 5, 0}, 0.51, 2, false, true},
		{"max reaches +Inf bin", []uint64{0, 5, 5, 1}, 1, 2, true, true},
		{"q=0 is first non-empty", []uint64{0, 0, 5, 1}, 0, 2, false, true},
		{"q>1 clamps", []uint64{0, 1, 0, 0}, 7, 1, false, true},
	}
	for _, c := range cases {
		v, ge, ok := hd(b, c.counts...).Quantile(c.q)
		if v != c.want || ge != c.ge || ok != c.ok {
			t.Errorf("%s: Quantile(%v) = %v, ge=%v, ok=%v; want %v, %v, %v", c.name, c.q, v, ge, ok, c.want, c.ge, c.ok)
		}
	}
}

func TestSubAndJSON(t *testing.T) {
	b := []float64{math.Inf(-1), 0, 1, 2, math.Inf(1)}
	end := hd(b, 1, 5, 7, 2)
	start := hd(b, 1, 2, 9, 0) // 9 > 7: a reset counter must not underflow
	d := end.Sub(start)
	want := []uint64{0, 3, 0, 2}
	for i := range want {
		if d.Counts[i] != want[i] {
			t.Fatalf("Sub = %v, want %v", d.Counts, want)
		}
	}
	j := d.JSON(true)
	out, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	const wantJSON = `{"unit":"s","count":5,"bins":[[0,1,3],[2,null,2]],"p50":1,"p90":2,"p99":2,"p999":2,"max":2,"ge":true}`
	if string(out) != wantJSON {
		t.Fatalf("JSON\n got %s\nwant %s", out, wantJSON)
	}
	var back HistJSON
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(back.Bins[1].Hi, 1) || back.Bins[1].N != 2 {
		t.Fatalf("round trip: %+v", back.Bins)
	}
	under := hd(b, 4, 0, 0, 0).JSON(true)
	out, _ = json.Marshal(under)
	if string(out) != `{"unit":"s","count":4,"bins":[[null,0,4]],"p50":0,"p90":0,"p99":0,"p999":0,"max":0}` {
		t.Fatalf("underflow JSON: %s", out)
	}
}

func TestHistogramConcurrentRecord(t *testing.T) {
	h := NewHistogram()
	const G, N = 8, 5000
	var wg sync.WaitGroup
	for g := 0; g < G; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < N; i++ {
				h.Record(time.Duration(i%1000) * time.Microsecond)
			}
		}(g)
	}
	wg.Wait()
	s := h.Snapshot()
	if s.Total() != G*N || h.Count() != G*N {
		t.Fatalf("count %d, want %d", s.Total(), G*N)
	}
	if s.Max != 999*time.Microsecond {
		t.Fatalf("max %v", s.Max)
	}
	// p50 of a uniform 0..999µs: the bucket bound at or above 499µs, within 25%.
	p50, ge, _ := s.Quantile(0.5)
	if ge || p50 < 499e-6 || p50 > 499e-6*1.25 {
		t.Fatalf("p50 = %v", p50)
	}
	j := s.JSON(true)
	if *j.Max != 999e-6 {
		t.Fatalf("exact max in JSON: %v", *j.Max)
	}
}

func BenchmarkHistogramRecordParallel(b *testing.B) {
	h := NewHistogram()
	b.RunParallel(func(pb *testing.PB) {
		d := time.Duration(0)
		for pb.Next() {
			d += 37
			h.Record(d)
		}
	})
}

// A recorded histogram knows its exact maximum: no quantile may exceed it (the
// bucket's upper bound would), and the +Inf bin then has a finite answer.
func TestQuantileCappedByExactMax(t *testing.T) {
	inf := math.Inf(1)
	b := []float64{math.Inf(-1), 0, 1, 2, inf}
	d := hd(b, 0, 0, 4, 0)
	d.Max, d.HasMax = 1500*time.Millisecond, true
	if v, ge, _ := d.Quantile(0.5); v != 1.5 || ge {
		t.Errorf("p50 = %v (ge=%v), want the exact max 1.5 below the bucket bound 2", v, ge)
	}
	d = hd(b, 0, 0, 0, 3)
	d.Max, d.HasMax = 7*time.Second, true
	if v, ge, _ := d.Quantile(0.99); v != 7 || ge {
		t.Errorf("p99 in the +Inf bin = %v (ge=%v), want the exact max 7", v, ge)
	}
	d = hd(b, 0, 4, 0, 0)
	d.Max, d.HasMax = 1500*time.Millisecond, true // a max above the bin changes nothing
	if v, _, _ := d.Quantile(0.5); v != 1 {
		t.Errorf("p50 = %v, want the bucket bound 1", v)
	}
}
