package stress

import (
	"testing"
	"time"
)

// BenchmarkSamplerTick is the work one sampler tick does: metrics.Read of the
// wanted set, histogram deltas and one JSON line. Divided by the tick interval
// it is the sampler's CPU share (bench/sampler-cost).
func BenchmarkSamplerTick(b *testing.B) {
	enc := newTickEncoder(newSampleSet(WantedMetrics))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		enc.tick(time.Duration(i)*time.Millisecond, "measure", int64(i))
	}
}
