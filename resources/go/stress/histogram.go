package stress

import (
	"encoding/json"
	"math"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"
)

// The runtime's time-histogram layout (src/runtime/histogram.go): values below
// 2^(minBucketBits-1) ns = 256ns fall in 4 linear buckets of 64ns (bounds 0, 64,
// 128, 192); from there every power of two is split in 4 linear sub-buckets
// (256, 320, 384, 448, then 512, 640 …), up to 2^(maxBucketBits-1) ns = 2^47ns.
// Bin 0 is the underflow bin [-Inf, 0); the last bin is [2^47ns, +Inf). The bounds are the same
// float64 seconds runtime/metrics reports as Float64Histogram.Buckets for
// /sched/latencies:seconds (a unit test checks this on the running Go).
const (
	histSubBucketBits = 2
	histNumSubBuckets = 1 << histSubBucketBits
	histMinBucketBits = 9
	histMaxBucketBits = 48
	histNumBuckets    = histMaxBucketBits - histMinBucketBits + 1
	// NumBins is the number of bins: underflow [-Inf, 0), 160 finite bins, and
	// overflow [2^47ns, +Inf).
	NumBins = histNumBuckets*histNumSubBuckets + 2
)

// TimeBuckets are the bin bounds in seconds: bin i is [TimeBuckets[i], TimeBuckets[i+1]).
// len(TimeBuckets) == NumBins+1; the first is -Inf and the last +Inf.
var TimeBuckets = func() []float64 {
	b := make([]float64, NumBins+1)
	b[0] = math.Inf(-1)
	for j := 0; j < histNumSubBuckets; j++ {
		b[j+1] = float64(uint64(j)<<(histMinBucketBits-1-histSubBucketBits)) / 1e9
	}
	for i := histMinBucketBits; i < histMaxBucketBits; i++ {
		for j := 0; j < histNumSubBuckets; j++ {
			ns := uint64(1)<<(i-1) | uint64(j)<<(i-1-histSubBucketBits)
			b[(i-histMinBucketBits+1)*histNumSubBuckets+j+1] = float64(ns) / 1e9
		}
	}
	b[NumBins-1] = float64(uint64(1)<<(histMaxBucketBits-1)) / 1e9
	b[NumBins] = math.Inf(1)
	return b
}()

// binIndex maps a duration to its bin, the way the runtime's timeHistogram.record does.
func binIndex(d time.Duration) int {
	if d < 0 {
		return 0
	}
	ns := uint64(d)
	bucketBit, bucket := uint(histMinBucketBits), uint(0)
	if l := uint(bits.Len64(ns)); l >= histMinBucketBits {
		bucketBit, bucket = l, l-histMinBucketBits+1
	}
	if bucket >= histNumBuckets {
		return NumBins - 1 // overflow: [2^47ns, +Inf)
	}
	sub := uint(ns>>(bucketBit-1-histSubBucketBits)) % histNumSubBuckets
	return int(bucket*histNumSubBuckets+sub) + 1
}

const histStripes = 8

type histStripe struct {
	counts [NumBins]atomic.Uint64
	sum    atomic.Int64
	_      [56]byte
}

// Histogram records durations in the runtime's time-histogram layout. Record is
// safe and cheap from many goroutines: counters are striped and atomic, no locks.
type Histogram struct {
	stripes [histStripes]histStripe
	max     atomic.Int64 // largest recorded duration (0 when none was positive)
}

func NewHistogram() *Histogram { return &Histogram{} }

// Record adds one duration.
func (h *Histogram) Record(d time.Duration) {
	s := &h.stripes[rand.Uint32()%histStripes]
	s.counts[binIndex(d)].Add(1)
	s.sum.Add(int64(d))
	for {
		m := h.max.Load()
		if int64(d) <= m {
			break
		}
		if h.max.CompareAndSwap(m, int64(d)) {
			break
		}
	}
}

// Snapshot returns the current counts. Concurrent Records may or may not be included.
func (h *Histogram) Snapshot() HistData {
	out := HistData{Counts: make([]uint64, NumBins), Max: time.Duration(h.max.Load()), HasMax: true}
	for i := range h.stripes {
		s := &h.stripes[i]
		for j := range s.counts {
			out.Counts[j] += s.counts[j].Load()
		}
		out.Sum += time.Duration(s.sum.Load())
	}
	out.Buckets = TimeBuckets
	return out
}

// Count is the number of recorded durations.
func (h *Histogram) Count() uint64 {
	var n uint64
	for i := range h.stripes {
		for j := range h.stripes[i].counts {
			n += h.stripes[i].counts[j].Load()
		}
	}
	return n
}

// HistData is a histogram's counts over explicit bucket bounds (len(Buckets) == len(Counts)+1),
// either from a Histogram or from a runtime/metrics Float64Histogram.
type HistData struct {
	Buckets []float64
	Counts  []uint64
	Sum     time.Duration // only for Histogram snapshots
	Max     time.Duration // exact, when HasMax
	HasMax  bool
}

// Total is the sum of all counts.
func (d HistData) Total() uint64 {
	var n uint64
	for _, c := range d.Counts {
		n += c
	}
	return n
}

// Sub returns d − prev bin by bin (prev may be empty). Counts never go below zero.
// The exact max does not survive a difference and is dropped.
func (d HistData) Sub(prev HistData) HistData {
	out := HistData{Buckets: d.Buckets, Counts: make([]uint64, len(d.Counts))}
	for i, c := range d.Counts {
		if i < len(prev.Counts) && prev.Counts[i] <= c {
			c -= prev.Counts[i]
		} else if i < len(prev.Counts) {
			c = 0
		}
		out.Counts[i] = c
	}
	return out
}

// Quantile returns the bucket bound where quantile q (0..1) falls: the bin's
// upper bound, or its lower bound with ge=true when the upper bound is +Inf.
// When the exact maximum is known it caps the answer: no quantile exceeds the
// largest sample, and it is a tighter upper bound than the bucket's.
// ok is false for an empty histogram.
func (d HistData) Quantile(q float64) (v float64, ge bool, ok bool) {
	total := d.Total()
	if total == 0 {
		return 0, false, false
	}
	if q < 0 {
		q = 0
	}
	if q > 1 {
		q = 1
	}
	// rank: the smallest cumulative count that covers q of the samples (at least 1).
	rank := uint64(math.Ceil(q * float64(total)))
	if rank < 1 {
		rank = 1
	}
	var cum uint64
	for i, c := range d.Counts {
		cum += c
		if c > 0 && cum >= rank {
			return d.capAtMax(d.Buckets[i], d.Buckets[i+1])
		}
	}
	return 0, false, false // unreachable
}

// capAtMax reports the quantile of bin [lo, hi): hi, or max when the exact
// maximum is known and lower; lo with ge=true when hi is +Inf and max unknown.
func (d HistData) capAtMax(lo, hi float64) (v float64, ge bool, ok bool) {
	if d.HasMax && d.Max.Seconds() < hi {
		return d.Max.Seconds(), false, true
	}
	if math.IsInf(hi, 1) {
		return lo, true, true
	}
	return hi, false, true
}

// JSON returns the PROTOCOL §2.1 form with p50/p90/p99/p999/max filled in (nil when empty).
func (d HistData) JSON(withQuantiles bool) *HistJSON {
	h := &HistJSON{Unit: "s", Count: d.Total(), Bins: []Bin{}}
	for i, c := range d.Counts {
		if c > 0 {
			h.Bins = append(h.Bins, Bin{Lo: d.Buckets[i], Hi: d.Buckets[i+1], N: c})
		}
	}
	if !withQuantiles || h.Count == 0 {
		return h
	}
	set := func(q float64) *float64 {
		v, ge, _ := d.Quantile(q)
		if ge {
			h.GE = true
		}
		return &v
	}
	h.P50, h.P90, h.P99, h.P999 = set(0.5), set(0.9), set(0.99), set(0.999)
	if d.HasMax {
		m := d.Max.Seconds()
		h.Max = &m
	} else {
		h.Max = set(1)
	}
	return h
}

// HistJSON is a histogram as written to result.json and metrics.jsonl.
type HistJSON struct {
	Unit  string   `json:"unit"`
	Count uint64   `json:"count"`
	Bins  []Bin    `json:"bins"`
	P50   *float64 `json:"p50,omitempty"`
	P90   *float64 `json:"p90,omitempty"`
	P99   *float64 `json:"p99,omitempty"`
	P999  *float64 `json:"p999,omitempty"`
	Max   *float64 `json:"max,omitempty"`
	// GE is true when a quantile fell in the open-ended +Inf bin: those quantiles
	// report that bin's lower bound (PROTOCOL §2.1).
	GE bool `json:"ge,omitempty"`
}

// Bin is one non-empty bucket, [lo, hi) with n samples; written as [lo, hi, n]
// with null for an infinite bound.
type Bin struct {
	Lo, Hi float64
	N      uint64
}

func jsonBound(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

func (b Bin) MarshalJSON() ([]byte, error) {
	out := []byte{'['}
	out = jsonBound(out, b.Lo)
	out = append(out, ',')
	out = jsonBound(out, b.Hi)
	out = append(out, ',')
	out = strconv.AppendUint(out, b.N, 10)
	return append(out, ']'), nil
}

func (b *Bin) UnmarshalJSON(data []byte) error {
	var raw [3]*float64
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	b.Lo, b.Hi = math.Inf(-1), math.Inf(1)
	if raw[0] != nil {
		b.Lo = *raw[0]
	}
	if raw[1] != nil {
		b.Hi = *raw[1]
	}
	if raw[2] != nil {
		b.N = uint64(*raw[2])
	}
	return nil
}
