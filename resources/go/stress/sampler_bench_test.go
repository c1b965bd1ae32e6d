package stress

import (
	"encoding/json"
	"io"
	"runtime/metrics"
	"testing"
)

// BenchmarkSamplerTick is the work one sampler tick does: metrics.Read of the
// wanted set, deep copies, histogram deltas and one JSON line. Divided by the
// tick interval it is the sampler's CPU share (bench/sampler-cost).
func BenchmarkSamplerTick(b *testing.B) {
	set := newSampleSet(WantedMetrics)
	buf := make([]metrics.Sample, len(set.samples))
	copy(buf, set.samples)
	prev := map[string]HistData{}
	enc := json.NewEncoder(io.Discard)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		metrics.Read(buf)
		snap := toSnapshot(buf)
		line := tickLine{Schema: 1, Gauges: map[string]float64{}, Counters: map[string]float64{}, Hist: map[string]*HistJSON{}}
		for n, v := range snap.scalars {
			line.Gauges[n] = v
		}
		for n, h := range snap.hists {
			d := h.Sub(prev[n])
			prev[n] = h
			line.Hist[n] = d.JSON(false)
		}
		enc.Encode(line)
	}
}
